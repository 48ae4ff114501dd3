package bulk_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	neo4jdrv "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore/neo4j"
	"github.com/newsgraph/newsgraph/graphstore/neo4j/bulk"
	"github.com/newsgraph/newsgraph/graphstore/neo4j/bulk/bulktest"
	"github.com/newsgraph/newsgraph/graphstore/storetest"
	"github.com/newsgraph/newsgraph/pipeline"
	"github.com/newsgraph/newsgraph/pipeline/source"
)

// fixtureResults extracts the repository's fixtures/ with the default extractor, in input
// order, as `newsgraph run fixtures/` does.
func fixtureResults(t testing.TB) []*extract.Result {
	t.Helper()
	x, err := extract.NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	var out []*extract.Result
	src := func(ctx context.Context, fn func(source.Record) error) error {
		return source.Walk(ctx, []string{"../../../fixtures"}, source.Options{}, nil, fn)
	}
	_, err = pipeline.Run(context.Background(), src, x, func(_ context.Context, b []*extract.Result) error {
		out = append(out, b...)
		return nil
	}, pipeline.Config{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatal("no fixtures extracted")
	}
	return out
}

// firstByID keeps the first result of each article id, as every store does.
func firstByID(rs []*extract.Result) []*extract.Result {
	seen := map[string]bool{}
	var out []*extract.Result
	for _, r := range rs {
		if !seen[r.ID] {
			seen[r.ID] = true
			out = append(out, r)
		}
	}
	return out
}

// TestImportRoundTrip is the real thing: the fixtures' graph plus the hostile one, written
// as three shards with the article ledger, imported by neo4j-admin into a fresh home, served
// by a private server. graphstore/neo4j must read back the memory store's graph byte for
// byte; adding the same articles again must change nothing (the ledger came along); and
// loading them through graphstore/neo4j's own MERGE path must give the very same nodes,
// labels, relationships and properties, so bulk and transactional loads are
// interchangeable.
func TestImportRoundTrip(t *testing.T) {
	ctx := context.Background()
	rs := firstByID(append(fixtureResults(t), hostileResults()...))
	g := memoryGraph(t, rs)
	want := storetest.JSON(t, g)
	im, err := bulk.Write(t.TempDir(), g, bulk.Options{Shards: 3, Articles: ledger(rs)})
	if err != nil {
		t.Fatal(err)
	}
	if !im.PostImport {
		t.Fatal("the test graph should exercise the post-import step")
	}
	srv := bulktest.Start(t, "../../..", im)
	t.Logf("%d entities, %d+%d edges: import %v, start %v", im.Counts[bulk.Entities],
		im.Counts[bulk.CoOccurs], im.Counts[bulk.Stances], srv.ImportTime.Round(time.Millisecond), srv.StartTime.Round(time.Millisecond))

	st, err := neo4j.Open(ctx, srv.Config)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(ctx)
	check := func(when string) {
		t.Helper()
		got := storetest.Snapshot(t, st)
		if b := storetest.JSON(t, got); string(b) != string(want) {
			storetest.Equal(t, got, g) // reports the difference
			t.Fatalf("%s: the graph read back differs from the memory store's", when)
		}
	}
	check("after the import")
	if n, err := st.Add(ctx, rs); err != nil || n != 0 {
		t.Fatalf("Add of imported articles: added %d, err %v; want 0, nil", n, err)
	}
	check("after adding the same articles again")
	// A second run of the post-import step finds nothing to do.
	if err := bulk.Finish(ctx, srv.Config); err != nil {
		t.Fatal(err)
	}
	check("after a second post-import")

	imported := dump(t, srv.Config)
	wipe(t, srv.Config)
	if n, err := st.Add(ctx, rs); err != nil || n != len(rs) {
		t.Fatalf("Add: added %d, err %v; want %d", n, err, len(rs))
	}
	merged := dump(t, srv.Config)
	if !slices.Equal(imported, merged) {
		for i := range max(len(imported), len(merged)) {
			a, b := at(imported, i), at(merged, i)
			if a != b {
				t.Fatalf("bulk import and MERGE load differ; first difference at line %d:\nbulk:  %s\nmerge: %s", i, a, b)
			}
		}
	}
	if len(imported) < len(g.Nodes)+len(g.Edges)+len(rs) {
		t.Fatalf("dump has %d lines for %d nodes, %d edges, %d articles", len(imported), len(g.Nodes), len(g.Edges), len(rs))
	}
}

// wipe deletes everything, in batches so that a large graph fits the transaction memory.
func wipe(t testing.TB, cfg neo4j.Config) {
	t.Helper()
	d, err := neo4jdrv.NewDriverWithContext(cfg.URI, neo4jdrv.NoAuth())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close(context.Background())
	sess := d.NewSession(context.Background(), neo4jdrv.SessionConfig{})
	defer sess.Close(context.Background())
	// CALL … IN TRANSACTIONS runs only in an auto-commit transaction (session.Run).
	res, err := sess.Run(context.Background(), "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 1000 ROWS", nil)
	if err == nil {
		_, err = res.Consume(context.Background())
	}
	if err != nil {
		t.Fatalf("wipe: %v", err)
	}
}

func at(l []string, i int) string {
	if i < len(l) {
		return l[i]
	}
	return "(nothing)"
}

// dump is every node with its labels and properties, and every relationship with its type,
// ends and properties, as sorted JSON lines.
func dump(t *testing.T, cfg neo4j.Config) []string {
	t.Helper()
	var out []string
	for _, q := range []string{
		"MATCH (n) RETURN 'node' AS what, labels(n) AS labels, n {.*} AS props",
		"MATCH (a)-[r]->(b) RETURN type(r) AS what, [labels(a), a.id, labels(b), b.id] AS labels, r {.*} AS props",
	} {
		for _, rec := range cypher(t, cfg, q) {
			rec["labels"] = sortedLabels(rec["labels"])
			b, err := json.Marshal(rec)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, string(b))
		}
	}
	slices.Sort(out)
	return out
}

// sortedLabels sorts every list of label strings in v (labels come in no defined order).
func sortedLabels(v any) any {
	l, ok := v.([]any)
	if !ok {
		return v
	}
	strs := true
	for i, x := range l {
		l[i] = sortedLabels(x)
		if _, ok := x.(string); !ok {
			strs = false
		}
	}
	if strs {
		slices.SortFunc(l, func(a, b any) int { return strings.Compare(a.(string), b.(string)) })
	}
	return l
}

func cypher(t testing.TB, cfg neo4j.Config, q string) []map[string]any {
	t.Helper()
	d, err := neo4jdrv.NewDriverWithContext(cfg.URI, neo4jdrv.NoAuth())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close(context.Background())
	res, err := neo4jdrv.ExecuteQuery(context.Background(), d, q, nil, neo4jdrv.EagerResultTransformer)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	out := make([]map[string]any, len(res.Records))
	for i, r := range res.Records {
		out[i] = r.AsMap()
	}
	return out
}
