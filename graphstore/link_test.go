package graphstore

import (
	"bytes"
	stdmaps "maps"
	"testing"

	"github.com/newsgraph/newsgraph/extract"
)

func person(id, name string, articles int) *Node {
	return &Node{ID: id, Name: name, Type: extract.Person, Mentions: 2 * articles, Articles: articles, Aliases: []string{}}
}

func TestLinkSurnames(t *testing.T) {
	tests := map[string]struct {
		nodes []*Node
		want  map[string]string
	}{
		"one dominant full name": {
			[]*Node{person("blair", "Blair", 3), person("tony-blair", "Tony Blair", 40), person("cherie-blair", "Cherie Blair", 4)},
			map[string]string{"blair": "tony-blair"},
		},
		"several compete": {
			[]*Node{person("bush", "Bush", 5), person("george-w-bush", "George W Bush", 27), person("george-bush", "George Bush", 8), person("kate-bush", "Kate Bush", 2)},
			map[string]string{},
		},
		"too rare to trust": {
			[]*Node{person("frost", "Frost", 18), person("david-frost", "David Frost", 1)},
			map[string]string{},
		},
		"not a person": {
			[]*Node{{ID: "jordan", Name: "Jordan", Type: extract.Location, Articles: 9}, person("michael-jordan", "Michael Jordan", 5)},
			map[string]string{},
		},
		"no candidate": {
			[]*Node{person("ronaldo", "Ronaldo", 7), person("ronaldinho", "Ronaldinho", 3)},
			map[string]string{},
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			g := &Graph{Nodes: tt.nodes}
			g.Sort()
			if got := g.LinkSurnames(DefaultLinks); !stdmaps.Equal(got, tt.want) {
				t.Errorf("links = %v, want %v", got, tt.want)
			}
			if len(g.Nodes) != len(tt.nodes)-len(tt.want) {
				t.Errorf("%d nodes after linking, want %d", len(g.Nodes), len(tt.nodes)-len(tt.want))
			}
		})
	}
}

// TestLinkSurnamesMovesEdges: the surname's counts, aliases and edges move to the full name,
// merging with the edges it has; linking again, or after a JSON round trip, changes nothing.
func TestLinkSurnamesMovesEdges(t *testing.T) {
	build := func() *Graph {
		g := &Graph{
			Nodes: []*Node{
				person("blair", "Blair", 2),
				person("tony-blair", "Tony Blair", 10),
				{ID: "labour", Name: "Labour", Type: extract.Organization, Mentions: 9, Articles: 6, Aliases: []string{}},
				{ID: "iraq", Name: "Iraq", Type: extract.Location, Mentions: 3, Articles: 3, Aliases: []string{}},
			},
			Edges: []*Edge{
				{Source: "blair", Target: "labour", Kind: extract.CoOccurrence, Weight: 2, Articles: 2, Evidence: []extract.Evidence{{Article: "a", Sentence: 1, Text: "Blair and Labour."}}},
				{Source: "labour", Target: "tony-blair", Kind: extract.CoOccurrence, Weight: 5, Articles: 4, Evidence: []extract.Evidence{{Article: "b", Sentence: 0, Text: "Tony Blair and Labour."}}},
				{Source: "blair", Target: "iraq", Kind: extract.Stance, Weight: 1, Negative: 1, Articles: 1, CueCounts: map[string]int{"criticize": 1}, Evidence: []extract.Evidence{{Article: "a", Sentence: 2, Text: "Blair criticized Iraq.", Cue: "criticize"}}},
			},
		}
		for _, e := range g.Edges {
			e.settle()
		}
		g.Sort()
		return g
	}
	g := build()
	g.LinkSurnames(DefaultLinks)
	var tb *Node
	for _, n := range g.Nodes {
		if n.ID == "blair" {
			t.Fatal("surname node still there")
		}
		if n.ID == "tony-blair" {
			tb = n
		}
	}
	if tb.Articles != 12 || tb.Mentions != 24 || len(tb.Aliases) != 1 || tb.Aliases[0] != "Blair" {
		t.Errorf("tony-blair after linking: %+v", tb)
	}
	if len(g.Edges) != 2 {
		t.Fatalf("edges %+v, want 2", g.Edges)
	}
	co, st := g.Edges[0], g.Edges[1]
	if co.Key() != (extract.Key{Source: "labour", Target: "tony-blair", Kind: extract.CoOccurrence}) || co.Weight != 7 || co.Articles != 6 || len(co.Evidence) != 2 {
		t.Errorf("merged co-occurrence %+v", co)
	}
	if st.Key() != (extract.Key{Source: "tony-blair", Target: "iraq", Kind: extract.Stance}) || st.Negative != 1 {
		t.Errorf("moved stance %+v", st)
	}
	var once bytes.Buffer
	if err := WriteJSON(&once, g); err != nil {
		t.Fatal(err)
	}
	if links := g.LinkSurnames(DefaultLinks); len(links) != 0 {
		t.Errorf("linking twice linked %v", links)
	}
	// A graph read from JSON (no votes) links to the same bytes.
	var raw bytes.Buffer
	if err := WriteJSON(&raw, build()); err != nil {
		t.Fatal(err)
	}
	back, err := ReadJSON(&raw)
	if err != nil {
		t.Fatal(err)
	}
	back.LinkSurnames(DefaultLinks)
	var again bytes.Buffer
	if err := WriteJSON(&again, back); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(once.Bytes(), again.Bytes()) {
		t.Errorf("linking the JSON-read graph gave other bytes:\n%s\nvs\n%s", again.Bytes(), once.Bytes())
	}
}
