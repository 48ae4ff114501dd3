package bulk

import (
	"fmt"
	"slices"
	"strings"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore"
	"github.com/newsgraph/newsgraph/graphstore/neo4j"
)

// Group is one set of CSV files: a header file and its data parts, imported with one
// --nodes or --relationships option.
type Group int

// The groups, in the order they are written and passed to neo4j-admin.
const (
	Entities Group = iota // (:Entity:Person|Organization|Location)
	Articles              // (:Article), the per-article ledger
	CoOccurs              // [:CO_OCCURS]
	Stances               // [:STANCE]
	Mentions              // [:MENTIONED_IN]
)

// groups lists every group in order.
var groups = []Group{Entities, Articles, CoOccurs, Stances, Mentions}

// Groups returns every group in order (a copy: the list cannot be changed from outside).
func Groups() []Group { return slices.Clone(groups) }

type groupInfo struct {
	file  string // file name stem
	label string // node label given on the command line ("" for relationships)
	// header is the header row: the id (or start, end and type) columns, then the
	// properties of graphstore/neo4j's schema with their types, in the order the records
	// write them (both come from the same tables).
	header []string
}

// header is a group's header row: first, then one column per property, then the marker
// column when marked.
func header[T any](first []string, props []neo4j.Property[T], marked bool) []string {
	h := slices.Clone(first)
	for _, p := range props {
		h = append(h, p.Name+":"+p.Type.CSV())
	}
	if marked {
		h = append(h, MarkerProperty+":string[]")
	}
	return h
}

var edgeIDs = []string{":START_ID(" + neo4j.EntityLabel + ")", ":END_ID(" + neo4j.EntityLabel + ")", ":TYPE"}

// The property tables of graphstore/neo4j, read once: headers and records are built from them.
var (
	entityProps  = neo4j.EntityProperties()
	articleProps = neo4j.ArticleProperties()
	mentionProps = neo4j.MentionProperties()
	edgeProps    = map[extract.EdgeKind][]neo4j.Property[*graphstore.Edge]{
		extract.CoOccurrence: neo4j.EdgeProperties(extract.CoOccurrence),
		extract.Stance:       neo4j.EdgeProperties(extract.Stance),
	}
)

var groupInfos = map[Group]groupInfo{
	Entities: {file: "entity", label: neo4j.EntityLabel, header: header(
		[]string{neo4j.IDProperty + ":ID(" + neo4j.EntityLabel + ")", ":LABEL"}, entityProps, true)},
	Articles: {file: "article", label: neo4j.ArticleLabel, header: header(
		[]string{neo4j.IDProperty + ":ID(" + neo4j.ArticleLabel + ")"}, articleProps, false)},
	CoOccurs: {file: "co_occurs", header: header(edgeIDs, edgeProps[extract.CoOccurrence], true)},
	Stances:  {file: "stance", header: header(edgeIDs, edgeProps[extract.Stance], true)},
	Mentions: {file: "mentioned_in", header: header(
		[]string{":START_ID(" + neo4j.EntityLabel + ")", ":END_ID(" + neo4j.ArticleLabel + ")", ":TYPE"}, mentionProps, false)},
}

func (g Group) String() string { return groupInfos[g].file }

// Nodes reports whether g holds nodes (else relationships).
func (g Group) Nodes() bool { return groupInfos[g].label != "" }

// Header is g's header line, newline included.
func (g Group) Header() string { return strings.Join(groupInfos[g].header, ",") + "\n" }

// HeaderFile is the name of g's header file.
func (g Group) HeaderFile() string { return groupInfos[g].file + ".header.csv" }

// PartFile is the name of g's data file i of n. The names sort in shard order.
func (g Group) PartFile(i, n int) string {
	return fmt.Sprintf("%s-%05d-of-%05d.csv", groupInfos[g].file, i, n)
}
