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

// extract turns one batch into store steps. Tombstones become deletes of their keys;
// articles go through pipeline.Run: the same bounded, ordered worker pool a batch run uses,
// over a Source that decodes the polled records. Bad records (undecodable, a tombstone
// without an id, an article the extractor fails on) are logged with partition and offset
// and kept for the dead-letter topic.
func (c *Consumer) extract(ctx context.Context, b *batch) error {
	byPos := make(map[source.Position]*kgo.Record, len(b.recs))
	for _, r := range b.recs {
		byPos[position(r)] = r
	}
	// good holds the batch's good records in order; an article's result is matched to it
	// once pipeline.Run returned. Only src appends to it, only OnSkip writes skipped.
	type record struct {
		pos       source.Position
		id        string
		tombstone bool
	}
	var good []record
	skipped := map[source.Position]bool{}
	src := func(ctx context.Context, fn func(source.Record) error) error {
		for _, r := range b.recs {
			pos := position(r)
			rec := source.Record{Pos: pos}
			if IsTombstone(r.Value) {
				id, err := DecodeTombstone(r.Key, c.cfg.MaxMessageBytes)
				if err == nil {
					good = append(good, record{pos: pos, id: id, tombstone: true})
					continue
				}
				rec.Err = fmt.Errorf("%s: %w", pos, err)
			} else if a, err := Decode(r.Value, c.cfg.MaxMessageBytes); err != nil {
				rec.Err = fmt.Errorf("%s: %w", pos, err)
			} else {
				rec.Article = a
				good = append(good, record{pos: pos, id: a.ID})
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
			skipped[pos] = true
		},
	}
	var results []*extract.Result
	stats, err := pipeline.Run(ctx, src, c.x, func(_ context.Context, rs []*extract.Result) error {
		results = append(results, rs...)
		return nil
	}, cfg)
	if err != nil {
		return fmt.Errorf("kafka consumer: extract: %w", err)
	}
	// pipeline.Run returns the results in input order, less the articles it skipped.
	ops := make([]op, 0, len(good))
	for _, g := range good {
		switch {
		case g.tombstone:
			ops = append(ops, op{id: g.id})
		case skipped[g.pos]:
		case len(results) == 0 || results[0].ID != g.id:
			return fmt.Errorf("kafka consumer: extract: no result for article %s at %s", g.id, g.pos)
		default:
			ops = append(ops, op{id: g.id, result: results[0]})
			results = results[1:]
		}
	}
	if len(results) > 0 {
		return fmt.Errorf("kafka consumer: extract: %d results without a record", len(results))
	}
	b.steps = plan(ops)
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
