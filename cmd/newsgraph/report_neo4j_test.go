package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	neo4jdrv "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore"
)

// selectionCase is one selection made two ways: by newsgraph export's flags on the graph
// read from Neo4j, and by a Cypher query of docs/neo4j.md with params.
type selectionCase struct {
	flags  []string
	params map[string]any
	depth  int // the focus query's variable-length bound; 0: the case may select nothing
}

// noFilter are the parameter values that filter nothing, as the docs list them.
func noFilter(set map[string]any) map[string]any {
	p := map[string]any{
		"kinds": []any{"CO_OCCURS", "STANCE"}, "types": []any{"Person", "Organization", "Location"},
		"since": "", "until": "", "min_weight": 0, "top": 1_000_000,
	}
	for k, v := range set {
		p[k] = v
	}
	return p
}

// TestCookbookSelections loads the fixtures into Neo4j and runs the report recipes of
// docs/neo4j.md (the focus query, the top query, the strongest path) with the parameters
// of several selections; each must return exactly the edges, or the path, that the
// Selection made of the same flags, or FindPath, gives on the graph read back from Neo4j.
// And newsgraph export --from neo4j with those flags must write the bytes export writes
// from the memory store's JSON. The first case of each recipe is
// the one the docs show, with the docs' :param lines.
func TestCookbookSelections(t *testing.T) {
	d := neo4jDriver(t)
	wipe(t, d)
	if _, stderr, code := run(t, "", "run", "--quiet", "--store", "neo4j", "../../fixtures"); code != 0 {
		t.Fatalf("load: exit %d\n%s", code, stderr)
	}
	doc := string(readFile(t, "../../docs/neo4j.md"))
	// The store's own graph, unlinked: what Cypher sees (exports link surnames first).
	stored, err := readGraph(context.Background(), "neo4j", &neo4jFlags{}, nil)
	if err != nil {
		t.Fatal(err)
	}

	focus := []selectionCase{
		{[]string{"--focus", "Joe Biden", "--top", "12"}, noFilter(map[string]any{"name": "Joe Biden", "top": 12}), 1},
		{[]string{"--focus", "Israel"}, noFilter(map[string]any{"name": "Israel"}), 1},
		{[]string{"--focus", "Netanyahu", "--depth", "2", "--type", "Person,Organization", "--min-weight", "2"},
			noFilter(map[string]any{"name": "Netanyahu", "types": []any{"Person", "Organization"}, "min_weight": 2}), 2},
		{[]string{"--focus", "joe-biden", "--kind", "stance", "--depth", "2"}, noFilter(map[string]any{"name": "joe-biden", "kinds": []any{"STANCE"}}), 2},
		{[]string{"--focus", "Hamas", "--since", "2024-03-21"}, noFilter(map[string]any{"name": "Hamas", "since": "2024-03-21"}), 1},
		{[]string{"--focus", "Hamas", "--until", "2024-03", "--top", "4"}, noFilter(map[string]any{"name": "Hamas", "until": "2024-03", "top": 4}), 1},
		{[]string{"--focus", "Israel", "--depth", "0"}, noFilter(map[string]any{"name": "Israel"}), 0},
	}
	top := []selectionCase{
		{[]string{"--since", "2024-03-21", "--top", "5"}, noFilter(map[string]any{"since": "2024-03-21", "top": 5}), 1},
		{[]string{"--top", "10"}, noFilter(map[string]any{"top": 10}), 1},
		{[]string{"--kind", "stance", "--type", "Person", "--top", "3"}, noFilter(map[string]any{"kinds": []any{"STANCE"}, "types": []any{"Person"}, "top": 3}), 1},
		{[]string{"--min-weight", "5", "--until", "2024-03-20"}, noFilter(map[string]any{"min_weight": 5, "until": "2024-03-20"}), 1},
	}
	for _, recipe := range []struct {
		heading string
		cases   []selectionCase
	}{
		{"### A report around an entity", focus},
		{"### The strongest edges", top},
	} {
		query := cypherAfter(t, doc, recipe.heading)
		checkDocParams(t, doc, recipe.heading, recipe.cases[0].params)
		for i, tc := range recipe.cases {
			t.Run(strings.Join(tc.flags, " "), func(t *testing.T) {
				q := strings.Replace(query, "*0..1]", fmt.Sprintf("*0..%d]", tc.depth), 1)
				var got []string
				for _, r := range cypher(t, d, q, tc.params) {
					got = append(got, fmt.Sprintf("%s %s %s (%d)", r["source"], r["rel"], r["target"], r["weight"]))
				}
				fromNeo4j := exportJSON(t, append([]string{"--from", "neo4j"}, tc.flags...))
				fromMemory := exportJSON(t, append([]string{"--from", goldenJSON}, tc.flags...))
				if string(fromNeo4j) != string(fromMemory) {
					t.Errorf("export %v selects differently from Neo4j and from the memory store's JSON", tc.flags)
				}
				selected, err := selectionOf(t, tc.flags).Apply(stored)
				if err != nil {
					t.Fatal(err)
				}
				want := edgeLines(selected)
				if i == 0 {
					t.Logf("%s, rows in order:\n%s", recipe.heading, strings.Join(got, "\n"))
				}
				slices.Sort(got)
				if len(want) == 0 && tc.depth > 0 {
					t.Fatalf("%v selects nothing: the case tests nothing", tc.flags)
				}
				if !slices.Equal(got, want) {
					t.Errorf("Cypher and export %v differ:\n cypher %q\n export %q", tc.flags, got, want)
				}
			})
		}
	}

	query := cypherAfter(t, doc, "### The strongest connection")
	checkDocParams(t, doc, "### The strongest connection", map[string]any{"source": "Sean Spicer", "target": "Hamas"})
	g := stored
	for _, pair := range [][2]string{{"Sean Spicer", "Hamas"}, {"Hamas", "Sean Spicer"}, {"Antony Blinken", "Sean Spicer"}, {"Jerusalem", "White House"}, {"Xi Jinping", "Hamas"}} {
		t.Run(pair[0]+" to "+pair[1], func(t *testing.T) {
			rows := cypher(t, d, query, map[string]any{"source": pair[0], "target": pair[1]})
			p, err := graphstore.FindPath(g, pair[0], pair[1], graphstore.Selection{})
			if errors.Is(err, graphstore.ErrNoPath) && len(rows) == 0 {
				return // not connected, both agree
			}
			if err != nil || len(rows) != 1 {
				t.Fatalf("path: %v; %d rows", err, len(rows))
			}
			var want []string
			for _, n := range p.Nodes {
				want = append(want, n.Name)
			}
			got := fmt.Sprint(rows[0]["hops"], rows[0]["weakest"], rows[0]["total"])
			if w := fmt.Sprint(want, p.Weakest, p.Weight); got != w {
				t.Errorf("Cypher: %s; newsgraph path: %s", got, w)
			}
			if pair[0] == "Sean Spicer" {
				t.Logf("path rows: %v %v %v %v %v", rows[0]["hops"], rows[0]["via"], rows[0]["weakest"], rows[0]["total"], rows[0]["evidence"])
			}
		})
	}
}

// cypherAfter returns the first ```cypher block after heading in doc.
func cypherAfter(t *testing.T, doc, heading string) string {
	t.Helper()
	_, rest, ok := strings.Cut(doc, heading)
	if !ok {
		t.Fatalf("docs/neo4j.md has no %q", heading)
	}
	_, rest, ok = strings.Cut(rest, "```cypher\n")
	block, _, ok2 := strings.Cut(rest, "\n```")
	if !ok || !ok2 {
		t.Fatalf("no ```cypher block after %q", heading)
	}
	return block
}

// checkDocParams checks that the docs set params, as :param lines, in the section of heading.
func checkDocParams(t *testing.T, doc, heading string, params map[string]any) {
	t.Helper()
	_, section, _ := strings.Cut(doc, heading)
	section, _, _ = strings.Cut(section, "```cypher")
	for k, v := range params {
		if k == "top" && v == 1_000_000 {
			continue
		}
		line := fmt.Sprintf(":param %s => %s", k, cypherLiteral(v))
		if !strings.Contains(section, line) {
			t.Errorf("%s: the docs lack %q", heading, line)
		}
	}
}

func cypherLiteral(v any) string {
	switch v := v.(type) {
	case string:
		return "'" + v + "'"
	case []any:
		var parts []string
		for _, x := range v {
			parts = append(parts, cypherLiteral(x))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	default:
		return fmt.Sprint(v)
	}
}

func cypher(t *testing.T, d neo4jdrv.DriverWithContext, query string, params map[string]any) []map[string]any {
	t.Helper()
	res, err := neo4jdrv.ExecuteQuery(context.Background(), d, query, params, neo4jdrv.EagerResultTransformer)
	if err != nil {
		t.Fatalf("%v\n%s", err, query)
	}
	var rows []map[string]any
	for _, r := range res.Records {
		rows = append(rows, r.AsMap())
	}
	return rows
}

// exportJSON runs newsgraph export with args and returns the JSON it wrote.
func exportJSON(t *testing.T, args []string) []byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), "g.json")
	if _, stderr, code := run(t, "", append([]string{"export", "--json", out}, args...)...); code != 0 {
		t.Fatalf("export %v: exit %d\n%s", args, code, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// edgeLines lists a graph's edges as the Cypher recipes return them, sorted.
func edgeLines(g *graphstore.Graph) []string {
	name := map[string]string{}
	for _, n := range g.Nodes {
		name[n.ID] = n.Name
	}
	var out []string
	for _, e := range g.Edges {
		rel := "CO_OCCURS"
		if e.Kind == extract.Stance {
			rel = "STANCE"
		}
		out = append(out, fmt.Sprintf("%s %s %s (%d)", name[e.Source], rel, name[e.Target], e.Weight))
	}
	slices.Sort(out)
	return out
}
