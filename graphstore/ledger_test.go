package graphstore_test

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore"
)

func edgeJSON(e *graphstore.Edge) []byte {
	var buf bytes.Buffer
	graphstore.WriteJSON(&buf, &graphstore.Graph{Edges: []*graphstore.Edge{e}})
	return buf.Bytes()
}

func merged(es []*graphstore.Edge) *graphstore.Edge {
	out := es[0].Clone()
	for _, e := range es[1:] {
		out.Merge(e)
	}
	return out
}

// TestEdgeRemove takes each contribution out of the merge of all, repairs what Remove
// reports stale the way a store does (dates from the supporters' dates, evidence from the
// supporters with the smallest ids), and must get the merge of the others.
func TestEdgeRemove(t *testing.T) {
	es := contributions(9)
	counts := map[graphstore.Stale]int{}
	for i := range es {
		var others []*graphstore.Edge
		for j, e := range es {
			if j != i {
				others = append(others, e)
			}
		}
		got := merged(es)
		stale := got.Remove(es[i])
		counts[stale]++
		if stale&graphstore.StaleSeen != 0 {
			var dates []string
			for _, o := range others {
				dates = append(dates, o.FirstSeen)
			}
			got.FirstSeen, got.LastSeen = graphstore.Seen(dates)
		}
		if stale&graphstore.StaleEvidence != 0 {
			var ev []extract.Evidence
			for _, o := range others { // in article order
				if len(ev) >= graphstore.MaxEvidence {
					break
				}
				ev = append(ev, o.Evidence...)
			}
			got.AddEvidence(ev)
		}
		if want := edgeJSON(merged(others)); !bytes.Equal(edgeJSON(got), want) {
			t.Fatalf("removing %d (stale %b) gives\n%s\nwant\n%s", i, stale, edgeJSON(got), want)
		}
	}
	// art-00..02 hold the kept evidence (art-00 also the first date), art-08 the last date.
	want := map[graphstore.Stale]int{0: 5, graphstore.StaleEvidence | graphstore.StaleSeen: 1, graphstore.StaleEvidence: 2, graphstore.StaleSeen: 1}
	if fmt.Sprint(counts) != fmt.Sprint(want) {
		t.Errorf("stale reports %v, want %v", counts, want)
	}
}

func TestNodeRemove(t *testing.T) {
	r := func(id, date string) *extract.Result { return &extract.Result{ID: id, Date: date} }
	a := graphstore.NodeContribution(r("a", "2024-01-01"), &extract.Entity{ID: "x", Name: "Biden", Type: extract.Location, Mentions: 2,
		Aliases: []string{"Biden"}, TypeVotes: map[extract.Type]int{extract.Location: 4}})
	b := graphstore.NodeContribution(r("b", "2024-02-01"), &extract.Entity{ID: "x", Name: "Joe Biden", Type: extract.Person, Mentions: 5,
		Aliases: []string{"Biden", "Joe"}, TypeVotes: map[extract.Type]int{extract.Person: 20}})
	c := graphstore.NodeContribution(r("c", "2024-03-01"), &extract.Entity{ID: "x", Name: "Biden", Type: extract.Location, Mentions: 1})
	for _, tc := range []struct {
		name      string
		remove    *graphstore.Node
		keep      []*graphstore.Node
		wantStale bool
	}{
		{"the middle date", b, []*graphstore.Node{a, c}, false},
		{"the first date", a, []*graphstore.Node{b, c}, true},
		{"the last date", c, []*graphstore.Node{a, b}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			all := a.Clone()
			all.Merge(b)
			all.Merge(c)
			want := tc.keep[0].Clone()
			want.Merge(tc.keep[1])
			stale := all.Remove(tc.remove)
			if stale != tc.wantStale {
				t.Fatalf("stale = %v, want %v", stale, tc.wantStale)
			}
			if stale {
				all.FirstSeen, all.LastSeen = want.FirstSeen, want.LastSeen // what a store recomputes
			}
			if fmt.Sprintf("%+v", all) != fmt.Sprintf("%+v", want) {
				t.Errorf("after Remove\n%+v\nwant\n%+v", all, want)
			}
		})
	}
}

func TestLedgerRoundTrip(t *testing.T) {
	r := &extract.Result{ID: "art", Hash: "h1", Date: "2024-05-06", Title: "not kept",
		Mentions: []extract.Mention{{Start: 0, End: 5, Text: "Biden"}},
		Entities: []extract.Entity{
			{ID: "b", Name: "Biden", Type: extract.Person, Mentions: 2, Aliases: []string{"Joe"}, TypeVotes: map[extract.Type]int{extract.Person: 2}},
			{ID: "a", Name: "Ankara", Type: extract.Location, Mentions: 1},
			{ID: "b", Name: "Joe Biden", Type: extract.Person, Mentions: 1}, // repeated: merged
		},
		Edges: []extract.Edge{
			{Source: "b", Target: "a", Kind: extract.Stance, Weight: 1, Negative: 1, Cues: map[string]int{"criticize": 1},
				Evidence: []extract.Evidence{{Article: "art", Sentence: 3, Text: "Biden criticized Ankara.", Cue: "criticize", Rule: "nsubj-obj"}}},
			{Source: "a", Target: "b", Kind: extract.CoOccurrence, Weight: 2},
		},
	}
	c, err := graphstore.DecodeLedger(r.ID, r.Hash, graphstore.EncodeLedger(r))
	if err != nil {
		t.Fatal(err)
	}
	want := graphstore.ContributionOf(r)
	asJSON := func(c *graphstore.Contribution) string {
		var buf bytes.Buffer
		graphstore.WriteJSON(&buf, &graphstore.Graph{Nodes: c.Nodes, Edges: c.Edges})
		return fmt.Sprintf("%s %s %s %s", c.Article, c.Hash, c.Date, buf.Bytes())
	}
	if got, want := asJSON(c), asJSON(want); got != want || len(c.Nodes) != 2 || len(c.Edges) != 2 {
		t.Fatalf("decoded %s\nwant %s", got, want)
	}
	if n := c.Nodes[1]; n.ID != "b" || n.Mentions != 3 || n.Name != "Joe Biden" { // nodes in id order
		t.Errorf("node b = %+v", n)
	}
	if e := c.Edge(extract.Key{Source: "b", Target: "a", Kind: extract.Stance}); e == nil || e.Evidence[0].Rule != "nsubj-obj" {
		t.Errorf("stance edge = %+v", e)
	}
	if graphstore.HashOf(&extract.Result{ID: "x"}) == graphstore.HashOf(&extract.Result{ID: "x", Date: "2024-01-01"}) {
		t.Error("results without a hash but with other content hash alike")
	}
}

// FuzzDecodeLedger: a stored ledger is read back from a database; whatever bytes it holds,
// DecodeLedger returns a valid contribution or ErrCorruptLedger, never panics, and what it
// accepts re-encodes to a ledger that decodes to the same contribution.
func FuzzDecodeLedger(f *testing.F) {
	f.Add(graphstore.EncodeLedger(&extract.Result{ID: "a", Entities: []extract.Entity{{ID: "x", Name: "X", Type: extract.Person, Mentions: 1}}}))
	f.Add([]byte{})
	f.Add([]byte("not zstd"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := graphstore.DecodeLedger("a", "h", data)
		if err != nil {
			if !errors.Is(err, graphstore.ErrCorruptLedger) {
				t.Fatalf("error %v is not ErrCorruptLedger", err)
			}
			return
		}
		r := &extract.Result{ID: "a", Hash: "h", Date: c.Date}
		for _, n := range c.Nodes {
			r.Entities = append(r.Entities, extract.Entity{ID: n.ID, Name: n.Name, Type: n.Type, Mentions: n.Mentions, Aliases: n.Aliases, TypeVotes: n.TypeVotes})
		}
		again, err := graphstore.DecodeLedger("a", "h", graphstore.EncodeLedger(r))
		if err != nil {
			t.Fatalf("re-encoded ledger does not decode: %v", err)
		}
		if len(again.Nodes) != len(c.Nodes) {
			t.Fatalf("round trip changed the nodes: %d → %d", len(c.Nodes), len(again.Nodes))
		}
	})
}
