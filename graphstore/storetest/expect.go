package storetest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore"
)

// Expected is the graph the reference merge gives for results: a clean load of the last
// version of every article id (a later result of an id is a correction that replaces the
// earlier one, as in a store), each contribution made with
// graphstore.NodeContribution / EdgeContribution and folded in with Merge. It shares no code
// with any store beyond those rules, so a store that passes agrees with them rather than with
// itself.
func Expected(results ...*extract.Result) *graphstore.Graph {
	last := map[string]int{}
	for i, r := range results {
		last[r.ID] = i
	}
	nodes := map[string]*graphstore.Node{}
	edges := map[extract.Key]*graphstore.Edge{}
	for i, r := range results {
		if last[r.ID] != i {
			continue
		}
		for i := range r.Entities {
			c := graphstore.NodeContribution(r, &r.Entities[i])
			if n, ok := nodes[c.ID]; ok {
				n.Merge(c)
			} else {
				nodes[c.ID] = c
			}
		}
		for i := range r.Edges {
			c := graphstore.EdgeContribution(r, &r.Edges[i])
			if e, ok := edges[c.Key()]; ok {
				e.Merge(c)
			} else {
				edges[c.Key()] = c
			}
		}
	}
	g := &graphstore.Graph{Nodes: []*graphstore.Node{}, Edges: []*graphstore.Edge{}}
	for _, n := range nodes {
		g.Nodes = append(g.Nodes, n)
	}
	for _, e := range edges {
		g.Edges = append(g.Edges, e)
	}
	g.Sort()
	return g
}

// JSON returns g as graphstore.WriteJSON writes it: the bytes the suite compares, so what it
// proves is equality of the exported graph.
func JSON(t testing.TB, g *graphstore.Graph) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := graphstore.WriteJSON(&buf, g); err != nil {
		t.Fatalf("WriteJSON: %v", err)
	}
	return buf.Bytes()
}

// Equal fails t unless got and want export to the same JSON bytes, showing the first lines
// that differ.
func Equal(t testing.TB, got, want *graphstore.Graph) {
	t.Helper()
	g, w := JSON(t, got), JSON(t, want)
	if !bytes.Equal(g, w) {
		t.Fatalf("graphs differ (-got +want):\n%s", lineDiff(string(g), string(w)))
	}
}

// Snapshot reads s's graph, failing t on error.
func Snapshot(t testing.TB, s graphstore.Store) *graphstore.Graph {
	t.Helper()
	g, err := s.Graph(context.Background())
	if err != nil {
		t.Fatalf("Graph: %v", err)
	}
	if g == nil {
		t.Fatal("Graph returned nil")
	}
	return g
}

// MustDelete deletes ids from s, failing t on error, and returns how many it held.
func MustDelete(t testing.TB, s graphstore.Store, ids ...string) int {
	t.Helper()
	n, err := s.Delete(context.Background(), ids)
	if err != nil {
		t.Fatalf("Delete: %v", err)
	}
	return n
}

// MustAdd adds results to s, failing t on error, and returns how many were new.
func MustAdd(t testing.TB, s graphstore.Store, results ...*extract.Result) int {
	t.Helper()
	n, err := s.Add(context.Background(), results)
	if err != nil {
		t.Fatalf("Add: %v", err)
	}
	return n
}

// lineDiff shows a few lines of context around the first difference; the graphs' JSON is
// indented one field per line, so that is usually the field at fault.
func lineDiff(got, want string) string {
	gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
	i := 0
	for i < len(gl) && i < len(wl) && gl[i] == wl[i] {
		i++
	}
	var b strings.Builder
	from := max(0, i-8)
	for j := from; j < i; j++ {
		fmt.Fprintf(&b, "  %s\n", gl[j])
	}
	for j := i; j < min(len(gl), i+8); j++ {
		fmt.Fprintf(&b, "- %s\n", gl[j])
	}
	for j := i; j < min(len(wl), i+8); j++ {
		fmt.Fprintf(&b, "+ %s\n", wl[j])
	}
	fmt.Fprintf(&b, "(got %d lines, want %d)", len(gl), len(wl))
	return b.String()
}

// compact returns the JSON in b without insignificant space.
func compact(t testing.TB, b []byte) string {
	t.Helper()
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		t.Fatalf("compact: %v", err)
	}
	return buf.String()
}
