package kafka

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore"
	"github.com/newsgraph/newsgraph/graphstore/memory"
	"github.com/newsgraph/newsgraph/graphstore/storetest"
	"github.com/newsgraph/newsgraph/pipeline/source"
)

// Corrections and retractions on the stream: a changed message for an id replaces the
// article (Store.Add sees another hash), a tombstone deletes it, and a partition's order is
// the order they take effect in.

// TestPlan: a batch's ops become as few store calls as keep each id's ops in order.
func TestPlan(t *testing.T) {
	for _, tc := range []struct {
		name string
		ops  string // "+A" adds version A of article A (A′ is another version), "-A" deletes it
		want string // the steps, "|" between them
	}{
		{"empty", "", ""},
		{"adds only: one Add, as before tombstones", "+A +B +C", "+A +B +C"},
		{"deletes only", "-A -B", "-A -B"},
		{"other ids commute", "+A -B +C -D", "+A +C | -B -D"},
		{"versions of one id stay in one Add", "+A +B +A′", "+A +B +A′"},
		{"add, delete, add again", "+A -A +A′", "+A | -A | +A′"},
		{"correction, then delete", "+A′ -A", "+A′ | -A"},
		{"delete, then add", "-A +A", "-A | +A"},
		{"a delete waits only for its own id", "+A +B -A +C -C +D", "+A +B +C +D | -A -C"},
		{"an add after a delete goes after it", "+A -A +B +A′ -B", "+A +B | -A -B | +A′"},
		{"deleting twice", "+A -A -A", "+A | -A -A"},
		{"a later id is not held back", "-A +A +B", "+B | -A | +A"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var ops []op
			for _, f := range strings.Fields(tc.ops) {
				name := f[1:]
				id := strings.TrimSuffix(name, "′")
				if f[0] == '-' {
					ops = append(ops, op{id: id})
				} else {
					ops = append(ops, op{id: id, result: &extract.Result{ID: id, Hash: name}})
				}
			}
			var got []string
			for _, s := range plan(ops) {
				if len(s.ids) > 0 && len(s.results) > 0 {
					t.Fatalf("a step both adds and deletes: %+v", s)
				}
				var fs []string
				for _, r := range s.results {
					fs = append(fs, "+"+r.Hash)
				}
				for _, id := range s.ids {
					fs = append(fs, "-"+id)
				}
				got = append(got, strings.Join(fs, " "))
			}
			if g := strings.Join(got, " | "); g != tc.want {
				t.Errorf("plan(%s) = %q, want %q", tc.ops, g, tc.want)
			}
		})
	}
}

// versions are the article versions the tests below send, by name: A′ is a changed A (same
// id, other text, another hash).
func versions(t testing.TB) map[string]extract.Article {
	t.Helper()
	arts := synthArticles(t, 5)
	v := map[string]extract.Article{"A": arts[0], "B": arts[1], "C": arts[2], "D": arts[3]}
	a2 := arts[0]
	a2.Text, a2.Date = arts[4].Text, "2024-12-31"
	v["A′"] = a2
	return v
}

// send produces msgs to topic in order, each acknowledged before the next is sent: a name of
// versions is that article (with Produce), "-X" a tombstone for X's id (with Retract), and
// "-" a tombstone without a key. It returns how many tombstones went.
func send(t testing.TB, brokers []string, topic string, v map[string]extract.Article, msgs ...string) (tombstones int) {
	t.Helper()
	ctx := context.Background()
	cl := newClient(t, brokers)
	for _, m := range msgs {
		switch name, retract := strings.CutPrefix(m, "-"); {
		case m == "-":
			if err := cl.ProduceSync(ctx, &kgo.Record{Topic: topic}).FirstErr(); err != nil {
				t.Fatal(err)
			}
		case retract:
			if n, err := Retract(ctx, cl, topic, []string{article(t, v, name).ID}); err != nil || n != 1 {
				t.Fatalf("Retract(%s) = %d, %v", name, n, err)
			}
			tombstones++
		default:
			a := article(t, v, name)
			src := func(_ context.Context, fn func(source.Record) error) error { return fn(source.Record{Article: a}) }
			if st, err := Produce(ctx, cl, topic, src, ProduceConfig{}); err != nil || st.Articles != 1 {
				t.Fatalf("Produce(%s) = %+v, %v", name, st, err)
			}
		}
	}
	return tombstones
}

func article(t testing.TB, v map[string]extract.Article, name string) extract.Article {
	t.Helper()
	a, ok := v[name]
	if !ok {
		t.Fatalf("no article version %q", name)
	}
	return a
}

// expected is storetest.Expected of the named versions: the graph of a clean load of them,
// made without any store.
func expected(t testing.TB, v map[string]extract.Article, names ...string) *graphstore.Graph {
	t.Helper()
	var rs []*extract.Result
	for _, name := range names {
		a := article(t, v, name)
		r, err := testExtractor().Extract(&a)
		if err != nil {
			t.Fatal(err)
		}
		rs = append(rs, r)
	}
	return storetest.Expected(rs...)
}

// TestTombstones: whatever the batch size, a partition's corrections and tombstones take
// effect in their order, and the graph is that of a clean load of the surviving versions.
func TestTombstones(t *testing.T) {
	v := versions(t)
	for _, tc := range []struct {
		name    string
		msgs    []string
		want    []string // the versions that survive
		deleted int64    // articles the tombstones found in the store
		bad     int64    // malformed records
	}{
		{"retract", []string{"A", "B", "C", "-B"}, []string{"A", "C"}, 1, 0},
		{"correct", []string{"A", "B", "A′"}, []string{"A′", "B"}, 0, 0},
		{"issue 15: correct A, retract B", []string{"A", "B", "C", "A′", "-B"}, []string{"A′", "C"}, 1, 0},
		{"add, retract, add again", []string{"A", "-A", "A′"}, []string{"A′"}, 1, 0},
		{"correct, then retract", []string{"A", "B", "A′", "-A"}, []string{"B"}, 1, 0},
		{"retract before any version", []string{"-A", "A′"}, []string{"A′"}, 0, 0},
		{"retract an id never sent", []string{"A", "-D"}, []string{"A"}, 0, 0},
		{"retract twice", []string{"A", "-A", "B", "-A"}, []string{"B"}, 1, 0},
		{"retract everything", []string{"A", "B", "-A", "-B"}, nil, 2, 0},
		{"a tombstone without a key is a bad record", []string{"A", "-", "B"}, []string{"A", "B"}, 0, 1},
	} {
		for _, batch := range []int{1, 2, 256} {
			t.Run(fmt.Sprintf("%s/batch=%d", tc.name, batch), func(t *testing.T) {
				brokers := newCluster(t, 3, "news")
				tombstones := send(t, brokers, "news", v, tc.msgs...)
				st := memory.New()
				c := start(t, Config{Brokers: brokers, Topic: "news", Group: "g", Batch: batch, Workers: 2}, st)
				waitFor(t, 60*time.Second, "every record committed", func() bool { return committed(c) == int64(len(tc.msgs)) })
				if err := c.stop(t); err != nil {
					t.Fatalf("Run: %v", err)
				}
				s := c.Metrics().Snapshot()
				if s.Tombstones != int64(tombstones) || s.Deleted != tc.deleted || s.Bad["malformed record"] != tc.bad || s.BadTotal() != tc.bad {
					t.Errorf("tombstones %d, deleted %d, bad %v; want %d, %d and %d malformed",
						s.Tombstones, s.Deleted, s.Bad, tombstones, tc.deleted, tc.bad)
				}
				if st.Articles() != len(tc.want) {
					t.Errorf("the store holds %d articles, want %d", st.Articles(), len(tc.want))
				}
				storetest.Equal(t, storetest.Snapshot(t, st), expected(t, v, tc.want...))
			})
		}
	}
}

// correctAndRetract is issue 15's scenario on topic (the group has the topic's name):
// articles A, B and C, then a changed A′ and a tombstone for B. A first consumer, one record
// per batch, dies after storing the batch crash picks (its n-th, counting from 1) and before
// committing it; a second finishes the topic. The graph must be that of A′ and C, and B must
// have been deleted once: the replayed tombstone finds nothing to delete.
func correctAndRetract(t *testing.T, brokers []string, topic string, crash func(n int64, recs []*kgo.Record) bool) {
	v := versions(t)
	msgs := []string{"A", "B", "C", "A′", "-B"}
	send(t, brokers, topic, v, msgs...)
	st := memory.New()

	var calls, crashed atomic.Int64
	first := start(t, Config{Brokers: brokers, Topic: topic, Group: topic, ClientID: "first", Batch: 1, Workers: 1,
		SessionTimeout: 6 * time.Second,
		BeforeCommit: func(_ context.Context, recs []*kgo.Record) error {
			if crash(calls.Add(1), recs) {
				crashed.Store(int64(len(recs)))
				return errCrash
			}
			return nil
		}}, st)
	if err := first.wait(t); !errors.Is(err, errCrash) {
		t.Fatalf("first consumer: Run = %v, want the simulated crash", err)
	}
	f := first.Metrics().Snapshot()
	if crashed.Load() != 1 || f.Committed != calls.Load()-1 {
		t.Fatalf("first consumer: %d batches, committed %d records, crashed batch of %d; want all but the last committed",
			calls.Load(), f.Committed, crashed.Load())
	}

	second := start(t, Config{Brokers: brokers, Topic: topic, Group: topic, ClientID: "second", Batch: 2, Workers: 1,
		SessionTimeout: 6 * time.Second}, st)
	waitFor(t, 90*time.Second, "the rest committed", func() bool {
		return committed(second) == int64(len(msgs))-f.Committed
	})
	if err := second.stop(t); err != nil {
		t.Fatalf("second consumer: %v", err)
	}
	s := second.Metrics().Snapshot()
	if f.Deleted+s.Deleted != 1 || f.Tombstones+s.Tombstones < 1 {
		t.Errorf("deleted %d + %d by %d + %d tombstones; want B deleted once", f.Deleted, s.Deleted, f.Tombstones, s.Tombstones)
	}
	t.Logf("first: %d batches, stored %d, deleted %d; second: stored %d, skipped %d, tombstones %d, deleted %d",
		calls.Load(), f.Stored, f.Deleted, s.Stored, s.Duplicates, s.Tombstones, s.Deleted)
	storetest.Equal(t, storetest.Snapshot(t, st), expected(t, v, "A′", "C"))
}

// TestCrashAroundTombstones: correctAndRetract with the first consumer dying at each of the
// five records in turn, on kfake (integration_test.go runs it on a real broker).
func TestCrashAroundTombstones(t *testing.T) {
	for n := range int64(5) {
		t.Run(fmt.Sprintf("crash at batch %d", n+1), func(t *testing.T) {
			correctAndRetract(t, newCluster(t, 3, "news"), "news", func(call int64, _ []*kgo.Record) bool { return call == n+1 })
		})
	}
}

// TestRetractRefusesBlankIDs: a blank id would be a tombstone no consumer can apply; nothing
// of the call is sent.
func TestRetractRefusesBlankIDs(t *testing.T) {
	brokers := newCluster(t, 1, "news")
	cl := newClient(t, brokers)
	n, err := Retract(context.Background(), cl, "news", []string{"a", " "})
	if n != 0 || !errors.Is(err, source.ErrMalformed) {
		t.Fatalf("Retract with a blank id = %d, %v; want 0 and ErrMalformed", n, err)
	}
	ends, err := kadm.NewClient(cl).ListEndOffsets(context.Background(), "news")
	if err != nil {
		t.Fatal(err)
	}
	ends.Each(func(o kadm.ListedOffset) {
		if o.Offset != 0 {
			t.Errorf("partition %d has %d records after a refused Retract", o.Partition, o.Offset)
		}
	})
}
