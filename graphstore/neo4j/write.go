package neo4j

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"

	neo4jdrv "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore"
)

// Cypher for Add. Values are always parameters; the only spliced strings are the constant
// labels and relationship types of the allow-lists (see queries below).
const (
	// claimArticles is the per-article ledger. MERGE on the constrained Article.id takes the
	// key's lock, so a concurrent writer of the same article blocks here until this
	// transaction ends, then finds the node and treats the article as old. "pending" marks
	// the nodes this transaction created; it is removed before commit, so no committed node
	// carries it. The element id lets the later statements find the node without the index.
	claimArticles = `UNWIND $rows AS row
MERGE (a:Article {id: row.id})
ON CREATE SET a.pending = true
RETURN row.id AS id, a.pending IS NOT NULL AS new, elementId(a) AS eid`

	// lockEntities write-locks every entity the new articles touch before reading it, so two
	// writers cannot both read a node, merge, and overwrite each other's contribution (a lost
	// update): setting a property takes the node's exclusive lock, held to commit, and the
	// read after it sees the other writer's committed values. MERGE creates missing entities
	// under the Entity.id constraint's lock, for the same reason; the placeholder is filled in
	// by writeNodes in this transaction or the transaction fails.
	lockEntities = `UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n._lock = true
REMOVE n._lock
RETURN row.id AS id, n {.*} AS props, elementId(n) AS eid`

	// The writes below find their nodes by the element ids claimArticles and lockEntities
	// returned (NodeByElementIdSeek) instead of seeking the id indexes again: measured 7%
	// less writer time, mostly in creating MENTIONED_IN and edges (two seeks per row). An
	// element id can be reused only after its node is deleted, and these nodes are
	// write-locked (or created) by this transaction until it ends, so the ids stay theirs.
	writeArticles = `UNWIND $rows AS row
MATCH (a:Article) WHERE elementId(a) = row.eid
SET a += row.props
REMOVE a.pending`

	// writeMentions creates rather than merges: the article was claimed by this
	// transaction, so none of its MENTIONED_IN relationships can exist yet, and CREATE does
	// not look at the entity's other relationships (MERGE would, and an entity like
	// united-states has thousands).
	writeMentions = `UNWIND $rows AS row
MATCH (n:Entity) WHERE elementId(n) = row.entity
MATCH (a:Article) WHERE elementId(a) = row.article
CREATE (n)-[m:MENTIONED_IN]->(a)
SET m = row.props`
)

// Queries built from the allow-lists once, at init.
var (
	// writeNodes[t] sets a node's properties and makes its label t's, removing the others.
	writeNodes = map[extract.Type]string{}
	// readEdges[k] finds stored relationships of kind k by key, through the key
	// constraint's index: the cost of a lookup does not depend on the endpoints' degrees.
	readEdges = map[extract.EdgeKind]string{}
	// updateEdges[k] overwrites the properties of relationships found by key.
	updateEdges = map[extract.EdgeKind]string{}
	// createEdges[k] creates relationships readEdges did not find. Both endpoints are
	// write-locked by lockEntities, so no other transaction can create the same one in
	// between; the key constraint would refuse it if one did.
	createEdges = map[extract.EdgeKind]string{}
)

func init() {
	for t, label := range labels {
		var others []string
		for o, l := range labels {
			if o != t {
				others = append(others, l)
			}
		}
		slices.Sort(others)
		writeNodes[t] = `UNWIND $rows AS row
MATCH (n:Entity) WHERE elementId(n) = row.eid
SET n += row.props, n:` + label + `
REMOVE n:` + strings.Join(others, ":")
	}
	for k, rel := range relTypes {
		// The hint pins the plan to a seek of the key index: planned on a near-empty
		// database, the planner would otherwise pick a relationship scan (cheapest there)
		// and keep it cached while the graph grows, which made every lookup a full scan
		// (measured: one batch stuck for over 50 s after the database was emptied). A plain
		// USING INDEX is not enough: it also allows a scan of the whole index under an
		// Apply, filtered by key, which the planner picks when the statistics say the index
		// is nearly empty (PROFILE of one 559-key read: 22.6 million db hits, 5–6 s, twice in
		// one load). USING INDEX SEEK allows only the seek.
		readEdges[k] = `UNWIND $rows AS key
MATCH ()-[r:` + rel + ` {key: key}]->()
USING INDEX SEEK r:` + rel + `(key)
RETURN key, r {.*} AS props`
		updateEdges[k] = `UNWIND $rows AS row
MATCH ()-[r:` + rel + ` {key: row.key}]->()
USING INDEX SEEK r:` + rel + `(key)
SET r += row.props`
		createEdges[k] = `UNWIND $rows AS row
MATCH (a:Entity) WHERE elementId(a) = row.source
MATCH (b:Entity) WHERE elementId(b) = row.target
CREATE (a)-[r:` + rel + `]->(b)
SET r = row.props`
	}
}

// Add implements graphstore.Store. The whole batch is one write transaction, retried by the
// driver on transient errors (deadlocks between concurrent writers included): either every
// new article of the batch is recorded together with its whole contribution, or nothing is.
// That makes Add exactly-once in effect: an interrupted Add leaves no trace, and re-adding
// anything already stored is a no-op.
//
// Every statement finds what it touches through an index (Entity.id, Article.id, the
// relationship keys), so a batch costs the same on an empty database and on one whose hubs
// have thousands of relationships.
func (s *Store) Add(ctx context.Context, results []*extract.Result) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, fmt.Errorf("neo4j: add: %w", err)
	}
	start := time.Now()
	batch, err := prepare(results)
	if err != nil || len(batch) == 0 {
		return 0, err
	}
	sess := s.session(ctx, neo4jdrv.AccessModeWrite)
	defer sess.Close(context.WithoutCancel(ctx))
	var last *writer
	added, err := neo4jdrv.ExecuteWrite(ctx, sess, func(tx neo4jdrv.ManagedTransaction) (int, error) {
		if last != nil {
			s.stats.add(&last.times, 1)
		}
		last = &writer{tx: tx, batchSize: s.cfg.batchSize()}
		return last.add(ctx, batch)
	})
	if last != nil {
		last.times.total = time.Since(start)
		s.stats.add(&last.times, 0)
	}
	if err != nil {
		return 0, s.wrap(ctx, "write batch", err)
	}
	return added, nil
}

// prepare validates every result before anything is written (an invalid batch writes
// nothing) and drops repeated article ids, keeping the first as the memory store does.
func prepare(results []*extract.Result) ([]*extract.Result, error) {
	seen := make(map[string]bool, len(results))
	batch := make([]*extract.Result, 0, len(results))
	for _, r := range results {
		if r == nil {
			return nil, fmt.Errorf("neo4j: %w", errors.Join(graphstore.ErrInvalid, errors.New("nil result")))
		}
		if err := graphstore.Validate(r); err != nil {
			return nil, fmt.Errorf("neo4j: %w", err)
		}
		if !seen[r.ID] {
			seen[r.ID] = true
			batch = append(batch, r)
		}
	}
	return batch, nil
}

// writer is one attempt at writing a batch, inside one transaction. The driver may run it
// more than once; it keeps no state between attempts but its timings.
type writer struct {
	tx        neo4jdrv.ManagedTransaction
	batchSize int
	times     phaseTimes
	// Element ids, by Article.id and Entity.id, of the nodes this attempt claimed or locked.
	articleEIDs, entityEIDs map[string]string
}

// contribution is what the new articles of a batch add, merged among themselves.
type contribution struct {
	nodes    map[string]*graphstore.Node
	edges    map[extract.Key]*graphstore.Edge
	mentions []mention
}

// mention is one MENTIONED_IN relationship to create.
type mention struct {
	entity, article string
	props           map[string]any
}

func (w *writer) add(ctx context.Context, batch []*extract.Result) (int, error) {
	fresh, err := w.claim(ctx, batch)
	if err != nil || len(fresh) == 0 {
		return 0, err
	}
	t := time.Now()
	c := contribute(fresh)
	w.times.merge += time.Since(t)

	// Lock and read everything the contribution touches, then merge it in with the same
	// rules the memory store uses.
	existing, err := w.lockEntities(ctx, c)
	if err != nil {
		return 0, err
	}
	t = time.Now()
	// What the store holds now, as stored: the writes send only what the merge changes.
	before := map[string]map[string]any{}
	for id, n := range c.nodes {
		if old := existing[id]; old != nil {
			before[id] = PropertyMap(entityProperties, old)
			old.Merge(n)
			c.nodes[id] = old
		}
	}
	for k := range c.edges {
		for _, end := range []string{k.Source, k.Target} {
			if c.nodes[end] == nil && existing[end] == nil {
				return 0, errors.Join(graphstore.ErrInvalid,
					fmt.Errorf("edge %s→%s (%s) joins unknown entity %q", k.Source, k.Target, k.Kind, end))
			}
		}
	}
	w.times.merge += time.Since(t)
	oldEdges, err := w.readEdges(ctx, c.edges)
	if err != nil {
		return 0, err
	}
	t = time.Now()
	edgesBefore := map[extract.Key]map[string]any{}
	for k, e := range c.edges {
		if old := oldEdges[k]; old != nil {
			edgesBefore[k] = PropertyMap(edgePropertiesByKind[k.Kind], old)
			old.Merge(e)
			c.edges[k] = old
		}
	}
	w.times.merge += time.Since(t)

	if err := w.writeArticles(ctx, fresh); err != nil {
		return 0, err
	}
	if err := w.writeNodes(ctx, c.nodes, before); err != nil {
		return 0, err
	}
	if err := w.run(ctx, &w.times.mentions, writeMentions, w.mentionRows(c.mentions), nil); err != nil {
		return 0, fmt.Errorf("write mentions: %w", err)
	}
	if err := w.writeEdges(ctx, c.edges, edgesBefore); err != nil {
		return 0, err
	}
	w.times.articles, w.times.nodes, w.times.edges, w.times.mentionRows = len(fresh), len(c.nodes), len(c.edges), len(c.mentions)
	return len(fresh), nil
}

// claim records the batch's articles in the ledger and returns those that are new, in batch
// order. Ids are claimed in sorted order so concurrent writers lock them in the same order.
func (w *writer) claim(ctx context.Context, batch []*extract.Result) ([]*extract.Result, error) {
	ids := make([]string, 0, len(batch))
	for _, r := range batch {
		ids = append(ids, r.ID)
	}
	slices.Sort(ids)
	rows := make([]any, len(ids))
	for i, id := range ids {
		rows[i] = map[string]any{"id": id}
	}
	isNew := make(map[string]bool, len(ids))
	w.articleEIDs = make(map[string]string, len(ids))
	err := w.run(ctx, &w.times.claim, claimArticles, rows, func(rec *neo4jdrv.Record) error {
		id, _ := rec.Get("id")
		fresh, _ := rec.Get("new")
		eid, _ := rec.Get("eid")
		s, ok1 := id.(string)
		b, ok2 := fresh.(bool)
		e, ok3 := eid.(string)
		if !ok1 || !ok2 || !ok3 {
			return fmt.Errorf("unexpected ledger record %v", rec.Values)
		}
		isNew[s] = b
		w.articleEIDs[s] = e
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("claim articles: %w", err)
	}
	var fresh []*extract.Result
	for _, r := range batch {
		if isNew[r.ID] {
			fresh = append(fresh, r)
		}
	}
	return fresh, nil
}

// contribute merges the contributions of the new articles, in batch order.
func contribute(fresh []*extract.Result) *contribution {
	c := &contribution{nodes: map[string]*graphstore.Node{}, edges: map[extract.Key]*graphstore.Edge{}}
	for _, r := range fresh {
		perEntity := map[string]int{}
		for i := range r.Entities {
			n := graphstore.NodeContribution(r, &r.Entities[i])
			perEntity[n.ID] += r.Entities[i].Mentions
			if old := c.nodes[n.ID]; old != nil {
				old.Merge(n)
			} else {
				c.nodes[n.ID] = n
			}
		}
		for _, id := range slices.Sorted(maps.Keys(perEntity)) {
			m := Mention{Entity: id, Article: r.ID, Count: perEntity[id]}
			c.mentions = append(c.mentions, mention{entity: id, article: r.ID, props: PropertyMap(mentionProperties, m)})
		}
		for i := range r.Edges {
			e := graphstore.EdgeContribution(r, &r.Edges[i])
			if old := c.edges[e.Key()]; old != nil {
				old.Merge(e)
			} else {
				c.edges[e.Key()] = e
			}
		}
	}
	return c
}

// mentionRows are the MENTIONED_IN rows of mentions with their endpoints' element ids.
func (w *writer) mentionRows(mentions []mention) []any {
	rows := make([]any, len(mentions))
	for i, m := range mentions {
		rows[i] = map[string]any{"entity": w.entityEIDs[m.entity], "article": w.articleEIDs[m.article], "props": m.props}
	}
	return rows
}

// lockEntities write-locks (creating when missing) every entity c touches, in id order, and
// returns those that already existed.
func (w *writer) lockEntities(ctx context.Context, c *contribution) (map[string]*graphstore.Node, error) {
	ids := map[string]bool{}
	for id := range c.nodes {
		ids[id] = true
	}
	for k := range c.edges {
		ids[k.Source], ids[k.Target] = true, true
	}
	rows := make([]any, 0, len(ids))
	for _, id := range slices.Sorted(maps.Keys(ids)) {
		rows = append(rows, map[string]any{"id": id})
	}
	existing := make(map[string]*graphstore.Node, len(ids))
	w.entityEIDs = make(map[string]string, len(ids))
	err := w.run(ctx, &w.times.lock, lockEntities, rows, func(rec *neo4jdrv.Record) error {
		id, _ := rec.Get("id")
		eid, _ := rec.Get("eid")
		s, ok1 := id.(string)
		e, ok2 := eid.(string)
		if !ok1 || !ok2 {
			return fmt.Errorf("unexpected entity record %v", rec.Values)
		}
		w.entityEIDs[s] = e
		p, err := recordProps(rec)
		if err != nil {
			return err
		}
		if _, stored := p[propArticles]; !stored {
			return nil // a placeholder the MERGE just created
		}
		n, err := decodeNode(p)
		if err != nil {
			return err
		}
		existing[n.ID] = n
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("lock entities: %w", err)
	}
	return existing, nil
}

// readEdges reads the stored edges with the keys of edges, by relationship key. Their
// endpoints are locked.
func (w *writer) readEdges(ctx context.Context, edges map[extract.Key]*graphstore.Edge) (map[extract.Key]*graphstore.Edge, error) {
	byKey := map[extract.EdgeKind]map[string]extract.Key{}
	rows := map[extract.EdgeKind][]any{}
	for _, k := range slices.SortedFunc(maps.Keys(edges), graphstore.CompareKeys) {
		if byKey[k.Kind] == nil {
			byKey[k.Kind] = map[string]extract.Key{}
		}
		key := EdgeKey(k.Source, k.Target)
		byKey[k.Kind][key] = k
		rows[k.Kind] = append(rows[k.Kind], key)
	}
	out := map[extract.Key]*graphstore.Edge{}
	for _, kind := range edgeKinds {
		err := w.run(ctx, &w.times.readEdges, readEdges[kind], rows[kind], func(rec *neo4jdrv.Record) error {
			v, _ := rec.Get("key")
			key, ok := v.(string)
			k, known := byKey[kind][key]
			if !ok || !known {
				return fmt.Errorf("unexpected edge record %v", rec.Values)
			}
			p, err := recordProps(rec)
			if err != nil {
				return err
			}
			e, err := decodeEdge(k.Source, k.Target, kind, p)
			if err != nil {
				return err
			}
			out[k] = e
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("read %s edges: %w", relTypes[kind], err)
		}
	}
	return out, nil
}

func (w *writer) writeArticles(ctx context.Context, fresh []*extract.Result) error {
	rows := make([]any, len(fresh))
	for i, r := range fresh {
		rows[i] = map[string]any{"eid": w.articleEIDs[r.ID], "props": PropertyMap(articleProperties, ArticleOf(r))}
	}
	if err := w.run(ctx, &w.times.articlesT, writeArticles, rows, nil); err != nil {
		return fmt.Errorf("write articles: %w", err)
	}
	return nil
}

// writeNodes writes the merged nodes, one statement per voted type (a label cannot be a
// parameter), in id order: all properties of a new node, the changed ones of a stored node
// (before holds its properties as stored).
func (w *writer) writeNodes(ctx context.Context, nodes map[string]*graphstore.Node, before map[string]map[string]any) error {
	byType := map[extract.Type][]any{}
	for _, id := range slices.Sorted(maps.Keys(nodes)) {
		n := nodes[id]
		if _, ok := labels[n.Type]; !ok {
			return errors.Join(graphstore.ErrInvalid, fmt.Errorf("entity %q has type %q", n.ID, n.Type))
		}
		byType[n.Type] = append(byType[n.Type], map[string]any{"eid": w.entityEIDs[n.ID], "props": changed(before[id], PropertyMap(entityProperties, n))})
	}
	for _, t := range extract.Types {
		if err := w.run(ctx, &w.times.nodesT, writeNodes[t], byType[t], nil); err != nil {
			return fmt.Errorf("write %s nodes: %w", labels[t], err)
		}
	}
	return nil
}

// writeEdges writes the merged edges in key order: the changed properties of the ones found
// in the store (before holds their properties as stored), the others as new relationships.
func (w *writer) writeEdges(ctx context.Context, edges map[extract.Key]*graphstore.Edge, before map[extract.Key]map[string]any) error {
	update, create := map[extract.EdgeKind][]any{}, map[extract.EdgeKind][]any{}
	for _, k := range slices.SortedFunc(maps.Keys(edges), graphstore.CompareKeys) {
		props := PropertyMap(edgePropertiesByKind[k.Kind], edges[k])
		if old, stored := before[k]; stored {
			update[k.Kind] = append(update[k.Kind], map[string]any{"key": props[KeyProperty], "props": changed(old, props)})
		} else {
			create[k.Kind] = append(create[k.Kind], map[string]any{"source": w.entityEIDs[k.Source], "target": w.entityEIDs[k.Target], "props": props})
		}
	}
	for _, kind := range edgeKinds {
		if err := w.run(ctx, &w.times.updateEdges, updateEdges[kind], update[kind], nil); err != nil {
			return fmt.Errorf("update %s edges: %w", relTypes[kind], err)
		}
		if err := w.run(ctx, &w.times.createEdges, createEdges[kind], create[kind], nil); err != nil {
			return fmt.Errorf("create %s edges: %w", relTypes[kind], err)
		}
	}
	return nil
}

// changed is the part of after that differs from before (all of after when before is nil):
// a property that became absent is in it as nil, which SET += removes.
func changed(before, after map[string]any) map[string]any {
	if before == nil {
		return after
	}
	out := make(map[string]any, len(after))
	for k, v := range after {
		if !reflect.DeepEqual(before[k], v) {
			out[k] = v
		}
	}
	return out
}

// run executes query once per chunk of at most batchSize rows, passing each returned record
// to each (when not nil), and adds the time it took to *spent.
func (w *writer) run(ctx context.Context, spent *time.Duration, query string, rows []any, each func(*neo4jdrv.Record) error) error {
	start := time.Now()
	defer func() { *spent += time.Since(start) }()
	for start := 0; start < len(rows); start += w.batchSize {
		chunk := rows[start:min(start+w.batchSize, len(rows))]
		w.times.statements++
		res, err := w.tx.Run(ctx, query, map[string]any{"rows": chunk})
		if err != nil {
			return err
		}
		for res.Next(ctx) {
			if each != nil {
				if err := each(res.Record()); err != nil {
					return err
				}
			}
		}
		if err := res.Err(); err != nil {
			return err
		}
	}
	return nil
}
