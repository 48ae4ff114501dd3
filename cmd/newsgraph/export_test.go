package main

import (
	"bytes"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/graphstore/neo4j/bulk"
	"github.com/newsgraph/newsgraph/graphstore/neo4j/bulk/bulktest"
)

const (
	goldenJSON = "../../fixtures/golden/fixtures.graph.json.golden"
	goldenDOT  = "../../fixtures/golden/fixtures.graph.dot.golden"
)

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestExportFromJSON: the in-memory store's graph, exported by run --json, comes out of
// export as the same JSON and DOT that run writes, from a file or from stdin.
func TestExportFromJSON(t *testing.T) {
	dir := t.TempDir()
	js, dot := filepath.Join(dir, "g.json"), filepath.Join(dir, "g.dot")
	if _, stderr, code := run(t, "", "export", "--from", goldenJSON, "--json", js, "--dot", dot); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if !bytes.Equal(readFile(t, js), readFile(t, goldenJSON)) || !bytes.Equal(readFile(t, dot), readFile(t, goldenDOT)) {
		t.Error("export of run's JSON differs from run's own exports")
	}
	js2 := filepath.Join(dir, "stdin.json")
	if _, stderr, code := run(t, string(readFile(t, goldenJSON)), "export", "--from", "-", "--json", js2); code != 0 {
		t.Fatalf("stdin: exit %d\n%s", code, stderr)
	}
	if !bytes.Equal(readFile(t, js2), readFile(t, goldenJSON)) {
		t.Error("export from stdin differs")
	}
}

// TestExportNeo4jAdmin is the CLI's whole bulk path against a real server: run's JSON →
// export --format neo4j-admin → the printed scripts/neo4j.sh command imports it into a fresh
// home → export --from neo4j reads back run's very JSON. The connection comes from the flag
// over $NEO4J_URI, and the password from $NEO4J_PASSWORD shows up in no output.
func TestExportNeo4jAdmin(t *testing.T) {
	out := filepath.Join(t.TempDir(), "csv")
	stdout, stderr, code := run(t, "", "export", "--from", goldenJSON, "--format", "neo4j-admin", "--out", out, "--shards", "2")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	var importArgs []string
	for _, line := range strings.Split(stdout, "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "scripts/neo4j.sh admin-import "); ok {
			importArgs = strings.Fields(rest) // the temp dir needs no quoting
		}
	}
	if len(importArgs) == 0 || !strings.Contains(stdout, "neo4j-admin database import full neo4j --nodes=Entity=") {
		t.Fatalf("export printed no import command:\n%s", stdout)
	}
	_, err := os.Stat(filepath.Join(out, bulk.PostImportFile))
	post := err == nil
	// CO_OCCURS stores no cue or rule lists, so the fixtures have no one-element [""] array
	// (bulk's round-trip test covers the post-import step on data that needs it).
	if post || strings.Contains(stdout, bulk.PostImportFile) {
		t.Errorf("the fixtures need no post-import step; file %v, stdout:\n%s", post, stdout)
	}
	srv := bulktest.StartArgs(t, "../..", importArgs, post)

	const secret = "pa55-w0rd-never-printed"
	t.Setenv("NEO4J_URI", "bolt://"+closedPort(t)) // the flag must win
	t.Setenv("NEO4J_PASSWORD", secret)             // a server without auth accepts any
	back := filepath.Join(t.TempDir(), "back.json")
	stdout, stderr, code = run(t, "", "export", "--from", "neo4j", "--neo4j-uri", srv.Config.URI, "--json", back)
	if code != 0 {
		t.Fatalf("export --from neo4j: exit %d\n%s", code, stderr)
	}
	if !bytes.Equal(readFile(t, back), readFile(t, goldenJSON)) {
		t.Error("the graph read back from the bulk-imported Neo4j differs from run's JSON")
	}
	if strings.Contains(stdout+stderr, secret) {
		t.Error("the password was printed")
	}

	// A server that is not there: exit 1, a hint, and still no password.
	_, stderr, code = run(t, "", "export", "--from", "neo4j", "--json", back)
	if code != exitFatal || !strings.Contains(stderr, "scripts/neo4j.sh up") || strings.Contains(stderr, secret) {
		t.Errorf("unreachable server: exit %d\n%s", code, stderr)
	}
}

func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// writeTemp writes data to a fresh file and returns its name.
func writeTemp(t *testing.T, data string) string {
	t.Helper()
	name := filepath.Join(t.TempDir(), "data")
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

func TestExportUsage(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
		code int
		say  string
	}{
		{"nothing to write", []string{"--from", goldenJSON}, exitUsage, "nothing to export"},
		{"unknown format", []string{"--from", goldenJSON, "--format", "graphml", "--out", dir}, exitUsage, "want neo4j-admin"},
		{"format without out", []string{"--from", goldenJSON, "--format", "neo4j-admin"}, exitUsage, "needs --out"},
		{"out without format", []string{"--from", goldenJSON, "--json", "x", "--out", dir}, exitUsage, "go with --format"},
		{"zero shards", []string{"--from", goldenJSON, "--format", "neo4j-admin", "--out", dir, "--shards", "0"}, exitUsage, "at least 1"},
		{"stray argument", []string{"--json", "x", goldenJSON}, exitUsage, "unexpected argument"},
		{"unknown flag", []string{"--bogus"}, exitUsage, "flag provided but not defined"},
		{"missing file", []string{"--from", filepath.Join(dir, "none.json"), "--json", "x"}, exitFatal, "no such file"},
		{"not a graph", []string{"--from", "../../fixtures/dumps/sample.csv", "--json", "x"}, exitFatal, "read graph json"},
		{"selection in a bulk load", []string{"--from", goldenJSON, "--format", "neo4j-admin", "--out", dir, "--top", "3"}, exitUsage, "report flags go with"},
		{"null entity", []string{"--from", writeTemp(t, `{"nodes":[null]}`), "--json", "x"}, exitFatal, "entity 0 is null"},
		{"help", []string{"--help"}, exitOK, "Usage: newsgraph export"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, code := run(t, "", append([]string{"export"}, tc.args...)...)
			if code != tc.code || !strings.Contains(stderr, tc.say) {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tc.code, stderr)
			}
		})
	}
}
