package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"hash/fnv"
	"io"
	"log/slog"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/pipeline"
	"github.com/newsgraph/newsgraph/pipeline/source"
)

// common holds the flags every command that reads articles shares.
type common struct {
	workers   int
	maxErrors int
	quiet     bool
	// learnedStance turns on extract.Options.LearnedStance.
	learnedStance bool
	// noStance turns on extract.Options.NoStance.
	noStance  bool
	gazetteer stringList
	aliases   stringList
	fields    source.Fields
	shard     shard
	bytesRead atomic.Int64
}

type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

type fieldList struct{ dst *[]string }

func (f fieldList) String() string {
	if f.dst == nil {
		return ""
	}
	return strings.Join(*f.dst, ",")
}
func (f fieldList) Set(v string) error { *f.dst = strings.Split(v, ","); return nil }

// register adds the flags of the commands that read and extract articles.
func (c *common) register(fs *flag.FlagSet) {
	fs.BoolVar(&c.quiet, "quiet", false, "no progress lines (skipped records and the summary are still reported)")
	c.registerExtract(fs)
	c.registerInput(fs)
}

// registerExtract adds the flags that tune extraction.
func (c *common) registerExtract(fs *flag.FlagSet) {
	fs.IntVar(&c.workers, "workers", runtime.GOMAXPROCS(0), "extraction workers")
	fs.BoolVar(&c.learnedStance, "learned-stance", false, "add the learned stance layer (trained on DSE) for pairs the syntactic rules miss: more stances, less precise (docs/stance.md)")
	fs.BoolVar(&c.noStance, "no-stance", false, "entities and co-occurrence only: no parse, coreference or stance edges (about 30% less CPU); a store keeps these as the articles' versions: a later run with stance does not revisit them")
	fs.Var(&c.gazetteer, "gazetteer", "extra gazetteer `FILE` (TSV: name, type, |-separated aliases); repeatable")
	fs.Var(&c.aliases, "aliases", "extra alias `FILE` (TSV: alias, canonical name); repeatable")
}

// registerInput adds the flags that say how to read the input: the field names, the
// shard, and how many bad records to tolerate.
func (c *common) registerInput(fs *flag.FlagSet) {
	fs.IntVar(&c.maxErrors, "max-errors", 0, "abort after `N` skipped records (0: never)")
	fs.Var(&c.shard, "shard", "process only shard `i/n` of the input (by article id), to split a dump across processes")
	fs.Var(fieldList{&c.fields.ID}, "field-id", "JSON/CSV `names` of the id field, comma-separated")
	fs.Var(fieldList{&c.fields.Title}, "field-title", "JSON/CSV `names` of the title field")
	fs.Var(fieldList{&c.fields.Date}, "field-date", "JSON/CSV `names` of the date field")
	fs.Var(fieldList{&c.fields.Text}, "field-text", "JSON/CSV `names` of the text field")
	fs.Var(fieldList{&c.fields.URL}, "field-url", "JSON/CSV `names` of the url field")
	fs.Var(fieldList{&c.fields.Source}, "field-source", "JSON/CSV `names` of the source field")
}

// parse parses args with fs and returns the inputs, mapping -h and bad flags to exit codes.
func parse(fs *flag.FlagSet, args []string, stderr io.Writer) ([]string, error) {
	if err := parseFlags(fs, args, stderr); err != nil {
		return nil, err
	}
	if fs.NArg() == 0 {
		fmt.Fprintf(stderr, "%s: no INPUT given\n", fs.Name())
		fs.Usage()
		return nil, &exitError{code: exitUsage}
	}
	return fs.Args(), nil
}

// usageError returns a function that reports a usage error of fs's command on stderr, with
// the usage, and returns the usage exit code.
func usageError(fs *flag.FlagSet, stderr io.Writer) func(format string, a ...any) error {
	return func(format string, a ...any) error {
		fmt.Fprintf(stderr, "%s: %s\n", fs.Name(), fmt.Sprintf(format, a...))
		fs.Usage()
		return &exitError{code: exitUsage}
	}
}

// parseFlags parses args with fs, errors to stderr: --help exits 0, a bad flag 2.
func parseFlags(fs *flag.FlagSet, args []string, stderr io.Writer) error {
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return &exitError{code: exitOK}
		}
		return &exitError{code: exitUsage}
	}
	return nil
}

// lexicon returns the shipped lexicon extended with the user's --gazetteer and --aliases.
func (c *common) lexicon() (*extract.Lexicon, error) {
	lex, err := extract.DefaultLexicon()
	if err != nil {
		return nil, err
	}
	for _, f := range c.gazetteer {
		if err := loadFile(f, lex.LoadGazetteer); err != nil {
			return nil, err
		}
	}
	for _, f := range c.aliases {
		if err := loadFile(f, lex.LoadAliases); err != nil {
			return nil, err
		}
	}
	return lex, nil
}

func (c *common) extractor() (*extract.Extractor, error) {
	lex, err := c.lexicon()
	if err != nil {
		return nil, err
	}
	if c.noStance && c.learnedStance {
		return nil, &exitError{code: exitUsage, err: fmt.Errorf("--no-stance and --learned-stance: pick one")}
	}
	return extract.New(extract.LoadModel(), lex, extract.Options{LearnedStance: c.learnedStance, NoStance: c.noStance}), nil
}

func loadFile(name string, load func(io.Reader, string) error) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return load(f, name)
}

// source returns the pipeline source over inputs, restricted to this process's shard.
func (c *common) source(inputs []string, stdin io.Reader) pipeline.Source {
	opts := source.Options{Fields: c.fields, Counter: &c.bytesRead}
	return func(ctx context.Context, fn func(source.Record) error) error {
		return source.Walk(ctx, inputs, opts, stdin, func(r source.Record) error {
			if !c.shard.owns(r) {
				return nil
			}
			return fn(r)
		})
	}
}

// config returns the pipeline config: skipped records are reported on stderr as they
// happen, progress as a bar on a terminal or a log line every few seconds.
func (c *common) config(ctx context.Context, inputs []string, stderr io.Writer) (pipeline.Config, *progress) {
	cfg := pipeline.Config{Workers: c.workers, MaxErrors: c.maxErrors}
	// Skipped records are always reported, --quiet or not: they are data the user lost.
	cfg.OnSkip = func(pos source.Position, err error) { fmt.Fprintf(stderr, "skip: %v\n", err) }
	if c.quiet {
		return cfg, &progress{}
	}
	total, _ := source.TotalSize(ctx, inputs, source.Options{})
	p := newProgress(stderr, logger(stderr, false), total, &c.bytesRead)
	cfg.Progress = p.update
	return cfg, p
}

// shard selects one of n disjoint parts of the input, so that n processes (or machines)
// can share one dump: an article belongs to shard hash(id) mod n; a bad record, which has
// no trustworthy id, to its line number mod n, so it is reported exactly once overall.
type shard struct{ i, n int }

func (s *shard) String() string {
	if s.n <= 1 {
		return "0/1"
	}
	return fmt.Sprintf("%d/%d", s.i, s.n)
}

func (s *shard) Set(v string) error {
	var i, n int
	if _, err := fmt.Sscanf(v, "%d/%d", &i, &n); err != nil || n < 1 || i < 0 || i >= n {
		return fmt.Errorf("want i/n with 0 <= i < n, got %q", v)
	}
	s.i, s.n = i, n
	return nil
}

func (s *shard) owns(r source.Record) bool {
	if s.n <= 1 {
		return true
	}
	if r.Err != nil {
		return r.Pos.Line%s.n == s.i
	}
	h := fnv.New64a()
	h.Write([]byte(r.Article.ID))
	return int(h.Sum64()%uint64(s.n)) == s.i
}

func rate(n float64, d time.Duration) string {
	if d <= 0 {
		return "0"
	}
	return fmt.Sprintf("%.0f", n/d.Seconds())
}

// summarize prints the end-of-run summary and turns skipped records into exit code 3.
func summarize(w io.Writer, s pipeline.Stats, extra string) error {
	fmt.Fprintf(w, "read %d records: %d articles, %d skipped", s.Read, s.Articles, s.SkippedTotal())
	if len(s.Skipped) > 0 {
		var parts []string
		for k, v := range s.Skipped {
			parts = append(parts, fmt.Sprintf("%s: %d", k, v))
		}
		sort.Strings(parts)
		fmt.Fprintf(w, " (%s)", strings.Join(parts, ", "))
	}
	fmt.Fprintf(w, "; %s%.2fs, %s words/s\n", extra, s.Elapsed.Seconds(), rate(float64(s.Words), s.Elapsed))
	if s.SkippedTotal() > 0 {
		return &exitError{code: exitSkipped}
	}
	return nil
}

func logger(stderr io.Writer, quiet bool) *slog.Logger {
	level := slog.LevelInfo
	if quiet {
		level = slog.LevelWarn
	}
	return slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
}
