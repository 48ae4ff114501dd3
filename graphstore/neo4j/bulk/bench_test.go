package bulk_test

import (
	"cmp"
	"context"
	"errors"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore/neo4j"
	"github.com/newsgraph/newsgraph/graphstore/neo4j/bulk"
	"github.com/newsgraph/newsgraph/graphstore/neo4j/bulk/bulktest"
	"github.com/newsgraph/newsgraph/pipeline"
	"github.com/newsgraph/newsgraph/pipeline/source"
)

// BenchmarkLoad loads one graph into Neo4j twice, by neo4j-admin import (fresh home, wall
// time of the whole command, JVM start included) and by graphstore/neo4j's Add (batched
// MERGE, 256 articles per call as `newsgraph run` writes), and reports relationships per
// second for each. The dump and article count come from NEWSGRAPH_BENCH_DUMP (default the
// BBC dump) and NEWSGRAPH_BENCH_ARTICLES (default 300):
//
//	go test -run '^$' -bench Load -benchtime 1x ./graphstore/neo4j/bulk
func BenchmarkLoad(b *testing.B) {
	dump := cmp.Or(os.Getenv("NEWSGRAPH_BENCH_DUMP"), "/work/shared/data/bbc-2225.jsonl.gz")
	n, _ := strconv.Atoi(cmp.Or(os.Getenv("NEWSGRAPH_BENCH_ARTICLES"), "300"))
	x, err := extract.NewDefault()
	if err != nil {
		b.Fatal(err)
	}
	var recs []source.Record
	enough := errors.New("enough")
	err = source.Walk(context.Background(), []string{dump}, source.Options{}, nil, func(r source.Record) error {
		if len(recs) == n {
			return enough
		}
		recs = append(recs, r)
		return nil
	})
	if err != nil && !errors.Is(err, enough) {
		b.Fatalf("read %s: %v", dump, err)
	}
	var rs []*extract.Result
	src := func(ctx context.Context, fn func(source.Record) error) error {
		for _, r := range recs {
			if err := fn(r); err != nil {
				return err
			}
		}
		return nil
	}
	_, err = pipeline.Run(context.Background(), src, x, func(_ context.Context, batch []*extract.Result) error {
		rs = append(rs, batch...)
		return nil
	}, pipeline.Config{})
	if err != nil {
		b.Fatal(err)
	}
	rs = firstByID(rs)
	g := memoryGraph(b, rs)
	for i := 0; i < b.N; i++ {
		im, err := bulk.Write(b.TempDir(), g, bulk.Options{Shards: 2, Articles: ledger(rs)})
		if err != nil {
			b.Fatal(err)
		}
		rels := im.Counts[bulk.CoOccurs] + im.Counts[bulk.Stances] + im.Counts[bulk.Mentions]
		srv := bulktest.Start(b, "../../..", im)
		b.ReportMetric(float64(rels)/srv.ImportTime.Seconds(), "import-rels/s")

		ctx := context.Background()
		st, err := neo4j.Open(ctx, srv.Config)
		if err != nil {
			b.Fatal(err)
		}
		wipe(b, srv.Config)
		start := time.Now()
		for j := 0; j < len(rs); j += 256 {
			if _, err := st.Add(ctx, rs[j:min(j+256, len(rs))]); err != nil {
				b.Fatal(err)
			}
		}
		merge := time.Since(start)
		st.Close(ctx)
		b.ReportMetric(float64(rels)/merge.Seconds(), "merge-rels/s")
		b.Logf("%d articles, %d entities, %d relationships (%d CO_OCCURS, %d STANCE, %d MENTIONED_IN): "+
			"neo4j-admin import %v (server start %v), MERGE load %v",
			len(rs), len(g.Nodes), rels, im.Counts[bulk.CoOccurs], im.Counts[bulk.Stances], im.Counts[bulk.Mentions],
			srv.ImportTime.Round(time.Millisecond), srv.StartTime.Round(time.Millisecond), merge.Round(time.Millisecond))
	}
}
