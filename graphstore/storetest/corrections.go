package storetest

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore"
)

// The corrections suite: replacing an article (same id, new content) and deleting one must
// leave the graph of a clean load of the surviving versions, byte for byte; replays are
// no-ops.

// testReplace: add A and B, replace A by A′; the graph is that of A′ and B, and replaying
// either version's batch changes nothing.
func testReplace(t *testing.T, s graphstore.Store) {
	a, b := Corpus("rep", 10, 21), Corpus("rep-b", 10, 22)
	a2 := Corpus("rep", 10, 23) // the same ids, other content
	MustAdd(t, s, append(slices.Clone(a), b...)...)
	if n := MustAdd(t, s, a2...); n != len(a2) {
		t.Fatalf("replaced = %d, want %d", n, len(a2))
	}
	want := Expected(append(slices.Clone(a2), b...)...)
	Equal(t, Snapshot(t, s), want)
	if n := MustAdd(t, s, a2...); n != 0 {
		t.Fatalf("replaying A′ wrote %d, want 0", n)
	}
	if n := MustAdd(t, s, b...); n != 0 {
		t.Fatalf("replaying B wrote %d, want 0", n)
	}
	Equal(t, Snapshot(t, s), want)
	// Back to A: a correction of a correction.
	if n := MustAdd(t, s, a[:4]...); n != 4 {
		t.Fatalf("re-replaced = %d, want 4", n)
	}
	Equal(t, Snapshot(t, s), Expected(slices.Concat(a2, b, a[:4])...))
}

// testReplaceRecomputes: the values a merge cannot subtract (first and last seen, the
// smallest few evidence sentences, the voted name and type) come back right when the
// article that set them is corrected, and an entity or edge only it supported goes.
func testReplaceRecomputes(t *testing.T, s graphstore.Store) {
	var rs []*extract.Result
	for i := range 6 {
		id := fmt.Sprintf("rc-%d", i)
		rs = append(rs, Article(id, fmt.Sprintf("2024-05-%02d", 10+i)).
			Entity("x", "Xavier Doe", extract.Person, 1, "Doe").
			Entity("y", "Yland", extract.Location, 1).
			Co("x", "y", 1, Ev(id, 0, "X in Y "+id+".", "")).
			Stance("x", "y", 0, 1, 0, map[string]int{"criticize": 1}, nil, Ev(id, 1, "X criticized Y in "+id+".", "criticize")).
			Build())
	}
	// rc-0 sets the first date and the first evidence, and alone names and types x and
	// brings z.
	rs[0] = Article("rc-0", "2024-01-01").
		TypedEntity("x", "X", map[extract.Type]int{extract.Organization: 9}, 4).
		Entity("y", "Yland", extract.Location, 1).
		Entity("z", "Zed", extract.Person, 1).
		Co("x", "y", 1, Ev("rc-0", 0, "X in Y first.", "")).
		Co("x", "z", 1, Ev("rc-0", 2, "X and Z.", "")).
		Build()
	MustAdd(t, s, rs...)
	Equal(t, Snapshot(t, s), Expected(rs...))
	fix := Article("rc-0", "2024-07-01").Entity("y", "Yland", extract.Location, 2).Build()
	if n := MustAdd(t, s, fix); n != 1 {
		t.Fatalf("replaced = %d, want 1", n)
	}
	g := Snapshot(t, s)
	Equal(t, g, Expected(append(slices.Clone(rs), fix)...))
	x, y := node(t, g, "x"), node(t, g, "y")
	if x.Type != extract.Person || x.Name != "Xavier Doe" || x.FirstSeen != "2024-05-11" {
		t.Errorf("x after the correction = %+v", x)
	}
	if y.FirstSeen != "2024-05-11" || y.LastSeen != "2024-07-01" {
		t.Errorf("y dates = %s…%s, want 2024-05-11…2024-07-01", y.FirstSeen, y.LastSeen)
	}
	if slices.ContainsFunc(g.Nodes, func(n *graphstore.Node) bool { return n.ID == "z" }) {
		t.Error("z, mentioned only by the corrected version, is still in the graph")
	}
	for _, e := range g.Edges {
		if e.Source == "x" && e.Target == "y" && e.Kind == extract.CoOccurrence &&
			(len(e.Evidence) != extract.MaxEvidence || e.Evidence[0].Article != "rc-1") {
			t.Errorf("x–y evidence after the correction = %+v", e.Evidence)
		}
	}
}

// testDelete: deleting retracts an article's whole contribution; deleting it again, or an
// id never stored, is a no-op; deleting everything leaves the empty graph.
func testDelete(t *testing.T, s graphstore.Store) {
	a, b := orderCorpus()
	MustAdd(t, s, append(slices.Clone(a), b...)...)
	ids := func(rs []*extract.Result) []string {
		var out []string
		for _, r := range rs {
			out = append(out, r.ID)
		}
		return out
	}
	if n := MustDelete(t, s, ids(b)...); n != len(b) {
		t.Fatalf("deleted = %d, want %d", n, len(b))
	}
	Equal(t, Snapshot(t, s), Expected(a...))
	if n := MustDelete(t, s, append(ids(b), "never-stored")...); n != 0 {
		t.Fatalf("deleting again = %d, want 0", n)
	}
	Equal(t, Snapshot(t, s), Expected(a...))
	if n := MustAdd(t, s, b[0]); n != 1 { // a retracted article can come back
		t.Fatalf("re-adding a deleted article = %d, want 1", n)
	}
	Equal(t, Snapshot(t, s), Expected(append(slices.Clone(a), b[0])...))
	if n := MustDelete(t, s, append(ids(a), b[0].ID)...); n != len(a)+1 {
		t.Fatalf("deleted = %d, want %d", n, len(a)+1)
	}
	Equal(t, Snapshot(t, s), Expected())
	if n, err := s.Delete(context.Background(), nil); err != nil || n != 0 {
		t.Fatalf("Delete(nil) = %d, %v", n, err)
	}
}

// testCorrections: a random sequence of adds, corrections and deletes over three versions
// of each article; after every step the graph equals a clean load of the survivors.
func testCorrections(t *testing.T, s graphstore.Store) {
	const n = 24
	versions := [][]*extract.Result{Corpus("seq", n, 31), Corpus("seq", n, 32), Corpus("seq", n, 33)}
	rng := rand.New(rand.NewPCG(7, 8))
	live := map[int]*extract.Result{}
	for step := range 30 {
		// A step deletes some articles, then adds a batch of versions (later ones of an id
		// win); live follows the same rules.
		var del []string
		var batch []*extract.Result
		for range 1 + rng.IntN(3) {
			i := rng.IntN(n)
			del = append(del, versions[0][i].ID)
			delete(live, i)
		}
		for range 1 + rng.IntN(6) {
			i := rng.IntN(n)
			batch = append(batch, versions[rng.IntN(len(versions))][i])
			live[i] = batch[len(batch)-1]
		}
		MustDelete(t, s, del...)
		MustAdd(t, s, batch...)
		var survivors []*extract.Result
		for _, i := range slices.Sorted(maps.Keys(live)) {
			survivors = append(survivors, live[i])
		}
		got := Snapshot(t, s)
		if step%5 == 4 || step == 29 {
			MustAdd(t, s, survivors...) // a replay of the survivors is a no-op
		}
		Equal(t, got, Expected(survivors...))
		Equal(t, Snapshot(t, s), got)
	}
}

// testConcurrentReplace: corrections of some articles and additions of others, sharing
// entities and edges, from concurrent writers, give the clean graph.
func testConcurrentReplace(t *testing.T, s graphstore.Store) {
	a, b := Corpus("conc", 16, 41), Corpus("conc-new", 16, 42)
	a2 := Corpus("conc", 16, 43)
	MustAdd(t, s, a...)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < 16; i += 4 {
				if _, err := s.Add(context.Background(), []*extract.Result{a2[i], b[i]}); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	Equal(t, Snapshot(t, s), Expected(slices.Concat(a2, b)...))
}
