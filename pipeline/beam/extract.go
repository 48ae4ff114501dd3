package beam

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/log"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore"
	"github.com/newsgraph/newsgraph/graphstore/neo4j/bulk"
	"github.com/newsgraph/newsgraph/pipeline/source"
)

// Counters, reported by the runner and by newsgraph-beam at the end.
var (
	recordsRead    = beam.NewCounter("newsgraph", "records_read")
	recordsSkipped = beam.NewCounter("newsgraph", "records_skipped")
	articlesUnique = beam.NewCounter("newsgraph", "articles_unique")
	extractFailed  = beam.NewCounter("newsgraph", "extract_failed")
)

func init() {
	register.DoFn3x1[context.Context, Input, func(string, Seen), error](&readFn{})
	register.Emitter2[string, Seen]()
	register.Function2x1[Seen, Seen, Seen](lastSeen)
	register.Function2x1[Seen, Seen, Seen](firstSeen)
	register.DoFn6x1[context.Context, string, Seen, func(string, *graphstore.Node), func(string, *graphstore.Edge), func([]byte), error](&extractFn{})
	register.Emitter2[string, *graphstore.Node]()
	register.Emitter2[string, *graphstore.Edge]()
	register.Emitter1[[]byte]()
}

// readFn reads one input with source.Walk, so the Beam job accepts every format the local
// pipeline does. Inputs are read in parallel; one input is read by one worker, so a dump
// split into many files spreads best. Bad records are logged and counted, never fatal.
type readFn struct {
	Fields source.Fields
}

func (f *readFn) ProcessElement(ctx context.Context, in Input, emit func(string, Seen)) error {
	ordinal := 0
	err := source.Walk(ctx, []string{in.Path}, source.Options{Fields: f.Fields}, nil, func(r source.Record) error {
		recordsRead.Inc(ctx, 1)
		if r.Err != nil {
			recordsSkipped.Inc(ctx, 1)
			log.Warnf(ctx, "skip: %v", r.Err)
			return nil
		}
		emit(r.Article.ID, Seen{Index: in.Index, Ordinal: ordinal, Article: r.Article})
		ordinal++
		return nil
	})
	if err != nil {
		return fmt.Errorf("read %s: %w", in.Path, err)
	}
	return nil
}

// pick is the dedupe's combine for onChange: the version of an id a local run's store ends
// up holding. It returns a top-level function, not a closure, so remote workers can find it.
func pick(onChange graphstore.OnChange) func(a, b Seen) Seen {
	if onChange == graphstore.Keep {
		return firstSeen
	}
	return lastSeen
}

// lastSeen keeps the article read last: a later version is a correction that replaces the
// earlier one (graphstore.Replace). It is a max, so commutative and associative, as a
// combine must be.
func lastSeen(a, b Seen) Seen {
	if a.before(b) {
		return b
	}
	return a
}

// firstSeen keeps the article read first (graphstore.Keep). It is a min.
func firstSeen(a, b Seen) Seen {
	if b.before(a) {
		return b
	}
	return a
}

// sharedExtractor is one extractor per worker process: building one loads the models, and an
// Extractor is safe for concurrent use by all the DoFn instances of a worker.
var sharedExtractor = sync.OnceValues(extract.NewDefault)

// extractFn extracts one article and emits its contributions: one per entity keyed by
// entity id, one per edge keyed by edge key, and its ledger row (JSON of a bulk.Article).
type extractFn struct {
	x *extract.Extractor
}

func (f *extractFn) Setup() error {
	x, err := sharedExtractor()
	if err != nil {
		return fmt.Errorf("build extractor: %w", err)
	}
	f.x = x
	return nil
}

func (f *extractFn) ProcessElement(ctx context.Context, id string, s Seen,
	emitNode func(string, *graphstore.Node), emitEdge func(string, *graphstore.Edge), emitArticle func([]byte)) error {
	articlesUnique.Inc(ctx, 1)
	r, err := f.x.Extract(&s.Article)
	if err == nil {
		err = graphstore.Validate(r)
	}
	if err != nil {
		// As in the local pipeline: one bad article is skipped, not the job.
		extractFailed.Inc(ctx, 1)
		log.Warnf(ctx, "skip: article %q: %v", id, err)
		return nil
	}
	for i := range r.Entities {
		emitNode(r.Entities[i].ID, graphstore.NodeContribution(r, &r.Entities[i]))
	}
	for i := range r.Edges {
		e := graphstore.EdgeContribution(r, &r.Edges[i])
		emitEdge(edgeKey(e), e)
	}
	b, err := json.Marshal(bulk.ArticleOf(r))
	if err != nil {
		return fmt.Errorf("article %q: %w", id, err)
	}
	emitArticle(b)
	return nil
}

// edgeKey is an edge's key as a string that no id can make ambiguous.
func edgeKey(e *graphstore.Edge) string {
	b, _ := json.Marshal([3]string{e.Source, e.Target, string(e.Kind)})
	return string(b)
}
