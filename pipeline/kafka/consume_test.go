package kafka

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore"
	"github.com/newsgraph/newsgraph/graphstore/memory"
)

// These tests run against kfake, franz-go's in-memory Kafka; integration_test.go repeats the
// important ones against a real broker.

// TestConsumeEqualsRun: produce a dump, consume it into a memory store, and the graph is the
// batch run's, byte for byte, whatever the batch size and pipelining.
func TestConsumeEqualsRun(t *testing.T) {
	dump := writeDump(t, 40)
	want := reference(t, dump)
	for _, tc := range []struct {
		name               string
		batch, inFlight, w int
		logEvery           time.Duration
	}{
		{"sequential", 1, 1, 1, 0},
		{"pipelined", 7, 2, 2, 100 * time.Millisecond},
		{"one batch", 256, 4, 3, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			brokers := newCluster(t, 6, "news")
			n := produceFiles(t, brokers, "news", dump)
			st := memory.New()
			c := start(t, Config{Brokers: brokers, Topic: "news", Group: "g", Batch: tc.batch,
				MaxInFlight: tc.inFlight, Workers: tc.w, LogEvery: tc.logEvery}, st)
			waitFor(t, 60*time.Second, "every record committed", func() bool { return committed(c) == int64(n) })
			if tc.logEvery > 0 {
				waitFor(t, 10*time.Second, "the group's lag to be 0", func() bool { return c.Metrics().Snapshot().Lag == 0 })
				if !strings.Contains(c.log.String(), "msg=progress") {
					t.Errorf("no progress lines in the log")
				}
			}
			if err := c.stop(t); err != nil {
				t.Fatalf("Run: %v", err)
			}
			s := c.Metrics().Snapshot()
			if s.Stored != int64(n) || s.Duplicates != 0 || s.BadTotal() != 0 || s.Polled != int64(n) || s.Partitions != 0 {
				t.Errorf("metrics %+v, want %d stored, none duplicate or bad, no partitions after leaving", s, n)
			}
			var text strings.Builder
			if err := c.Metrics().WriteText(&text); err != nil {
				t.Fatal(err)
			}
			if want := fmt.Sprintf("\nnewsgraph_consume_articles_stored_total %d\n", n); !strings.Contains(text.String(), want) {
				t.Errorf("metrics text lacks %q:\n%s", want, text.String())
			}
			sameGraph(t, graphJSON(t, st), want)
		})
	}
}

// TestRedelivery: consuming the same records again, from a second group or after the
// group's offsets are reset, changes nothing in the store; every article is a duplicate.
func TestRedelivery(t *testing.T) {
	dump := writeDump(t, 30)
	want := reference(t, dump)
	brokers := newCluster(t, 6, "news")
	n := produceFiles(t, brokers, "news", dump)
	st := memory.New()
	consumeAll := func(group string) Snapshot {
		t.Helper()
		c := start(t, Config{Brokers: brokers, Topic: "news", Group: group, Batch: 8}, st)
		waitFor(t, 60*time.Second, "every record committed", func() bool { return committed(c) == int64(n) })
		if err := c.stop(t); err != nil {
			t.Fatalf("Run: %v", err)
		}
		return c.Metrics().Snapshot()
	}
	if s := consumeAll("first"); s.Stored != int64(n) {
		t.Fatalf("first pass stored %d of %d", s.Stored, n)
	}
	sameGraph(t, graphJSON(t, st), want)

	if s := consumeAll("second"); s.Stored != 0 || s.Duplicates != int64(n) {
		t.Errorf("another group: stored %d, duplicates %d; want 0 and %d", s.Stored, s.Duplicates, n)
	}
	sameGraph(t, graphJSON(t, st), want)

	// Rewind the first group to the start of every partition.
	adm := kadm.NewClient(newClient(t, brokers))
	rewind := kadm.Offsets{}
	for p := range int32(6) {
		rewind.Add(kadm.Offset{Topic: "news", Partition: p, At: 0, LeaderEpoch: -1})
	}
	resp, err := adm.CommitOffsets(context.Background(), "first", rewind)
	if err == nil {
		err = resp.Error()
	}
	if err != nil {
		t.Fatalf("rewinding the group: %v", err)
	}
	if s := consumeAll("first"); s.Stored != 0 || s.Duplicates != int64(n) {
		t.Errorf("rewound group: stored %d, duplicates %d; want 0 and %d", s.Stored, s.Duplicates, n)
	}
	sameGraph(t, graphJSON(t, st), want)
}

var errCrash = errors.New("simulated crash")

// TestCrashBetweenStoreAndCommit: a consumer dies after writing a batch to the store and
// before committing it. Its successor gets that batch again, the store ignores it, and the
// graph is the batch run's: nothing lost, nothing counted twice.
func TestCrashBetweenStoreAndCommit(t *testing.T) {
	dump := writeDump(t, 30)
	want := reference(t, dump)
	brokers := newCluster(t, 3, "news")
	n := produceFiles(t, brokers, "news", dump)
	st := memory.New()

	var calls, crashed atomic.Int64
	first := start(t, Config{Brokers: brokers, Topic: "news", Group: "g", ClientID: "first", Batch: 5, MaxInFlight: 1,
		BeforeCommit: func(_ context.Context, recs []*kgo.Record) error {
			if calls.Add(1) == 2 {
				crashed.Store(int64(len(recs)))
				return errCrash
			}
			return nil
		}}, st)
	if err := first.wait(t); !errors.Is(err, errCrash) {
		t.Fatalf("first consumer: Run = %v, want the simulated crash", err)
	}
	f := first.Metrics().Snapshot()
	if crashed.Load() == 0 || f.Stored != f.Committed+crashed.Load() {
		t.Fatalf("first consumer: stored %d, committed %d, crashed batch %d; want stored = committed + crashed batch",
			f.Stored, f.Committed, crashed.Load())
	}

	second := start(t, Config{Brokers: brokers, Topic: "news", Group: "g", ClientID: "second", Batch: 5}, st)
	waitFor(t, 60*time.Second, "the rest committed", func() bool { return committed(second) == int64(n)-f.Committed })
	if err := second.stop(t); err != nil {
		t.Fatalf("second consumer: %v", err)
	}
	s := second.Metrics().Snapshot()
	if s.Duplicates != crashed.Load() {
		t.Errorf("second consumer saw %d articles the store had, want the %d of the crashed batch", s.Duplicates, crashed.Load())
	}
	if f.Stored+s.Stored != int64(n) {
		t.Errorf("stored %d + %d, want %d", f.Stored, s.Stored, n)
	}
	sameGraph(t, graphJSON(t, st), want)
}

// TestHandover: a second member joins while the first is busy; the cooperative rebalance
// moves partitions to it after the first finished and committed its batches in flight, and
// the two build the batch run's graph together.
func TestHandover(t *testing.T) {
	dump := writeDump(t, 60)
	want := reference(t, dump)
	brokers := newCluster(t, 6, "news")
	n := produceFiles(t, brokers, "news", dump)
	st := memory.New()
	// The first member needs at least 2.4s for the rest of the topic; the second joins within
	// about a second (heartbeats every 500ms).
	slow := func(ctx context.Context, _ []*kgo.Record) error {
		time.Sleep(100 * time.Millisecond)
		return nil
	}
	a := start(t, Config{Brokers: brokers, Topic: "news", Group: "g", ClientID: "a", Batch: 2, BeforeCommit: slow,
		SessionTimeout: 1500 * time.Millisecond}, st)
	waitFor(t, 60*time.Second, "the first member to commit", func() bool { return committed(a) >= 6 })
	b := start(t, Config{Brokers: brokers, Topic: "news", Group: "g", ClientID: "b", Batch: 2,
		SessionTimeout: 1500 * time.Millisecond}, st)
	waitFor(t, 60*time.Second, "every record committed", func() bool { return committed(a, b) >= int64(n) })
	for _, r := range []*running{a, b} {
		if err := r.stop(t); err != nil {
			t.Fatalf("Run: %v", err)
		}
	}
	sa, sb := a.Metrics().Snapshot(), b.Metrics().Snapshot()
	if sb.Stored == 0 {
		t.Errorf("the second member stored nothing: it never got partitions")
	}
	if sa.Stored+sb.Stored != int64(n) {
		t.Errorf("stored %d + %d, want %d", sa.Stored, sb.Stored, n)
	}
	if !strings.Contains(a.log.String(), "partitions revoked") {
		t.Errorf("the first member's log does not show the revocation")
	}
	t.Logf("a stored %d, b stored %d, duplicates %d", sa.Stored, sb.Stored, sa.Duplicates+sb.Duplicates)
	sameGraph(t, graphJSON(t, st), want)
}

// badMessages are messages no article can come from, by the reason they are counted under.
var badMessages = []struct {
	reason string
	value  []byte
}{
	{"malformed record", []byte("not json")},
	{"malformed record", []byte(`[{"id":"x","text":"an array"}]`)},
	{"malformed record", []byte(`{"text":"no id at all"}`)},
	{"malformed record", []byte{}}, // empty, not null: no tombstone (tombstone_test.go)
	{"malformed record", []byte(`{"id":"trailing","text":"x"} {}`)},
	{"empty text", []byte(`{"id":"blank","text":"  \n "}`)},
	{"empty text", []byte(`{"id":"missing"}`)},
	{"invalid UTF-8", []byte("{\"id\":\"bin\",\"text\":\"\xff\xfe\"}")},
	{"record too large", []byte(`{"id":"huge","text":"` + strings.Repeat("a", 5000) + `"}`)},
}

// TestBadRecords: bad messages among good ones are counted by reason, logged with partition
// and offset, copied to the dead-letter topic when there is one, and committed past; the
// graph is that of the good ones.
func TestBadRecords(t *testing.T) {
	dump := writeDump(t, 20)
	want := reference(t, dump)
	wantBad := map[string]int64{}
	for _, m := range badMessages {
		wantBad[m.reason]++
	}
	for _, dlq := range []string{"", "news-dlq"} {
		t.Run("dlq="+dlq, func(t *testing.T) {
			brokers := newCluster(t, 3, "news")
			n := produceFiles(t, brokers, "news", dump)
			cl := newClient(t, brokers)
			for i, m := range badMessages {
				r := &kgo.Record{Topic: "news", Key: []byte{byte(i)}, Value: m.value}
				if err := cl.ProduceSync(context.Background(), r).FirstErr(); err != nil {
					t.Fatal(err)
				}
			}
			total := int64(n + len(badMessages))
			st := memory.New()
			c := start(t, Config{Brokers: brokers, Topic: "news", Group: "g", DLQ: dlq, MaxMessageBytes: 4096, Batch: 6}, st)
			waitFor(t, 60*time.Second, "every record committed", func() bool { return committed(c) == total })
			if err := c.stop(t); err != nil {
				t.Fatalf("Run: %v", err)
			}
			s := c.Metrics().Snapshot()
			if !maps.Equal(s.Bad, wantBad) || s.Stored != int64(n) {
				t.Errorf("bad %v, stored %d; want %v and %d", s.Bad, s.Stored, wantBad, n)
			}
			if got := strings.Count(c.log.String(), "bad record"); got != len(badMessages) {
				t.Errorf("%d bad records logged, want %d", got, len(badMessages))
			}
			if !strings.Contains(c.log.String(), "partition=") || !strings.Contains(c.log.String(), "offset=") {
				t.Errorf("bad records are logged without partition and offset")
			}
			sameGraph(t, graphJSON(t, st), want)
			if dlq == "" {
				if s.DLQ != 0 {
					t.Errorf("%d records sent to no dead-letter topic", s.DLQ)
				}
				return
			}
			if s.DLQ != int64(len(badMessages)) {
				t.Errorf("%d records sent to the dead-letter topic, want %d", s.DLQ, len(badMessages))
			}
			checkDeadLetters(t, brokers, dlq)
		})
	}
}

// checkDeadLetters reads the dead-letter topic back: every bad message is there once, with
// its reason and where it came from; the one too large to resend is there without its value.
func checkDeadLetters(t *testing.T, brokers []string, dlq string) {
	t.Helper()
	cl := newClient(t, brokers, kgo.ConsumeTopics(dlq), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var got []*kgo.Record
	for len(got) < len(badMessages) && ctx.Err() == nil {
		got = append(got, cl.PollFetches(ctx).Records()...)
	}
	if len(got) != len(badMessages) {
		t.Fatalf("%d dead letters, want %d", len(got), len(badMessages))
	}
	for _, r := range got {
		i := int(r.Key[0])
		h := map[string]string{}
		for _, kv := range r.Headers {
			h[kv.Key] = string(kv.Value)
		}
		if h[HeaderReason] != badMessages[i].reason || !strings.HasPrefix(h[HeaderSource], "news/") || h[HeaderError] == "" {
			t.Errorf("dead letter %d: headers %v, want reason %q and a source", i, h, badMessages[i].reason)
		}
		if badMessages[i].reason == "record too large" {
			if r.Value != nil || h[HeaderTruncated] != strconv.Itoa(len(badMessages[i].value)) {
				t.Errorf("dead letter of the huge message: %d bytes, truncated header %q", len(r.Value), h[HeaderTruncated])
			}
		} else if string(r.Value) != string(badMessages[i].value) {
			t.Errorf("dead letter %d: value %q, want the original %q", i, r.Value, badMessages[i].value)
		}
	}
}

// TestConfigErrors: a consumer without brokers, topic or group, or whose dead-letter topic
// is its input, is refused before it joins anything.
func TestConfigErrors(t *testing.T) {
	st, x := memory.New(), testExtractor()
	for _, tc := range []struct {
		name string
		cfg  Config
		want string
	}{
		{"no brokers", Config{Topic: "t", Group: "g"}, "no brokers"},
		{"no topic", Config{Brokers: []string{"b"}, Group: "g"}, "no topic"},
		{"no group", Config{Brokers: []string{"b"}, Topic: "t"}, "no group"},
		{"dlq is input", Config{Brokers: []string{"b"}, Topic: "t", Group: "g", DLQ: "t"}, "dead-letter"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := NewConsumer(tc.cfg, st, x); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("NewConsumer = %v, want an error about %q", err, tc.want)
			}
		})
	}
}

// flakyStore fails its first Add calls with err, then passes them to the memory store.
type flakyStore struct {
	*memory.Store
	failures atomic.Int64
	err      error
}

func (f *flakyStore) Add(ctx context.Context, rs []*extract.Result) (int, error) {
	if f.failures.Add(-1) >= 0 {
		return 0, f.err
	}
	return f.Store.Add(ctx, rs)
}

// TestStoreFailures: an unavailable store is retried and nothing is committed before the
// write succeeds; invalid data stops the consumer with nothing committed.
func TestStoreFailures(t *testing.T) {
	dump := writeDump(t, 10)
	want := reference(t, dump)
	t.Run("unavailable, then back", func(t *testing.T) {
		brokers := newCluster(t, 2, "news")
		n := produceFiles(t, brokers, "news", dump)
		st := &flakyStore{Store: memory.New(), err: fmt.Errorf("neo4j: %w", graphstore.ErrUnavailable)}
		st.failures.Store(2)
		c := start(t, Config{Brokers: brokers, Topic: "news", Group: "g", StoreRetry: time.Minute}, st)
		waitFor(t, 60*time.Second, "every record committed", func() bool { return committed(c) == int64(n) })
		if err := c.stop(t); err != nil {
			t.Fatalf("Run: %v", err)
		}
		if s := c.Metrics().Snapshot(); s.StoreRetries != 2 || s.Stored != int64(n) {
			t.Errorf("retries %d, stored %d; want 2 and %d", s.StoreRetries, s.Stored, n)
		}
		sameGraph(t, graphJSON(t, st), want)
	})
	t.Run("invalid", func(t *testing.T) {
		brokers := newCluster(t, 2, "news")
		produceFiles(t, brokers, "news", dump)
		st := &flakyStore{Store: memory.New(), err: fmt.Errorf("bad type: %w", graphstore.ErrInvalid)}
		st.failures.Store(1)
		c := start(t, Config{Brokers: brokers, Topic: "news", Group: "g"}, st)
		if err := c.wait(t); !errors.Is(err, graphstore.ErrInvalid) {
			t.Fatalf("Run = %v, want ErrInvalid", err)
		}
		adm := kadm.NewClient(newClient(t, brokers))
		offs, err := adm.FetchOffsets(context.Background(), "g")
		if err != nil {
			t.Fatal(err)
		}
		offs.Each(func(o kadm.OffsetResponse) {
			if o.At > 0 {
				t.Errorf("partition %d committed to %d after a failed store write", o.Partition, o.At)
			}
		})
		if c.Metrics().Snapshot().Committed != 0 {
			t.Errorf("records committed after a failed store write")
		}
	})
}

// TestIdleExit: --idle-exit ends the consumer once the topic is drained, never while a slow
// batch keeps the poll loop waiting.
func TestIdleExit(t *testing.T) {
	dump := writeDump(t, 10)
	brokers := newCluster(t, 2, "news")
	n := produceFiles(t, brokers, "news", dump)
	slow := func(context.Context, []*kgo.Record) error { time.Sleep(600 * time.Millisecond); return nil }
	c := start(t, Config{Brokers: brokers, Topic: "news", Group: "g", Batch: 2, MaxInFlight: 1,
		IdleExit: 500 * time.Millisecond, BeforeCommit: slow}, memory.New())
	if err := c.wait(t); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if got := c.Metrics().Snapshot().Committed; got != int64(n) {
		t.Errorf("exited idle after committing %d of %d records", got, n)
	}
}
