package bulk_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore"
	"github.com/newsgraph/newsgraph/graphstore/neo4j"
	"github.com/newsgraph/newsgraph/graphstore/neo4j/bulk"
	"github.com/newsgraph/newsgraph/graphstore/storetest"
	"github.com/newsgraph/newsgraph/internal/golden"
)

func ledger(rs []*extract.Result) []bulk.Article {
	out := make([]bulk.Article, len(rs))
	for i, r := range rs {
		out[i] = bulk.ArticleOf(r)
	}
	return out
}

// TestWriteGolden pins the files of the hostile graph, two shards, ledger included, and the
// two import commands (with the directory spelled DIR).
func TestWriteGolden(t *testing.T) {
	rs := hostileResults()
	dir := t.TempDir()
	im, err := bulk.Write(dir, memoryGraph(t, rs), bulk.Options{Shards: 2, Articles: ledger(rs)})
	if err != nil {
		t.Fatal(err)
	}
	// The data holds the first two candidates, so the third is chosen; names span lines and
	// some properties are [""].
	if im.Delimiter != bulk.Delimiters()[2] || !im.Multiline || !im.PostImport || !im.Ledger {
		t.Errorf("import = %+v", im)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		golden.Check(t, filepath.Join("testdata", "hostile", filepath.Base(f)), b)
	}
	want := []string{"article-00000-of-00002.csv", "article-00001-of-00002.csv", "article.header.csv",
		"co_occurs-00000-of-00002.csv", "co_occurs-00001-of-00002.csv", "co_occurs.header.csv",
		"entity-00000-of-00002.csv", "entity-00001-of-00002.csv", "entity.header.csv",
		"mentioned_in-00000-of-00002.csv", "mentioned_in-00001-of-00002.csv", "mentioned_in.header.csv",
		bulk.PostImportFile, "stance-00000-of-00002.csv", "stance-00001-of-00002.csv", "stance.header.csv"}
	if !slices.Equal(names, want) {
		t.Errorf("files = %q, want %q", names, want)
	}
	cmds := strings.ReplaceAll(im.Command()+"\n"+im.ScriptCommand()+"\n", im.Dir, "DIR")
	golden.Check(t, filepath.Join("testdata", "hostile.commands.txt"), []byte(cmds))
	if im.Counts[bulk.Entities] != 2*len(hostile) || im.Counts[bulk.Articles] != len(rs) {
		t.Errorf("counts = %v", im.Counts)
	}
}

// TestWriteParses reads every written file back with the independent parser and checks each
// string property of the graph survives: quotes, commas, semicolons, line breaks, NUL, the
// delimiter candidates.
func TestWriteParses(t *testing.T) {
	rs := hostileResults()
	g := memoryGraph(t, rs)
	dir := t.TempDir()
	im, err := bulk.Write(dir, g, bulk.Options{Shards: 3})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{} // entity id → name_votes_keys
	for _, f := range im.Files(bulk.Entities)[1:] {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		recs, err := parseCSV(string(b))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, r := range recs {
			if len(r) != len(strings.Split(strings.TrimSpace(bulk.Entities.Header()), ",")) {
				t.Fatalf("%s: record of %d fields", f, len(r))
			}
			got[r[0].s] = splitArray(r[9].s, im.Delimiter)
		}
	}
	if len(got) != len(g.Nodes) {
		t.Fatalf("read %d entities, want %d", len(got), len(g.Nodes))
	}
	for _, n := range g.Nodes {
		var want []string
		for k := range n.NameVotes {
			want = append(want, k)
		}
		slices.Sort(want)
		if len(want) == 1 && want[0] == "" {
			want = nil // written absent, restored by the post-import step
		}
		if !slices.Equal(got[n.ID], want) {
			t.Errorf("%q: name votes %q, want %q", n.ID, got[n.ID], want)
		}
	}
}

func TestWriteRejects(t *testing.T) {
	ok := storetest.Article("a1", "").Entity("a", "A", extract.Person, 1).Entity("b", "B", extract.Location, 1).
		Co("a", "b", 1, storetest.Ev("a1", 0, "A and B.", "")).Build()
	for _, tc := range []struct {
		name   string
		mutate func(*graphstore.Graph, *bulk.Options)
	}{
		{"type outside the allow-list", func(g *graphstore.Graph, _ *bulk.Options) { g.Nodes[0].Type = "Admin" }},
		{"kind outside the allow-list", func(g *graphstore.Graph, _ *bulk.Options) { g.Edges[0].Kind = "OWNS" }},
		{"edge to a missing entity", func(g *graphstore.Graph, _ *bulk.Options) { g.Edges[0].Target = "zz" }},
		{"repeated entity", func(g *graphstore.Graph, _ *bulk.Options) { g.Nodes = append(g.Nodes, g.Nodes[0].Clone()) }},
		{"mention of a missing entity", func(_ *graphstore.Graph, o *bulk.Options) {
			o.Articles = []bulk.Article{{Article: neo4j.Article{ID: "x"}, Mentions: map[string]int{"zz": 1}}}
		}},
		{"repeated article", func(_ *graphstore.Graph, o *bulk.Options) {
			o.Articles = []bulk.Article{{Article: neo4j.Article{ID: "x"}}, {Article: neo4j.Article{ID: "x"}}}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := memoryGraph(t, []*extract.Result{ok})
			var opts bulk.Options
			tc.mutate(g, &opts)
			dir := filepath.Join(t.TempDir(), "out")
			_, err := bulk.Write(dir, g, opts)
			if !errors.Is(err, graphstore.ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
			if _, err := os.Stat(dir); !os.IsNotExist(err) {
				t.Errorf("files were written for an invalid graph")
			}
		})
	}
}

func TestDelimiter(t *testing.T) {
	name := func(s string) *graphstore.Graph {
		return memoryGraph(t, []*extract.Result{storetest.Article("a", "").Entity("e", s, extract.Person, 1).Build()})
	}
	all := string(bulk.Delimiters())
	for _, tc := range []struct {
		name   string
		g      *graphstore.Graph
		forced rune
		want   rune
		err    bool
	}{
		{"plain data takes the first", name("Joe; Biden, \"x\""), 0, bulk.Delimiters()[0], false},
		{"skips those in the data", name("a\x1fb\x1e"), 0, bulk.Delimiters()[2], false},
		{"none left", name(all), 0, 0, true},
		{"forced and free", name("a"), bulk.Delimiters()[3], bulk.Delimiters()[3], false},
		{"forced but in the data", name("a\x1d"), '\x1d', 0, true},
		{"forced but not a candidate", name("a"), ';', 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			im, err := bulk.Write(t.TempDir(), tc.g, bulk.Options{Delimiter: tc.forced})
			if tc.err {
				if err == nil {
					t.Fatalf("no error, delimiter %U", im.Delimiter)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if im.Delimiter != tc.want {
				t.Errorf("delimiter %U, want %U", im.Delimiter, tc.want)
			}
		})
	}
}

// TestSynthesizedVotes: a graph read from JSON has no votes; the ones made up for it derive
// the same name, type and aliases again, which is what graphstore/neo4j reads back.
func TestSynthesizedVotes(t *testing.T) {
	f, err := os.Open("../../../fixtures/golden/fixtures.graph.json.golden")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, err := graphstore.ReadJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	im, err := bulk.Write(dir, g, bulk.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if im.SynthesizedVotes != len(g.Nodes) || im.Ledger {
		t.Errorf("synthesized %d of %d, ledger %v", im.SynthesizedVotes, len(g.Nodes), im.Ledger)
	}
	b, err := os.ReadFile(im.Files(bulk.Entities)[1])
	if err != nil {
		t.Fatal(err)
	}
	recs, err := parseCSV(string(b))
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range g.Nodes {
		r := recs[i]
		votes := func(keys, counts int) map[string]int {
			m := map[string]int{}
			ks, cs := splitArray(r[keys].s, im.Delimiter), splitArray(r[counts].s, im.Delimiter)
			for j := range ks {
				m[ks[j]] = len(cs[j]) // every count is "1"
			}
			return m
		}
		stored := &graphstore.Node{ID: n.ID, NameVotes: votes(9, 10), AliasVotes: votes(13, 14),
			TypeVotes: map[extract.Type]int{}}
		for k, v := range votes(11, 12) {
			stored.TypeVotes[extract.Type(k)] = v
		}
		back := &graphstore.Node{ID: n.ID}
		back.Merge(stored)
		if back.Name != n.Name || back.Type != n.Type || !slices.Equal(back.Aliases, n.Aliases) {
			t.Errorf("%s: derived %q %s %q, want %q %s %q", n.ID, back.Name, back.Type, back.Aliases, n.Name, n.Type, n.Aliases)
		}
	}
}
