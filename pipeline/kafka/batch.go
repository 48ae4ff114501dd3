package kafka

import (
	"context"
	"fmt"
	"strconv"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/pipeline"
	"github.com/newsgraph/newsgraph/pipeline/source"
)

// position names a record the way the dump readers name a line: "topic[partition] offset N".
func position(r *kgo.Record) source.Position {
	return source.Position{File: fmt.Sprintf("%s[%d]", r.Topic, r.Partition), Offset: r.Offset}
}

// extract runs one batch through pipeline.Run: the same bounded, ordered worker pool a batch
// run uses, over a Source that decodes the polled records. Bad records (undecodable, or
// that the extractor fails on) are logged with partition and offset and kept for the
// dead-letter topic.
func (c *Consumer) extract(ctx context.Context, b *batch) error {
	byPos := make(map[source.Position]*kgo.Record, len(b.recs))
	for _, r := range b.recs {
		byPos[position(r)] = r
	}
	src := func(ctx context.Context, fn func(source.Record) error) error {
		for _, r := range b.recs {
			pos := position(r)
			a, err := Decode(r.Value, c.cfg.MaxMessageBytes)
			rec := source.Record{Article: a, Pos: pos}
			if err != nil {
				rec = source.Record{Pos: pos, Err: fmt.Errorf("%s: %w", pos, err)}
			}
			if err := fn(rec); err != nil {
				return err
			}
		}
		return nil
	}
	cfg := pipeline.Config{
		Workers:   c.cfg.Workers,
		BatchSize: len(b.recs),
		OnSkip: func(pos source.Position, err error) {
			r := byPos[pos]
			reason := pipeline.Reason(err)
			c.metrics.badRecord(reason)
			c.log.Warn("bad record", "topic", r.Topic, "partition", r.Partition, "offset", r.Offset,
				"reason", reason, "err", err)
			b.bad = append(b.bad, badRecord{rec: r, err: err})
		},
	}
	stats, err := pipeline.Run(ctx, src, c.x, func(_ context.Context, rs []*extract.Result) error {
		b.results = append(b.results, rs...)
		return nil
	}, cfg)
	if err != nil {
		return fmt.Errorf("kafka consumer: extract: %w", err)
	}
	b.words = stats.Words
	return nil
}

// Headers of a dead-letter record, beside the original record's own.
const (
	HeaderError     = "newsgraph-error"     // why the record was skipped
	HeaderReason    = "newsgraph-reason"    // the skip reason alone, e.g. "malformed record"
	HeaderSource    = "newsgraph-source"    // topic/partition/offset of the original
	HeaderTruncated = "newsgraph-truncated" // original size, when the value was left out
)

// deadLetter copies bad records to the dead-letter topic and waits for the brokers to have
// them: their offsets are committed right after, so a copy that did not make it would be
// lost. A value too large to be sent again is left out and its size noted.
func (c *Consumer) deadLetter(ctx context.Context, cl *kgo.Client, bad []badRecord) error {
	if c.cfg.DLQ == "" || len(bad) == 0 {
		return nil
	}
	out := make([]*kgo.Record, 0, len(bad))
	for _, b := range bad {
		r := b.rec
		d := &kgo.Record{
			Topic: c.cfg.DLQ,
			Key:   r.Key,
			Value: r.Value,
			Headers: append(append([]kgo.RecordHeader(nil), r.Headers...),
				kgo.RecordHeader{Key: HeaderError, Value: []byte(b.err.Error())},
				kgo.RecordHeader{Key: HeaderReason, Value: []byte(pipeline.Reason(b.err))},
				kgo.RecordHeader{Key: HeaderSource, Value: fmt.Appendf(nil, "%s/%d/%d", r.Topic, r.Partition, r.Offset)},
			),
		}
		if len(r.Key)+len(r.Value) > c.cfg.MaxMessageBytes {
			d.Value = nil
			d.Headers = append(d.Headers, kgo.RecordHeader{Key: HeaderTruncated, Value: []byte(strconv.Itoa(len(r.Value)))})
		}
		out = append(out, d)
	}
	if err := cl.ProduceSync(ctx, out...).FirstErr(); err != nil {
		return fmt.Errorf("kafka consumer: dead-letter topic %s: %w", c.cfg.DLQ, err)
	}
	c.metrics.dlq.Add(int64(len(out)))
	return nil
}
