package graphstore_test

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore"
	"github.com/newsgraph/newsgraph/internal/golden"
)

// small is the graph the selection tables run on:
//
//	a Ann Able (Person, alias Ann)   b Bob Brown (Person, alias Brown)   c Cee Corp (Organization)
//	d Dee (Location)   e Eve Brown (Person, alias Brown)   f Eff (Location, no edges)   g Gee (Organization)
//
//	a–b co 5 (3 articles, 2004-01-10..2004-03-01)   a→b stance 2 (2004-02-01)   a–c co 3 (2004-06)
//	b–c co 1 (2005-01-01)   c–d co 4 (2004-12-31..2005-02-01)   d–e co 2 (2 articles, no dates)
//	c→a stance 1 (2005-03-03)   e–g co 1 (2003-05-05)
func small() *graphstore.Graph {
	node := func(id, name string, typ extract.Type, mentions int, aliases ...string) *graphstore.Node {
		return &graphstore.Node{ID: id, Name: name, Type: typ, Mentions: mentions, Articles: 1, Aliases: aliases}
	}
	edge := func(src, tgt string, kind extract.EdgeKind, weight, articles int, first, last string) *graphstore.Edge {
		return &graphstore.Edge{Source: src, Target: tgt, Kind: kind, Weight: weight, Articles: articles, FirstSeen: first, LastSeen: last,
			Evidence: []extract.Evidence{{Article: "art-" + src + tgt, Text: fmt.Sprintf("%s and %s, %s.", src, tgt, kind)}}}
	}
	const co, st = extract.CoOccurrence, extract.Stance
	g := &graphstore.Graph{
		Nodes: []*graphstore.Node{
			node("a", "Ann Able", extract.Person, 10, "Ann"), node("b", "Bob Brown", extract.Person, 8, "Brown"),
			node("c", "Cee Corp", extract.Organization, 6), node("d", "Dee", extract.Location, 4),
			node("e", "Eve Brown", extract.Person, 2, "Brown"), node("f", "Eff", extract.Location, 1),
			node("g", "Gee", extract.Organization, 3),
		},
		Edges: []*graphstore.Edge{
			edge("a", "b", co, 5, 3, "2004-01-10", "2004-03-01"), edge("a", "b", st, 2, 1, "2004-02-01", "2004-02-01"),
			edge("a", "c", co, 3, 1, "2004-06-01", "2004-06-30"), edge("b", "c", co, 1, 1, "2005-01-01", "2005-01-01"),
			edge("c", "d", co, 4, 1, "2004-12-31", "2005-02-01"), edge("d", "e", co, 2, 2, "", ""),
			edge("c", "a", st, 1, 1, "2005-03-03", "2005-03-03"), edge("e", "g", co, 1, 1, "2003-05-05", "2003-05-05"),
		},
	}
	g.Sort()
	return g
}

// summary is a selected graph in short: its entity ids, then its edges as "a–b" for a
// co-occurrence and "a→b" for a stance.
func summary(g *graphstore.Graph) string {
	var ids, edges []string
	for _, n := range g.Nodes {
		ids = append(ids, n.ID)
	}
	for _, e := range g.Edges {
		sep := "–"
		if e.Kind == extract.Stance {
			sep = "→"
		}
		edges = append(edges, e.Source+sep+e.Target)
	}
	return strings.Join(ids, " ") + " | " + strings.Join(edges, " ")
}

func TestSelection(t *testing.T) {
	const all = "a b c d e f g | a–b a→b a–c b–c c→a c–d d–e e–g"
	co, st := extract.CoOccurrence, extract.Stance
	tests := map[string]struct {
		sel  graphstore.Selection
		want string
	}{
		"zero is the whole graph": {graphstore.Selection{}, all},

		"kind stance":        {graphstore.Selection{Kinds: []extract.EdgeKind{st}}, "a b c | a→b c→a"},
		"kind co-occurrence": {graphstore.Selection{Kinds: []extract.EdgeKind{co}}, "a b c d e g | a–b a–c b–c c–d d–e e–g"},
		"both kinds":         {graphstore.Selection{Kinds: []extract.EdgeKind{st, co}}, "a b c d e g | a–b a→b a–c b–c c→a c–d d–e e–g"},

		"min-weight": {graphstore.Selection{MinWeight: 3}, "a b c d | a–b a–c c–d"},

		"type Person":              {graphstore.Selection{Types: []extract.Type{extract.Person}}, "a b | a–b a→b"},
		"type Person,Organization": {graphstore.Selection{Types: []extract.Type{extract.Person, extract.Organization}}, "a b c e g | a–b a→b a–c b–c c→a e–g"},

		"since a year":       {graphstore.Selection{Since: "2005"}, "a b c d | b–c c→a c–d"},
		"until a month":      {graphstore.Selection{Until: "2004-01"}, "a b e g | a–b e–g"},
		"window overlaps":    {graphstore.Selection{Since: "2004-02", Until: "2004-06-15"}, "a b c | a–b a→b a–c"},
		"a day":              {graphstore.Selection{Since: "2005-01-01", Until: "2005-01-01"}, "b c d | b–c c–d"},
		"no dates, no match": {graphstore.Selection{Since: "1900"}, "a b c d e g | a–b a→b a–c b–c c→a c–d e–g"},

		"focus, depth 1":          {graphstore.Selection{Focus: []string{"d"}, Depth: 1}, "c d e | c–d d–e"},
		"focus, depth 2":          {graphstore.Selection{Focus: []string{"d"}, Depth: 2}, "a b c d e g | a–b a→b a–c b–c c→a c–d d–e e–g"},
		"focus by alias, depth 0": {graphstore.Selection{Focus: []string{"Ann"}}, "a | "},
		"focus by name":           {graphstore.Selection{Focus: []string{"cee corp"}, Depth: 1}, "a b c d | a–b a→b a–c b–c c→a c–d"},
		"focus without edges":     {graphstore.Selection{Focus: []string{"Eff"}, Depth: 3}, "f | "},
		"two foci":                {graphstore.Selection{Focus: []string{"e", "f"}, Depth: 1}, "d e f g | d–e e–g"},

		"top without focus":        {graphstore.Selection{Top: 3}, "a b c d | a–b a–c c–d"},
		"top ties: articles":       {graphstore.Selection{Top: 4}, "a b c d e | a–b a–c c–d d–e"},
		"top ties: key":            {graphstore.Selection{Top: 6}, "a b c d e | a–b a→b a–c b–c c–d d–e"},
		"top over all":             {graphstore.Selection{Top: 100}, "a b c d e g | a–b a→b a–c b–c c→a c–d d–e e–g"},
		"top nearest focus first":  {graphstore.Selection{Focus: []string{"a"}, Depth: 1, Top: 2}, "a b c | a–b a–c"},
		"top fills the first ring": {graphstore.Selection{Focus: []string{"a"}, Depth: 2, Top: 4}, "a b c | a–b a→b a–c c→a"},
		"then the next, strongest": {graphstore.Selection{Focus: []string{"a"}, Depth: 2, Top: 5}, "a b c d | a–b a→b a–c c→a c–d"},

		"focus, kind and weight":  {graphstore.Selection{Focus: []string{"c"}, Depth: 1, Kinds: []extract.EdgeKind{co}, MinWeight: 3}, "a c d | a–c c–d"},
		"focus shows, any type":   {graphstore.Selection{Focus: []string{"d"}, Depth: 1, Types: []extract.Type{extract.Person}}, "d e | d–e"},
		"walks skip other types":  {graphstore.Selection{Focus: []string{"a"}, Depth: 3, Types: []extract.Type{extract.Person, extract.Location}}, "a b | a–b a→b"},
		"focus and dates":         {graphstore.Selection{Focus: []string{"a"}, Depth: 1, Since: "2005"}, "a c | c→a"},
		"stance around a, top 1":  {graphstore.Selection{Focus: []string{"a"}, Depth: 1, Kinds: []extract.EdgeKind{st}, Top: 1}, "a b | a→b"},
		"everything at once":      {graphstore.Selection{Focus: []string{"b"}, Depth: 2, Kinds: []extract.EdgeKind{co}, Types: []extract.Type{extract.Person, extract.Organization}, Until: "2005", MinWeight: 1, Top: 2}, "a b c | a–b b–c"},
		"filters leave the focus": {graphstore.Selection{Focus: []string{"f"}, Depth: 1, Kinds: []extract.EdgeKind{st}}, "f | "},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			g := small()
			before := summary(g)
			got, err := tc.sel.Apply(g)
			if err != nil {
				t.Fatal(err)
			}
			if s := summary(got); s != tc.want {
				t.Errorf("%+v:\n got %s\nwant %s", tc.sel, s, tc.want)
			}
			if summary(g) != before {
				t.Error("Apply changed its input")
			}
		})
	}
}

func TestSelectionErrors(t *testing.T) {
	tests := map[string]struct {
		sel  graphstore.Selection
		want error
		say  string
	}{
		"depth without focus": {graphstore.Selection{Depth: 1}, graphstore.ErrSelection, "depth needs a focus"},
		"negative depth":      {graphstore.Selection{Focus: []string{"a"}, Depth: -1}, graphstore.ErrSelection, "depth -1"},
		"negative top":        {graphstore.Selection{Top: -2}, graphstore.ErrSelection, "top -2"},
		"negative min-weight": {graphstore.Selection{MinWeight: -1}, graphstore.ErrSelection, "min-weight -1"},
		"unknown kind":        {graphstore.Selection{Kinds: []extract.EdgeKind{"likes"}}, graphstore.ErrSelection, `kind "likes"`},
		"unknown type":        {graphstore.Selection{Types: []extract.Type{"Robot"}}, graphstore.ErrSelection, `type "Robot"`},
		"not a date":          {graphstore.Selection{Since: "2004-13"}, graphstore.ErrSelection, `since "2004-13"`},
		"not a date either":   {graphstore.Selection{Until: "last week"}, graphstore.ErrSelection, `until "last week"`},
		"window backwards":    {graphstore.Selection{Since: "2005-01", Until: "2004"}, graphstore.ErrSelection, "is after"},
		"empty focus":         {graphstore.Selection{Focus: []string{" "}}, graphstore.ErrSelection, "empty focus"},
		"ambiguous alias":     {graphstore.Selection{Focus: []string{"Brown"}}, graphstore.ErrAmbiguous, "b (Bob Brown, 8 mentions), e (Eve Brown, 2 mentions)"},
		"unknown entity":      {graphstore.Selection{Focus: []string{"Zed"}}, graphstore.ErrNoEntity, `"Zed"`},
		"a near miss":         {graphstore.Selection{Focus: []string{"Bob"}}, graphstore.ErrNoEntity, "did you mean b (Bob Brown"},
		"no letters":          {graphstore.Selection{Focus: []string{"--"}}, graphstore.ErrNoEntity, `"--"`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := tc.sel.Apply(small())
			if !errors.Is(err, tc.want) || !strings.Contains(fmt.Sprint(err), tc.say) {
				t.Errorf("err %v, want %v saying %q", err, tc.want, tc.say)
			}
		})
	}
}

// TestSelectionDeterministic: the same selection of the same graph, whatever order its nodes
// and edges come in, gives byte-identical JSON.
func TestSelectionDeterministic(t *testing.T) {
	g := readGolden(t, "../fixtures/golden/fixtures.graph.json.golden")
	rng := rand.New(rand.NewPCG(3, 4))
	for _, sel := range goldenSelections {
		want := selectJSON(t, sel, g)
		for range 5 {
			shuffled := &graphstore.Graph{Nodes: slices.Clone(g.Nodes), Edges: slices.Clone(g.Edges)}
			rng.Shuffle(len(shuffled.Nodes), func(i, j int) { shuffled.Nodes[i], shuffled.Nodes[j] = shuffled.Nodes[j], shuffled.Nodes[i] })
			rng.Shuffle(len(shuffled.Edges), func(i, j int) { shuffled.Edges[i], shuffled.Edges[j] = shuffled.Edges[j], shuffled.Edges[i] })
			if got := selectJSON(t, sel, shuffled); !bytes.Equal(got, want) {
				t.Fatalf("%+v: the order of the input changed the output", sel)
			}
		}
	}
}

// goldenSelections are the selections whose results on the fixtures' graph are kept in
// testdata/select.golden, one per flag and a few together.
var goldenSelections = []graphstore.Selection{
	{Focus: []string{"Biden"}, Depth: 1},
	{Focus: []string{"Biden"}, Depth: 2, Top: 12},
	{Kinds: []extract.EdgeKind{extract.Stance}},
	{Types: []extract.Type{extract.Person, extract.Organization}},
	{Since: "2024-03-21"},
	{Until: "2024-03-20", Kinds: []extract.EdgeKind{extract.Stance}},
	{MinWeight: 5},
	{Top: 10},
	{Focus: []string{"Netanyahu"}, Depth: 1, Kinds: []extract.EdgeKind{extract.CoOccurrence}, MinWeight: 2, Top: 6},
}

// TestSelectionGolden keeps the selections of the fixtures' graph in a golden file, each as
// its entities and edges with their weights (go test -update rewrites it).
func TestSelectionGolden(t *testing.T) {
	g := readGolden(t, "../fixtures/golden/fixtures.graph.json.golden")
	var buf bytes.Buffer
	for _, sel := range goldenSelections {
		got, err := sel.Apply(g)
		if err != nil {
			t.Fatalf("%v: %v", sel, err)
		}
		fmt.Fprintf(&buf, "== %s: %d entities, %d edges\n", sel, len(got.Nodes), len(got.Edges))
		for _, n := range got.Nodes {
			fmt.Fprintf(&buf, "%s (%s, %d mentions)\n", n.ID, n.Type, n.Mentions)
		}
		for _, e := range got.Edges {
			fmt.Fprintf(&buf, "%s %s %s weight %d, %d articles, %s..%s\n", e.Source, e.Kind, e.Target, e.Weight, e.Articles, e.FirstSeen, e.LastSeen)
		}
		buf.WriteByte('\n')
	}
	golden.Check(t, "testdata/select.golden", buf.Bytes())
}

func readGolden(t *testing.T, name string) *graphstore.Graph {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, err := graphstore.ReadJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func selectJSON(t *testing.T, sel graphstore.Selection, g *graphstore.Graph) []byte {
	t.Helper()
	got, err := sel.Apply(g)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := graphstore.WriteJSON(&buf, got); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestSelectionString(t *testing.T) {
	sel := graphstore.Selection{Focus: []string{"Tony Blair"}, Depth: 1, Kinds: []extract.EdgeKind{extract.CoOccurrence},
		Types: []extract.Type{extract.Person}, Since: "2004", Until: "2005-06", MinWeight: 2, Top: 30}
	want := "focus Tony Blair, depth 1, co-occurrence edges, types Person, seen 2004 to 2005-06, weight ≥ 2, top 30 edges"
	if got := sel.String(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got := (graphstore.Selection{}).String(); got != "" {
		t.Errorf("zero selection: %q", got)
	}
}
