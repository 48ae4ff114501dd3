package bulk

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore"
	"github.com/newsgraph/newsgraph/graphstore/neo4j"
)

// MarkerProperty lists, on a node or relationship, the array properties that must be [""]
// but could not be written so (see the package comment). PostImport removes it.
const MarkerProperty = "bulk_empty_singletons"

// kind is how a value is written.
type kind uint8

const (
	null    kind = iota // absent: an empty, unquoted field
	text                // a string, always quoted (so "" stays an empty string)
	number              // a long or double, unquoted
	texts               // a string array, quoted, elements joined by the delimiter
	numbers             // a long array
)

type value struct {
	kind kind
	s    string
	l    []string
}

// Record is one line of a CSV file of group Group, not yet encoded: the array delimiter is
// only known once every record has been scanned (see Usage).
type Record struct {
	Group Group
	vals  []value
	// empty are the array properties that are [""]; they are written absent and listed in
	// the marker column.
	empty []string
}

// builder assembles a record column by column, in header order.
type builder struct{ r Record }

func (b *builder) str(s string) { b.r.vals = append(b.r.vals, value{kind: text, s: s}) }

// prop adds v, a value of a neo4j.Property of type t as the writer stores it (nil: absent).
// A one-element list holding "" is written absent and named in the marker column.
func (b *builder) prop(name string, t neo4j.PropKind, v any) {
	switch v := v.(type) {
	case nil:
		b.r.vals = append(b.r.vals, value{})
	case string:
		b.str(v)
	case int64:
		b.r.vals = append(b.r.vals, value{kind: number, s: strconv.FormatInt(v, 10)})
	case float64:
		// The shortest form that parses back to the same float64.
		b.r.vals = append(b.r.vals, value{kind: number, s: strconv.FormatFloat(v, 'g', -1, 64)})
	case []string:
		if len(v) == 1 && v[0] == "" {
			b.r.vals = append(b.r.vals, value{})
			b.r.empty = append(b.r.empty, name)
			return
		}
		b.r.vals = append(b.r.vals, value{kind: texts, l: v})
	case []int64:
		l := make([]string, len(v))
		for i, n := range v {
			l[i] = strconv.FormatInt(n, 10)
		}
		b.r.vals = append(b.r.vals, value{kind: numbers, l: l})
	default:
		panic(fmt.Sprintf("bulk: property %s (%s) has a %T value", name, t.CSV(), v))
	}
}

// props adds every property of ps, in order: the columns of the group's header.
func props[T any](b *builder, ps []neo4j.Property[T], v T) {
	for _, p := range ps {
		b.prop(p.Name, p.Type, p.Value(v))
	}
}

// done adds the marker column (entities and their relationships have one) and returns the
// record.
func (b *builder) done() Record {
	if len(b.r.empty) == 0 {
		b.r.vals = append(b.r.vals, value{})
	} else {
		b.r.vals = append(b.r.vals, value{kind: texts, l: b.r.empty})
	}
	return b.r
}

// HasVotes reports whether n carries its vote maps. A graph built in this process (memory
// store, Beam) has them; one read from JSON (WriteJSON leaves them out) does not.
func HasVotes(n *graphstore.Node) bool {
	return len(n.NameVotes) > 0 || len(n.TypeVotes) > 0 || len(n.AliasVotes) > 0
}

// withVotes returns n, or when n has no votes a copy with the smallest votes that derive
// its name, type and aliases again: one vote each. The graph then reads back the same, but
// a later incremental Add merges against these votes rather than the true counts.
func withVotes(n *graphstore.Node) *graphstore.Node {
	if HasVotes(n) {
		return n
	}
	c := n.Clone()
	c.NameVotes = map[string]int{n.Name: 1}
	c.TypeVotes = map[extract.Type]int{n.Type: 1}
	c.AliasVotes = make(map[string]int, len(n.Aliases))
	for _, a := range n.Aliases {
		c.AliasVotes[a] = 1
	}
	return c
}

// NodeRecord is the Entities record of n: the properties graphstore/neo4j's Add writes.
func NodeRecord(n *graphstore.Node) (Record, error) {
	label, ok := neo4j.Label(n.Type)
	if !ok || n.ID == "" {
		return Record{}, fmt.Errorf("bulk: entity %q: %w", n.ID, errors.Join(graphstore.ErrInvalid,
			fmt.Errorf("type %q is not one of Person, Organization, Location (or the id is empty)", n.Type)))
	}
	n = withVotes(n)
	b := builder{Record{Group: Entities}}
	b.str(n.ID)
	b.str(label)
	props(&b, entityProps, n)
	return b.done(), nil
}

// EdgeRecord is the CoOccurs or Stances record of e.
func EdgeRecord(e *graphstore.Edge) (Record, error) {
	rel, ok := neo4j.RelType(e.Kind)
	if !ok || e.Source == "" || e.Target == "" {
		return Record{}, fmt.Errorf("bulk: edge %q→%q: %w", e.Source, e.Target, errors.Join(graphstore.ErrInvalid,
			fmt.Errorf("kind %q is not co_occurrence or stance (or an end is empty)", e.Kind)))
	}
	group := CoOccurs
	if e.Kind == extract.Stance {
		group = Stances
	}
	b := builder{Record{Group: group}}
	b.str(e.Source)
	b.str(e.Target)
	b.str(rel)
	props(&b, edgeProps[e.Kind], e)
	return b.done(), nil
}

// Article is one entry of graphstore/neo4j's per-article ledger: the (:Article) node that
// makes its Add skip an article it already holds (by content hash) and lets it take the
// article's contribution back out (the encoded ledger), and the article's MENTIONED_IN
// relationships. Importing the ledger keeps a bulk-loaded database safe to update, correct
// and delete from with graphstore/neo4j.
type Article struct {
	neo4j.Article
	// Mentions counts the mentions of each entity id in the article.
	Mentions map[string]int
}

// ArticleOf is the ledger entry of r.
func ArticleOf(r *extract.Result) Article {
	a := Article{Article: neo4j.ArticleOf(r), Mentions: make(map[string]int, len(r.Entities))}
	for _, e := range r.Entities {
		a.Mentions[e.ID] += e.Mentions
	}
	return a
}

// ArticleRecord is the Articles record of a.
func ArticleRecord(a Article) (Record, error) {
	if a.ID == "" {
		return Record{}, fmt.Errorf("bulk: %w", errors.Join(graphstore.ErrInvalid, errors.New("article without id")))
	}
	b := builder{Record{Group: Articles}}
	b.str(a.ID)
	props(&b, articleProps, a.Article)
	return b.r, nil
}

// MentionRecords are the Mentions records of a, in entity id order.
func MentionRecords(a Article) []Record {
	out := make([]Record, 0, len(a.Mentions))
	for _, id := range slices.Sorted(maps.Keys(a.Mentions)) {
		b := builder{Record{Group: Mentions}}
		b.str(id)
		b.str(a.ID)
		b.str(neo4j.MentionedInType)
		props(&b, mentionProps, neo4j.Mention{Entity: id, Article: a.ID, Count: a.Mentions[id]})
		out = append(out, b.r)
	}
	return out
}
