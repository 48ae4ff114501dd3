package testenv

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Neo4j is a private Neo4j server that the repository's scripts/neo4j.sh started for one test
// package (or one test): auth off, on free loopback ports, in a temporary run dir, so no
// other package's tests can wipe what this one reads, and packages run in parallel.
type Neo4j struct {
	// URI is its Bolt address, neo4j://127.0.0.1:PORT.
	URI string
	// HTTPURL is http://127.0.0.1:PORT for Neo4j Browser, "" when started without HTTP.
	HTTPURL string
	// StartTime is how long `scripts/neo4j.sh up` took.
	StartTime time.Duration

	root, runDir string
	env          []string
}

// Neo4jOptions are what a package asks of its server.
type Neo4jOptions struct {
	// HTTP serves Neo4j Browser too (the browser tests); otherwise Bolt only.
	HTTP bool
	// Heap is the JVM heap, default 512m: several packages' servers share the machine.
	Heap string
}

// startAttempts: a port found free can be taken by another package's server before this
// one binds it; the start is then tried again on new ports.
const startAttempts = 3

// stopTimeout bounds `scripts/neo4j.sh down` (which itself escalates to SIGKILL).
const stopTimeout = 90 * time.Second

// StartNeo4j starts a private server with scripts/neo4j.sh and waits until it answers.
// Stop it with Stop (also after an error: the returned server is then nil and nothing runs).
func StartNeo4j(ctx context.Context, opt Neo4jOptions) (*Neo4j, error) {
	root, err := RepoRoot()
	if err != nil {
		return nil, err
	}
	var errs []error
	for range startAttempts {
		s, err := startNeo4j(ctx, root, opt)
		if err == nil {
			return s, nil
		}
		errs = append(errs, err)
		if ctx.Err() != nil {
			break
		}
	}
	return nil, errors.Join(errs...)
}

func startNeo4j(ctx context.Context, root string, opt Neo4jOptions) (*Neo4j, error) {
	runDir, err := os.MkdirTemp("", "newsgraph-neo4j-")
	if err != nil {
		return nil, fmt.Errorf("neo4j run dir: %w", err)
	}
	s := &Neo4j{root: root, runDir: runDir}
	bolt, err := FreePort()
	if err != nil {
		return nil, errors.Join(err, os.RemoveAll(runDir))
	}
	http := 0
	if opt.HTTP {
		if http, err = FreePort(); err != nil {
			return nil, errors.Join(err, os.RemoveAll(runDir))
		}
		s.HTTPURL = fmt.Sprintf("http://127.0.0.1:%d", http)
	}
	s.URI = fmt.Sprintf("neo4j://127.0.0.1:%d", bolt)
	// The caller's NEO4J_* settings (a password, another home or port) must not leak in.
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "NEO4J_") {
			s.env = append(s.env, kv)
		}
	}
	heap := opt.Heap
	if heap == "" {
		heap = "512m"
	}
	s.env = append(s.env,
		"NEO4J_RUN_DIR="+runDir,
		"NEO4J_LISTEN_ADDRESS=127.0.0.1",
		"NEO4J_BOLT_PORT="+strconv.Itoa(bolt),
		"NEO4J_HTTP_PORT="+strconv.Itoa(http),
		"NEO4J_HEAP="+heap,
		"NEO4J_PAGECACHE=64m",
		"NEO4J_START_TIMEOUT=150",
		"NEO4J_STOP_TIMEOUT=30",
	)
	t0 := time.Now()
	if out, err := s.script(ctx, "up"); err != nil {
		err = fmt.Errorf("scripts/neo4j.sh up (bolt %d): %w\n%s", bolt, err, tail(out, 40))
		return nil, errors.Join(err, s.Stop())
	}
	s.StartTime = time.Since(t0)
	slog.Debug("test neo4j up", "uri", s.URI, "took", s.StartTime.Round(time.Millisecond))
	return s, nil
}

// Stop stops the server and removes its run dir with the database.
func (s *Neo4j) Stop() error {
	ctx, cancel := context.WithTimeout(context.Background(), stopTimeout)
	defer cancel()
	var err error
	if out, e := s.script(ctx, "down"); e != nil {
		err = fmt.Errorf("scripts/neo4j.sh down: %w\n%s", e, tail(out, 20))
	}
	if e := os.RemoveAll(s.runDir); e != nil {
		err = errors.Join(err, fmt.Errorf("remove %s: %w", s.runDir, e))
	}
	return err
}

func (s *Neo4j) script(ctx context.Context, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "bash", append([]string{filepath.Join(s.root, "scripts", "neo4j.sh")}, args...)...)
	cmd.Dir = s.root
	cmd.Env = s.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.WaitDelay = 5 * time.Second
	err := cmd.Run()
	return out.Bytes(), err
}

// StartNeo4jT is StartNeo4j for one test: it skips t without the integration tests, fails
// it when the server does not start, and stops the server when t ends.
func StartNeo4jT(t testing.TB, opt Neo4jOptions) *Neo4j {
	t.Helper()
	Need(t, "a Neo4j server (Java 17+, the jars scripts/neo4j.sh builds)")
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	s, err := StartNeo4j(ctx, opt)
	if err != nil {
		t.Fatalf("start a private Neo4j: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Stop(); err != nil {
			t.Errorf("stop the private Neo4j: %v", err)
		}
	})
	return s
}

// MainNeo4j is the body of TestMain for a package whose tests share one private server.
// Without the integration tests it runs the tests as they are: those that need the server
// skip (through Need). With them it starts the server, hands it to setup (which points the
// tests, and the environment of the code under test, at it), runs the tests and stops the
// server; a server that does not start fails the package. It returns the exit code.
func MainNeo4j(m *testing.M, pkg string, opt Neo4jOptions, setup func(*Neo4j) error) int {
	if !Integration() {
		fmt.Fprintf(os.Stderr, "%s: the Neo4j tests skip: set %s=1 to run them (make test does)\n", pkg, Var)
		return m.Run()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	s, err := StartNeo4j(ctx, opt)
	cancel()
	if err != nil {
		fmt.Fprintf(os.Stderr, "FAIL: %s: %s=1 and no private Neo4j started (needs Java 17+ and the jars "+
			"`scripts/neo4j.sh build` makes): %v\n", pkg, Var, err)
		return 1
	}
	code := 1
	if err := setup(s); err != nil {
		fmt.Fprintf(os.Stderr, "FAIL: %s: test setup on %s: %v\n", pkg, s.URI, err)
	} else {
		code = m.Run()
	}
	if err := s.Stop(); err != nil {
		fmt.Fprintf(os.Stderr, "FAIL: %s: %v\n", pkg, err)
		code = 1
	}
	return code
}

// PortsVar may name a port range (LOW-HIGH) that the servers the tests start must use, for a
// machine where several people run tests; without it the kernel picks.
const PortsVar = "NEWSGRAPH_TEST_PORTS"

// FreePort returns a loopback TCP port that nothing listens on right now.
func FreePort() (int, error) {
	lo, hi, err := portRange()
	if err != nil {
		return 0, err
	}
	if lo == 0 {
		return listenFree(0)
	}
	for range 100 {
		if p, err := listenFree(lo + rand.IntN(hi-lo+1)); err == nil {
			return p, nil
		}
	}
	return 0, fmt.Errorf("free port: none found in %s=%d-%d", PortsVar, lo, hi)
}

func listenFree(port int) (int, error) {
	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return 0, fmt.Errorf("free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func portRange() (lo, hi int, err error) {
	v := os.Getenv(PortsVar)
	if v == "" {
		return 0, 0, nil
	}
	a, b, ok := strings.Cut(v, "-")
	lo, err1 := strconv.Atoi(a)
	hi, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || lo < 1 || hi > 65535 || lo > hi {
		return 0, 0, fmt.Errorf("%s=%q: want LOW-HIGH, e.g. 37000-39999", PortsVar, v)
	}
	return lo, hi, nil
}

// RepoRoot is the repository's top folder: the nearest directory above the working directory
// (a test's package directory) that holds scripts/neo4j.sh. It works from nested modules too.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "scripts", "neo4j.sh")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("repository root not found: no scripts/neo4j.sh above the working directory")
		}
		dir = parent
	}
}

// tail returns the last n lines of out.
func tail(out []byte, n int) string {
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
