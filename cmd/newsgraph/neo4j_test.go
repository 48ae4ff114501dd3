package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	neo4jdrv "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/newsgraph/newsgraph/graphstore/neo4j"
	"github.com/newsgraph/newsgraph/internal/testenv"
)

// TestMain starts the package's private Neo4j under NEWSGRAPH_INTEGRATION=1 and points
// NEO4J_URI at it: the CLI under test, in process and as a built binary, reads its server
// from the environment. A server that does not start then fails the package.
func TestMain(m *testing.M) {
	os.Exit(testenv.MainNeo4j(m, "cmd/newsgraph", testenv.Neo4jOptions{}, func(srv *testenv.Neo4j) error {
		for _, k := range []string{"NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE"} {
			if err := os.Unsetenv(k); err != nil {
				return err
			}
		}
		return os.Setenv("NEO4J_URI", srv.URI)
	}))
}

// neo4jDriver connects to the package's private server. Without the integration tests the
// test skips; with them a server that does not answer fails it.
func neo4jDriver(t *testing.T) neo4jdrv.DriverWithContext {
	t.Helper()
	testenv.Need(t, "a Neo4j server")
	cfg := neo4j.ConfigFromEnv()
	d, err := neo4jdrv.NewDriverWithContext(cfg.URI, neo4jdrv.NoAuth())
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		err = d.VerifyConnectivity(ctx)
	}
	if err != nil {
		t.Fatalf("Neo4j at %s: %v (start one with scripts/neo4j.sh up, or run make test)", cfg.URI, err)
	}
	t.Cleanup(func() { d.Close(context.Background()) })
	return d
}

func wipe(t *testing.T, d neo4jdrv.DriverWithContext) {
	t.Helper()
	if _, err := neo4jdrv.ExecuteQuery(context.Background(), d, "MATCH (n) DETACH DELETE n", nil, neo4jdrv.EagerResultTransformer); err != nil {
		t.Fatal(err)
	}
}

func count(t *testing.T, d neo4jdrv.DriverWithContext, query string) int64 {
	t.Helper()
	res, err := neo4jdrv.ExecuteQuery(context.Background(), d, query, nil, neo4jdrv.EagerResultTransformer)
	if err != nil {
		t.Fatal(err)
	}
	return res.Records[0].Values[0].(int64)
}

// TestRunNeo4j loads the fixtures into Neo4j with the CLI and proves the three idempotency
// properties end to end: the JSON read back equals the memory store's; loading again changes
// nothing; a run killed half way and run again converges to the same graph.
func TestRunNeo4j(t *testing.T) {
	d := neo4jDriver(t)
	wipe(t, d)
	dir := t.TempDir()
	want := filepath.Join(dir, "memory.json")
	if _, stderr, code := run(t, "", "run", "--quiet", "--json", want, "../../fixtures"); code != 0 {
		t.Fatalf("memory run: exit %d\n%s", code, stderr)
	}
	wantJSON, err := os.ReadFile(want)
	if err != nil {
		t.Fatal(err)
	}
	load := func(name string) []byte {
		t.Helper()
		out := filepath.Join(dir, name)
		if _, stderr, code := run(t, "", "run", "--quiet", "--store", "neo4j", "--json", out, "../../fixtures"); code != 0 {
			t.Fatalf("neo4j run: exit %d\n%s", code, stderr)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	if got := load("neo4j1.json"); !bytes.Equal(got, wantJSON) {
		t.Fatalf("graph read back from Neo4j differs from the memory store's:\n%s", diffHint(got, wantJSON))
	}
	if got := load("neo4j2.json"); !bytes.Equal(got, wantJSON) {
		t.Fatalf("loading the same dump twice changed the graph:\n%s", diffHint(got, wantJSON))
	}

	// Kill a run half way (SIGKILL: no chance to clean up), then run the same command again.
	wipe(t, d)
	bin := filepath.Join(dir, "newsgraph")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	big := filepath.Join(dir, "dump.jsonl")
	writeDump(t, big, 40)
	written := func() int64 { return count(t, d, "MATCH (a:Article) RETURN count(a)") }
	killWhen(t, written, 10, 40*6, bin, "run", "--quiet", "--store", "neo4j", "--batch", "2", "--workers", "1", big)
	again := filepath.Join(dir, "again.json")
	if _, stderr, code := run(t, "", "run", "--quiet", "--store", "neo4j", "--json", again, big); code != 0 {
		t.Fatalf("re-run: exit %d\n%s", code, stderr)
	}
	clean := filepath.Join(dir, "clean.json")
	if _, stderr, code := run(t, "", "run", "--quiet", "--json", clean, big); code != 0 {
		t.Fatalf("memory run: exit %d\n%s", code, stderr)
	}
	a, _ := os.ReadFile(again)
	b, _ := os.ReadFile(clean)
	if !bytes.Equal(a, b) {
		t.Fatalf("killed-then-resumed Neo4j graph differs from one clean run:\n%s", diffHint(a, b))
	}
}

func TestNeo4jDown(t *testing.T) {
	start := time.Now()
	_, stderr, code := run(t, "", "run", "--quiet", "--store", "neo4j", "--neo4j-uri", "neo4j://127.0.0.1:1", seedFile)
	if code != exitFatal {
		t.Errorf("exit %d, want %d", code, exitFatal)
	}
	if !strings.Contains(stderr, "unavailable") || !strings.Contains(stderr, "scripts/neo4j.sh up") {
		t.Errorf("stderr %q does not say the store is unavailable and how to start one", stderr)
	}
	if el := time.Since(start); el > 30*time.Second {
		t.Errorf("took %v to give up on a closed port", el)
	}
}

// killWhen starts the binary with args and SIGKILLs it (no chance to clean up) as soon as
// progress() reaches at least, then checks it had not finished: progress must stay below
// total. It fails t if the process makes no progress within two minutes.
func killWhen(t *testing.T, progress func() int64, at, total int64, bin string, args ...string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = os.Environ()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for progress() < at {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("%v wrote nothing within two minutes", args)
		}
		time.Sleep(20 * time.Millisecond)
	}
	cmd.Process.Kill()
	cmd.Wait()
	if n := progress(); n >= total {
		t.Fatalf("%v finished (%d of %d) before it could be killed", args, n, total)
	} else {
		t.Logf("killed after %d of %d", n, total)
	}
}

// diffHint shows the first differing line of two JSON documents.
func diffHint(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return "line " + strconv.Itoa(i+1) + ":\n got  " + g[i] + "\n want " + w[i]
		}
	}
	return "lengths differ: " + strconv.Itoa(len(g)) + " vs " + strconv.Itoa(len(w)) + " lines"
}
