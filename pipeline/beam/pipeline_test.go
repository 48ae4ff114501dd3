package beam

import (
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore"
	"github.com/newsgraph/newsgraph/graphstore/memory"
	"github.com/newsgraph/newsgraph/graphstore/neo4j/bulk"
	"github.com/newsgraph/newsgraph/pipeline"
	"github.com/newsgraph/newsgraph/pipeline/source"
)

// TestMain runs the pipelines on Prism, in this process.
func TestMain(m *testing.M) { ptest.MainWithDefault(m, "prism") }

// local is what `newsgraph run --json --on-change onChange` computes for inputs: the core
// pipeline into the memory store. It returns the graph, its JSON and the ledger of the
// article versions the store ends up holding, by id.
func local(t *testing.T, inputs []string, onChange graphstore.OnChange) (*graphstore.Graph, []byte, []bulk.Article) {
	t.Helper()
	lex, err := extract.DefaultLexicon()
	if err != nil {
		t.Fatal(err)
	}
	x := extract.New(extract.LoadModel(), lex, extract.Options{})
	st := memory.NewWith(onChange)
	held := map[string]*extract.Result{}
	src := func(ctx context.Context, fn func(source.Record) error) error {
		return source.Walk(ctx, inputs, source.Options{}, nil, fn)
	}
	_, err = pipeline.Run(context.Background(), src, x, func(ctx context.Context, b []*extract.Result) error {
		for _, r := range b {
			n, err := st.Add(ctx, []*extract.Result{r})
			if err != nil {
				return err
			}
			if n == 1 { // added, or replaced the version held
				held[r.ID] = r
			}
		}
		return nil
	}, pipeline.Config{})
	if err != nil {
		t.Fatal(err)
	}
	g, err := st.Graph(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := graphstore.WriteJSON(&buf, g); err != nil {
		t.Fatal(err)
	}
	var ledger []bulk.Article
	for _, id := range slices.Sorted(maps.Keys(held)) {
		ledger = append(ledger, bulk.ArticleOf(held[id]))
	}
	return g, buf.Bytes(), ledger
}

func runBeam(t *testing.T, cfg Config) {
	t.Helper()
	p, s := beam.NewPipelineWithRoot()
	if err := Build(s, cfg); err != nil {
		t.Fatal(err)
	}
	if err := ptest.Run(p); err != nil {
		t.Fatalf("pipeline: %v", err)
	}
}

// matchLocal runs the job with cfg (JSON and CSV both set) and checks that its JSON is
// byte-identical to want, the local pipeline's, and that its sharded neo4j-admin CSV holds
// exactly the lines bulk.Write gives for the local graph g and ledger.
func matchLocal(t *testing.T, cfg Config, g *graphstore.Graph, want []byte, ledger []bulk.Article) {
	t.Helper()
	runBeam(t, cfg)
	got, err := os.ReadFile(cfg.JSON)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("Beam JSON (%d bytes) differs from the local pipeline's (%d bytes)", len(got), len(want))
	}

	ref, err := bulk.Write(filepath.Join(t.TempDir(), "ref"), g, bulk.Options{Articles: ledger})
	if err != nil {
		t.Fatal(err)
	}
	im, err := bulk.NewImport(cfg.CSV, cfg.Shards, bulk.Usage{}, ref.Delimiter, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, grp := range bulk.Groups() {
		if a, b := readAll(t, im.Files(grp)[:1]), readAll(t, ref.Files(grp)[:1]); !slices.Equal(a, b) {
			t.Errorf("%s header %q, want %q", grp, a, b)
		}
		a, b := readAll(t, im.Files(grp)[1:]), readAll(t, ref.Files(grp)[1:])
		if !slices.Equal(a, b) {
			t.Errorf("%s: Beam wrote %d lines, bulk.Write %d, or they differ", grp, len(a), len(b))
		}
		if grp == bulk.Entities && len(a) != len(g.Nodes) {
			t.Errorf("%d entity lines for %d nodes", len(a), len(g.Nodes))
		}
	}
	text, err := os.ReadFile(filepath.Join(cfg.CSV, ImportFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{ref.ScriptCommand()[:40], "--array-delimiter=U+001F"} {
		if !strings.Contains(string(text), s) {
			t.Errorf("%s lacks %q:\n%s", ImportFile, s, text)
		}
	}
	// The post-import step, exactly when bulk.Write needs it too.
	_, err = os.Stat(filepath.Join(cfg.CSV, bulk.PostImportFile))
	if mentioned := strings.Contains(string(text), bulk.PostImportFile); mentioned != ref.PostImport || (err == nil) != ref.PostImport {
		t.Errorf("post-import step: mentioned %v, file %v (%v); bulk.Write says %v", mentioned, err == nil, err, ref.PostImport)
	}
}

// TestFixturesMatchLocal: on fixtures/ (every format, each sample article four times over)
// the Beam job writes the local pipeline's graph and ledger (matchLocal). The fixtures need
// no post-import step: CO_OCCURS stores no cue lists.
func TestFixturesMatchLocal(t *testing.T) {
	inputs := []string{"../../fixtures"}
	g, want, ledger := local(t, inputs, graphstore.Replace)
	dir := t.TempDir()
	matchLocal(t, Config{Inputs: inputs, JSON: filepath.Join(dir, "graph.json"), CSV: filepath.Join(dir, "csv"), Shards: 3},
		g, want, ledger)
}

// TestCorrectionsMatchLocal: an article corrected in a later input and again later in that
// input, and an article repeated unchanged in both. Under either --on-change the Beam job
// writes the local pipeline's graph and ledger, and the ledger's Article row carries the
// hash of the version the local store holds: the last under replace, the first under keep.
func TestCorrectionsMatchLocal(t *testing.T) {
	article := func(date, title, text string) extract.Article {
		return extract.Article{ID: "fix-1", Title: title, Date: date, Source: "Test Wire",
			URL: "https://example.com/fix-1", Text: text}
	}
	v1 := article("2024-03-20", "Biden meets Netanyahu",
		"President Joe Biden met Prime Minister Benjamin Netanyahu in Jerusalem on Monday. Biden praised Netanyahu for the aid deal.")
	v2 := article("2024-03-21", "Biden meets Scholz",
		"President Joe Biden met Chancellor Olaf Scholz in Berlin on Tuesday. Biden praised Scholz for the aid deal.")
	v3 := article("2024-03-21", "Biden meets Scholz and Macron",
		"President Joe Biden met Chancellor Olaf Scholz and President Emmanuel Macron in Berlin on Tuesday. Biden criticised Macron.")
	same := extract.Article{ID: "same-1", Title: "NATO pledges air defence", Date: "2024-04-04", Source: "Test Wire",
		Text: "NATO Secretary General Jens Stoltenberg said allies would send more air defence to Ukraine. President Volodymyr Zelensky thanked NATO."}
	dir := t.TempDir()
	inputs := []string{
		writeJSONL(t, filepath.Join(dir, "a.jsonl"), v1, same),
		writeJSONL(t, filepath.Join(dir, "b.jsonl"), v2, same, v3),
	}

	graphs := map[graphstore.OnChange][]byte{}
	for _, tc := range []struct {
		onChange graphstore.OnChange
		held     extract.Article
	}{
		{graphstore.Replace, v3},
		{graphstore.Keep, v1},
	} {
		t.Run(tc.onChange.String(), func(t *testing.T) {
			g, want, ledger := local(t, inputs, tc.onChange)
			out := t.TempDir()
			cfg := Config{Inputs: inputs, OnChange: tc.onChange,
				JSON: filepath.Join(out, "graph.json"), CSV: filepath.Join(out, "csv"), Shards: 2}
			matchLocal(t, cfg, g, want, ledger)
			graphs[tc.onChange] = want

			im, err := bulk.NewImport(cfg.CSV, cfg.Shards, bulk.Usage{}, 0, true)
			if err != nil {
				t.Fatal(err)
			}
			var rows []string
			for _, l := range readAll(t, im.Files(bulk.Articles)[1:]) {
				if strings.HasPrefix(l, `"fix-1",`) {
					rows = append(rows, l)
				}
			}
			if hash := `"` + tc.held.Hash() + `"`; len(rows) != 1 || !strings.Contains(rows[0], hash) {
				t.Errorf("Article rows of fix-1 %q, want one with hash %s", rows, hash)
			}
		})
	}
	if bytes.Equal(graphs[graphstore.Replace], graphs[graphstore.Keep]) {
		t.Error("the corrections did not change the graph, so the test shows nothing")
	}
}

// writeJSONL writes articles to path as JSON lines and returns path.
func writeJSONL(t *testing.T, path string, articles ...extract.Article) string {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for _, a := range articles {
		if err := enc.Encode(a); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// readAll returns the lines of files, sorted (files are split on line ends outside quotes
// only roughly, which is enough to compare equal files).
func readAll(t *testing.T, files []string) []string {
	t.Helper()
	var out []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.SplitAfter(string(b), "\n") {
			if l != "" {
				out = append(out, l)
			}
		}
	}
	slices.Sort(out)
	return out
}

// TestRepeatedInputs: listing inputs twice, in any order, counts every article once: the
// graph is the one of the inputs read once.
func TestRepeatedInputs(t *testing.T) {
	_, want, _ := local(t, []string{"../../fixtures"}, graphstore.Replace)
	out := filepath.Join(t.TempDir(), "graph.json")
	runBeam(t, Config{Inputs: []string{"../../fixtures/dumps", "../../fixtures", "../../fixtures/dumps/sample.jsonl"},
		JSON: out})
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("repeated inputs changed the graph")
	}
}

func TestBuildRejects(t *testing.T) {
	for _, cfg := range []Config{
		{JSON: "x"},
		{Inputs: []string{"a"}},
		{Inputs: []string{"-"}, JSON: "x"},
	} {
		_, s := beam.NewPipelineWithRoot()
		if err := Build(s, cfg); err == nil {
			t.Errorf("Build(%+v) accepted", cfg)
		}
	}
}
