package browsertest

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// server is a private Neo4j started with the project's own launcher, on free ports and in a
// temporary home, so nothing else (other packages' tests wipe the shared test server) can
// change what these tests read.
type server struct {
	root     string // repo root
	runDir   string
	env      []string
	boltURI  string
	httpURL  string // http://127.0.0.1:PORT
	startDur time.Duration
}

// stopTimeout bounds "scripts/neo4j.sh down"; the script itself escalates to SIGKILL.
const stopTimeout = 90 * time.Second

// startServer runs "scripts/neo4j.sh up" with a temporary NEO4J_RUN_DIR and free ports.
// The caller must call stop, also when startServer fails (it removes the run dir).
func startServer(ctx context.Context, root string) (*server, error) {
	script := filepath.Join(root, "scripts", "neo4j.sh")
	if _, err := os.Stat(script); err != nil {
		return nil, fmt.Errorf("launcher missing: %w", err)
	}
	runDir, err := os.MkdirTemp("", "newsgraph-browsertest-")
	if err != nil {
		return nil, fmt.Errorf("run dir: %w", err)
	}
	s := &server{root: root, runDir: runDir}
	bolt, err := freePort()
	if err != nil {
		return s, err
	}
	http, err := freePort()
	if err != nil {
		return s, err
	}
	s.boltURI = fmt.Sprintf("neo4j://127.0.0.1:%d", bolt)
	s.httpURL = fmt.Sprintf("http://127.0.0.1:%d", http)
	// The caller's NEO4J_* settings (a password, another home or port) must not leak in:
	// this server is always auth-off, on its own ports, in its own directory.
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "NEO4J_") {
			s.env = append(s.env, kv)
		}
	}
	s.env = append(s.env,
		"NEO4J_RUN_DIR="+runDir,
		"NEO4J_LISTEN_ADDRESS=127.0.0.1",
		fmt.Sprintf("NEO4J_BOLT_PORT=%d", bolt),
		fmt.Sprintf("NEO4J_HTTP_PORT=%d", http),
		"NEO4J_HEAP=512m",
		"NEO4J_PAGECACHE=64m",
		"NEO4J_START_TIMEOUT=100",
		"NEO4J_STOP_TIMEOUT=30",
	)
	t0 := time.Now()
	if out, err := s.script(ctx, "up"); err != nil {
		return s, fmt.Errorf("scripts/neo4j.sh up: %w\n%s", err, tail(out, 40))
	}
	s.startDur = time.Since(t0)
	return s, nil
}

// stop stops the server and removes its directory.
func (s *server) stop() error {
	ctx, cancel := context.WithTimeout(context.Background(), stopTimeout)
	defer cancel()
	var err error
	if s.env != nil {
		if out, e := s.script(ctx, "down"); e != nil {
			err = fmt.Errorf("scripts/neo4j.sh down: %w\n%s", e, tail(out, 20))
		}
	}
	if e := os.RemoveAll(s.runDir); e != nil && err == nil {
		err = fmt.Errorf("remove %s: %w", s.runDir, e)
	}
	return err
}

func (s *server) script(ctx context.Context, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "bash", append([]string{filepath.Join(s.root, "scripts", "neo4j.sh")}, args...)...)
	cmd.Dir = s.root
	cmd.Env = s.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.WaitDelay = 5 * time.Second
	err := cmd.Run()
	return out.Bytes(), err
}

// freePort asks the kernel for a free TCP port on the loopback address.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// tail returns the last n lines of out.
func tail(out []byte, n int) string {
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
