package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
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
	rounds := fs.Int("rounds", 1, "measure cached prose and newsgraph this many times, interleaved, and report the median (and the range of the ratio)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of newsgraph's extraction run (with --store neo4j: of the Neo4j writer) to `FILE` (go tool pprof)")
	var sb storeBench
	sb.register(fs)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: newsgraph bench [flags] INPUT...

Prints words/s and articles/s of newsgraph's extraction (whole, and with --no-stance: the
entities and co-occurrence edges without the parse, coreference and stance) and of prose as
typically called and with a cached model, on the same articles, plus the process's peak
memory. A ratio taken from two moments is only as steady as the machine between them:
--rounds N measures them in turn N times and reports each mode's median round and the
range of its ratio to the cached prose of the same round.

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
	if *rounds < 1 {
		return usageError(fs, stderr)("--rounds %d: want at least 1", *rounds)
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
		ratio         float64 // to the cached prose: of the same round, for a newsgraph row
		spread        string  // the ratio's range over the rounds, when there are several
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
		return row{name: name, articles: n, words: words, elapsed: el,
			allocPerMByte: float64(after.TotalAlloc-before.TotalAlloc) / (float64(textBytes) / (1 << 20))}
	}

	typicalRow := measure("prose, as typically called (model per document)", *typical, 1, func(a *extract.Article) {
		prose.NewDocument(a.Text)
	})
	// Every round measures the cached prose again, so each of newsgraph's rounds has a
	// ratio to a prose run next to it in time.
	modes := []struct {
		name string
		fn   func(a *extract.Article)
	}{
		{fmt.Sprintf("prose, cached model, %d goroutines", *workers), func(a *extract.Article) {
			prose.NewDocument(a.Text, prose.UsingModel(proseModel))
		}},
		{fmt.Sprintf("newsgraph extract, %d workers", *workers), func(a *extract.Article) { x.Extract(a) }},
		{fmt.Sprintf("newsgraph extract --no-stance, %d workers", *workers), func(a *extract.Article) { entities.Extract(a) }},
	}
	byMode := make([][]row, len(modes))
	ratios := make([][]float64, len(modes))
	for round := range *rounds {
		for m, mode := range modes {
			var r row
			if m == 1 && round == 0 {
				r = profiled(*cpuProfile, func() row { return measure(mode.name, *limit, *workers, mode.fn) })
			} else {
				r = measure(mode.name, *limit, *workers, mode.fn)
			}
			byMode[m] = append(byMode[m], r)
			ratios[m] = append(ratios[m], byMode[0][round].elapsed.Seconds()/r.elapsed.Seconds())
		}
	}
	// Rows show each mode's median round by its ratio to the prose of the same round (prose's
	// own row: its median by time), so a newsgraph row's ratio is not quite its words/s over
	// the prose row's when the rounds differ.
	rows := []row{typicalRow}
	for m := range modes {
		key := ratios[m]
		if m == 0 { // its own reference
			key = make([]float64, len(byMode[0]))
			for k, r := range byMode[0] {
				key[k] = r.elapsed.Seconds()
			}
		}
		i := medianIndex(key)
		r := byMode[m][i]
		r.ratio = ratios[m][i]
		if *rounds > 1 && m > 0 {
			r.spread = fmt.Sprintf("%.2f–%.2fx", slices.Min(ratios[m]), slices.Max(ratios[m]))
		}
		rows = append(rows, r)
	}
	cached := float64(rows[1].words) / rows[1].elapsed.Seconds()
	rows[0].ratio = float64(rows[0].words) / rows[0].elapsed.Seconds() / cached
	tw := tabwriter.NewWriter(stdout, 2, 8, 2, ' ', tabwriter.AlignRight)
	header := "mode\tarticles\twords/s\tarticles/s\tvs cached prose\t"
	if *rounds > 1 {
		header += fmt.Sprintf("range (%d rounds)\t", *rounds)
	}
	fmt.Fprintln(tw, header+"alloc MB per MB of text\t")
	for _, r := range rows {
		wps := float64(r.words) / r.elapsed.Seconds()
		fmt.Fprintf(tw, "%s\t%d\t%.0f\t%.1f\t%.2fx\t", r.name, r.articles, wps,
			float64(r.articles)/r.elapsed.Seconds(), r.ratio)
		if *rounds > 1 {
			fmt.Fprintf(tw, "%s\t", r.spread)
		}
		fmt.Fprintf(tw, "%.0f\t\n", r.allocPerMByte/(1<<20))
	}
	tw.Flush()
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		fmt.Fprintf(stdout, "peak memory (max RSS of this process): %.0f MB; %d CPUs\n", float64(ru.Maxrss)/1024, runtime.NumCPU())
	}
	return nil
}

// medianIndex is the index of the median of v (the lower one of an even count).
func medianIndex(v []float64) int {
	idx := make([]int, len(v))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(v[a], v[b]) })
	return idx[(len(v)-1)/2]
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
