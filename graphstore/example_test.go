package graphstore_test

import (
	"fmt"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore"
)

// exampleGraph is a small graph of who appears with whom.
func exampleGraph() *graphstore.Graph {
	g := &graphstore.Graph{}
	g.Nodes = []*graphstore.Node{
		{ID: "tony-blair", Name: "Tony Blair", Type: extract.Person, Aliases: []string{"Blair"}},
		{ID: "gordon-brown", Name: "Gordon Brown", Type: extract.Person, Aliases: []string{"Brown"}},
		{ID: "michael-howard", Name: "Michael Howard", Type: extract.Person},
		{ID: "labour-party", Name: "Labour Party", Type: extract.Organization, Aliases: []string{"Labour"}},
		{ID: "iraq", Name: "Iraq", Type: extract.Location},
	}
	co := func(a, b string, w int, text string) {
		g.Edges = append(g.Edges, &graphstore.Edge{Source: a, Target: b, Kind: extract.CoOccurrence, Weight: w,
			Evidence: []extract.Evidence{{Article: "bbc-politics-001", Text: text}}})
	}
	co("gordon-brown", "tony-blair", 9, "Mr Blair and Mr Brown launched the campaign.")
	co("labour-party", "tony-blair", 12, "Tony Blair told the Labour Party conference …")
	co("iraq", "tony-blair", 4, "Mr Blair defended the war in Iraq.")
	co("iraq", "michael-howard", 2, "Michael Howard said Iraq …")
	g.Edges = append(g.Edges, &graphstore.Edge{Source: "michael-howard", Target: "tony-blair", Kind: extract.Stance, Weight: 1, Polarity: -1, Cues: []string{"accuse"},
		Evidence: []extract.Evidence{{Article: "bbc-politics-002", Text: "Michael Howard accused Tony Blair of …", Cue: "accuse"}}})
	g.Sort()
	return g
}

func ExampleSelection_Apply() {
	report := graphstore.Selection{Focus: []string{"Blair"}, Depth: 1, Top: 2}
	g, err := report.Apply(exampleGraph())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range g.Edges {
		fmt.Println(e.Source, e.Kind, e.Target, e.Weight)
	}
	// Output:
	// gordon-brown co_occurrence tony-blair 9
	// labour-party co_occurrence tony-blair 12
}

func ExampleFindPath() {
	// Without the stance edge, Howard and Blair are connected through Iraq.
	coOnly := graphstore.Selection{Kinds: []extract.EdgeKind{extract.CoOccurrence}}
	p, err := graphstore.FindPath(exampleGraph(), "Michael Howard", "Brown", coOnly)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, hop := range p.Hops {
		fmt.Printf("%s – %s: %s\n", p.Nodes[i].Name, p.Nodes[i+1].Name, hop[0].Evidence[0].Text)
	}
	fmt.Printf("weakest hop %d, %d shortest path(s)\n", p.Weakest, p.Count)
	// Output:
	// Michael Howard – Iraq: Michael Howard said Iraq …
	// Iraq – Tony Blair: Mr Blair defended the war in Iraq.
	// Tony Blair – Gordon Brown: Mr Blair and Mr Brown launched the campaign.
	// weakest hop 2, 1 shortest path(s)
}
