package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/jdkato/prose/v2"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/pipeline/source"
)

// benchCommand measures extraction speed on real articles: newsgraph against prose as it is
// typically called (a fresh model per document) and prose with its model loaded once, on the
// same articles in the same process.
func benchCommand(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	limit := fs.Int("limit", 500, "articles to measure (read from the start of INPUT)")
	typical := fs.Int("typical", 10, "articles for prose as typically called (it reloads its model per article, ~250 ms each)")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "goroutines for the cached-model runs")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of newsgraph's extraction run (with --store neo4j: of the Neo4j writer) to `FILE` (go tool pprof)")
	var sb storeBench
	sb.register(fs)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: newsgraph bench [flags] INPUT...

Prints words/s and articles/s of newsgraph's extraction (whole, and with --no-stance: the
entities and co-occurrence edges without the parse, coreference and stance) and of prose as
typically called and with a cached model, on the same articles, plus the process's peak
memory.

With --store neo4j it measures the stores instead: it extracts every article of INPUT
(--limit caps them) once, then loads the same results into the memory store, into Neo4j
with the batched writer (an empty database: see --neo4j-wipe), and through neo4j-admin bulk
import into a scratch database, and prints relationships/s and articles/s of each, and
where the Neo4j writer spent its time.

Flags:
`)
		fs.PrintDefaults()
	}
	inputs, err := parse(fs, args, stderr)
	if err != nil {
		return err
	}
	limited := false
	fs.Visit(func(f *flag.Flag) { limited = limited || f.Name == "limit" })
	if sb.kind != "" && !limited {
		*limit = int(^uint(0) >> 1) // the stores are measured on the whole input
	}
	var arts []extract.Article
	errStop := fmt.Errorf("enough")
	err = source.Walk(ctx, inputs, source.Options{}, stdin, func(r source.Record) error {
		if r.Err == nil {
			arts = append(arts, r.Article)
		}
		if len(arts) >= *limit {
			return errStop
		}
		return nil
	})
	if err != nil && err != errStop {
		return err
	}
	if len(arts) == 0 {
		return fmt.Errorf("bench: no articles in %v", inputs)
	}
	lex, err := extract.DefaultLexicon()
	if err != nil {
		return err
	}
	model := extract.LoadModel()
	x := extract.New(model, lex, extract.Options{})
	switch sb.kind {
	case "":
	case "neo4j":
		return sb.run(ctx, x, arts, *workers, *cpuProfile, stdout, stderr)
	default:
		return usageError(fs, stderr)("--store %q: want neo4j (or none, to measure extraction)", sb.kind)
	}
	entities := extract.New(model, lex, extract.Options{NoStance: true})
	proseModel := func() *prose.Model { d, _ := prose.NewDocument("", prose.WithSegmentation(false)); return d.Model }()

	type row struct {
		name          string
		articles      int
		words         int
		elapsed       time.Duration
		allocPerMByte float64
	}
	measure := func(name string, n, workers int, fn func(a *extract.Article)) row {
		n = min(n, len(arts))
		words, textBytes := 0, 0
		for i := range n {
			words += len(strings.Fields(arts[i].Text))
			textBytes += len(arts[i].Text)
		}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		began := time.Now()
		jobs := make(chan int)
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				for i := range jobs {
					fn(&arts[i])
				}
			})
		}
		for i := range n {
			jobs <- i
		}
		close(jobs)
		wg.Wait()
		el := time.Since(began)
		runtime.ReadMemStats(&after)
		return row{name, n, words, el, float64(after.TotalAlloc-before.TotalAlloc) / (float64(textBytes) / (1 << 20))}
	}

	rows := []row{
		measure("prose, as typically called (model per document)", *typical, 1, func(a *extract.Article) {
			prose.NewDocument(a.Text)
		}),
		measure(fmt.Sprintf("prose, cached model, %d goroutines", *workers), *limit, *workers, func(a *extract.Article) {
			prose.NewDocument(a.Text, prose.UsingModel(proseModel))
		}),
		profiled(*cpuProfile, func() row {
			return measure(fmt.Sprintf("newsgraph extract, %d workers", *workers), *limit, *workers, func(a *extract.Article) {
				x.Extract(a)
			})
		}),
		measure(fmt.Sprintf("newsgraph extract --no-stance, %d workers", *workers), *limit, *workers, func(a *extract.Article) {
			entities.Extract(a)
		}),
	}
	cached := float64(rows[1].words) / rows[1].elapsed.Seconds()
	tw := tabwriter.NewWriter(stdout, 2, 8, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "mode\tarticles\twords/s\tarticles/s\tvs cached prose\talloc MB per MB of text\t")
	for _, r := range rows {
		wps := float64(r.words) / r.elapsed.Seconds()
		fmt.Fprintf(tw, "%s\t%d\t%.0f\t%.1f\t%.2fx\t%.0f\t\n", r.name, r.articles, wps,
			float64(r.articles)/r.elapsed.Seconds(), wps/cached, r.allocPerMByte/(1<<20))
	}
	tw.Flush()
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		fmt.Fprintf(stdout, "peak memory (max RSS of this process): %.0f MB; %d CPUs\n", float64(ru.Maxrss)/1024, runtime.NumCPU())
	}
	return nil
}

// profiled runs fn, under the CPU profiler when file is set.
func profiled[T any](file string, fn func() T) T {
	if file == "" {
		return fn()
	}
	f, err := os.Create(file)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench: no profile:", err)
		return fn()
	}
	defer f.Close()
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintln(os.Stderr, "bench: no profile:", err)
		return fn()
	}
	defer pprof.StopCPUProfile()
	return fn()
}
