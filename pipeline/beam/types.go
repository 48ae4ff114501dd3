package beam

import (
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore"
)

// Input is one input of the job (a file or a folder) and its place in the input list, which
// decides which version of a repeated article is kept.
type Input struct {
	Index int
	Path  string
}

// Seen is an article and where it was read: input Index, then Ordinal within that input.
// That position orders the versions of an id as a local run reads them, so the dedupe keeps
// the one the local store would hold: the last (or, under graphstore.Keep, the first).
type Seen struct {
	Index   int
	Ordinal int
	Article extract.Article
}

// before reports whether s was read before t.
func (s Seen) before(t Seen) bool {
	return s.Index < t.Index || (s.Index == t.Index && s.Ordinal < t.Ordinal)
}

// Line is one encoded CSV line and the key it is sorted by inside its file.
type Line struct {
	Key string
	CSV []byte
}

// nodeWire is the coder form of a *graphstore.Node: its JSON plus the vote maps, which
// graphstore.WriteJSON leaves out but merging needs.
type nodeWire struct {
	*graphstore.Node
	NameVotes  map[string]int       `json:"name_votes,omitempty"`
	TypeVotes  map[extract.Type]int `json:"type_votes,omitempty"`
	AliasVotes map[string]int       `json:"alias_votes,omitempty"`
}

func encodeNode(n *graphstore.Node) ([]byte, error) {
	if n == nil {
		return []byte("null"), nil
	}
	return json.Marshal(nodeWire{Node: n, NameVotes: n.NameVotes, TypeVotes: n.TypeVotes, AliasVotes: n.AliasVotes})
}

func decodeNode(b []byte) (*graphstore.Node, error) {
	var w nodeWire
	if err := json.Unmarshal(b, &w); err != nil {
		return nil, fmt.Errorf("decode node: %w", err)
	}
	if w.Node == nil {
		return nil, nil
	}
	w.Node.NameVotes, w.Node.TypeVotes, w.Node.AliasVotes = w.NameVotes, w.TypeVotes, w.AliasVotes
	return w.Node, nil
}

// An edge's JSON is the whole edge (cue and class counts included), so it is its coder.
func encodeEdge(e *graphstore.Edge) ([]byte, error) { return json.Marshal(e) }

func decodeEdge(b []byte) (*graphstore.Edge, error) {
	var e *graphstore.Edge
	if err := json.Unmarshal(b, &e); err != nil {
		return nil, fmt.Errorf("decode edge: %w", err)
	}
	return e, nil
}

func init() {
	beam.RegisterType(reflect.TypeOf((*Input)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*Seen)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*Line)(nil)).Elem())
	beam.RegisterCoder(reflect.TypeOf((*graphstore.Node)(nil)), encodeNode, decodeNode)
	beam.RegisterCoder(reflect.TypeOf((*graphstore.Edge)(nil)), encodeEdge, decodeEdge)
}
