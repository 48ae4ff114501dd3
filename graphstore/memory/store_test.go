package memory

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore"
	"github.com/newsgraph/newsgraph/graphstore/storetest"
)

func newStore(t *testing.T) graphstore.Store {
	s := New()
	t.Cleanup(func() { _ = s.Close(context.Background()) })
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, newStore)
}

// TestSnapshotIsolated: the graph Graph returns is a deep copy; changing it, or adding more
// articles, leaves the other side untouched.
func TestSnapshotIsolated(t *testing.T) {
	s := New()
	rs := storetest.Corpus("snap", 10, 7)
	storetest.MustAdd(t, s, rs[:5]...)
	g := storetest.Snapshot(t, s)
	before := storetest.JSON(t, g)
	for _, n := range g.Nodes {
		n.Name, n.Mentions, n.NameVotes["tampered"] = "tampered", -1, 99
		n.Aliases = append(n.Aliases[:0:0], "tampered")
	}
	for _, e := range g.Edges {
		e.Weight, e.CueCounts = -1, map[string]int{"tampered": 1}
		if len(e.Evidence) > 0 {
			e.Evidence[0].Text = "tampered"
		}
	}
	storetest.Equal(t, storetest.Snapshot(t, s), storetest.Expected(rs[:5]...))

	g2 := storetest.Snapshot(t, s)
	storetest.MustAdd(t, s, rs[5:]...)
	if got := storetest.JSON(t, g2); string(got) != string(before) {
		t.Fatal("an earlier snapshot changed when articles were added")
	}
	storetest.Equal(t, storetest.Snapshot(t, s), storetest.Expected(rs...))
	if s.Articles() != len(rs) {
		t.Errorf("Articles() = %d, want %d", s.Articles(), len(rs))
	}
}

func TestClosed(t *testing.T) {
	s := New()
	if err := s.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Add(context.Background(), storetest.Corpus("closed", 1, 1)); err == nil {
		t.Fatal("Add on a closed store succeeded")
	}
}

// TestConcurrentAdd: overlapping batches from several goroutines count every article once
// and give the reference graph (run with -race).
func TestConcurrentAdd(t *testing.T) {
	s := New()
	rs := storetest.Corpus("conc", 80, 8)
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		added int
	)
	for w := range 4 {
		wg.Go(func() {
			for i := w * 10; i < len(rs); i += 7 {
				n, err := s.Add(context.Background(), rs[i:min(i+9, len(rs))])
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				added += n
				mu.Unlock()
				if _, err := s.Graph(context.Background()); err != nil {
					t.Error(err)
				}
				if _, err := s.Select(context.Background(), graphstore.Selection{Top: 5}); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if rest := storetest.MustAdd(t, s, rs...); added+rest != len(rs) {
		t.Fatalf("added %d articles concurrently and %d after, want %d in total", added, rest, len(rs))
	}
	storetest.Equal(t, storetest.Snapshot(t, s), storetest.Expected(rs...))
}

// TestSelect: the store's own Select, which walks its network, gives what Apply gives on a
// snapshot of the whole graph, and hands out copies.
func TestSelect(t *testing.T) {
	s := New()
	rs := storetest.Corpus("sel", 120, 11)
	storetest.MustAdd(t, s, rs...)
	snap := storetest.Snapshot(t, s)
	for _, sel := range []graphstore.Selection{
		{},
		{Focus: []string{"e07"}, Depth: 1},
		{Focus: []string{"Entity 7 Name"}, Depth: 2, Top: 15},
		{Kinds: []extract.EdgeKind{extract.Stance}, MinWeight: 2},
		{Types: []extract.Type{extract.Person}, Since: "2024-06", Until: "2024-08"},
		{Top: 20},
	} {
		got, err := s.Select(context.Background(), sel)
		if err != nil {
			t.Fatalf("%v: %v", sel, err)
		}
		want, err := sel.Apply(snap)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Edges) == 0 {
			t.Errorf("%v: selected no edges; the test shows nothing", sel)
		}
		storetest.Equal(t, got, want)
		for _, e := range got.Edges {
			e.Weight = -1
		}
	}
	storetest.Equal(t, storetest.Snapshot(t, s), snap)
	if _, err := s.Select(context.Background(), graphstore.Selection{Focus: []string{"nobody"}}); !errors.Is(err, graphstore.ErrNoEntity) {
		t.Errorf("unknown focus: %v", err)
	}
}

func BenchmarkAdd(b *testing.B) {
	for _, size := range []int{1, 100} {
		rs := storetest.Corpus("bench", 1000, 9)
		b.Run(fmt.Sprintf("batch=%d", size), func(b *testing.B) {
			rels := 0
			for b.Loop() {
				s := New()
				for i := 0; i < len(rs); i += size {
					if _, err := s.Add(context.Background(), rs[i:min(i+size, len(rs))]); err != nil {
						b.Fatal(err)
					}
				}
				rels += relationships(rs)
			}
			b.ReportMetric(float64(len(rs)*b.N)/b.Elapsed().Seconds(), "articles/s")
			b.ReportMetric(float64(rels)/b.Elapsed().Seconds(), "contributions/s")
		})
	}
}

// relationships counts the edge and mention contributions in rs.
func relationships(rs []*extract.Result) int {
	n := 0
	for _, r := range rs {
		n += len(r.Edges) + len(r.Entities)
	}
	return n
}
