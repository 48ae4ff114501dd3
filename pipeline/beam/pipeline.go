package beam

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/newsgraph/newsgraph/graphstore"
	"github.com/newsgraph/newsgraph/pipeline/source"
)

// Config is what a job reads and writes.
type Config struct {
	// Inputs are files or folders, as for `newsgraph run` (not stdin). Every worker must see
	// them at the same path (a shared or network file system, or the local disk with Prism).
	Inputs []string
	// Fields are the JSON/CSV field names (source.Options.Fields).
	Fields source.Fields
	// OnChange picks the version of an id read more than once with other content, as
	// `newsgraph run --on-change` does: Replace (the zero value) keeps the last in input
	// order, Keep the first.
	OnChange graphstore.OnChange
	// JSON, when set, is the path of the graph JSON (graphstore.WriteJSON's bytes).
	JSON string
	// CSV, when set, is the directory of the neo4j-admin CSV files (article ledger
	// included), written in Shards files per group.
	CSV    string
	Shards int
}

// Build adds the job to s (see the package comment for its shape).
func Build(s beam.Scope, cfg Config) error {
	if len(cfg.Inputs) == 0 {
		return errors.New("beam: no inputs")
	}
	if cfg.JSON == "" && cfg.CSV == "" {
		return errors.New("beam: nothing to write: set JSON or CSV")
	}
	ins := make([]Input, len(cfg.Inputs))
	for i, in := range cfg.Inputs {
		if in == "-" {
			return errors.New("beam: stdin cannot be an input of a distributed job")
		}
		ins[i] = Input{Index: i, Path: in}
	}
	if cfg.Shards < 1 {
		cfg.Shards = 1
	}

	read := s.Scope("read")
	keyed := beam.ParDo(read, &readFn{Fields: cfg.Fields}, beam.CreateList(read, ins))
	// Idempotency: one version per id, the one a local run's store ends up holding.
	kept := beam.CombinePerKey(s.Scope("dedupe"), pick(cfg.OnChange), keyed)
	nodes, edges, articles := beam.ParDo3(s.Scope("extract"), &extractFn{}, kept)
	merge := s.Scope("merge")
	nodes = beam.CombinePerKey(merge, &nodeCombineFn{}, nodes)
	edges = beam.CombinePerKey(merge, &edgeCombineFn{}, edges)

	if cfg.JSON != "" {
		path, err := filepath.Abs(cfg.JSON)
		if err != nil {
			return fmt.Errorf("beam: %w", err)
		}
		js := s.Scope("json")
		beam.ParDo0(js, &writeJSONFn{Path: path}, beam.Impulse(js),
			beam.SideInput{Input: nodes}, beam.SideInput{Input: edges})
	}
	if cfg.CSV != "" {
		dir, err := filepath.Abs(cfg.CSV)
		if err != nil {
			return fmt.Errorf("beam: %w", err)
		}
		writeCSV(s.Scope("neo4j-admin"), dir, cfg.Shards, nodes, edges, articles)
	}
	return nil
}

// writeCSV writes the neo4j-admin files: every record's Usage is combined into one (it
// decides the array delimiter), then each record is encoded, grouped by shard and written,
// and a last step writes the headers and the import command.
func writeCSV(s beam.Scope, dir string, shards int, nodes, edges, articles beam.PCollection) {
	usage := beam.Combine(s, &usageCombineFn{}, beam.Flatten(s,
		beam.ParDo(s, nodeUsage, nodes),
		beam.ParDo(s, edgeUsage, edges),
		beam.ParDo(s, articleUsage, articles)))
	side := beam.SideInput{Input: usage}
	lines := beam.Flatten(s,
		beam.ParDo(s, &csvNodeFn{Shards: shards}, nodes, side),
		beam.ParDo(s, &csvEdgeFn{Shards: shards}, edges, side),
		beam.ParDo(s, &csvArticleFn{Shards: shards}, articles, side))
	counts := beam.ParDo(s, &writePartFn{Dir: dir, Shards: shards}, beam.GroupByKey(s, lines))
	beam.ParDo0(s, &finishCSVFn{Dir: dir, Shards: shards}, beam.Impulse(s),
		beam.SideInput{Input: counts}, side)
}
