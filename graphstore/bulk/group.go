package bulk

import (
	"fmt"
	"strings"
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

// Groups lists every group in order.
var Groups = []Group{Entities, Articles, CoOccurs, Stances, Mentions}

type groupInfo struct {
	file  string // file name stem
	label string // node label given on the command line ("" for relationships)
	// header is the header row. Types are the driver's: graphstore/neo4j writes Go ints as
	// 64-bit integers (long) and float64 as double, so the imported values are the same.
	header []string
}

var edgeHeader = []string{
	":START_ID(Entity)", ":END_ID(Entity)", ":TYPE",
	"weight:long", "polarity:double", "positive:long", "negative:long", "neutral:long",
	"cues:string[]", "cue_counts:long[]", "classes:string[]", "class_counts:long[]",
	"articles:long",
	"evidence_article:string[]", "evidence_sentence:long[]", "evidence_text:string[]", "evidence_cue:string[]", "evidence_rule:string[]",
	"first_seen:string", "last_seen:string",
	MarkerProperty + ":string[]",
}

var groupInfos = map[Group]groupInfo{
	Entities: {file: "entity", label: "Entity", header: []string{
		"id:ID(Entity)", ":LABEL", "name:string", "type:string", "aliases:string[]",
		"mentions:long", "articles:long", "first_seen:string", "last_seen:string",
		"name_votes_keys:string[]", "name_votes_counts:long[]",
		"type_votes_keys:string[]", "type_votes_counts:long[]",
		"alias_votes_keys:string[]", "alias_votes_counts:long[]",
		MarkerProperty + ":string[]",
	}},
	Articles: {file: "article", label: "Article", header: []string{
		"id:ID(Article)", "date:string", "title:string", "url:string", "source:string", "words:long",
	}},
	CoOccurs: {file: "co_occurs", header: edgeHeader},
	Stances:  {file: "stance", header: edgeHeader},
	Mentions: {file: "mentioned_in", header: []string{
		":START_ID(Entity)", ":END_ID(Article)", ":TYPE", "count:long",
	}},
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
