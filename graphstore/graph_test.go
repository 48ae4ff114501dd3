package graphstore_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore"
)

// contributions returns per-article edge contributions to one stance edge.
func contributions(n int) []*graphstore.Edge {
	var out []*graphstore.Edge
	for i := range n {
		r := &extract.Result{ID: fmt.Sprintf("art-%02d", i), Date: fmt.Sprintf("2024-03-%02d", 1+i%28)}
		e := &extract.Edge{
			Source: "a", Target: "b", Kind: extract.Stance, Weight: 1 + i%3,
			Negative: i % 2, Positive: 1 - i%2,
			Cues:     map[string]int{[]string{"criticize", "praise", "urge"}[i%3]: 1},
			Classes:  map[string]int{"verbal_conflict": 1},
			Evidence: []extract.Evidence{{Article: r.ID, Sentence: i % 4, Text: fmt.Sprint("sentence ", i)}},
		}
		out = append(out, graphstore.EdgeContribution(r, e))
	}
	return out
}

func mergeAll(es []*graphstore.Edge) []byte {
	acc := es[0].Clone()
	for _, e := range es[1:] {
		acc.Merge(e)
	}
	var buf bytes.Buffer
	graphstore.WriteJSON(&buf, &graphstore.Graph{Edges: []*graphstore.Edge{acc}})
	return buf.Bytes()
}

// TestMergeOrderFree proves the property every engine relies on: merging contributions in any
// order, or in any grouping, gives the same edge.
func TestMergeOrderFree(t *testing.T) {
	es := contributions(17)
	want := mergeAll(es)
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		shuffled := append([]*graphstore.Edge(nil), es...)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		if got := mergeAll(shuffled); !bytes.Equal(got, want) {
			t.Fatalf("order changed the result:\n%s\nwant\n%s", got, want)
		}
		// Associativity: merge two halves separately, then together.
		k := rng.IntN(len(shuffled)-1) + 1
		left, right := shuffled[0].Clone(), shuffled[k].Clone()
		for _, e := range shuffled[1:k] {
			left.Merge(e)
		}
		for _, e := range shuffled[k+1:] {
			right.Merge(e)
		}
		left.Merge(right)
		var buf bytes.Buffer
		graphstore.WriteJSON(&buf, &graphstore.Graph{Edges: []*graphstore.Edge{left}})
		if !bytes.Equal(buf.Bytes(), want) {
			t.Fatalf("grouping changed the result:\n%s\nwant\n%s", buf.Bytes(), want)
		}
	}
}

func TestMergeFields(t *testing.T) {
	es := contributions(4)
	acc := es[0].Clone()
	for _, e := range es[1:] {
		acc.Merge(e)
	}
	if acc.Articles != 4 || acc.Weight != 1+2+3+1 {
		t.Errorf("articles %d weight %d", acc.Articles, acc.Weight)
	}
	if acc.FirstSeen != "2024-03-01" || acc.LastSeen != "2024-03-04" {
		t.Errorf("seen %s..%s", acc.FirstSeen, acc.LastSeen)
	}
	if len(acc.Evidence) != graphstore.MaxEvidence || acc.Evidence[0].Article != "art-00" {
		t.Errorf("evidence %+v", acc.Evidence)
	}
	// 2 positive (i=0,2), 2 negative (i=1,3).
	if acc.Polarity != 0 || acc.Positive != 2 || acc.Negative != 2 {
		t.Errorf("polarity %v +%d -%d", acc.Polarity, acc.Positive, acc.Negative)
	}
	if fmt.Sprint(acc.Cues) != "[criticize praise urge]" {
		t.Errorf("cues %v", acc.Cues)
	}
}

func TestNodeVotes(t *testing.T) {
	r := &extract.Result{ID: "x"}
	n := graphstore.NodeContribution(r, &extract.Entity{ID: "joe-biden", Name: "Biden", Type: extract.Location, Mentions: 2,
		TypeVotes: map[extract.Type]int{extract.Location: 4}})
	n.Merge(graphstore.NodeContribution(r, &extract.Entity{ID: "joe-biden", Name: "Joe Biden", Type: extract.Person, Mentions: 5,
		Aliases: []string{"Biden"}, TypeVotes: map[extract.Type]int{extract.Person: 20}}))
	if n.Name != "Joe Biden" || n.Type != extract.Person || n.Mentions != 7 || n.Articles != 2 {
		t.Errorf("got %+v", n)
	}
	if fmt.Sprint(n.Aliases) != "[Biden]" {
		t.Errorf("aliases %v", n.Aliases)
	}
}
