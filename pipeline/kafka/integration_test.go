package kafka

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/newsgraph/newsgraph/graphstore/memory"
	"github.com/newsgraph/newsgraph/internal/testenv"
)

// The tests in this file and in process_test.go need a real Apache Kafka broker:
// KAFKA_BROKERS, which scripts/test.sh sets after starting one with scripts/kafka.sh. Without
// NEWSGRAPH_INTEGRATION=1 they skip; with it they fail, never skip, without a broker.

// realBrokers returns KAFKA_BROKERS after checking that something answers there.
func realBrokers(t testing.TB) []string {
	t.Helper()
	testenv.Need(t, "a Kafka broker (KAFKA_BROKERS)")
	env := os.Getenv("KAFKA_BROKERS")
	if env == "" {
		t.Fatal("KAFKA_BROKERS is not set: this test needs a real Kafka broker.\n" +
			"Run scripts/test.sh, or: KAFKA_PORT=19092 KAFKA_CONTROLLER_PORT=19093 scripts/kafka.sh up && " +
			"export KAFKA_BROKERS=127.0.0.1:19092")
	}
	brokers := strings.Split(env, ",")
	conn, err := net.DialTimeout("tcp", brokers[0], 5*time.Second)
	if err != nil {
		t.Fatalf("no Kafka broker answers at KAFKA_BROKERS=%s: %v (scripts/kafka.sh status)", env, err)
	}
	conn.Close()
	return brokers
}

// uniqueTopic names a topic (and group) no earlier run on the same broker used.
func uniqueTopic(t testing.TB, brokers []string, partitions int32) string {
	t.Helper()
	topic := fmt.Sprintf("%s-%d", strings.ReplaceAll(t.Name(), "/", "-"), time.Now().UnixNano())
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := EnsureTopic(ctx, newClient(t, brokers), topic, partitions); err != nil {
		t.Fatal(err)
	}
	return topic
}

// groupProgress returns, per partition of topic, the group's committed offset and the end.
func groupProgress(t testing.TB, adm *kadm.Client, group, topic string) (committed, end map[int32]int64) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ends, err := adm.ListEndOffsets(ctx, topic)
	if err == nil {
		err = ends.Error()
	}
	if err != nil {
		// Callers poll; a broker still electing its coordinator is asked again.
		t.Logf("end offsets of %s (will ask again): %v", topic, err)
		return map[int32]int64{}, map[int32]int64{}
	}
	offs, err := adm.FetchOffsets(ctx, group)
	if err != nil {
		t.Logf("committed offsets of %s (will ask again): %v", group, err)
		return map[int32]int64{}, map[int32]int64{}
	}
	committed, end = map[int32]int64{}, map[int32]int64{}
	ends.Each(func(o kadm.ListedOffset) { end[o.Partition] = o.Offset })
	offs.Each(func(o kadm.OffsetResponse) {
		if o.Topic == topic && o.Err == nil {
			committed[o.Partition] = o.At
		}
	})
	return committed, end
}

// caughtUp tells whether the group committed every partition of topic to its end.
func caughtUp(t testing.TB, adm *kadm.Client, group, topic string) bool {
	committed, end := groupProgress(t, adm, group, topic)
	for p, e := range end {
		if committed[p] != e {
			return false
		}
	}
	return len(end) > 0
}

// TestBrokerGroup: three members of one group on a six-partition topic of a real broker,
// writing to one store. One dies after storing a batch and before committing it; the
// others take its partitions over, get that batch again, and the graph is the batch run's.
func TestBrokerGroup(t *testing.T) {
	brokers := realBrokers(t)
	dump := writeDump(t, 60)
	want := reference(t, dump)
	topic := uniqueTopic(t, brokers, 6)
	n := produceFiles(t, brokers, topic, dump)
	st := memory.New()

	var calls, crashed atomic.Int64
	var members []*running
	for i := range 3 {
		cfg := Config{Brokers: brokers, Topic: topic, Group: topic, ClientID: fmt.Sprintf("member-%d", i),
			Batch: 4, Workers: 1, SessionTimeout: 6 * time.Second}
		if i == 0 {
			// One record per batch, so it reaches its third batch whatever it is assigned.
			cfg.Batch = 1
			cfg.BeforeCommit = func(_ context.Context, recs []*kgo.Record) error {
				if calls.Add(1) == 3 {
					crashed.Store(int64(len(recs)))
					return errCrash
				}
				return nil
			}
		}
		members = append(members, start(t, cfg, st))
	}
	if err := members[0].wait(t); !errors.Is(err, errCrash) {
		t.Fatalf("member 0: Run = %v, want the simulated crash", err)
	}
	adm := kadm.NewClient(newClient(t, brokers))
	waitFor(t, 90*time.Second, "the group to commit every partition to its end", func() bool {
		return caughtUp(t, adm, topic, topic)
	})
	var stored, dups int64
	for i, m := range members {
		if i > 0 {
			if err := m.stop(t); err != nil {
				t.Fatalf("member %d: %v", i, err)
			}
		}
		s := m.Metrics().Snapshot()
		stored += s.Stored
		dups += s.Duplicates
	}
	if stored != int64(n) {
		t.Errorf("the members stored %d articles between them, want %d", stored, n)
	}
	if dups < crashed.Load() {
		t.Errorf("%d duplicates seen, want at least the %d of the batch stored but not committed", dups, crashed.Load())
	}
	t.Logf("%d articles, %d redelivered and ignored by the store", n, dups)
	sameGraph(t, graphJSON(t, st), want)
}

// TestBrokerCorrections: issue 15's scenario (correctAndRetract) on a real broker: articles
// A, B and C, then a changed A′ and a tombstone for B, on a three-partition topic. The first
// consumer dies after storing a batch and before committing it; the second finishes, and the
// graph is storetest.Expected(A′, C), byte for byte.
func TestBrokerCorrections(t *testing.T) {
	brokers := realBrokers(t)
	for _, tc := range []struct {
		name  string
		crash func(n int64, recs []*kgo.Record) bool
	}{
		// The tombstone comes again, and finds B gone.
		{"crash after the tombstone", func(_ int64, recs []*kgo.Record) bool { return IsTombstone(recs[0].Value) }},
		// Mid-stream, wherever the partitions put the tombstone.
		{"crash at the third batch", func(n int64, _ []*kgo.Record) bool { return n == 3 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			correctAndRetract(t, brokers, uniqueTopic(t, brokers, 3), tc.crash)
		})
	}
}
