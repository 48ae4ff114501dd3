package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/newsgraph/newsgraph/pipeline"
)

// progress shows how a run goes: a redrawn bar on a terminal, a log line every few seconds
// otherwise (a CI log or a file has no use for carriage returns).
type progress struct {
	w      io.Writer
	log    *slog.Logger
	tty    bool
	total  int64         // bytes of input on disk, when known
	read   *atomic.Int64 // raw bytes read so far
	last   time.Time
	drawn  bool
	minGap time.Duration
}

func newProgress(stderr io.Writer, log *slog.Logger, total int64, read *atomic.Int64) *progress {
	p := &progress{w: stderr, log: log, total: total, read: read, tty: isTerminal(stderr), minGap: 5 * time.Second}
	if p.tty {
		p.minGap = 200 * time.Millisecond
	}
	p.last = time.Now()
	return p
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// update is the pipeline's Progress callback.
func (p *progress) update(s pipeline.Stats) {
	if time.Since(p.last) < p.minGap {
		return
	}
	p.last = time.Now()
	frac, eta := p.eta(s.Elapsed)
	if !p.tty {
		args := []any{"articles", s.Articles, "skipped", s.SkippedTotal(),
			"articles_per_s", rate(float64(s.Articles), s.Elapsed), "words_per_s", rate(float64(s.Words), s.Elapsed)}
		if frac >= 0 {
			args = append(args, "done", fmt.Sprintf("%.0f%%", frac*100), "eta", eta.Round(time.Second).String())
		}
		p.log.Info("progress", args...)
		return
	}
	bar := ""
	if frac >= 0 {
		const width = 24
		n := int(frac * width)
		bar = fmt.Sprintf("[%s%s] %3.0f%%  ETA %-8s ", strings.Repeat("=", n), strings.Repeat(" ", width-n), frac*100, eta.Round(time.Second))
	}
	fmt.Fprintf(p.w, "\r%s%d articles  %s articles/s  %s words/s  %d skipped ", bar, s.Articles,
		rate(float64(s.Articles), s.Elapsed), rate(float64(s.Words), s.Elapsed), s.SkippedTotal())
	p.drawn = true
}

// eta returns the fraction of the input read and the time left, or -1 when the size of the
// input is unknown.
func (p *progress) eta(elapsed time.Duration) (float64, time.Duration) {
	if p.total <= 0 || p.read == nil {
		return -1, 0
	}
	frac := float64(p.read.Load()) / float64(p.total)
	if frac <= 0 {
		return 0, 0
	}
	frac = min(frac, 1)
	return frac, time.Duration(float64(elapsed) * (1 - frac) / frac)
}

// finish ends the bar's line so the summary starts on its own.
func (p *progress) finish() {
	if p.drawn {
		fmt.Fprintln(p.w)
	}
}
