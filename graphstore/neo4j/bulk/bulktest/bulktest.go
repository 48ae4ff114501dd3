// Package bulktest runs the real neo4j-admin import of a bulk.Import into a fresh Neo4j home
// and starts a private server on it, for tests that must prove what a bulk import reads back
// as. It uses the repository's scripts/neo4j.sh, so it needs Java 17+ and (for the first
// build) Maven. Without NEWSGRAPH_INTEGRATION=1 (internal/testenv) the test skips; with it a
// missing one fails the test with the script's message, never skips it.
package bulktest

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/graphstore/neo4j"
	"github.com/newsgraph/newsgraph/graphstore/neo4j/bulk"
	"github.com/newsgraph/newsgraph/internal/testenv"
)

// Server is a Neo4j server on an imported database, private to one test.
type Server struct {
	// Config connects to it (no authentication).
	Config neo4j.Config
	// ImportTime and StartTime are how long neo4j-admin and the server start took.
	ImportTime, StartTime time.Duration
}

// Script is the path of scripts/neo4j.sh from root, the repository's top folder.
func Script(root string) string { return filepath.Join(root, "scripts", "neo4j.sh") }

// Start imports im into a new home under t.TempDir() with root's scripts/neo4j.sh, starts a
// server on it on free ports, runs the post-import step when im needs it, and stops the
// server when the test ends. The server's heap is $NEO4J_HEAP, or 512m.
func Start(t testing.TB, root string, im *bulk.Import) *Server {
	t.Helper()
	return StartArgs(t, root, im.Args(), im.PostImport)
}

// StartArgs is Start for an import given by its neo4j-admin arguments (as `newsgraph export`
// prints them) and whether it needs the post-import step.
func StartArgs(t testing.TB, root string, importArgs []string, postImport bool) *Server {
	t.Helper()
	testenv.Need(t, "neo4j-admin and a Neo4j server (Java 17+, the jars scripts/neo4j.sh builds)")
	run := t.TempDir()
	bolt, err := testenv.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(),
		"NEO4J_RUN_DIR="+run, "NEO4J_HOME_DIR=", "NEO4J_BOLT_PORT="+strconv.Itoa(bolt), "NEO4J_HTTP_PORT=0",
		"NEO4J_PASSWORD=", "NEO4J_USERNAME=", "NEO4J_HEAP="+cmp.Or(os.Getenv("NEO4J_HEAP"), "512m"))
	script := func(args ...string) (time.Duration, error) {
		cmd := exec.Command(Script(root), args...)
		cmd.Env = env
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		start := time.Now()
		err := cmd.Run()
		if err != nil {
			return 0, fmt.Errorf("%s %v: %w\n%s", Script(root), args, err, tail(out.Bytes(), 4000))
		}
		return time.Since(start), nil
	}
	s := &Server{Config: neo4j.Config{URI: fmt.Sprintf("bolt://127.0.0.1:%d", bolt)}}
	args := append([]string{"admin-import"}, importArgs...)
	args = append(args, "--max-off-heap-memory=256m")
	if s.ImportTime, err = script(args...); err != nil {
		t.Fatalf("neo4j-admin import (needs Java 17+ and Maven; see scripts/deps.sh): %v", err)
	}
	t.Cleanup(func() {
		if _, err := script("down"); err != nil {
			t.Errorf("stop the test server: %v", err)
		}
	})
	if s.StartTime, err = script("up"); err != nil {
		t.Fatalf("start a server on the imported database: %v", err)
	}
	if postImport {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		if err := bulk.Finish(ctx, s.Config); err != nil {
			t.Fatalf("post-import: %v", err)
		}
	}
	return s
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}
