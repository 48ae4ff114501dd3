package graphstore_test

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore"
	"github.com/newsgraph/newsgraph/internal/testenv"
)

// nasty are names that break naive DOT, JSON or Cypher writers.
var nasty = []string{
	`Robert "Bobby" Tables`,
	`back\slash \N \l`,
	"}; digraph x { a -> b",
	"line\nbreak",
	"Zoë Ünïcode 東京",
	"MATCH (n) DETACH DELETE n //",
}

func nastyGraph() *graphstore.Graph {
	g := &graphstore.Graph{}
	var types []extract.Type
	for _, t := range extract.Types {
		types = append(types, t)
	}
	for i, name := range nasty {
		id := string(rune('a' + i))
		g.Nodes = append(g.Nodes, &graphstore.Node{ID: id, Name: name, Type: types[i%3]})
	}
	g.Edges = append(g.Edges,
		&graphstore.Edge{Source: "a", Target: "b", Kind: extract.CoOccurrence, Weight: 3},
		&graphstore.Edge{Source: "a", Target: "b", Kind: extract.Stance, Weight: 1, Polarity: -1, Cues: []string{`say "no"`}},
		&graphstore.Edge{Source: "b", Target: "a", Kind: extract.Stance, Weight: 1, Polarity: 1, Cues: []string{"praise"}},
	)
	g.Sort()
	return g
}

// TestDOTGraphviz renders the DOT of a graph with hostile names through Graphviz itself and
// checks that every node and edge arrives as one node or edge with its name intact.
func TestDOTGraphviz(t *testing.T) {
	dot := testenv.Command(t, "dot", "Graphviz")
	var buf bytes.Buffer
	if err := graphstore.WriteDOT(&buf, nastyGraph()); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(dot, "-Tplain")
	cmd.Stdin = bytes.NewReader(buf.Bytes())
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("graphviz rejected the DOT: %v\n%s", err, buf.String())
	}
	nodes, edges := 0, 0
	for _, line := range strings.Split(string(out), "\n") {
		switch {
		case strings.HasPrefix(line, "node "):
			nodes++
		case strings.HasPrefix(line, "edge "):
			edges++
		}
	}
	if nodes != len(nasty) || edges != 3 {
		t.Errorf("graphviz saw %d nodes and %d edges, want %d and 3\n%s", nodes, edges, len(nasty), out)
	}
	// -Tplain writes labels quoted the way Graphviz unescaped them.
	if !strings.Contains(string(out), `Robert \"Bobby\" Tables`) && !strings.Contains(string(out), `Robert "Bobby" Tables`) {
		t.Errorf("name with quotes lost:\n%s", out)
	}
}

func TestDOTDeterministic(t *testing.T) {
	var first bytes.Buffer
	if err := graphstore.WriteDOT(&first, nastyGraph()); err != nil {
		t.Fatal(err)
	}
	for range 5 {
		var again bytes.Buffer
		if err := graphstore.WriteDOT(&again, nastyGraph()); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first.Bytes(), again.Bytes()) {
			t.Fatal("DOT differs between runs")
		}
	}
}

func TestJSONRoundTrip(t *testing.T) {
	g := nastyGraph()
	var a bytes.Buffer
	if err := graphstore.WriteJSON(&a, g); err != nil {
		t.Fatal(err)
	}
	back, err := graphstore.ReadJSON(bytes.NewReader(a.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range back.Nodes {
		if n.Name != nasty[i] {
			t.Errorf("node %d: name %q, want %q", i, n.Name, nasty[i])
		}
	}
	var b bytes.Buffer
	if err := graphstore.WriteJSON(&b, back); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Errorf("JSON changed on a round trip:\n%s\n%s", a.String(), b.String())
	}
}

func TestEmptyGraphJSON(t *testing.T) {
	var buf bytes.Buffer
	if err := graphstore.WriteJSON(&buf, &graphstore.Graph{}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(strings.Fields(buf.String()), ""); got != `{"nodes":[],"edges":[]}` {
		t.Errorf("got %s", got)
	}
}
