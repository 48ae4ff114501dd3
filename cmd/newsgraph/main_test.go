package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/golden"
)

const seedFile = "../../fixtures/articles/000_936bf6869ce0e766.txt"

func run(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	err := Run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	code = exitCode(err, &errb)
	return out.String(), errb.String(), code
}

// TestRunFixtures is the README's main command: the graph of the shipped fixtures, as golden
// JSON and DOT, identical at 1 and 8 workers.
func TestRunFixtures(t *testing.T) {
	dir := t.TempDir()
	var outs [2][2][]byte
	for i, workers := range []string{"1", "8"} {
		dot, js := filepath.Join(dir, workers+".dot"), filepath.Join(dir, workers+".json")
		stdout, stderr, code := run(t, "", "run", "--quiet", "--workers", workers, "--dot", dot, "--json", js,
			"../../fixtures")
		if code != 0 {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		if !strings.Contains(stdout, "DOT written to "+dot) {
			t.Errorf("stdout %q does not say where the DOT went", stdout)
		}
		for j, f := range []string{dot, js} {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			outs[i][j] = b
		}
	}
	if !bytes.Equal(outs[0][0], outs[1][0]) || !bytes.Equal(outs[0][1], outs[1][1]) {
		t.Error("outputs differ between 1 and 8 workers")
	}
	golden.Check(t, "../../fixtures/golden/fixtures.graph.dot.golden", outs[0][0])
	golden.Check(t, "../../fixtures/golden/fixtures.graph.json.golden", outs[0][1])
}

func TestSeedGraph(t *testing.T) {
	dir := t.TempDir()
	js := filepath.Join(dir, "seed.json")
	if _, stderr, code := run(t, "", "run", "--quiet", "--json", js, seedFile); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	b, err := os.ReadFile(js)
	if err != nil {
		t.Fatal(err)
	}
	var g struct {
		Nodes []struct{ ID, Name, Type string }
		Edges []struct {
			Source, Target, Kind string
			Polarity             float64
		}
	}
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, n := range g.Nodes {
		names[n.ID] = n.Name + "/" + n.Type
	}
	for id, want := range map[string]string{"joe-biden": "Joe Biden/Person", "benjamin-netanyahu": "Benjamin Netanyahu/Person",
		"hamas": "Hamas/Organization", "rafah": "Rafah/Location", "sean-spicer": "Sean Spicer/Person"} {
		if names[id] != want {
			t.Errorf("node %s = %q, want %q", id, names[id], want)
		}
	}
	neg := map[string]bool{}
	for _, e := range g.Edges {
		if e.Kind == "stance" && e.Polarity < 0 {
			neg[e.Source+">"+e.Target] = true
		}
	}
	for _, k := range []string{"sean-spicer>joe-biden", "joe-biden>benjamin-netanyahu", "benjamin-netanyahu>hamas"} {
		if !neg[k] {
			t.Errorf("negative stance %s missing; have %v", k, neg)
		}
	}
	golden.Check(t, "../../fixtures/golden/seed.graph.json.golden", b)
}

func TestExtractOffsets(t *testing.T) {
	text, err := os.ReadFile(seedFile)
	if err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := run(t, "", "extract", "--quiet", seedFile)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	sc := bufio.NewScanner(strings.NewReader(stdout))
	sc.Buffer(nil, 1<<24)
	n := 0
	for sc.Scan() {
		n++
		var r struct {
			ID, Date string
			Mentions []struct {
				Start, End   int
				Text, Entity string
			}
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		if r.Date != "2024-03-20" {
			t.Errorf("date %q", r.Date)
		}
		if len(r.Mentions) < 30 {
			t.Errorf("only %d mentions", len(r.Mentions))
		}
		for _, m := range r.Mentions {
			if string(text[m.Start:m.End]) != m.Text {
				t.Errorf("mention %q at [%d,%d) is %q in the file", m.Text, m.Start, m.End, text[m.Start:m.End])
			}
		}
	}
	if n != 1 {
		t.Errorf("%d lines, want 1", n)
	}
}

func TestStdin(t *testing.T) {
	stdout, stderr, code := run(t, `{"id":"s1","text":"Joe Biden met Angela Merkel in Berlin."}`+"\n", "extract", "--quiet", "-")
	if code != 0 || !strings.Contains(stdout, `"id":"s1"`) {
		t.Fatalf("exit %d stdout %s stderr %s", code, stdout, stderr)
	}
}

func TestExitCodes(t *testing.T) {
	tests := map[string]struct {
		args  []string
		stdin string
		code  int
		err   string
	}{
		"no command":       {nil, "", exitUsage, "Usage"},
		"unknown command":  {[]string{"frobnicate"}, "", exitUsage, "unknown command"},
		"help":             {[]string{"run", "--help"}, "", exitOK, "Exit codes"},
		"no input":         {[]string{"run"}, "", exitUsage, "no INPUT"},
		"bad flag":         {[]string{"run", "--nope", "x"}, "", exitUsage, "nope"},
		"stance both ways": {[]string{"run", "--no-stance", "--learned-stance", seedFile}, "", exitUsage, "pick one"},
		"skipped records":  {[]string{"extract", "--quiet", "-"}, "{\"id\":\"ok\",\"text\":\"Joe Biden spoke.\"}\n{broken\n", exitSkipped, "line 2"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, stderr, code := run(t, tc.stdin, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d\n%s", code, tc.code, stderr)
			}
			if !strings.Contains(stderr, tc.err) {
				t.Errorf("stderr %q lacks %q", stderr, tc.err)
			}
		})
	}
}

// TestNoStance: --no-stance drops the seed's stance edges and keeps its co-occurrences.
func TestNoStance(t *testing.T) {
	kinds := func(args ...string) map[string]int {
		stdout, stderr, code := run(t, "", append([]string{"extract", "--quiet"}, append(args, seedFile)...)...)
		if code != 0 {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		var r struct{ Edges []struct{ Kind string } }
		if err := json.Unmarshal([]byte(stdout), &r); err != nil {
			t.Fatal(err)
		}
		n := map[string]int{}
		for _, e := range r.Edges {
			n[e.Kind]++
		}
		return n
	}
	with, without := kinds(), kinds("--no-stance")
	if with["stance"] == 0 || without["stance"] != 0 || without["co_occurrence"] != with["co_occurrence"] {
		t.Errorf("edges by kind: %v with stance, %v with --no-stance; want the same co-occurrences and no stance", with, without)
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stderr bytes.Buffer
	err := Run(ctx, []string{"run", "--quiet", seedFile}, nil, &bytes.Buffer{}, &stderr)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err %v, want context.Canceled", err)
	}
	if code := exitCode(err, &stderr); code != exitInterrupted || !strings.Contains(stderr.String(), "interrupted") {
		t.Errorf("exit %d, stderr %q; want %d and a word on resuming", code, stderr.String(), exitInterrupted)
	}
}

func TestShards(t *testing.T) {
	ids := func(args ...string) map[string]bool {
		stdout, stderr, code := run(t, "", append([]string{"extract", "--quiet"}, append(args, "../../fixtures/dumps/sample.jsonl", "../../fixtures/articles")...)...)
		if code != 0 {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		out := map[string]bool{}
		for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
			var r struct{ ID string }
			if line == "" {
				continue
			}
			if err := json.Unmarshal([]byte(line), &r); err != nil {
				t.Fatal(err)
			}
			out[r.ID] = true
		}
		return out
	}
	all := ids()
	a, b := ids("--shard", "0/2"), ids("--shard", "1/2")
	if len(a)+len(b) != len(all) || len(a) == 0 || len(b) == 0 {
		t.Fatalf("shards of %d and %d articles, want two non-empty parts of %d", len(a), len(b), len(all))
	}
	for id := range a {
		if b[id] || !all[id] {
			t.Errorf("article %s in both shards or in neither run", id)
		}
	}
	if _, _, code := run(t, "", "extract", "--shard", "2/2", "x"); code != exitUsage {
		t.Errorf("--shard 2/2: exit %d, want %d", code, exitUsage)
	}
}
