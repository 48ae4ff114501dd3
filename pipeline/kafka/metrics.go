package kafka

import (
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// Metrics count what a Consumer did. They are read by the periodic log line, the --metrics
// endpoint and the tests; safe for concurrent use.
type Metrics struct {
	started time.Time

	polled       atomic.Int64 // records handed to the consumer by polls
	stored       atomic.Int64 // articles the store added, or replaced (a changed version of an id)
	duplicates   atomic.Int64 // articles the store skipped: it held that version (a redelivery, a repeat) or, under graphstore.Keep, another
	tombstones   atomic.Int64 // tombstones applied: deletes asked of the store
	deleted      atomic.Int64 // articles the tombstones retracted; the others' ids were not in the store (a redelivery, never stored)
	dlq          atomic.Int64 // bad records sent to the dead-letter topic
	batches      atomic.Int64 // batches stored and committed
	committed    atomic.Int64 // records whose offsets were committed
	commitErrors atomic.Int64 // failed commits (the records come again; the store ignores them)
	storeRetries atomic.Int64 // store writes retried because the store was unavailable
	words        atomic.Int64 // words of the stored articles

	lag atomic.Int64 // the group's records not yet committed, all partitions; -1 until known

	mu         sync.Mutex
	bad        map[string]int64 // bad records by skip reason
	assigned   map[partition]struct{}
	firstPoll  time.Time // with lastCommit, the busy span: a throughput that leaves out idle time
	lastCommit time.Time
}

type partition struct {
	topic string
	id    int32
}

func newMetrics() *Metrics {
	m := &Metrics{started: time.Now(), bad: map[string]int64{}, assigned: map[partition]struct{}{}}
	m.lag.Store(-1)
	return m
}

// Snapshot is a copy of the counters, each read atomically.
type Snapshot struct {
	Polled, Stored, Duplicates, Tombstones, Deleted            int64
	DLQ, Batches, Committed, CommitErrors, StoreRetries, Words int64
	Bad                                                        map[string]int64 // by reason
	Lag                                                        int64            // the group's records not yet committed, over the whole topic; -1 unknown
	Partitions                                                 int              // partitions assigned to this member
	Elapsed                                                    time.Duration    // since the consumer started
	Active                                                     time.Duration    // from the first record polled to the last commit
}

// BadTotal is the number of bad records.
func (s Snapshot) BadTotal() int64 {
	var n int64
	for _, v := range s.Bad {
		n += v
	}
	return n
}

// Snapshot returns the current counters.
func (m *Metrics) Snapshot() Snapshot {
	s := Snapshot{
		Polled: m.polled.Load(), Stored: m.stored.Load(), Duplicates: m.duplicates.Load(),
		Tombstones: m.tombstones.Load(), Deleted: m.deleted.Load(),
		DLQ: m.dlq.Load(), Batches: m.batches.Load(), Committed: m.committed.Load(),
		CommitErrors: m.commitErrors.Load(), StoreRetries: m.storeRetries.Load(),
		Words: m.words.Load(), Lag: m.lag.Load(), Elapsed: time.Since(m.started),
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	s.Bad = maps.Clone(m.bad)
	s.Partitions = len(m.assigned)
	if !m.firstPoll.IsZero() && m.lastCommit.After(m.firstPoll) {
		s.Active = m.lastCommit.Sub(m.firstPoll)
	}
	return s
}

func (m *Metrics) badRecord(reason string) {
	m.mu.Lock()
	m.bad[reason]++
	m.mu.Unlock()
}

// polledRecords counts a poll.
func (m *Metrics) polledRecords(n int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if n > 0 && m.firstPoll.IsZero() {
		m.firstPoll = time.Now()
	}
	m.polled.Add(int64(n))
}

// commit notes that recs were committed.
func (m *Metrics) commit(recs []*kgo.Record) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.committed.Add(int64(len(recs)))
	m.batches.Add(1)
	m.lastCommit = time.Now()
}

// assign adds (or, with add false, removes) partitions of this member.
func (m *Metrics) assign(ps map[string][]int32, add bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for t, ids := range ps {
		for _, id := range ids {
			if add {
				m.assigned[partition{t, id}] = struct{}{}
			} else {
				delete(m.assigned, partition{t, id})
			}
		}
	}
}

// WriteText writes the counters in Prometheus' text format, one "name value" line each,
// in a fixed order.
func (m *Metrics) WriteText(w io.Writer) error {
	s := m.Snapshot()
	lines := []struct {
		name, help string
		v          any
	}{
		{"newsgraph_consume_records_polled_total", "records received from Kafka", s.Polled},
		{"newsgraph_consume_articles_stored_total", "articles added to the graph store, or replacing another version of their id", s.Stored},
		{"newsgraph_consume_articles_duplicate_total", "articles the store skipped: it held that version (redelivered or repeated), or kept another (--on-change keep)", s.Duplicates},
		{"newsgraph_consume_tombstones_total", "tombstones applied: article deletes asked of the store", s.Tombstones},
		{"newsgraph_consume_articles_deleted_total", "articles retracted from the graph store by tombstones (the other tombstones named ids it did not hold)", s.Deleted},
		{"newsgraph_consume_records_dlq_total", "bad records sent to the dead-letter topic", s.DLQ},
		{"newsgraph_consume_records_committed_total", "records whose offsets were committed", s.Committed},
		{"newsgraph_consume_batches_total", "batches stored and committed", s.Batches},
		{"newsgraph_consume_commit_errors_total", "failed offset commits", s.CommitErrors},
		{"newsgraph_consume_store_retries_total", "store writes retried", s.StoreRetries},
		{"newsgraph_consume_words_total", "words in the stored articles", s.Words},
		{"newsgraph_consume_lag_records", "records of the topic the group has not committed yet (-1: not known yet)", s.Lag},
		{"newsgraph_consume_partitions", "partitions assigned to this member", s.Partitions},
		{"newsgraph_consume_articles_per_second", "stored articles per second from the first record to the last commit", rate(s.Stored, s.Active)},
		{"newsgraph_consume_uptime_seconds", "seconds since the consumer started", fmt.Sprintf("%.1f", s.Elapsed.Seconds())},
	}
	for _, l := range lines {
		if _, err := fmt.Fprintf(w, "# HELP %s %s\n%s %v\n", l.name, l.help, l.name, l.v); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "# HELP newsgraph_consume_records_bad_total bad records by reason\n")
	for _, reason := range slices.Sorted(maps.Keys(s.Bad)) {
		if _, err := fmt.Fprintf(w, "newsgraph_consume_records_bad_total{reason=%q} %d\n", reason, s.Bad[reason]); err != nil {
			return err
		}
	}
	return nil
}

// Handler serves WriteText, for a --metrics endpoint.
func (m *Metrics) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		_ = m.WriteText(w)
	})
}

func rate(n int64, d time.Duration) string {
	if d <= 0 {
		return "0"
	}
	return fmt.Sprintf("%.1f", float64(n)/d.Seconds())
}
