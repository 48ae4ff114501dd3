package pipeline_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore"
	"github.com/newsgraph/newsgraph/graphstore/memory"
	"github.com/newsgraph/newsgraph/pipeline"
	"github.com/newsgraph/newsgraph/pipeline/source"
)

var (
	xOnce sync.Once
	x     *extract.Extractor
)

func mustExtractor(tb testing.TB) *extract.Extractor {
	tb.Helper()
	xOnce.Do(func() {
		var err error
		if x, err = extract.NewDefault(); err != nil {
			tb.Fatal(err)
		}
	})
	return x
}

func walk(inputs ...string) pipeline.Source {
	return func(ctx context.Context, fn func(source.Record) error) error {
		return source.Walk(ctx, inputs, source.Options{}, nil, fn)
	}
}

// build runs the pipeline into a fresh memory store and returns its JSON and DOT.
func build(t *testing.T, src pipeline.Source, workers int) (jsonOut, dot []byte, stats pipeline.Stats) {
	t.Helper()
	ctx := context.Background()
	st := memory.New()
	stats, err := pipeline.Run(ctx, src, mustExtractor(t), func(ctx context.Context, b []*extract.Result) error {
		_, err := st.Add(ctx, b)
		return err
	}, pipeline.Config{Workers: workers, BatchSize: 3})
	if err != nil {
		t.Fatal(err)
	}
	g, err := st.Graph(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var j, d bytes.Buffer
	if err := graphstore.WriteJSON(&j, g); err != nil {
		t.Fatal(err)
	}
	if err := graphstore.WriteDOT(&d, g); err != nil {
		t.Fatal(err)
	}
	return j.Bytes(), d.Bytes(), stats
}

func TestWorkersDoNotChangeOutput(t *testing.T) {
	src := walk("../fixtures/articles", "../fixtures/dumps/sample.jsonl")
	j1, d1, s1 := build(t, src, 1)
	if s1.Articles < 4 {
		t.Fatalf("only %d articles in the fixtures", s1.Articles)
	}
	for _, w := range []int{2, 8} {
		j, d, s := build(t, src, w)
		if s.Articles != s1.Articles {
			t.Errorf("workers=%d: %d articles, want %d", w, s.Articles, s1.Articles)
		}
		if !bytes.Equal(j, j1) {
			t.Errorf("workers=%d: JSON differs from workers=1", w)
		}
		if !bytes.Equal(d, d1) {
			t.Errorf("workers=%d: DOT differs from workers=1", w)
		}
	}
}

// sliceSource yields fixed articles and bad records.
func sliceSource(recs []source.Record) pipeline.Source {
	return func(ctx context.Context, fn func(source.Record) error) error {
		for _, r := range recs {
			if err := fn(r); err != nil {
				return err
			}
		}
		return nil
	}
}

func articles(n int) []source.Record {
	var recs []source.Record
	for i := range n {
		recs = append(recs, source.Record{
			Pos:     source.Position{File: "mem", Line: i + 1},
			Article: extract.Article{ID: fmt.Sprint("a", i), Text: fmt.Sprintf("Joe Biden met Angela Merkel in Berlin on day %d.", i)},
		})
	}
	return recs
}

func TestOrderAndSkips(t *testing.T) {
	recs := articles(20)
	recs[5] = source.Record{Pos: source.Position{File: "mem", Line: 6}, Err: fmt.Errorf("mem line 6: %w", source.ErrMalformed)}
	var skipped []string
	var got []string
	stats, err := pipeline.Run(context.Background(), sliceSource(recs), mustExtractor(t),
		func(ctx context.Context, b []*extract.Result) error {
			for _, r := range b {
				got = append(got, r.ID)
			}
			return nil
		}, pipeline.Config{Workers: 4, BatchSize: 2, OnSkip: func(p source.Position, err error) { skipped = append(skipped, p.String()) }})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for i := range 20 {
		if i != 5 {
			want = append(want, fmt.Sprint("a", i))
		}
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("order %v, want %v", got, want)
	}
	if stats.Read != 20 || stats.Articles != 19 || stats.Skipped[source.ErrMalformed.Error()] != 1 {
		t.Errorf("stats %+v", stats)
	}
	if len(skipped) != 1 || skipped[0] != "mem line 6" {
		t.Errorf("skipped %v", skipped)
	}
}

type failing struct{ pipeline.Extractor }

func (f failing) Extract(a *extract.Article) (*extract.Result, error) {
	if strings.HasSuffix(a.ID, "3") {
		return nil, errors.New("boom")
	}
	return f.Extractor.Extract(a)
}

func TestMaxErrors(t *testing.T) {
	_, err := pipeline.Run(context.Background(), sliceSource(articles(40)), failing{mustExtractor(t)},
		func(context.Context, []*extract.Result) error { return nil }, pipeline.Config{Workers: 2, MaxErrors: 2})
	if !errors.Is(err, pipeline.ErrTooManyErrors) {
		t.Fatalf("err %v, want ErrTooManyErrors", err)
	}
}

func TestSinkErrorStops(t *testing.T) {
	boom := errors.New("store down")
	_, err := pipeline.Run(context.Background(), sliceSource(articles(50)), mustExtractor(t),
		func(context.Context, []*extract.Result) error { return boom }, pipeline.Config{Workers: 2, BatchSize: 1})
	if !errors.Is(err, boom) {
		t.Fatalf("err %v, want %v", err, boom)
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	_, err := pipeline.Run(ctx, sliceSource(articles(200)), mustExtractor(t),
		func(context.Context, []*extract.Result) error {
			n++
			if n == 2 {
				cancel()
			}
			return nil
		}, pipeline.Config{Workers: 2, BatchSize: 1})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want context.Canceled", err)
	}
}

// TestWriteBehind: with WriteBehind the sink runs beside the extraction, yet still gets the
// batches in input order, one call at a time, and Run returns only after the last call; a
// sink error still stops the run. The slow sink shows the overlap: when a call ends, the
// writer has already taken articles past the ones delivered so far; in step, it has not.
func TestWriteBehind(t *testing.T) {
	for _, ahead := range []int{0, 1, 3} {
		t.Run(fmt.Sprint("ahead=", ahead), func(t *testing.T) {
			var (
				mu         sync.Mutex
				got        []string
				inSink     bool
				concurrent bool
				taken      int
				ran        bool // a call ended with articles taken beyond those delivered
			)
			cfg := pipeline.Config{Workers: 1, BatchSize: 5, WriteBehind: ahead, ProgressEvery: time.Nanosecond,
				Progress: func(s pipeline.Stats) { mu.Lock(); taken = s.Articles; mu.Unlock() }}
			_, err := pipeline.Run(context.Background(), sliceSource(articles(30)), mustExtractor(t),
				func(ctx context.Context, b []*extract.Result) error {
					mu.Lock()
					concurrent = concurrent || inSink
					inSink = true
					mu.Unlock()
					time.Sleep(50 * time.Millisecond)
					mu.Lock()
					defer mu.Unlock()
					for _, r := range b {
						got = append(got, r.ID)
					}
					ran = ran || taken > len(got)
					inSink = false
					return nil
				}, cfg)
			mu.Lock()
			defer mu.Unlock()
			if err != nil || len(got) != 30 {
				t.Fatalf("Run: %v, %d results reached the sink before it returned", err, len(got))
			}
			for i, id := range got {
				if id != fmt.Sprint("a", i) {
					t.Fatalf("order %v", got)
				}
			}
			if concurrent {
				t.Error("two sink calls ran at once")
			}
			if ran != (ahead > 0) {
				t.Errorf("WriteBehind %d: extraction went on during a sink call = %v", ahead, ran)
			}
		})
	}
	boom := errors.New("store down")
	_, err := pipeline.Run(context.Background(), sliceSource(articles(50)), mustExtractor(t),
		func(context.Context, []*extract.Result) error { return boom }, pipeline.Config{Workers: 2, BatchSize: 1, WriteBehind: 2})
	if !errors.Is(err, boom) {
		t.Fatalf("err %v, want %v", err, boom)
	}
}
