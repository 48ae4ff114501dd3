package beam

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/log"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/newsgraph/newsgraph/graphstore"
	"github.com/newsgraph/newsgraph/graphstore/neo4j/bulk"
)

// ImportFile is written next to the CSV files: how to import them (bulk.Import.Instructions).
const ImportFile = "import.txt"

func init() {
	register.DoFn4x1[context.Context, []byte, func(*string, **graphstore.Node) bool, func(*string, **graphstore.Edge) bool, error](&writeJSONFn{})
	register.Iter2[string, *graphstore.Node]()
	register.Iter2[string, *graphstore.Edge]()

	register.Function2x2[string, *graphstore.Node, bulk.Usage, error](nodeUsage)
	register.Function2x2[string, *graphstore.Edge, bulk.Usage, error](edgeUsage)
	register.Function1x2[[]byte, bulk.Usage, error](articleUsage)
	register.Iter1[bulk.Usage]()

	register.DoFn4x1[string, *graphstore.Node, func(*bulk.Usage) bool, func(int, Line), error](&csvNodeFn{})
	register.DoFn4x1[string, *graphstore.Edge, func(*bulk.Usage) bool, func(int, Line), error](&csvEdgeFn{})
	register.DoFn3x1[[]byte, func(*bulk.Usage) bool, func(int, Line), error](&csvArticleFn{})
	register.Emitter2[int, Line]()
	register.Iter1[Line]()
	register.DoFn4x1[context.Context, int, func(*Line) bool, func(int, int), error](&writePartFn{})
	register.Emitter2[int, int]()
	register.Iter2[int, int]()
	register.DoFn4x1[context.Context, []byte, func(*int, *int) bool, func(*bulk.Usage) bool, error](&finishCSVFn{})
}

// writeJSONFn writes the graph as graphstore.WriteJSON does, from the merged nodes and edges
// read as side inputs. It is the job's one single-worker step: the whole graph is held and
// sorted in one process (for graphs too large for one machine, use the sharded CSV).
type writeJSONFn struct {
	Path string
}

func (f *writeJSONFn) ProcessElement(ctx context.Context, _ []byte,
	nodes func(*string, **graphstore.Node) bool, edges func(*string, **graphstore.Edge) bool) error {
	g := &graphstore.Graph{Nodes: []*graphstore.Node{}, Edges: []*graphstore.Edge{}}
	var (
		id string
		n  *graphstore.Node
		k  string
		e  *graphstore.Edge
	)
	for nodes(&id, &n) {
		g.Nodes = append(g.Nodes, n)
	}
	for edges(&k, &e) {
		g.Edges = append(g.Edges, e)
	}
	g.Sort()
	g.LinkSurnames(graphstore.DefaultLinks) // as newsgraph run's exports do
	var buf bytes.Buffer
	if err := graphstore.WriteJSON(&buf, g); err != nil {
		return err
	}
	if err := writeFileAtomic(f.Path, buf.Bytes()); err != nil {
		return err
	}
	log.Infof(ctx, "graph JSON written to %s: %d entities, %d edges", f.Path, len(g.Nodes), len(g.Edges))
	return nil
}

func writeFileAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// The Usage of each record, combined into one to choose the delimiter.

func nodeUsage(_ string, n *graphstore.Node) (bulk.Usage, error) {
	var u bulk.Usage
	r, err := bulk.NodeRecord(n)
	u.Add(r)
	return u, err
}

func edgeUsage(_ string, e *graphstore.Edge) (bulk.Usage, error) {
	var u bulk.Usage
	r, err := bulk.EdgeRecord(e)
	u.Add(r)
	return u, err
}

func articleUsage(b []byte) (bulk.Usage, error) {
	var u bulk.Usage
	recs, err := articleRecords(b)
	for _, r := range recs {
		u.Add(r)
	}
	return u, err
}

func articleRecords(b []byte) ([]bulk.Record, error) {
	var a bulk.Article
	if err := json.Unmarshal(b, &a); err != nil {
		return nil, fmt.Errorf("decode article: %w", err)
	}
	r, err := bulk.ArticleRecord(a)
	if err != nil {
		return nil, err
	}
	return append([]bulk.Record{r}, bulk.MentionRecords(a)...), nil
}

// delimiter is the array delimiter the combined usage allows; it is the same for every
// record of the job, so a DoFn computes it once.
type delimiter struct{ d rune }

func (c *delimiter) get(usages func(*bulk.Usage) bool) (rune, error) {
	if c.d != 0 {
		return c.d, nil
	}
	var u, x bulk.Usage
	for usages(&x) {
		u.Merge(x)
	}
	d, err := u.Delimiter()
	c.d = d
	return d, err
}

// shardKey numbers the files: group g's shard i of n is g*n+i. An id always goes to the
// same shard, so a retried bundle rewrites the same lines.
func shardKey(g bulk.Group, key string, n int) int {
	h := fnv.New32a()
	h.Write([]byte(key))
	return int(g)*n + int(h.Sum32()%uint32(n))
}

type csvNodeFn struct {
	Shards int
	delim  delimiter
}

func (f *csvNodeFn) ProcessElement(id string, n *graphstore.Node, usages func(*bulk.Usage) bool, emit func(int, Line)) error {
	d, err := f.delim.get(usages)
	if err != nil {
		return err
	}
	r, err := bulk.NodeRecord(n)
	if err != nil {
		return err
	}
	emit(shardKey(r.Group, id, f.Shards), Line{Key: id, CSV: r.AppendCSV(nil, d)})
	return nil
}

type csvEdgeFn struct {
	Shards int
	delim  delimiter
}

func (f *csvEdgeFn) ProcessElement(key string, e *graphstore.Edge, usages func(*bulk.Usage) bool, emit func(int, Line)) error {
	d, err := f.delim.get(usages)
	if err != nil {
		return err
	}
	r, err := bulk.EdgeRecord(e)
	if err != nil {
		return err
	}
	emit(shardKey(r.Group, key, f.Shards), Line{Key: key, CSV: r.AppendCSV(nil, d)})
	return nil
}

type csvArticleFn struct {
	Shards int
	delim  delimiter
}

func (f *csvArticleFn) ProcessElement(b []byte, usages func(*bulk.Usage) bool, emit func(int, Line)) error {
	d, err := f.delim.get(usages)
	if err != nil {
		return err
	}
	recs, err := articleRecords(b)
	if err != nil {
		return err
	}
	// The article id keys its mentions too, so an article's lines stay together.
	var a struct{ ID string }
	if err := json.Unmarshal(b, &a); err != nil {
		return err
	}
	for _, r := range recs {
		emit(shardKey(r.Group, a.ID, f.Shards), Line{Key: a.ID, CSV: r.AppendCSV(nil, d)})
	}
	return nil
}

// writePartFn writes one shard file, its lines sorted so that the file does not depend on
// the order the runner delivered them in, and reports how many it wrote.
type writePartFn struct {
	Dir    string
	Shards int
}

func (f *writePartFn) ProcessElement(ctx context.Context, k int, lines func(*Line) bool, emit func(int, int)) error {
	var all []Line
	var l Line
	for lines(&l) {
		all = append(all, l)
	}
	slices.SortFunc(all, func(a, b Line) int {
		return cmp.Or(cmp.Compare(a.Key, b.Key), bytes.Compare(a.CSV, b.CSV))
	})
	out := make([][]byte, len(all))
	for i := range all {
		out[i] = all[i].CSV
	}
	if err := os.MkdirAll(f.Dir, 0o755); err != nil {
		return err
	}
	g := bulk.Group(k / f.Shards)
	if err := bulk.WriteLines(filepath.Join(f.Dir, g.PartFile(k%f.Shards, f.Shards)), out); err != nil {
		return err
	}
	emit(k, len(out))
	return nil
}

// finishCSVFn runs once every part is written (their counts are its side input): it writes
// the parts no record fell into as empty files, the header files, the post-import Cypher
// when needed, and ImportFile.
type finishCSVFn struct {
	Dir    string
	Shards int
}

func (f *finishCSVFn) ProcessElement(ctx context.Context, _ []byte, counts func(*int, *int) bool, usages func(*bulk.Usage) bool) error {
	var u, x bulk.Usage
	for usages(&x) {
		u.Merge(x)
	}
	im, err := bulk.NewImport(f.Dir, f.Shards, u, 0, true)
	if err != nil {
		return err
	}
	written := map[int]bool{}
	var k, n int
	for counts(&k, &n) {
		written[k] = true
		im.Counts[bulk.Group(k/f.Shards)] += n
	}
	if err := im.WriteHeaders(); err != nil {
		return err
	}
	for _, g := range im.Groups() {
		for i := range f.Shards {
			if !written[int(g)*f.Shards+i] {
				if err := bulk.WriteLines(filepath.Join(im.Dir, g.PartFile(i, f.Shards)), nil); err != nil {
					return err
				}
			}
		}
	}
	text := im.Instructions()
	if err := writeFileAtomic(filepath.Join(im.Dir, ImportFile), []byte(text)); err != nil {
		return err
	}
	log.Infof(ctx, "%s", text)
	return nil
}
