package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore"
	"github.com/newsgraph/newsgraph/graphstore/memory"
	"github.com/newsgraph/newsgraph/graphstore/neo4j/bulk"
	"github.com/newsgraph/newsgraph/pipeline"
	"github.com/newsgraph/newsgraph/pipeline/source"
)

// storeBench measures the write paths of `bench --store neo4j`: the memory store, the Neo4j
// writer and neo4j-admin bulk import, on the same extracted results in one process, so the
// numbers compare under the same machine load.
type storeBench struct {
	kind   string
	neo4j  neo4jFlags
	batch  int
	wipe   bool
	script string
}

func (b *storeBench) register(fs *flag.FlagSet) {
	fs.StringVar(&b.kind, "store", "", "measure the stores instead of extraction: neo4j (memory store, Neo4j writer, neo4j-admin import)")
	b.neo4j.register(fs)
	fs.IntVar(&b.batch, "batch", 256, "articles per store write (as newsgraph run --batch)")
	fs.BoolVar(&b.wipe, "neo4j-wipe", false, "DELETE EVERYTHING in the Neo4j database first (the writer is measured on an empty one)")
	fs.StringVar(&b.script, "admin-script", filepath.Join("scripts", "neo4j.sh"),
		"the launcher that runs neo4j-admin for the bulk import (`PATH`; empty: skip the bulk import)")
}

type storeRow struct {
	name    string
	elapsed time.Duration
	note    string
}

func (b *storeBench) run(ctx context.Context, x pipeline.Extractor, arts []extract.Article, workers int, cpuProfile string, stdout, stderr io.Writer) error {
	// Extraction once; every store then loads the same results.
	var results []*extract.Result
	src := func(ctx context.Context, fn func(source.Record) error) error {
		for i := range arts {
			if err := fn(source.Record{Pos: source.Position{File: "bench", Line: i + 1}, Article: arts[i]}); err != nil {
				return err
			}
		}
		return nil
	}
	stats, err := pipeline.Run(ctx, src, x, func(_ context.Context, batch []*extract.Result) error {
		results = append(results, batch...)
		return nil
	}, pipeline.Config{Workers: workers, BatchSize: b.batch})
	if err != nil {
		return err
	}
	// Repeated ids count once in every store; keep the first, as they do.
	seen := map[string]bool{}
	unique := results[:0]
	for _, r := range results {
		if !seen[r.ID] {
			seen[r.ID] = true
			unique = append(unique, r)
		}
	}
	results = unique
	batches := func(add func([]*extract.Result) error) (time.Duration, error) {
		start := time.Now()
		for i := 0; i < len(results); i += b.batch {
			if err := add(results[i:min(i+b.batch, len(results))]); err != nil {
				return 0, err
			}
		}
		return time.Since(start), nil
	}
	rows := []storeRow{{name: fmt.Sprintf("extraction (%d workers)", workers), elapsed: stats.Elapsed}}

	mem := memory.New()
	el, err := batches(func(rs []*extract.Result) error { _, err := mem.Add(ctx, rs); return err })
	if err != nil {
		return err
	}
	g, err := mem.Graph(ctx)
	if err != nil {
		return err
	}
	rows = append(rows, storeRow{name: "memory store", elapsed: el})
	// The bulk import holds one version of each article, the last in input order: the one
	// the stores keep.
	at := make(map[string]int, len(results))
	articles := make([]bulk.Article, 0, len(results))
	for _, r := range results {
		if i, seen := at[r.ID]; seen {
			articles[i] = bulk.ArticleOf(r)
			continue
		}
		at[r.ID] = len(articles)
		articles = append(articles, bulk.ArticleOf(r))
	}
	mentions := 0
	for _, a := range articles {
		mentions += len(a.Mentions)
	}
	rels := len(g.Edges) + mentions

	st, err := b.neo4j.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close(context.WithoutCancel(ctx))
	if b.wipe {
		if err := st.Wipe(ctx); err != nil {
			return err
		}
	}
	if n, err := st.Articles(ctx); err != nil {
		return err
	} else if n > 0 {
		return fmt.Errorf("bench: the Neo4j database holds %d articles; the writer is measured on an empty one (--neo4j-wipe deletes everything in it)", n)
	}
	type timed struct {
		el  time.Duration
		err error
	}
	t := profiled(cpuProfile, func() timed {
		el, err := batches(func(rs []*extract.Result) error { _, err := st.Add(ctx, rs); return err })
		return timed{el, err}
	})
	if el, err = t.el, t.err; err != nil {
		return err
	}
	rows = append(rows, storeRow{name: "Neo4j writer (newsgraph run --store neo4j)", elapsed: el})
	ws := st.Stats()

	if b.script != "" {
		row, err := b.bulk(ctx, g, articles, stderr)
		if err != nil {
			return err
		}
		rows = append(rows, row)
	}

	fmt.Fprintf(stdout, "%d articles, %d entities, %d relationships (%d edges, %d MENTIONED_IN)\n",
		len(results), len(g.Nodes), rels, len(g.Edges), mentions)
	tw := tabwriter.NewWriter(stdout, 2, 8, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "path\tseconds\trelationships/s\tarticles/s\t")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%.2f\t%.0f\t%.0f\t%s\n", r.name, r.elapsed.Seconds(),
			float64(rels)/r.elapsed.Seconds(), float64(len(results))/r.elapsed.Seconds(), r.note)
	}
	tw.Flush()
	fmt.Fprintf(stdout, "Neo4j writer: %s\n", ws)
	return nil
}

// bulk writes g and its ledger as neo4j-admin CSV and imports it into a scratch database
// (its own run dir, no server), timing both.
func (b *storeBench) bulk(ctx context.Context, g *graphstore.Graph, articles []bulk.Article, stderr io.Writer) (storeRow, error) {
	if _, err := os.Stat(b.script); err != nil {
		return storeRow{}, fmt.Errorf("bench: the bulk import needs %s (run from the repository, or --admin-script PATH, or --admin-script '' to skip it): %w", b.script, err)
	}
	tmp, err := os.MkdirTemp("", "newsgraph-bench-")
	if err != nil {
		return storeRow{}, err
	}
	defer os.RemoveAll(tmp)
	start := time.Now()
	im, err := bulk.Write(filepath.Join(tmp, "csv"), g, bulk.Options{Articles: articles})
	if err != nil {
		return storeRow{}, err
	}
	written := time.Since(start)
	cmd := exec.CommandContext(ctx, b.script, append([]string{"admin-import"}, im.Args()...)...)
	cmd.Env = append(os.Environ(), "NEO4J_RUN_DIR="+filepath.Join(tmp, "run"), "NEO4J_HOME_DIR=")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		fmt.Fprintf(stderr, "%s\n", out.Bytes())
		return storeRow{}, fmt.Errorf("bench: neo4j-admin import: %w", err)
	}
	total := time.Since(start)
	return storeRow{name: "neo4j-admin import (CSV + import, empty database)", elapsed: total,
		note: fmt.Sprintf("  CSV %.1fs, import %.1fs (JVM start included)", written.Seconds(), (total - written).Seconds())}, nil
}
