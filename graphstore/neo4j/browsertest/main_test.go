package browsertest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	neo4jdrv "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore"
	"github.com/newsgraph/newsgraph/graphstore/neo4j"
	"github.com/newsgraph/newsgraph/internal/testenv"
	"github.com/newsgraph/newsgraph/pipeline/source"
)

// setupTimeout bounds starting the server and loading the fixtures (about 10 s on an idle
// 2-core machine; the rest is headroom for a loaded one).
const setupTimeout = 150 * time.Second

// fixtures are what the server is loaded with, relative to the repo root: the seed article
// and the small sample dumps.
var fixtures = []string{"fixtures/articles", "fixtures/dumps"}

// env is what TestMain set up for the tests.
var env *testEnv

type testEnv struct {
	root    string
	srv     *testenv.Neo4j
	driver  neo4jdrv.DriverWithContext
	results []*extract.Result // one per distinct article, in input order
	graph   *graphstore.Graph // the store's own view of what was loaded
	byID    map[string]*graphstore.Node
}

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

// runMain sets the package up under NEWSGRAPH_INTEGRATION=1 (internal/testenv): then a
// server that does not start, or fixtures that do not load, fail the package. Without it the
// tests that need the server skip (need) and the rest run.
func runMain(m *testing.M) int {
	root, err := testenv.RepoRoot()
	if err != nil {
		fmt.Fprintf(os.Stderr, "browsertest: %v\n", err)
		return 1
	}
	if !testenv.Integration() {
		fmt.Fprintf(os.Stderr, "browsertest: the Neo4j and Chromium tests skip: set %s=1 to run them (make test does)\n", testenv.Var)
		env = &testEnv{root: root}
		return m.Run()
	}
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	e, err := setup(ctx, root)
	cancel()
	code := 1
	if err != nil {
		fmt.Fprintf(os.Stderr, "FAIL: browsertest: setup failed (a real Neo4j is required; see docs/neo4j.md): %v\n", err)
	} else {
		env = e
		code = m.Run()
	}
	if e != nil {
		if err := e.close(); err != nil {
			fmt.Fprintf(os.Stderr, "browsertest: teardown: %v\n", err)
			code = 1
		}
	}
	return code
}

// setup starts the private server and loads the fixtures into it through the Neo4j store,
// exactly as "newsgraph run --store neo4j" does. The returned env is non-nil whenever
// something was started, so it can be closed.
func setup(ctx context.Context, root string) (*testEnv, error) {
	e := &testEnv{root: root}
	t0 := time.Now()
	srv, err := testenv.StartNeo4j(ctx, testenv.Neo4jOptions{HTTP: true})
	if err != nil {
		return e, err
	}
	e.srv = srv
	slog.Info("neo4j up", "bolt", e.srv.URI, "http", e.srv.HTTPURL, "took", e.srv.StartTime.Round(time.Millisecond))

	t1 := time.Now()
	e.results, err = extractFixtures(ctx, root)
	if err != nil {
		return e, err
	}
	slog.Info("fixtures extracted", "articles", len(e.results), "took", time.Since(t1).Round(time.Millisecond))
	t2 := time.Now()
	store, err := neo4j.Open(ctx, neo4j.Config{URI: e.srv.URI})
	if err != nil {
		return e, err
	}
	slog.Info("store opened (schema created)", "took", time.Since(t2).Round(time.Millisecond))
	defer store.Close(context.WithoutCancel(ctx))
	added, err := store.Add(ctx, e.results)
	if err != nil {
		return e, fmt.Errorf("load fixtures: %w", err)
	}
	if added != len(e.results) {
		return e, fmt.Errorf("load fixtures: %d of %d articles added to a fresh server", added, len(e.results))
	}
	if e.graph, err = store.Graph(ctx); err != nil {
		return e, err
	}
	e.byID = map[string]*graphstore.Node{}
	for _, n := range e.graph.Nodes {
		e.byID[n.ID] = n
	}
	slog.Info("fixtures loaded", "articles", added, "nodes", len(e.graph.Nodes), "edges", len(e.graph.Edges),
		"took", time.Since(t1).Round(time.Millisecond), "setup", time.Since(t0).Round(time.Millisecond))

	e.driver, err = neo4jdrv.NewDriverWithContext(e.srv.URI, neo4jdrv.NoAuth())
	if err != nil {
		return e, fmt.Errorf("driver: %w", err)
	}
	return e, nil
}

func (e *testEnv) close() error {
	var errs []error
	if e.driver != nil {
		errs = append(errs, e.driver.Close(context.Background()))
	}
	if e.srv != nil {
		errs = append(errs, e.srv.Stop())
	}
	return errors.Join(errs...)
}

// need skips t unless the integration tests are on, and so TestMain started the server.
func need(t *testing.T) {
	t.Helper()
	testenv.Need(t, "Chromium and a Neo4j server with Browser")
}

// extractFixtures reads the fixtures as the CLI does and extracts every distinct article.
func extractFixtures(ctx context.Context, root string) ([]*extract.Result, error) {
	x, err := extract.NewDefault()
	if err != nil {
		return nil, fmt.Errorf("extractor: %w", err)
	}
	var inputs []string
	for _, f := range fixtures {
		inputs = append(inputs, filepath.Join(root, f))
	}
	seen := map[string]bool{}
	var results []*extract.Result
	err = source.Walk(ctx, inputs, source.Options{}, nil, func(r source.Record) error {
		if r.Err != nil {
			return fmt.Errorf("fixture %s: %w", r.Pos, r.Err)
		}
		if seen[r.Article.ID] {
			return nil // the same sample article in another format
		}
		seen[r.Article.ID] = true
		res, err := x.Extract(&r.Article)
		if err != nil {
			return fmt.Errorf("extract %s: %w", r.Pos, err)
		}
		results = append(results, res)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read fixtures: %w", err)
	}
	return results, nil
}

// name is the display name of the entity id.
func (e *testEnv) name(id string) string {
	if n := e.byID[id]; n != nil {
		return n.Name
	}
	return id
}
