package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"

	"github.com/newsgraph/newsgraph/graphstore"
	newsbeam "github.com/newsgraph/newsgraph/pipeline/beam"
)

func TestMain(m *testing.M) { ptest.MainWithDefault(m, "prism") }

// TestRunCountsSkipped: the command's run reports bad records (which make it exit 3) and
// writes both outputs; the graph is the one of the good records alone.
func TestRunCountsSkipped(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "in", "good.jsonl")
	sample, err := os.ReadFile("../../../../fixtures/dumps/sample.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(good), 0o755); err != nil {
		t.Fatal(err)
	}
	withBad := append(append([]byte{}, sample...), []byte("{\"id\": \"broken\", \"text\": \n")...)
	if err := os.WriteFile(good, withBad, 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := newsbeam.Config{Inputs: []string{filepath.Dir(good)}, JSON: filepath.Join(dir, "g.json"), CSV: filepath.Join(dir, "csv"), Shards: 2}
	skipped, err := run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if skipped != 1 {
		t.Errorf("skipped = %d, want 1", skipped)
	}
	ref := newsbeam.Config{Inputs: []string{"../../../../fixtures/dumps/sample.jsonl"}, JSON: filepath.Join(dir, "ref.json")}
	if skipped, err := run(context.Background(), ref); err != nil || skipped != 0 {
		t.Fatalf("reference run: skipped %d, err %v", skipped, err)
	}
	a, errA := os.ReadFile(cfg.JSON)
	b, errB := os.ReadFile(ref.JSON)
	if errA != nil || errB != nil || !bytes.Equal(a, b) || len(a) < 100 {
		t.Errorf("graph with a bad record differs from the graph without it (%v, %v)", errA, errB)
	}
	if _, err := os.Stat(filepath.Join(cfg.CSV, newsbeam.ImportFile)); err != nil {
		t.Error(err)
	}
}

// TestOnChangeFlag: --on-change takes newsgraph's values, replace by default.
func TestOnChangeFlag(t *testing.T) {
	for _, tc := range []struct {
		arg  string
		want graphstore.OnChange
		ok   bool
	}{
		{"replace", graphstore.Replace, true},
		{"keep", graphstore.Keep, true},
		{"first", graphstore.Replace, false},
	} {
		var got graphstore.OnChange
		f := onChangeFlag{&got}
		if err := f.Set(tc.arg); (err == nil) != tc.ok || got != tc.want {
			t.Errorf("--on-change %s: %v, error %v; want %v, ok %v", tc.arg, got, err, tc.want, tc.ok)
		}
	}
	if def := (onChangeFlag{new(graphstore.OnChange)}).String(); def != "replace" {
		t.Errorf("default %q, want replace", def)
	}
}
