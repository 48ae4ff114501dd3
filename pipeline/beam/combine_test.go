package beam

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore"
	"github.com/newsgraph/newsgraph/graphstore/storetest"
)

// TestCombineMatchesMerge: whatever tree of AddInput and MergeAccumulators a runner uses,
// the result equals folding the contributions with Merge, and no input is changed.
func TestCombineMatchesMerge(t *testing.T) {
	rs := storetest.Corpus("c", 40, 7)
	want := storetest.Expected(rs...)
	nodes := map[string][]*graphstore.Node{}
	for _, r := range rs {
		for i := range r.Entities {
			n := graphstore.NodeContribution(r, &r.Entities[i])
			nodes[n.ID] = append(nodes[n.ID], n)
		}
	}
	var fn nodeCombineFn
	for _, n := range want.Nodes {
		in := nodes[n.ID]
		before := mustJSON(t, in)
		// Two partial accumulators, merged: the shape of a lifted combine.
		a, b := fn.CreateAccumulator(), fn.CreateAccumulator()
		for i, c := range in {
			if i%2 == 0 {
				a = fn.AddInput(a, c)
			} else {
				b = fn.AddInput(b, c)
			}
		}
		got := fn.ExtractOutput(fn.MergeAccumulators(b, a))
		if !bytes.Equal(mustJSON(t, got), mustJSON(t, n)) {
			t.Errorf("%s: combined %+v, want %+v", n.ID, got, n)
		}
		if !bytes.Equal(mustJSON(t, in), before) {
			t.Errorf("%s: the combine changed its inputs", n.ID)
		}
	}
}

// TestCoders: nodes keep their votes through the coder (the JSON export drops them), and
// edges their counts.
func TestCoders(t *testing.T) {
	r := storetest.Article("a", "2024-01-02").TypedEntity("x", "X \"y\"", map[extract.Type]int{extract.Person: 2, extract.Location: 1}, 3).
		Entity("z", "Z", extract.Organization, 1, "Zed").
		Stance("x", "z", 1, 1, 0, map[string]int{"praise": 1, "": 1}, map[string]int{"k": 2}, storetest.Ev("a", 1, "t", "praise")).Build()
	n := graphstore.NodeContribution(r, &r.Entities[0])
	b, err := encodeNode(n)
	if err != nil {
		t.Fatal(err)
	}
	back, err := decodeNode(b)
	if err != nil {
		t.Fatal(err)
	}
	if back.TypeVotes[extract.Location] != 1 || back.NameVotes[n.Name] != 1 || back.Name != n.Name {
		t.Errorf("node through the coder: %+v", back)
	}
	e := graphstore.EdgeContribution(r, &r.Edges[0])
	eb, err := encodeEdge(e)
	if err != nil {
		t.Fatal(err)
	}
	eback, err := decodeEdge(eb)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(mustJSON(t, eback), mustJSON(t, e)) || eback.CueCounts[""] != 1 {
		t.Errorf("edge through the coder: %+v", eback)
	}
	if nb, _ := encodeNode(nil); string(nb) != "null" {
		t.Errorf("nil node encodes as %s", nb)
	}
	if nn, err := decodeNode([]byte("null")); nn != nil || err != nil {
		t.Errorf("null decodes as %v, %v", nn, err)
	}
}

// TestPick: the dedupe keeps the version a local store holds, by (input index, position):
// the last under Replace, the first under Keep, whichever way round the runner pairs them
// (a max and a min, so associative too).
func TestPick(t *testing.T) {
	at := func(i, o int) Seen { return Seen{Index: i, Ordinal: o} }
	for _, tc := range []struct {
		a, b        Seen
		last, first Seen
	}{
		{at(0, 5), at(1, 0), at(1, 0), at(0, 5)}, // a later input beats a later position
		{at(2, 1), at(2, 3), at(2, 3), at(2, 1)},
		{at(3, 7), at(3, 7), at(3, 7), at(3, 7)},
	} {
		for _, p := range []struct {
			onChange graphstore.OnChange
			want     Seen
		}{{graphstore.Replace, tc.last}, {graphstore.Keep, tc.first}} {
			combine := pick(p.onChange)
			if got, back := combine(tc.a, tc.b), combine(tc.b, tc.a); got != p.want || back != p.want {
				t.Errorf("%v: pick(%s, %s) = %s, reversed %s; want %s", p.onChange, pos(tc.a), pos(tc.b), pos(got), pos(back), pos(p.want))
			}
		}
	}
}

func pos(s Seen) string { return fmt.Sprintf("(input %d, #%d)", s.Index, s.Ordinal) }

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := encodeAny(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// encodeAny is JSON with the votes of nodes included.
func encodeAny(v any) ([]byte, error) {
	switch x := v.(type) {
	case *graphstore.Node:
		return encodeNode(x)
	case []*graphstore.Node:
		var out []json.RawMessage
		for _, n := range x {
			b, err := encodeNode(n)
			if err != nil {
				return nil, err
			}
			out = append(out, b)
		}
		return json.Marshal(out)
	}
	return json.Marshal(v)
}
