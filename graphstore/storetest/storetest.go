// Package storetest is the conformance suite every graphstore.Store backend runs: the same
// synthetic results go into the store under test and through the reference merge
// (graphstore.NodeContribution, EdgeContribution and Merge), and the two graphs must export to
// the same JSON bytes. A backend calls Run from its own tests:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) graphstore.Store { return newEmptyStore(t) })
//	}
package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore"
)

// NewStore returns a fresh, empty store for one subtest. It should register its own cleanup
// (t.Cleanup) to close the store.
type NewStore func(t *testing.T) graphstore.Store

// Run runs the conformance suite against the stores newStore returns, one fresh store per
// subtest.
func Run(t *testing.T, newStore NewStore) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s graphstore.Store)
	}{
		{"Empty", testEmpty},
		{"SingleArticle", testSingleArticle},
		{"NameAndTypeVoting", testVoting},
		{"Aliases", testAliases},
		{"EdgesOfOnePair", testEdgesOfOnePair},
		{"EvidenceCapAndOrder", testEvidence},
		{"FirstLastSeen", testDates},
		{"Idempotent", testIdempotent},
		{"OrderAThenB", testOrderAThenB},
		{"OrderBThenA", testOrderBThenA},
		{"OrderTogether", testOrderTogether},
		{"DuplicateInBatch", testDuplicateInBatch},
		{"HostileStrings", testHostileStrings},
		{"Invalid", testInvalid},
		{"CancelledContext", testCancelled},
		{"Corpus", testCorpus},
		{"Replace", testReplace},
		{"ReplaceDatesAndEvidence", testReplaceRecomputes},
		{"Delete", testDelete},
		{"CorrectionsSequence", testCorrections},
		{"ConcurrentReplaceAndAdd", testConcurrentReplace},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newStore(t)
			tc.fn(t, s)
		})
	}
}

func testEmpty(t *testing.T, s graphstore.Store) {
	for _, batch := range [][]*extract.Result{nil, {}} {
		n, err := s.Add(context.Background(), batch)
		if err != nil || n != 0 {
			t.Fatalf("Add(%v) = %d, %v; want 0, nil", batch, n, err)
		}
	}
	if got := compact(t, JSON(t, Snapshot(t, s))); got != `{"nodes":[],"edges":[]}` {
		t.Fatalf("empty store exports %s", got)
	}
}

func testSingleArticle(t *testing.T, s graphstore.Store) {
	r := Article("a1", "2024-03-01").
		Entity("biden", "Joe Biden", extract.Person, 3, "Biden", "President Biden").
		Entity("un", "United Nations", extract.Organization, 2, "UN").
		Entity("paris", "Paris", extract.Location, 1).
		Co("biden", "un", 2, Ev("a1", 0, "Biden spoke at the UN.", ""), Ev("a1", 4, "Biden left the UN.", "")).
		Co("biden", "paris", 1, Ev("a1", 1, "Biden in Paris.", "")).
		Stance("biden", "un", 1, 0, 0, map[string]int{"praise": 1}, map[string]int{"verbal-cooperation": 1},
			Ev("a1", 0, "Biden praised the UN.", "praise")).
		Build()
	if n := MustAdd(t, s, r); n != 1 {
		t.Fatalf("added = %d, want 1", n)
	}
	g := Snapshot(t, s)
	Equal(t, g, Expected(r))
	if len(g.Nodes) != 3 || len(g.Edges) != 3 {
		t.Fatalf("got %d nodes, %d edges; want 3, 3", len(g.Nodes), len(g.Edges))
	}
	b := g.Nodes[0]
	if b.ID != "biden" || b.Name != "Joe Biden" || b.Type != extract.Person || b.Mentions != 3 || b.Articles != 1 ||
		!slices.Equal(b.Aliases, []string{"Biden", "President Biden"}) {
		t.Errorf("node biden = %+v", b)
	}
	st := g.Edges[2] // (biden,paris,co), (biden,un,co), (biden,un,stance)
	if st.Kind != extract.Stance || st.Polarity != 1 || !slices.Equal(st.Cues, []string{"praise"}) || st.Classes["verbal-cooperation"] != 1 {
		t.Errorf("stance edge = %+v", st)
	}
}

// testVoting: the name is the most voted (ties to the one with more words), the type the
// most voted across articles' type votes.
func testVoting(t *testing.T, s graphstore.Store) {
	rs := []*extract.Result{
		Article("v1", "2024-01-01").Entity("x", "Biden", extract.Person, 1).
			TypedEntity("y", "Georgia", map[extract.Type]int{extract.Location: 2, extract.Person: 1}, 3).Build(),
		Article("v2", "2024-01-02").Entity("x", "Joe Biden", extract.Person, 1).
			TypedEntity("y", "Georgia", map[extract.Type]int{extract.Person: 3}, 3).Build(),
		Article("v3", "2024-01-03").Entity("x", "Biden", extract.Person, 2).
			TypedEntity("y", "Georgia", map[extract.Type]int{extract.Person: 1}, 1).
			Entity("z", "Tie", extract.Organization, 1).Build(),
		Article("v4", "2024-01-04").Entity("z", "Tie Break", extract.Organization, 1).Build(),
	}
	if n := MustAdd(t, s, rs[:2]...); n != 2 {
		t.Fatalf("added = %d, want 2", n)
	}
	g := Snapshot(t, s)
	Equal(t, g, Expected(rs[:2]...))
	if x := node(t, g, "x"); x.Name != "Joe Biden" { // 1–1 tie: more words win
		t.Errorf("after two articles name = %q, want Joe Biden", x.Name)
	}
	if y := node(t, g, "y"); y.Type != extract.Person { // Person 4, Location 2
		t.Errorf("after two articles type = %q, want Person", y.Type)
	}
	MustAdd(t, s, rs[2:]...)
	g = Snapshot(t, s)
	Equal(t, g, Expected(rs...))
	if x := node(t, g, "x"); x.Name != "Biden" || x.Mentions != 4 || x.Articles != 3 {
		t.Errorf("node x = %+v, want name Biden (2 votes to 1), 4 mentions, 3 articles", x)
	}
	if z := node(t, g, "z"); z.Name != "Tie Break" {
		t.Errorf("node z name = %q, want Tie Break", z.Name)
	}
}

// testAliases: aliases are counted across articles, the chosen name is never an alias, and
// only the MaxAliases most frequent are kept (listed sorted).
func testAliases(t *testing.T, s graphstore.Store) {
	var many []string
	for i := range graphstore.MaxAliases + 4 {
		many = append(many, fmt.Sprintf("alias %02d", i))
	}
	rs := []*extract.Result{
		Article("al1", "2024-02-01").Entity("o", "Org", extract.Organization, 1, append([]string{"Org"}, many...)...).Build(),
		Article("al2", "2024-02-02").Entity("o", "Org", extract.Organization, 1, "alias 15", "alias 14", "Zed").Build(),
	}
	MustAdd(t, s, rs...)
	g := Snapshot(t, s)
	Equal(t, g, Expected(rs...))
	o := node(t, g, "o")
	if len(o.Aliases) != graphstore.MaxAliases || slices.Contains(o.Aliases, "Org") ||
		!slices.Contains(o.Aliases, "alias 15") || !slices.Contains(o.Aliases, "alias 14") || !slices.IsSorted(o.Aliases) {
		t.Errorf("aliases = %q", o.Aliases)
	}
}

// testEdgesOfOnePair: a co-occurrence and a stance edge each way between the same two
// entities are three distinct edges.
func testEdgesOfOnePair(t *testing.T, s graphstore.Store) {
	r1 := Article("p1", "2024-05-01").
		Entity("a", "Alpha", extract.Person, 2).Entity("b", "Beta", extract.Person, 2).
		Co("a", "b", 3, Ev("p1", 0, "Alpha met Beta.", "")).
		Stance("a", "b", 0, 2, 0, map[string]int{"criticize": 2}, map[string]int{"verbal-conflict": 2}, Ev("p1", 1, "Alpha criticized Beta.", "criticize")).
		Stance("b", "a", 1, 0, 1, map[string]int{"praise": 1, "meet": 1}, nil, Ev("p1", 2, "Beta praised Alpha.", "praise")).
		Build()
	r2 := Article("p2", "2024-05-02").
		Entity("a", "Alpha", extract.Person, 1).Entity("b", "Beta", extract.Person, 1).
		Co("a", "b", 1).
		Stance("a", "b", 1, 0, 0, map[string]int{"praise": 1}, map[string]int{"verbal-cooperation": 1}).
		Build()
	MustAdd(t, s, r1)
	MustAdd(t, s, r2)
	g := Snapshot(t, s)
	Equal(t, g, Expected(r1, r2))
	if len(g.Edges) != 3 {
		t.Fatalf("got %d edges, want 3", len(g.Edges))
	}
	ab := g.Edges[1]
	if ab.Source != "a" || ab.Kind != extract.Stance || ab.Weight != 3 || ab.Positive != 1 || ab.Negative != 2 ||
		ab.Polarity != -0.333 || ab.Articles != 2 || !slices.Equal(ab.Cues, []string{"criticize", "praise"}) {
		t.Errorf("stance a→b = %+v", ab)
	}
	if co := g.Edges[0]; co.Kind != extract.CoOccurrence || co.Weight != 4 || co.Articles != 2 {
		t.Errorf("co-occurrence = %+v", co)
	}
}

// testEvidence: only MaxEvidence pieces are kept, the smallest by (article, sentence),
// whatever order the articles arrive in; identical evidence is kept once.
func testEvidence(t *testing.T, s graphstore.Store) {
	mk := func(id string, sentences ...int) *extract.Result {
		b := Article(id, "2024-06-01").Entity("a", "A", extract.Person, 1).Entity("b", "B", extract.Person, 1)
		var ev []extract.Evidence
		for _, n := range sentences {
			ev = append(ev, Ev(id, n, fmt.Sprintf("%s sentence %d", id, n), ""))
		}
		return b.Co("a", "b", len(sentences), ev...).Build()
	}
	rs := []*extract.Result{mk("e3", 0, 1), mk("e2", 9, 5), mk("e1", 7), mk("e0", 3, 3)}
	for _, r := range rs { // newest-first arrival, one article at a time
		MustAdd(t, s, r)
	}
	g := Snapshot(t, s)
	Equal(t, g, Expected(rs...))
	ev := g.Edges[0].Evidence
	want := []extract.Evidence{Ev("e0", 3, "e0 sentence 3", ""), Ev("e1", 7, "e1 sentence 7", ""), Ev("e2", 5, "e2 sentence 5", "")}
	if !slices.Equal(ev, want) {
		t.Errorf("evidence = %+v\nwant %+v", ev, want)
	}
}

// testDates: first and last seen span the articles' dates; an undated article leaves them.
func testDates(t *testing.T, s graphstore.Store) {
	mk := func(id, date string) *extract.Result {
		return Article(id, date).Entity("a", "A", extract.Location, 1).Entity("b", "B", extract.Location, 1).Co("a", "b", 1).Build()
	}
	rs := []*extract.Result{mk("d1", "2024-07-10"), mk("d2", ""), mk("d3", "2023-12-31"), mk("d4", "2024-08-01")}
	MustAdd(t, s, rs[1])
	g := Snapshot(t, s)
	Equal(t, g, Expected(rs[1]))
	if n := node(t, g, "a"); n.FirstSeen != "" || n.LastSeen != "" {
		t.Errorf("undated: first/last = %q/%q", n.FirstSeen, n.LastSeen)
	}
	MustAdd(t, s, rs...)
	g = Snapshot(t, s)
	Equal(t, g, Expected(rs...))
	n, e := node(t, g, "a"), g.Edges[0]
	if n.FirstSeen != "2023-12-31" || n.LastSeen != "2024-08-01" || e.FirstSeen != "2023-12-31" || e.LastSeen != "2024-08-01" {
		t.Errorf("first/last: node %q/%q, edge %q/%q", n.FirstSeen, n.LastSeen, e.FirstSeen, e.LastSeen)
	}
}

// testIdempotent: the same batch twice adds nothing the second time.
func testIdempotent(t *testing.T, s graphstore.Store) {
	rs := Corpus("idem", 12, 1)
	if n := MustAdd(t, s, rs...); n != len(rs) {
		t.Fatalf("first add = %d, want %d", n, len(rs))
	}
	first := JSON(t, Snapshot(t, s))
	if n := MustAdd(t, s, rs...); n != 0 {
		t.Fatalf("second add = %d, want 0", n)
	}
	if n := MustAdd(t, s, rs[3]); n != 0 {
		t.Fatalf("re-adding one article = %d, want 0", n)
	}
	if second := JSON(t, Snapshot(t, s)); string(second) != string(first) {
		t.Fatalf("graph changed on re-add:\n%s", lineDiff(string(second), string(first)))
	}
	Equal(t, Snapshot(t, s), Expected(rs...))
}

// orderCorpus is split into overlapping halves A and B (they share entities and edges).
func orderCorpus() (a, b []*extract.Result) {
	rs := Corpus("ord", 20, 2)
	return rs[:10], rs[10:]
}

// testOrderAThenB, testOrderBThenA and testOrderTogether: A then B, B then A and A+B in one
// batch all give the reference graph of A+B (which the first checks is itself order-free).
func testOrderAThenB(t *testing.T, s graphstore.Store) {
	a, b := orderCorpus()
	want := Expected(append(slices.Clone(a), b...)...)
	Equal(t, Expected(append(slices.Clone(b), a...)...), want) // the rules themselves commute
	MustAdd(t, s, a...)
	MustAdd(t, s, b...)
	Equal(t, Snapshot(t, s), want)
}

func testOrderBThenA(t *testing.T, s graphstore.Store) {
	a, b := orderCorpus()
	MustAdd(t, s, b...)
	// A+B after B: only A is new.
	if n := MustAdd(t, s, append(slices.Clone(a), b...)...); n != len(a) {
		t.Fatalf("added = %d, want %d", n, len(a))
	}
	Equal(t, Snapshot(t, s), Expected(append(slices.Clone(a), b...)...))
}

func testOrderTogether(t *testing.T, s graphstore.Store) {
	a, b := orderCorpus()
	all := append(slices.Clone(a), b...)
	if n := MustAdd(t, s, all...); n != len(all) {
		t.Fatalf("added = %d, want %d", n, len(all))
	}
	Equal(t, Snapshot(t, s), Expected(all...))
}

// testDuplicateInBatch: an article id twice in one batch counts once; a later version of
// it in the same batch is a correction and replaces it.
func testDuplicateInBatch(t *testing.T, s graphstore.Store) {
	r := Article("dup", "2024-09-09").Entity("a", "A", extract.Person, 2).Entity("b", "B", extract.Organization, 1).
		Co("a", "b", 1, Ev("dup", 0, "A and B.", "")).Build()
	other := Article("dup", "2024-09-10").Entity("a", "Other A", extract.Location, 7).Build()
	if n := MustAdd(t, s, r, r); n != 1 {
		t.Fatalf("added = %d, want 1", n)
	}
	Equal(t, Snapshot(t, s), Expected(r))
	if n := MustAdd(t, s, r, r, other, other); n != 1 {
		t.Fatalf("written = %d, want 1 (the correction)", n)
	}
	g := Snapshot(t, s)
	Equal(t, g, Expected(other))
	if a := node(t, g, "a"); a.Mentions != 7 || a.Articles != 1 || a.Type != extract.Location {
		t.Errorf("node a = %+v", a)
	}
	if len(g.Nodes) != 1 || len(g.Edges) != 0 {
		t.Errorf("the replaced version left %d nodes, %d edges; want 1, 0", len(g.Nodes), len(g.Edges))
	}
}

// Hostile strings: quoting, escapes, braces, newlines, unicode and Cypher/SQL fragments must
// round-trip as data, never as code.
var hostile = []string{
	`Robert'); MATCH (n) DETACH DELETE n; //`,
	`"double" and 'single' quotes`,
	`back\slash \\ \n \u0000-ish`,
	"}]) RETURN 1 //\n{",
	"line one\nline two\r\nline three\ttab",
	"Zoë Ærøskøbing — 北京 — Мосва — مرحبا — 🚀",
	"MERGE (x:Admin) SET x.pwned = true",
	"${label}`:Person` WITH *",
	" leading and trailing spaces ",
}

func testHostileStrings(t *testing.T, s graphstore.Store) {
	var rs []*extract.Result
	for i, h := range hostile {
		id := fmt.Sprintf("%s #%d", h, i) // article ids are hostile too
		a, b := "ent:"+h, "ent2:"+h
		rs = append(rs, Article(id, "2024-10-01").
			Entity(a, h, extract.Person, 1, h+" alias", "alias "+h).
			Entity(b, strings.ToUpper(h), extract.Organization, 1).
			Co(min(a, b), max(a, b), 1, Ev(id, i, h, "")).
			Stance(a, b, 1, 0, 0, map[string]int{h: 1}, map[string]int{h: 1}, Ev(id, i, "said: "+h, h)).
			Build())
	}
	MustAdd(t, s, rs...)
	g := Snapshot(t, s)
	Equal(t, g, Expected(rs...))
	if len(g.Nodes) != 2*len(hostile) {
		t.Fatalf("got %d nodes, want %d (did a name run as code?)", len(g.Nodes), 2*len(hostile))
	}
	for _, h := range hostile {
		if n := node(t, g, "ent:"+h); n.Name != h {
			t.Errorf("name %q came back as %q", h, n.Name)
		}
	}
}

// testInvalid: a batch with an entity type or edge kind outside the allow-list, or without
// an article id, is rejected whole with ErrInvalid and writes nothing.
func testInvalid(t *testing.T, s graphstore.Store) {
	base := Article("ok0", "2024-11-01").Entity("a", "A", extract.Person, 1).Build()
	MustAdd(t, s, base)
	before := JSON(t, Snapshot(t, s))
	good := Article("ok1", "2024-11-02").Entity("a", "A", extract.Person, 1).Entity("b", "B", extract.Person, 1).Co("a", "b", 1).Build()
	bad := []*extract.Result{
		Article("bad-type", "2024-11-03").Entity("c", "C", extract.Type("Admin"), 1).Build(),
		Article("bad-type2", "2024-11-03").Entity("c", "C", extract.Type("Person:Admin"), 1).Build(),
		Article("bad-empty-type", "2024-11-03").Entity("c", "C", "", 1).Build(),
		Article("bad-entity-id", "2024-11-03").Entity("", "C", extract.Person, 1).Build(),
		Article("bad-kind", "2024-11-03").Entity("a", "A", extract.Person, 1).Entity("b", "B", extract.Person, 1).
			Edge(extract.Edge{Source: "a", Target: "b", Kind: "KNOWS]->(x) DETACH DELETE x //", Weight: 1}).Build(),
		Article("", "2024-11-03").Entity("a", "A", extract.Person, 1).Build(),
	}
	for _, r := range bad {
		n, err := s.Add(context.Background(), []*extract.Result{good, r})
		if !errors.Is(err, graphstore.ErrInvalid) {
			t.Errorf("Add(good, %q) error = %v, want ErrInvalid", r.ID, err)
		}
		if n != 0 {
			t.Errorf("Add(good, %q) added %d, want 0", r.ID, n)
		}
		if after := JSON(t, Snapshot(t, s)); string(after) != string(before) {
			t.Fatalf("invalid batch %q wrote:\n%s", r.ID, lineDiff(string(after), string(before)))
		}
	}
	if n := MustAdd(t, s, good); n != 1 { // rejected batches did not mark good as seen
		t.Fatalf("adding the good article after rejections = %d, want 1", n)
	}
	Equal(t, Snapshot(t, s), Expected(base, good))
}

// testCancelled: a cancelled context fails Add and Graph and writes nothing.
func testCancelled(t *testing.T, s graphstore.Store) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rs := Corpus("cancel", 3, 3)
	if _, err := s.Add(ctx, rs); err == nil {
		t.Fatal("Add with a cancelled context succeeded")
	} else if !errors.Is(err, context.Canceled) {
		t.Errorf("Add error = %v, want one wrapping context.Canceled", err)
	}
	if _, err := s.Graph(ctx); err == nil {
		t.Error("Graph with a cancelled context succeeded")
	}
	Equal(t, Snapshot(t, s), Expected())
	if n := MustAdd(t, s, rs...); n != len(rs) {
		t.Fatalf("added after cancel = %d, want %d", n, len(rs))
	}
	Equal(t, Snapshot(t, s), Expected(rs...))
}

// testCorpus: a larger corpus in uneven batches, with overlaps and repeats, gives the
// reference graph.
func testCorpus(t *testing.T, s graphstore.Store) {
	rs := Corpus("corpus", 90, 4)
	added := 0
	for _, b := range [][2]int{{0, 1}, {1, 30}, {20, 55}, {55, 56}, {40, 90}, {0, 90}} {
		added += MustAdd(t, s, rs[b[0]:b[1]]...)
	}
	if added != len(rs) {
		t.Fatalf("added %d in total, want %d", added, len(rs))
	}
	Equal(t, Snapshot(t, s), Expected(rs...))
}

func node(t *testing.T, g *graphstore.Graph, id string) *graphstore.Node {
	t.Helper()
	i := slices.IndexFunc(g.Nodes, func(n *graphstore.Node) bool { return n.ID == id })
	if i < 0 {
		t.Fatalf("no node %q", id)
	}
	return g.Nodes[i]
}
