package kafka

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore"
	"github.com/newsgraph/newsgraph/graphstore/memory"
	"github.com/newsgraph/newsgraph/pipeline"
	"github.com/newsgraph/newsgraph/pipeline/source"
)

const fixtures = "../../fixtures"

// testExtractor is the extractor of every test, the CLI's default: prose's NER stage off.
var testExtractor = sync.OnceValue(func() *extract.Extractor {
	lex, err := extract.DefaultLexicon()
	if err != nil {
		panic(err)
	}
	return extract.New(extract.LoadModel(), lex, extract.Options{})
})

// writeDump writes n distinct articles (synthArticles) as JSON Lines and returns the file.
func writeDump(t testing.TB, n int) string {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for _, art := range synthArticles(t, n) {
		if err := enc.Encode(art); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "articles.jsonl")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// synthArticles returns n distinct articles made from the shipped fixtures, each the body
// of one fixture followed by that of another, so entities recur across articles and the
// merge of every node and edge matters.
func synthArticles(t testing.TB, n int) []extract.Article {
	t.Helper()
	var base []extract.Article
	err := source.Walk(context.Background(), []string{fixtures + "/dumps/sample.jsonl", fixtures + "/articles"},
		source.Options{}, nil, func(r source.Record) error {
			if r.Err != nil {
				return r.Err
			}
			base = append(base, r.Article)
			return nil
		})
	if err != nil || len(base) < 2 {
		t.Fatalf("reading the fixtures: %v (%d articles)", err, len(base))
	}
	out := make([]extract.Article, n)
	for i := range n {
		a, b := base[i%len(base)], base[(i/len(base)+1+i)%len(base)]
		out[i] = extract.Article{
			ID:     fmt.Sprintf("syn-%04d", i),
			Title:  a.Title,
			Date:   fmt.Sprintf("2024-%02d-%02d", 1+i%12, 1+i%28),
			Source: "Synthetic Wire",
			Text:   a.Text + "\n\n" + b.Text,
		}
	}
	return out
}

// fileSource reads dumps as the CLI does.
func fileSource(paths ...string) pipeline.Source {
	return func(ctx context.Context, fn func(source.Record) error) error {
		return source.Walk(ctx, paths, source.Options{}, nil, fn)
	}
}

// reference is the graph a batch run makes of the dumps: pipeline.Run into a memory store,
// as JSON.
func reference(t testing.TB, paths ...string) []byte {
	t.Helper()
	st := memory.New()
	_, err := pipeline.Run(context.Background(), fileSource(paths...), testExtractor(),
		func(ctx context.Context, b []*extract.Result) error { _, err := st.Add(ctx, b); return err },
		pipeline.Config{})
	if err != nil {
		t.Fatalf("reference run: %v", err)
	}
	return graphJSON(t, st)
}

func graphJSON(t testing.TB, st graphstore.Store) []byte {
	t.Helper()
	g, err := st.Graph(context.Background())
	if err != nil {
		t.Fatalf("Graph: %v", err)
	}
	var buf bytes.Buffer
	if err := graphstore.WriteJSON(&buf, g); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// sameGraph fails t unless got and want are the same graph JSON.
func sameGraph(t testing.TB, got, want []byte) {
	t.Helper()
	if !bytes.Equal(got, want) {
		dir := t.TempDir()
		_ = os.WriteFile(filepath.Join(dir, "got.json"), got, 0o644)
		_ = os.WriteFile(filepath.Join(dir, "want.json"), want, 0o644)
		t.Fatalf("the consumed graph differs from the batch run's (%d vs %d bytes; both kept in %s)", len(got), len(want), dir)
	}
}

// newCluster starts an in-memory Kafka (kfake) with the topics, each of the given number of
// partitions, and returns its addresses.
func newCluster(t testing.TB, partitions int32, topics ...string) []string {
	t.Helper()
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(partitions, topics...),
		kfake.GroupMinSessionTimeout(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c.ListenAddrs()
}

func newClient(t testing.TB, brokers []string, opts ...kgo.Opt) *kgo.Client {
	t.Helper()
	cl, err := kgo.NewClient(append([]kgo.Opt{kgo.SeedBrokers(brokers...)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	return cl
}

// produceFiles sends the dumps to topic with Produce and returns how many articles went.
func produceFiles(t testing.TB, brokers []string, topic string, paths ...string) int {
	t.Helper()
	st, err := Produce(context.Background(), newClient(t, brokers), topic, fileSource(paths...), ProduceConfig{})
	if err != nil {
		t.Fatalf("Produce: %v", err)
	}
	if st.SkippedTotal() != 0 || st.Articles == 0 {
		t.Fatalf("Produce: %+v", st)
	}
	return st.Articles
}

// logBuffer collects a consumer's log, shown when the test fails.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// running is a consumer started by start.
type running struct {
	*Consumer
	log    *logBuffer
	cancel context.CancelFunc
	done   chan error
}

// start runs a consumer in the background until stop; its log is shown if t fails.
func start(t testing.TB, cfg Config, st graphstore.Store) *running {
	t.Helper()
	lb := &logBuffer{}
	cfg.Logger = slog.New(slog.NewTextHandler(lb, nil))
	if cfg.LogEvery == 0 {
		cfg.LogEvery = -1
	}
	c, err := NewConsumer(cfg, st, testExtractor())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{Consumer: c, log: lb, cancel: cancel, done: make(chan error, 1)}
	go func() { r.done <- c.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		<-r.done
		if t.Failed() {
			t.Logf("log of consumer %s:\n%s", cfg.ClientID, lb.String())
		}
	})
	return r
}

// stop shuts the consumer down as SIGTERM would and returns Run's error.
func (r *running) stop(t testing.TB) error {
	t.Helper()
	r.cancel()
	return r.wait(t)
}

// wait returns Run's error once it returned.
func (r *running) wait(t testing.TB) error {
	t.Helper()
	select {
	case err := <-r.done:
		r.done <- err // for the cleanup
		return err
	case <-time.After(60 * time.Second):
		t.Fatal("consumer did not return within 60s")
		return nil
	}
}

// waitFor polls cond until it holds, failing t after timeout.
func waitFor(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// committed is the number of records the consumers committed between them.
func committed(rs ...*running) int64 {
	var n int64
	for _, r := range rs {
		n += r.Metrics().Snapshot().Committed
	}
	return n
}
