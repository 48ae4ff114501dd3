package neo4j

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore"
	"github.com/newsgraph/newsgraph/graphstore/storetest"
)

// TestConcurrentCorrections: two stores correct, delete and re-add the SAME articles at
// once. The article write lock serializes them per article, so every old version is taken
// out exactly once; whatever order the transactions commit in, the graph is the clean load
// of what the ledger ends up holding.
func TestConcurrentCorrections(t *testing.T) {
	first := openStore(t, 0)
	second, err := Open(context.Background(), testCfg)
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close(context.Background())
	const n = 24
	v1, v2, v3 := storetest.Corpus("cc", n, 51), storetest.Corpus("cc", n, 52), storetest.Corpus("cc", n, 53)
	storetest.MustAdd(t, first, v1...)
	ids := make([]string, n)
	for i, r := range v1 {
		ids[i] = r.ID
	}
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	do := func(f func() error) {
		wg.Go(func() {
			if err := f(); err != nil {
				errs <- err
			}
		})
	}
	for round := range 3 {
		do(func() error { _, err := first.Add(context.Background(), v2); return err })
		do(func() error { _, err := second.Add(context.Background(), v3); return err })
		do(func() error { _, err := second.Delete(context.Background(), ids[round*4:round*4+8]); return err })
	}
	wg.Wait()
	// And retractions that stay: deletes beside corrections of other articles.
	do(func() error { _, err := second.Delete(context.Background(), ids[:6]); return err })
	do(func() error { _, err := first.Add(context.Background(), v1[12:]); return err })
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	// What the ledger holds decides which version of each id survived.
	byHash := map[string]*extract.Result{}
	for _, vs := range [][]*extract.Result{v1, v2, v3} {
		for _, r := range vs {
			byHash[graphstore.HashOf(r)] = r
		}
	}
	var survivors []*extract.Result
	alive := map[string]bool{}
	for _, row := range first.cypher(t, "MATCH (a:Article) RETURN a.hash AS hash ORDER BY a.id", nil) {
		r := byHash[row["hash"].(string)]
		if r == nil {
			t.Fatalf("the ledger holds a hash of no version: %v", row["hash"])
		}
		survivors = append(survivors, r)
		alive[r.ID] = true
	}
	// Which of ids[6:12] survive depends on how the first rounds interleave (each was
	// deleted in one of them, and re-added by every Add). The last two calls decide the rest:
	// ids[:6] are gone, ids[12:] are there, in the version v1 gave them.
	for i, id := range ids {
		switch {
		case i < 6 && alive[id]:
			t.Errorf("%s survives its delete", id)
		case i >= 12 && !alive[id]:
			t.Errorf("%s is gone after it was added again", id)
		}
	}
	for _, r := range survivors {
		if i := slices.Index(ids, r.ID); i >= 12 && graphstore.HashOf(r) != graphstore.HashOf(v1[i]) {
			t.Errorf("%s holds another version than the last one added", r.ID)
		}
	}
	storetest.Equal(t, storetest.Snapshot(t, first), storetest.Expected(survivors...))
}

// TestUnversionedArticles: an article stored by a newsgraph that kept no ledger (no hash, no
// contribution) cannot be taken out exactly. A correction of it is ignored, the stored version
// stays; a delete fails with an error that says why and changes nothing.
func TestUnversionedArticles(t *testing.T) {
	s := openStore(t, 0)
	r := storetest.Corpus("old", 1, 61)[0]
	storetest.MustAdd(t, s, r)
	s.cypher(t, "MATCH (a:Article) REMOVE a.hash, a.ledger", nil)
	before := storetest.JSON(t, storetest.Snapshot(t, s))
	fix := storetest.Corpus("old", 1, 62)[0]
	if n := storetest.MustAdd(t, s, fix); n != 0 {
		t.Errorf("correcting an unversioned article wrote %d, want 0", n)
	}
	_, err := s.Delete(context.Background(), []string{r.ID})
	if err == nil || !strings.Contains(err.Error(), "without a ledger") {
		t.Errorf("Delete error = %v, want one saying the article has no ledger", err)
	}
	if after := storetest.JSON(t, storetest.Snapshot(t, s)); string(after) != string(before) {
		t.Error("the graph changed")
	}
}

// TestCorruptLedger: a ledger that does not decode fails the correction with
// ErrCorruptLedger and writes nothing.
func TestCorruptLedger(t *testing.T) {
	s := openStore(t, 0)
	r := storetest.Corpus("bad", 1, 71)[0]
	storetest.MustAdd(t, s, r)
	s.cypher(t, "MATCH (a:Article) SET a.ledger = 'bm90IHpzdGQ='", nil)
	before := storetest.JSON(t, storetest.Snapshot(t, s))
	_, err := s.Add(context.Background(), []*extract.Result{storetest.Corpus("bad", 1, 72)[0]})
	if !errors.Is(err, graphstore.ErrCorruptLedger) {
		t.Errorf("Add error = %v, want ErrCorruptLedger", err)
	}
	if after := storetest.JSON(t, storetest.Snapshot(t, s)); string(after) != string(before) {
		t.Error("the graph changed")
	}
}
