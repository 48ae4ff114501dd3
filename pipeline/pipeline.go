// Package pipeline runs extraction over a stream of articles: one reader, a fixed set of
// extraction workers, and one writer that receives results in input order, wired with a
// context, bounded channels and errgroup. At most a fixed window of articles is in flight,
// so memory stays flat however long the dump is.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/pipeline/source"
)

// ErrTooManyErrors is returned when more records were skipped than Config.MaxErrors allows.
var ErrTooManyErrors = errors.New("too many bad records")

// ErrExtract is the skip reason of an article the extractor failed on.
var ErrExtract = errors.New("extraction failed")

// Extractor extracts one article; *extract.Extractor is one.
type Extractor interface {
	Extract(*extract.Article) (*extract.Result, error)
}

// Source produces records; it calls fn once per record, in order, until fn returns an error.
type Source func(ctx context.Context, fn func(source.Record) error) error

// Sink receives results in input order, a batch at a time.
type Sink func(ctx context.Context, batch []*extract.Result) error

// Config tunes Run. The zero value is usable.
type Config struct {
	Workers   int // extraction goroutines; default GOMAXPROCS
	BatchSize int // results per Sink call; default 256
	MaxErrors int // abort after this many skipped records; 0 means never
	// OnSkip is called, from one goroutine at a time, for every skipped record.
	OnSkip func(pos source.Position, err error)
	// Progress, if set, is called from the writer with a snapshot of the stats, at most once
	// per ProgressEvery (default half a second), and once at the end.
	Progress      func(Stats)
	ProgressEvery time.Duration
}

// Stats describe a run.
type Stats struct {
	Read     int            // records read, good and bad
	Articles int            // articles extracted and handed to the sink
	Skipped  map[string]int // skipped records by reason
	Words    int64          // words in the extracted articles
	Elapsed  time.Duration
}

// SkippedTotal is the number of skipped records.
func (s Stats) SkippedTotal() int {
	n := 0
	for _, v := range s.Skipped {
		n += v
	}
	return n
}

type job struct {
	seq     int
	pos     source.Position
	article extract.Article
}

type done struct {
	job
	res *extract.Result
	err error
}

// Run extracts every article of src with x and hands the results to sink in input order, so
// the output does not depend on the number of workers. It stops at the first sink error, at
// ctx's cancellation, or when MaxErrors is exceeded; the stats count what was done until then.
func Run(ctx context.Context, src Source, x Extractor, sink Sink, cfg Config) (Stats, error) {
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	batchSize := cfg.BatchSize
	if batchSize <= 0 {
		batchSize = 256
	}
	began := time.Now()
	st := &stats{s: Stats{Skipped: map[string]int{}}, cfg: cfg}

	g, ctx := errgroup.WithContext(ctx)
	// window bounds the articles between the reader and the writer: the reorder buffer can
	// never hold more than this, however slow one article is.
	window := make(chan struct{}, workers*4)
	jobs := make(chan job, workers)
	results := make(chan done, workers)

	g.Go(func() error {
		defer close(jobs)
		seq := 0
		return src(ctx, func(r source.Record) error {
			if r.Err != nil {
				return st.skip(r.Pos, r.Err)
			}
			select {
			case window <- struct{}{}:
			case <-ctx.Done():
				return ctx.Err()
			}
			select {
			case jobs <- job{seq: seq, pos: r.Pos, article: r.Article}:
				seq++
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	})

	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		g.Go(func() error {
			defer wg.Done()
			for j := range jobs {
				res, err := x.Extract(&j.article)
				select {
				case results <- done{job: j, res: res, err: err}:
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			return nil
		})
	}
	go func() { wg.Wait(); close(results) }()

	every := cfg.ProgressEvery
	if every <= 0 {
		every = 500 * time.Millisecond
	}
	var lastProgress time.Time
	tick := func(force bool) {
		if cfg.Progress != nil && (force || time.Since(lastProgress) >= every) {
			lastProgress = time.Now()
			st.progress(began)
		}
	}

	g.Go(func() error {
		pending := map[int]done{}
		next := 0
		var batch []*extract.Result
		flush := func() error {
			if len(batch) == 0 {
				return nil
			}
			if err := sink(ctx, batch); err != nil {
				return err
			}
			batch = nil
			return nil
		}
		for d := range results {
			pending[d.seq] = d
			for {
				d, ok := pending[next]
				if !ok {
					break
				}
				delete(pending, next)
				next++
				<-window
				if d.err != nil {
					if err := st.skip(d.pos, fmt.Errorf("%s: %w: %v", d.pos, ErrExtract, d.err)); err != nil {
						return err
					}
					continue
				}
				st.article(d.res)
				tick(false)
				batch = append(batch, d.res)
				if len(batch) >= batchSize {
					if err := flush(); err != nil {
						return err
					}
				}
			}
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := flush(); err != nil {
			return err
		}
		tick(true)
		return nil
	})

	err := g.Wait()
	out := st.snapshot()
	out.Elapsed = time.Since(began)
	return out, err
}

// stats is Stats behind a mutex: the reader and the writer both count.
type stats struct {
	mu  sync.Mutex
	s   Stats
	cfg Config
}

func (st *stats) skip(pos source.Position, err error) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.s.Read++
	st.s.Skipped[Reason(err)]++
	if st.cfg.OnSkip != nil {
		st.cfg.OnSkip(pos, err)
	}
	if st.cfg.MaxErrors > 0 && st.s.SkippedTotal() > st.cfg.MaxErrors {
		return fmt.Errorf("%w: more than %d skipped", ErrTooManyErrors, st.cfg.MaxErrors)
	}
	return nil
}

func (st *stats) article(r *extract.Result) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.s.Read++
	st.s.Articles++
	st.s.Words += int64(r.Words)
}

func (st *stats) progress(began time.Time) {
	s := st.snapshot()
	s.Elapsed = time.Since(began)
	st.cfg.Progress(s)
}

func (st *stats) snapshot() Stats {
	st.mu.Lock()
	defer st.mu.Unlock()
	s := st.s
	s.Skipped = make(map[string]int, len(st.s.Skipped))
	for k, v := range st.s.Skipped {
		s.Skipped[k] = v
	}
	return s
}

// Reason names the skip reason of err for summaries.
func Reason(err error) string {
	for _, r := range source.Reasons {
		if errors.Is(err, r) {
			return r.Error()
		}
	}
	if errors.Is(err, ErrExtract) {
		return ErrExtract.Error()
	}
	return "other"
}
