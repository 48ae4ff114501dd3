package kafka

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/newsgraph/newsgraph/pipeline"
	"github.com/newsgraph/newsgraph/pipeline/source"
)

// ProduceConfig tunes Produce. The zero value is usable.
type ProduceConfig struct {
	// MaxMessageBytes bounds one message (DefaultMaxMessageBytes when 0); a larger article is
	// skipped as too large.
	MaxMessageBytes int
	// MaxErrors aborts after this many skipped records; 0 means never.
	MaxErrors int
	// OnSkip is called for every skipped record, from one goroutine.
	OnSkip func(pos source.Position, err error)
}

// Produce sends every article of src to topic as Encode makes it, keyed by id, and returns
// once the brokers acknowledged all of them. cl should be an idempotent producer (franz-go's
// default), so a retried send is never written twice. Bad records are skipped, counted by
// reason and passed to OnSkip, as a batch run does; Stats.Articles counts acknowledged
// articles.
func Produce(ctx context.Context, cl *kgo.Client, topic string, src pipeline.Source, cfg ProduceConfig) (pipeline.Stats, error) {
	began := time.Now()
	maxBytes := cfg.MaxMessageBytes
	if maxBytes <= 0 {
		maxBytes = DefaultMaxMessageBytes
	}
	st := pipeline.Stats{Skipped: map[string]int{}}
	var (
		mu       sync.Mutex
		acked    int
		firstErr error
	)
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	skip := func(pos source.Position, err error) error {
		st.Read++
		st.Skipped[pipeline.Reason(err)]++
		if cfg.OnSkip != nil {
			cfg.OnSkip(pos, err)
		}
		if cfg.MaxErrors > 0 && st.SkippedTotal() > cfg.MaxErrors {
			return fmt.Errorf("%w: more than %d skipped", pipeline.ErrTooManyErrors, cfg.MaxErrors)
		}
		return nil
	}
	err := src(ctx, func(r source.Record) error {
		if r.Err != nil {
			return skip(r.Pos, r.Err)
		}
		key, value, err := Encode(&r.Article)
		if err != nil {
			return skip(r.Pos, fmt.Errorf("%s: %w", r.Pos, err))
		}
		if len(key)+len(value) > maxBytes {
			return skip(r.Pos, fmt.Errorf("%s: %w: message of %d bytes, more than %d", r.Pos, source.ErrTooLarge, len(key)+len(value), maxBytes))
		}
		st.Read++
		st.Words += int64(len(strings.Fields(r.Article.Text)))
		// Produce blocks once MaxBufferedRecords are waiting: the dump is read no faster than
		// the brokers take it.
		cl.Produce(ctx, &kgo.Record{Topic: topic, Key: key, Value: value}, func(_ *kgo.Record, err error) {
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if firstErr == nil {
					firstErr = err
					cancel(err)
				}
				return
			}
			acked++
		})
		return context.Cause(ctx)
	})
	if ferr := cl.Flush(context.WithoutCancel(ctx)); err == nil {
		err = ferr
	}
	mu.Lock()
	defer mu.Unlock()
	st.Articles = acked
	st.Elapsed = time.Since(began)
	if firstErr != nil {
		err = firstErr
	}
	if err != nil {
		return st, fmt.Errorf("produce to %s: %w", topic, err)
	}
	return st, nil
}

// Retract sends a tombstone, a record with a null value, for each id to topic and returns
// how many the brokers acknowledged. A tombstone is keyed by Key(id), as Produce keys the
// article, so it lands on the article's partition, after every version sent before it; a
// Consumer deletes the article, and log compaction drops the versions before it. Every id
// is checked before any is sent.
func Retract(ctx context.Context, cl *kgo.Client, topic string, ids []string) (int, error) {
	recs := make([]*kgo.Record, len(ids))
	for i, id := range ids {
		key, err := Key(id)
		if err != nil {
			return 0, fmt.Errorf("retract from %s: id %d of %d: %w", topic, i+1, len(ids), err)
		}
		recs[i] = &kgo.Record{Topic: topic, Key: key} // Value nil: a tombstone
	}
	acked := 0
	var firstErr error
	for _, r := range cl.ProduceSync(ctx, recs...) {
		if r.Err == nil {
			acked++
		} else if firstErr == nil {
			firstErr = fmt.Errorf("%s: %w", r.Record.Key, r.Err)
		}
	}
	if firstErr != nil {
		return acked, fmt.Errorf("retract from %s: %d of %d tombstones not sent: %w", topic, len(ids)-acked, len(ids), firstErr)
	}
	return acked, nil
}

// EnsureTopic creates topic with the given number of partitions (and the brokers' default
// replication) unless it exists.
func EnsureTopic(ctx context.Context, cl *kgo.Client, topic string, partitions int32) error {
	resp, err := kadm.NewClient(cl).CreateTopic(ctx, partitions, -1, nil, topic)
	if err == nil {
		err = resp.Err
	}
	if err != nil && !errors.Is(err, kerr.TopicAlreadyExists) {
		return fmt.Errorf("create topic %s: %w", topic, err)
	}
	return nil
}
