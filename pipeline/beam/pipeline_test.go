package beam

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore"
	"github.com/newsgraph/newsgraph/graphstore/neo4j/bulk"
	"github.com/newsgraph/newsgraph/graphstore/memory"
	"github.com/newsgraph/newsgraph/pipeline"
	"github.com/newsgraph/newsgraph/pipeline/source"
)

// TestMain runs the pipelines on Prism, in this process.
func TestMain(m *testing.M) { ptest.MainWithDefault(m, "prism") }

// local is what `newsgraph run --json` computes for inputs: the core pipeline into the
// memory store. It returns the graph, its JSON and the articles the store kept.
func local(t *testing.T, inputs []string) (*graphstore.Graph, []byte, []*extract.Result) {
	t.Helper()
	lex, err := extract.DefaultLexicon()
	if err != nil {
		t.Fatal(err)
	}
	x := extract.New(extract.LoadModel(), lex, extract.Options{})
	st := memory.New()
	var kept []*extract.Result
	src := func(ctx context.Context, fn func(source.Record) error) error {
		return source.Walk(ctx, inputs, source.Options{}, nil, fn)
	}
	_, err = pipeline.Run(context.Background(), src, x, func(ctx context.Context, b []*extract.Result) error {
		for _, r := range b {
			n, err := st.Add(ctx, []*extract.Result{r})
			if err != nil {
				return err
			}
			if n == 1 {
				kept = append(kept, r)
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
	return g, buf.Bytes(), kept
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

// TestFixturesMatchLocal: on fixtures/ (every format, each sample article four times over),
// the Beam graph's JSON is byte-identical to the local pipeline's, and its sharded
// neo4j-admin CSV holds exactly the lines bulk.Write gives for the local graph and ledger.
func TestFixturesMatchLocal(t *testing.T) {
	inputs := []string{"../../fixtures"}
	g, want, kept := local(t, inputs)
	dir := t.TempDir()
	cfg := Config{Inputs: inputs, JSON: filepath.Join(dir, "graph.json"), CSV: filepath.Join(dir, "csv"), Shards: 3}
	runBeam(t, cfg)
	got, err := os.ReadFile(cfg.JSON)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("Beam JSON (%d bytes) differs from the local pipeline's (%d bytes)", len(got), len(want))
	}

	ledger := make([]bulk.Article, len(kept))
	for i, r := range kept {
		ledger[i] = bulk.ArticleOf(r)
	}
	ref, err := bulk.Write(filepath.Join(dir, "ref"), g, bulk.Options{Articles: ledger})
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
	// The post-import step, exactly when bulk.Write needs it too (the fixtures need none:
	// CO_OCCURS stores no cue lists).
	_, err = os.Stat(filepath.Join(cfg.CSV, bulk.PostImportFile))
	if mentioned := strings.Contains(string(text), bulk.PostImportFile); mentioned != ref.PostImport || (err == nil) != ref.PostImport {
		t.Errorf("post-import step: mentioned %v, file %v (%v); bulk.Write says %v", mentioned, err == nil, err, ref.PostImport)
	}
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
	_, want, _ := local(t, []string{"../../fixtures"})
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
