// Command newsgraph-beam builds the newsgraph graph with Apache Beam: the same graph as
// `newsgraph run`, computed on any Beam runner.
//
//	newsgraph-beam [--runner prism|direct|dataflow|flink|spark] [--endpoint HOST:PORT]
//	               [--json FILE] [--csv DIR [--shards N]] [--on-change replace|keep] INPUT...
//
// Prism (the default) runs in this process. Flink and Spark need a Beam job server at
// --endpoint; Dataflow needs --project, --region and --staging_location (see
// docs/scaling.md). Every input must be readable at the same path by every worker.
//
// An article id read more than once with other content keeps its last version in input
// order (--on-change keep: the first), as newsgraph run's store does. The job is a batch
// backfill and deletes nothing: retractions go to the store afterwards (newsgraph delete, or
// Kafka tombstones).
//
// Exit codes, as newsgraph run: 0 success, 1 fatal error, 3 finished but some records or
// articles were skipped (logged by the workers, counted in records_skipped and
// extract_failed).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"

	"github.com/newsgraph/newsgraph/graphstore"
	newsbeam "github.com/newsgraph/newsgraph/pipeline/beam"
)

type fieldList struct{ dst *[]string }

func (f fieldList) String() string {
	if f.dst == nil {
		return ""
	}
	return strings.Join(*f.dst, ",")
}
func (f fieldList) Set(v string) error { *f.dst = strings.Split(v, ","); return nil }

// onChangeFlag is --on-change, parsed as newsgraph's commands parse it.
type onChangeFlag struct{ dst *graphstore.OnChange }

func (f onChangeFlag) String() string {
	if f.dst == nil {
		return graphstore.Replace.String()
	}
	return f.dst.String()
}

func (f onChangeFlag) Set(v string) error {
	o, err := graphstore.ParseOnChange(v)
	if err != nil {
		return err
	}
	*f.dst = o
	return nil
}

func main() {
	var cfg newsbeam.Config
	flag.StringVar(&cfg.JSON, "json", "", "write the graph as JSON to `FILE` (byte-identical to newsgraph run --json)")
	flag.StringVar(&cfg.CSV, "csv", "", "write neo4j-admin import CSV files, article ledger included, to `DIR`")
	flag.IntVar(&cfg.Shards, "shards", 4, "CSV data files per node or relationship group")
	flag.Var(onChangeFlag{&cfg.OnChange}, "on-change",
		"an article id read again with other content: replace (the last version in input order wins) or keep (the first)")
	flag.Var(fieldList{&cfg.Fields.ID}, "field-id", "JSON/CSV `names` of the id field, comma-separated")
	flag.Var(fieldList{&cfg.Fields.Title}, "field-title", "JSON/CSV `names` of the title field")
	flag.Var(fieldList{&cfg.Fields.Date}, "field-date", "JSON/CSV `names` of the date field")
	flag.Var(fieldList{&cfg.Fields.Text}, "field-text", "JSON/CSV `names` of the text field")
	flag.Var(fieldList{&cfg.Fields.URL}, "field-url", "JSON/CSV `names` of the url field")
	flag.Var(fieldList{&cfg.Fields.Source}, "field-source", "JSON/CSV `names` of the source field")
	flag.Usage = func() {
		fmt.Fprint(flag.CommandLine.Output(), `Usage: newsgraph-beam [flags] INPUT...

Builds the graph of INPUT (files or folders, any format newsgraph run reads) on Apache Beam.
The runner is --runner (prism by default: in this process); --endpoint names the job server
of a portable runner (flink, spark). Beam's own flags (--project, --region, --job_name,
--environment_type, ...) are accepted too.

An article id read more than once with other content is a correction: the graph holds its
last version in input order (--on-change keep: the first), as newsgraph run's does. The job
deletes nothing; retract articles from the store afterwards (newsgraph delete).

Flags (Beam's own are not listed):
`)
		flag.VisitAll(func(f *flag.Flag) {
			if slices.Contains([]string{"json", "csv", "shards", "on-change", "runner", "endpoint"}, f.Name) ||
				strings.HasPrefix(f.Name, "field-") {
				name, usage := flag.UnquoteUsage(f)
				fmt.Fprintf(flag.CommandLine.Output(), "  --%s %s\n    \t%s (default %q)\n", f.Name, name, usage, f.DefValue)
			}
		})
	}
	flag.Parse()
	cfg.Inputs = flag.Args()
	beam.Init()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	skipped, err := run(ctx, cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "newsgraph-beam:", err)
		os.Exit(1)
	}
	if skipped > 0 {
		// As newsgraph run: finished, but some records were skipped (logged by the workers).
		os.Exit(3)
	}
}

// run runs the job and returns how many records or articles were skipped.
func run(ctx context.Context, cfg newsbeam.Config) (int64, error) {
	p, s := beam.NewPipelineWithRoot()
	if err := newsbeam.Build(s, cfg); err != nil {
		flag.Usage()
		return 0, err
	}
	res, err := beamx.RunWithMetrics(ctx, p)
	if err != nil {
		return 0, fmt.Errorf("run: %w", err)
	}
	var skipped int64
	if res != nil {
		var parts []string
		for _, c := range res.Metrics().AllMetrics().Counters() {
			if c.Key.Namespace == "newsgraph" {
				parts = append(parts, fmt.Sprintf("%s=%d", c.Key.Name, c.Result()))
				if c.Key.Name == "records_skipped" || c.Key.Name == "extract_failed" {
					skipped += c.Result()
				}
			}
		}
		slices.Sort(parts)
		fmt.Fprintln(os.Stderr, "counters:", strings.Join(parts, " "))
	}
	if cfg.JSON != "" {
		fmt.Println("JSON written to", cfg.JSON)
	}
	if cfg.CSV != "" {
		text, err := os.ReadFile(filepath.Join(cfg.CSV, newsbeam.ImportFile))
		if err != nil {
			return skipped, fmt.Errorf("the job did not write %s: %w", newsbeam.ImportFile, err)
		}
		fmt.Print(string(text))
	}
	return skipped, nil
}
