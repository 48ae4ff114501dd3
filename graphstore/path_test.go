package graphstore_test

import (
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore"
)

// paths is a graph built to tell the path criteria apart (weights on the edges):
//
//	s–t 1 direct                                            (fewest hops beats strength)
//	s–h 100, h–t 1      via a hub, weakest hop 1
//	s–x 20,  x–t 20     weakest 20, total 40
//	s–y 20,  y–t 25     weakest 20, total 45
//	s–w 25,  w–t 20     weakest 20, total 45, and w sorts before y
//	u–p 60, p–r 60;  u–q 1000, q–r 50;  r–v 10;  and a stance u→p 7 beside u–p
//	z alone; h is a Location, the others are people
//
// From u to v both paths have 3 hops and a weakest hop of 10 (r–v); the best way to r by
// (weakest, total) is through p (60 > 50), but the heavier path in all is through q.
func paths() *graphstore.Graph {
	g := &graphstore.Graph{}
	for _, id := range []string{"s", "t", "h", "x", "y", "w", "u", "p", "q", "r", "v", "z"} {
		typ := extract.Person
		if id == "h" {
			typ = extract.Location
		}
		g.Nodes = append(g.Nodes, &graphstore.Node{ID: id, Name: strings.ToUpper(id), Type: typ})
	}
	co := func(a, b string, w int) {
		if a > b {
			a, b = b, a
		}
		g.Edges = append(g.Edges, &graphstore.Edge{Source: a, Target: b, Kind: extract.CoOccurrence, Weight: w,
			Evidence: []extract.Evidence{{Article: "x", Text: a + " with " + b}}})
	}
	co("s", "h", 100)
	co("h", "t", 1)
	co("s", "x", 20)
	co("x", "t", 20)
	co("s", "y", 20)
	co("y", "t", 25)
	co("s", "w", 25)
	co("w", "t", 20)
	co("u", "p", 60)
	co("p", "r", 60)
	co("u", "q", 1000)
	co("q", "r", 50)
	co("r", "v", 10)
	g.Edges = append(g.Edges, &graphstore.Edge{Source: "u", Target: "p", Kind: extract.Stance, Weight: 7, Polarity: -1})
	g.Sort()
	return g
}

func pathIDs(p *graphstore.Path) string {
	var ids []string
	for _, n := range p.Nodes {
		ids = append(ids, n.ID)
	}
	return strings.Join(ids, " ")
}

func TestPath(t *testing.T) {
	direct := paths()
	direct.Edges = append(direct.Edges, &graphstore.Edge{Source: "s", Target: "t", Kind: extract.CoOccurrence, Weight: 1})
	direct.Sort()
	tests := map[string]struct {
		g                      *graphstore.Graph
		from, to               string
		sel                    graphstore.Selection
		want                   string
		weakest, weight, count int
	}{
		"a direct link wins":                {direct, "s", "t", graphstore.Selection{}, "s t", 1, 1, 1},
		"weakest hop, then total, then ids": {paths(), "s", "t", graphstore.Selection{}, "s w t", 20, 45, 4},
		"bottleneck first, then total":      {paths(), "u", "v", graphstore.Selection{}, "u q r v", 10, 1060, 2},
		"backwards too":                     {paths(), "v", "u", graphstore.Selection{}, "v r q u", 10, 1060, 2},
		"a filter changes the answer":       {paths(), "s", "t", graphstore.Selection{Types: []extract.Type{extract.Location}}, "s h t", 1, 101, 1},
		"types: the ends always pass":       {paths(), "s", "h", graphstore.Selection{Types: []extract.Type{extract.Person}}, "s h", 100, 100, 1},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			p, err := graphstore.FindPath(tc.g, tc.from, tc.to, tc.sel)
			if err != nil {
				t.Fatal(err)
			}
			if got := pathIDs(p); got != tc.want || p.Weakest != tc.weakest || p.Weight != tc.weight || p.Count != tc.count {
				t.Errorf("got %s (weakest %d, weight %d, %d paths), want %s (%d, %d, %d)",
					got, p.Weakest, p.Weight, p.Count, tc.want, tc.weakest, tc.weight, tc.count)
			}
			if len(p.Hops) != len(p.Nodes)-1 {
				t.Fatalf("%d hops for %d entities", len(p.Hops), len(p.Nodes))
			}
			for i, hop := range p.Hops {
				a, b := p.Nodes[i].ID, p.Nodes[i+1].ID
				for _, e := range hop {
					if !(e.Source == a && e.Target == b) && !(e.Source == b && e.Target == a) {
						t.Errorf("hop %d (%s–%s) has edge %s→%s", i, a, b, e.Source, e.Target)
					}
				}
			}
		})
	}
}

// TestPathHopEdges: a hop lists every edge between its two entities, strongest first.
func TestPathHopEdges(t *testing.T) {
	p, err := graphstore.FindPath(paths(), "U", "P", graphstore.Selection{})
	if err != nil {
		t.Fatal(err)
	}
	hop := p.Hops[0]
	if len(hop) != 2 || hop[0].Kind != extract.CoOccurrence || hop[0].Weight != 60 || hop[1].Kind != extract.Stance {
		t.Errorf("hop u–p: %+v, want the co-occurrence (60) then the stance (7)", hop)
	}
	p, err = graphstore.FindPath(paths(), "U", "P", graphstore.Selection{Kinds: []extract.EdgeKind{extract.Stance}})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Hops[0]) != 1 || p.Hops[0][0].Kind != extract.Stance || p.Weakest != 7 {
		t.Errorf("stance only: %+v", p.Hops[0])
	}
}

func TestPathErrors(t *testing.T) {
	tests := map[string]struct {
		from, to string
		sel      graphstore.Selection
		want     error
	}{
		"not connected":       {"s", "z", graphstore.Selection{}, graphstore.ErrNoPath},
		"filtered apart":      {"u", "v", graphstore.Selection{Kinds: []extract.EdgeKind{extract.Stance}}, graphstore.ErrNoPath},
		"the same entity":     {"s", "S", graphstore.Selection{}, graphstore.ErrSelection},
		"unknown entity":      {"s", "nobody", graphstore.Selection{}, graphstore.ErrNoEntity},
		"no focus for a path": {"s", "t", graphstore.Selection{Focus: []string{"s"}}, graphstore.ErrSelection},
		"no top for a path":   {"s", "t", graphstore.Selection{Top: 3}, graphstore.ErrSelection},
		"bad filter":          {"s", "t", graphstore.Selection{Since: "soon"}, graphstore.ErrSelection},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := graphstore.FindPath(paths(), tc.from, tc.to, tc.sel); !errors.Is(err, tc.want) {
				t.Errorf("err %v, want %v", err, tc.want)
			}
		})
	}
}

// TestPathBruteForce checks Path against every shortest path of small random graphs, listed
// one by one: the same choice by (weakest hop, total, ids) and the same count.
func TestPathBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for round := range 300 {
		g := &graphstore.Graph{}
		const n = 9
		for i := range n {
			g.Nodes = append(g.Nodes, &graphstore.Node{ID: string(rune('a' + i)), Name: string(rune('A' + i)), Type: extract.Person})
		}
		link := map[[2]string]int{} // strongest weight per pair, both orders
		for i := range n {
			for j := i + 1; j < n; j++ {
				if rng.IntN(3) != 0 {
					continue
				}
				a, b := g.Nodes[i].ID, g.Nodes[j].ID
				w := 1 + rng.IntN(4)
				kind, src, tgt := extract.CoOccurrence, a, b
				if rng.IntN(3) == 0 {
					kind = extract.Stance
					if rng.IntN(2) == 0 {
						src, tgt = b, a
					}
				}
				g.Edges = append(g.Edges, &graphstore.Edge{Source: src, Target: tgt, Kind: kind, Weight: w})
				link[[2]string{a, b}], link[[2]string{b, a}] = w, w
			}
		}
		g.Sort()
		from, to := "a", string(rune('a'+1+rng.IntN(n-1)))

		// Hops from `from`, breadth first; then every path of that length, depth first.
		dist := map[string]int{from: 0}
		for queue := []string{from}; len(queue) > 0; queue = queue[1:] {
			for _, nd := range g.Nodes {
				if _, ok := link[[2]string{queue[0], nd.ID}]; ok {
					if _, seen := dist[nd.ID]; !seen {
						dist[nd.ID] = dist[queue[0]] + 1
						queue = append(queue, nd.ID)
					}
				}
			}
		}
		var best []string
		bestWeak, bestTotal, count := -1, -1, 0
		var walk func(path []string, weak, total int)
		walk = func(path []string, weak, total int) {
			last := path[len(path)-1]
			if len(path) == dist[to]+1 {
				if last != to {
					return
				}
				count++
				if weak > bestWeak || (weak == bestWeak && (total > bestTotal || (total == bestTotal && slices.Compare(path, best) < 0))) {
					best, bestWeak, bestTotal = slices.Clone(path), weak, total
				}
				return
			}
			for _, nd := range g.Nodes {
				if w, ok := link[[2]string{last, nd.ID}]; ok && !slices.Contains(path, nd.ID) {
					walk(append(path, nd.ID), min(weak, w), total+w)
				}
			}
		}
		if _, ok := dist[to]; ok {
			walk([]string{from}, 1<<30, 0)
		}

		p, err := graphstore.FindPath(g, from, to, graphstore.Selection{})
		if best == nil {
			if !errors.Is(err, graphstore.ErrNoPath) {
				t.Fatalf("round %d: %s and %s are not connected, FindPath says %v", round, from, to, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if got := pathIDs(p); got != strings.Join(best, " ") || p.Weakest != bestWeak || p.Weight != bestTotal || p.Count != count {
			t.Fatalf("round %d: got %s (weakest %d, total %d, %d paths), brute force %v (%d, %d, %d)",
				round, got, p.Weakest, p.Weight, p.Count, best, bestWeak, bestTotal, count)
		}
	}
}
