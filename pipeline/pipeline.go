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
	// WriteBehind lets the sink run on a goroutine of its own, up to this many batches
	// behind the extraction: a store that spends its time waiting on a server (Neo4j)
	// then writes one batch while the workers extract the next, instead of in turn. 0 calls
	// the sink in step with the writer. Either way batches arrive in input order, one
	// call at a time, and Run returns only after the last call has returned.
	WriteBehind int
	MaxErrors   int // abort after this many skipped records; 0 means never
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
	cfg = cfg.withDefaults()
	began := time.Now()
	st := &stats{s: Stats{Skipped: map[string]int{}}, cfg: cfg}

	g, ctx := errgroup.WithContext(ctx)
	// window bounds the articles between the reader and the writer: the reorder buffer can
	// never hold more than this, however slow one article is.
	window := make(chan struct{}, cfg.Workers*4)
	jobs := make(chan job, cfg.Workers)
	results := make(chan done, cfg.Workers)

	g.Go(func() error {
		defer close(jobs)
		return read(ctx, src, st, window, jobs)
	})
	var workers sync.WaitGroup
	for range cfg.Workers {
		workers.Add(1)
		g.Go(func() error {
			defer workers.Done()
			return extractJobs(ctx, x, jobs, results)
		})
	}
	go func() { workers.Wait(); close(results) }()
	w := &writer{
		sink: sink, batchSize: cfg.BatchSize, st: st, window: window, pending: map[int]done{},
		progress: progressTicker{every: cfg.ProgressEvery},
	}
	if cfg.Progress != nil {
		w.progress.report = func() { st.progress(began) }
	}
	if cfg.WriteBehind > 0 {
		// The batches queue here; the sink goroutine drains them in order. When the sink
		// fails, the errgroup cancels ctx, which stops the writer's next send.
		batches := make(chan []*extract.Result, cfg.WriteBehind-1)
		w.sink = func(ctx context.Context, b []*extract.Result) error { return send(ctx, batches, b) }
		g.Go(func() error {
			for b := range batches {
				if err := sink(ctx, b); err != nil {
					return err
				}
			}
			return nil
		})
		g.Go(func() error { defer close(batches); return w.run(ctx, results) })
	} else {
		g.Go(func() error { return w.run(ctx, results) })
	}

	err := g.Wait()
	out := st.snapshot()
	out.Elapsed = time.Since(began)
	return out, err
}

func (c Config) withDefaults() Config {
	if c.Workers <= 0 {
		c.Workers = runtime.GOMAXPROCS(0)
	}
	if c.BatchSize <= 0 {
		c.BatchSize = 256
	}
	if c.ProgressEvery <= 0 {
		c.ProgressEvery = 500 * time.Millisecond
	}
	return c
}

// read is Run's first stage: it numbers src's articles in input order and sends them to the
// workers, each holding a slot of window until the writer is done with it. Bad records are
// counted as skipped here.
func read(ctx context.Context, src Source, st *stats, window chan<- struct{}, jobs chan<- job) error {
	seq := 0
	return src(ctx, func(r source.Record) error {
		if r.Err != nil {
			return st.skip(r.Pos, r.Err)
		}
		if err := send(ctx, window, struct{}{}); err != nil {
			return err
		}
		if err := send(ctx, jobs, job{seq: seq, pos: r.Pos, article: r.Article}); err != nil {
			return err
		}
		seq++
		return nil
	})
}

// extractJobs is one worker: it extracts articles until jobs is closed.
func extractJobs(ctx context.Context, x Extractor, jobs <-chan job, results chan<- done) error {
	for j := range jobs {
		res, err := x.Extract(&j.article)
		if err := send(ctx, results, done{job: j, res: res, err: err}); err != nil {
			return err
		}
	}
	return nil
}

// send sends v on ch unless ctx is done first.
func send[T any](ctx context.Context, ch chan<- T, v T) error {
	select {
	case ch <- v:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// writer is Run's last stage: it puts the results back in input order, counts them, and
// hands them to the sink a batch at a time.
type writer struct {
	sink      Sink
	batchSize int
	st        *stats
	window    <-chan struct{} // a slot is given back for every article taken
	progress  progressTicker

	pending map[int]done // results that arrived before one that precedes them
	next    int          // the sequence number input order needs next
	batch   []*extract.Result
}

// run takes results until the workers are done, then flushes the last batch. After a
// cancellation the results stop early: nothing more reaches the sink.
func (w *writer) run(ctx context.Context, results <-chan done) error {
	for d := range results {
		w.pending[d.seq] = d
		if err := w.takeInOrder(ctx); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := w.flush(ctx); err != nil {
		return err
	}
	w.progress.final()
	return nil
}

// takeInOrder takes the pending results that come next in input order.
func (w *writer) takeInOrder(ctx context.Context) error {
	for {
		d, ok := w.pending[w.next]
		if !ok {
			return nil
		}
		delete(w.pending, w.next)
		w.next++
		<-w.window
		if err := w.take(ctx, d); err != nil {
			return err
		}
	}
}

// take adds one result to the batch, flushing it when full, or counts the skip of an article
// the extractor failed on.
func (w *writer) take(ctx context.Context, d done) error {
	if d.err != nil {
		return w.st.skip(d.pos, fmt.Errorf("%s: %w: %v", d.pos, ErrExtract, d.err))
	}
	w.st.article(d.res)
	w.progress.tick()
	w.batch = append(w.batch, d.res)
	if len(w.batch) < w.batchSize {
		return nil
	}
	return w.flush(ctx)
}

// flush hands the batch to the sink.
func (w *writer) flush(ctx context.Context) error {
	if len(w.batch) == 0 {
		return nil
	}
	err := w.sink(ctx, w.batch)
	w.batch = nil
	return err
}

// progressTicker calls report at most once per interval, and once more at the end.
type progressTicker struct {
	report func() // nil: nobody asked for progress
	every  time.Duration
	last   time.Time
}

func (p *progressTicker) tick() {
	if p.report != nil && time.Since(p.last) >= p.every {
		p.last = time.Now()
		p.report()
	}
}

func (p *progressTicker) final() {
	if p.report != nil {
		p.report()
	}
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
