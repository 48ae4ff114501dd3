package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/graphstore"
	"github.com/newsgraph/newsgraph/pipeline/kafka"
)

func consumeCommand(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("consume", flag.ContinueOnError)
	var k kafkaFlags
	k.register(fs)
	var cfg kafka.Config
	fs.StringVar(&cfg.Group, "group", "newsgraph", "consumer `group`: members of one group share the topic's partitions")
	fs.StringVar(&cfg.ClientID, "client-id", "newsgraph", "Kafka client `id` (shows in the group's member list)")
	fs.IntVar(&cfg.Batch, "batch", kafka.DefaultBatch, "most records per poll, store write and commit")
	fs.IntVar(&cfg.MaxInFlight, "max-in-flight", kafka.DefaultMaxInFlight, "most batches polled but not committed (2: extract the next while storing the last)")
	fs.StringVar(&cfg.DLQ, "dlq", "", "dead-letter `topic` for bad records (created if missing; default: log and skip them)")
	fs.DurationVar(&cfg.SessionTimeout, "session-timeout", kafka.DefaultSessionTimeout, "how long the group waits for a silent member before moving its partitions")
	fs.DurationVar(&cfg.IdleExit, "idle-exit", 0, "exit after `d` without records (0: run until SIGINT/SIGTERM)")
	fs.DurationVar(&cfg.LogEvery, "log-every", kafka.DefaultLogEvery, "interval of the progress lines on stderr (negative: none)")
	fs.DurationVar(&cfg.StoreRetry, "store-retry", kafka.DefaultStoreRetry, "how long to retry an unavailable store before exiting")
	metricsAddr := fs.String("metrics", "", "serve counters, lag and throughput as text on http://`ADDR`/metrics")
	dotFile := fs.String("dot", "", "on exit, write the graph as Graphviz DOT to `FILE`")
	jsonFile := fs.String("json", "", "on exit, write the graph as JSON to `FILE`")
	var sf storeFlags
	sf.register(fs)
	// The extraction flags of run; reading flags do not apply, the topic holds clean articles.
	var c common
	c.registerExtract(fs)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: newsgraph consume [flags]

Joins a Kafka consumer group on the topic "newsgraph produce" writes and keeps the graph store
current: each poll is extracted, written to the store and only then committed. A changed
message for an article id replaces the stored version (unless --on-change keep), and a
tombstone ("newsgraph produce --delete") deletes the article. A crash or a rebalance may
deliver records again, never lose them, and the store counts an article version once, so
the graph is the one "newsgraph run" makes of the last version of each article. Start several
(same --group, a shared --store neo4j) to share the partitions. SIGINT/SIGTERM finish the
batches in flight, commit them and leave the group. Use the same extraction flags as run.

Exit codes: 0 success, 1 fatal error, 2 usage error, 3 some records were skipped.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args, stderr); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "consume: unexpected arguments %q (articles come from --topic)\n", fs.Args())
		return &exitError{code: exitUsage}
	}
	cfg.Brokers, cfg.Topic, cfg.MaxMessageBytes, cfg.Workers = k.seeds(), k.topic, k.maxMsg, c.workers
	cfg.Logger = logger(stderr, false)
	x, err := c.extractor()
	if err != nil {
		return err
	}
	store, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close(context.WithoutCancel(ctx))
	consumer, err := kafka.NewConsumer(cfg, store, x)
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	if *metricsAddr != "" {
		stop, err := serveMetrics(*metricsAddr, consumer.Metrics(), cfg.Logger)
		if err != nil {
			return err
		}
		defer stop()
	}
	runErr := consumer.Run(ctx)
	s := consumer.Metrics().Snapshot()
	extra := ""
	if runErr == nil && (*dotFile != "" || *jsonFile != "") {
		// The exports are written after the final commit, so they hold every committed article.
		g, err := store.Graph(context.WithoutCancel(ctx))
		if err != nil {
			return err
		}
		if g, err = exportGraph(g, graphstore.Selection{}); err != nil {
			return err
		}
		if err := writeExports(g, *dotFile, *jsonFile, stdout); err != nil {
			return err
		}
		extra = fmt.Sprintf("; graph: %d entities, %d edges", len(g.Nodes), len(g.Edges))
	}
	// The rate is over the busy span, first record to last commit: a consumer idles by design.
	fmt.Fprintf(stderr, "consumed %d records: %d articles stored, %d already in the store, %d deleted by %d tombstones, %d skipped%s, %d sent to %s; %.2fs busy, %s articles/s%s\n",
		s.Polled, s.Stored, s.Duplicates, s.Deleted, s.Tombstones, s.BadTotal(), reasons(s.Bad), s.DLQ, dlqName(cfg.DLQ),
		s.Active.Seconds(), rate(float64(s.Stored), s.Active), extra)
	if runErr != nil {
		return runErr
	}
	if s.BadTotal() > 0 {
		return &exitError{code: exitSkipped}
	}
	return nil
}

func reasons(m map[string]int64) string {
	if len(m) == 0 {
		return ""
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%s: %d", k, m[k]))
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

func dlqName(t string) string {
	if t == "" {
		return "no dead-letter topic"
	}
	return t
}

// serveMetrics serves the consumer's counters on addr until stop is called.
func serveMetrics(addr string, m *kafka.Metrics, log interface{ Info(string, ...any) }) (stop func(), err error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("--metrics: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", m.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(l)
	log.Info("metrics", "url", "http://"+l.Addr().String()+"/metrics")
	return func() { _ = srv.Close() }, nil
}
