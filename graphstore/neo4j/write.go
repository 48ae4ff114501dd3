package neo4j

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

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
	// carries it.
	claimArticles = `UNWIND $rows AS row
MERGE (a:Article {id: row.id})
ON CREATE SET a.pending = true
RETURN row.id AS id, a.pending IS NOT NULL AS new`

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
RETURN row.id AS id, n {.*} AS props`

	writeArticles = `UNWIND $rows AS row
MATCH (a:Article {id: row.id})
SET a += row.props
REMOVE a.pending`

	writeMentions = `UNWIND $rows AS row
MATCH (n:Entity {id: row.entity})
MATCH (a:Article {id: row.article})
MERGE (n)-[m:MENTIONED_IN]->(a)
SET m.count = row.count`
)

// Queries built from the allow-lists once, at init.
var (
	// writeNodes[t] sets a node's properties and makes its label t's, removing the others.
	writeNodes = map[extract.Type]string{}
	// readEdges[k] and writeEdges[k] read and upsert relationships of kind k.
	readEdges  = map[extract.EdgeKind]string{}
	writeEdges = map[extract.EdgeKind]string{}
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
MATCH (n:Entity {id: row.id})
SET n += row.props, n:` + label + `
REMOVE n:` + strings.Join(others, ":")
	}
	for k, rel := range relTypes {
		readEdges[k] = `UNWIND $rows AS row
MATCH (a:Entity {id: row.source})-[r:` + rel + `]->(b:Entity {id: row.target})
RETURN row.source AS source, row.target AS target, r {.*} AS props`
		writeEdges[k] = `UNWIND $rows AS row
MATCH (a:Entity {id: row.source})
MATCH (b:Entity {id: row.target})
MERGE (a)-[r:` + rel + `]->(b)
SET r += row.props`
	}
}

// Add implements graphstore.Store. The whole batch is one write transaction, retried by the
// driver on transient errors (deadlocks between concurrent writers included): either every
// new article of the batch is recorded together with its whole contribution, or nothing is.
// That makes Add exactly-once in effect: an interrupted Add leaves no trace, and re-adding
// anything already stored is a no-op.
func (s *Store) Add(ctx context.Context, results []*extract.Result) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, fmt.Errorf("neo4j: add: %w", err)
	}
	batch, err := prepare(results)
	if err != nil || len(batch) == 0 {
		return 0, err
	}
	sess := s.session(ctx, neo4jdrv.AccessModeWrite)
	defer sess.Close(context.WithoutCancel(ctx))
	added, err := neo4jdrv.ExecuteWrite(ctx, sess, func(tx neo4jdrv.ManagedTransaction) (int, error) {
		w := &writer{tx: tx, batchSize: s.cfg.batchSize()}
		return w.add(ctx, batch)
	})
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
// more than once; it keeps no state between attempts.
type writer struct {
	tx        neo4jdrv.ManagedTransaction
	batchSize int
}

// contribution is what the new articles of a batch add, merged among themselves.
type contribution struct {
	nodes    map[string]*graphstore.Node
	edges    map[extract.Key]*graphstore.Edge
	mentions []any // MENTIONED_IN rows
}

func (w *writer) add(ctx context.Context, batch []*extract.Result) (int, error) {
	fresh, err := w.claim(ctx, batch)
	if err != nil || len(fresh) == 0 {
		return 0, err
	}
	c := contribute(fresh)

	// Lock and read everything the contribution touches, then merge it in with the same
	// rules the memory store uses.
	existing, err := w.lockEntities(ctx, c)
	if err != nil {
		return 0, err
	}
	for id, n := range c.nodes {
		if old := existing[id]; old != nil {
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
	oldEdges, err := w.readEdges(ctx, c.edges)
	if err != nil {
		return 0, err
	}
	for k, e := range c.edges {
		if old := oldEdges[k]; old != nil {
			old.Merge(e)
			c.edges[k] = old
		}
	}

	if err := w.writeArticles(ctx, fresh); err != nil {
		return 0, err
	}
	if err := w.writeNodes(ctx, c.nodes); err != nil {
		return 0, err
	}
	if err := w.run(ctx, writeMentions, c.mentions, nil); err != nil {
		return 0, fmt.Errorf("write mentions: %w", err)
	}
	if err := w.writeEdges(ctx, c.edges); err != nil {
		return 0, err
	}
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
	err := w.run(ctx, claimArticles, rows, func(rec *neo4jdrv.Record) error {
		id, _ := rec.Get("id")
		fresh, _ := rec.Get("new")
		s, ok1 := id.(string)
		b, ok2 := fresh.(bool)
		if !ok1 || !ok2 {
			return fmt.Errorf("unexpected ledger record %v", rec.Values)
		}
		isNew[s] = b
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
			c.mentions = append(c.mentions, map[string]any{"entity": id, "article": r.ID, "count": int64(perEntity[id])})
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
	err := w.run(ctx, lockEntities, rows, func(rec *neo4jdrv.Record) error {
		p, err := recordProps(rec)
		if err != nil {
			return err
		}
		if _, stored := p["articles"]; !stored {
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

// readEdges reads the stored edges with the keys of edges. Their endpoints are locked.
func (w *writer) readEdges(ctx context.Context, edges map[extract.Key]*graphstore.Edge) (map[extract.Key]*graphstore.Edge, error) {
	out := map[extract.Key]*graphstore.Edge{}
	for kind, rows := range edgeRows(edges, false) {
		err := w.run(ctx, readEdges[kind], rows, func(rec *neo4jdrv.Record) error {
			src, _ := rec.Get("source")
			dst, _ := rec.Get("target")
			p, err := recordProps(rec)
			if err != nil {
				return err
			}
			s, ok1 := src.(string)
			t, ok2 := dst.(string)
			if !ok1 || !ok2 {
				return fmt.Errorf("unexpected edge record %v", rec.Values)
			}
			e, err := decodeEdge(s, t, kind, p)
			if err != nil {
				return err
			}
			out[e.Key()] = e
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
		rows[i] = map[string]any{"id": r.ID, "props": map[string]any{
			"date": optional(r.Date), "title": optional(r.Title), "url": optional(r.URL),
			"source": optional(r.Source), "words": int64(r.Words),
		}}
	}
	if err := w.run(ctx, writeArticles, rows, nil); err != nil {
		return fmt.Errorf("write articles: %w", err)
	}
	return nil
}

// writeNodes writes the merged nodes, one statement per voted type (a label cannot be a
// parameter), in id order.
func (w *writer) writeNodes(ctx context.Context, nodes map[string]*graphstore.Node) error {
	byType := map[extract.Type][]any{}
	for _, id := range slices.Sorted(maps.Keys(nodes)) {
		n := nodes[id]
		if _, ok := labels[n.Type]; !ok {
			return errors.Join(graphstore.ErrInvalid, fmt.Errorf("entity %q has type %q", n.ID, n.Type))
		}
		byType[n.Type] = append(byType[n.Type], map[string]any{"id": n.ID, "props": encodeNode(n)})
	}
	for _, t := range extract.Types {
		if err := w.run(ctx, writeNodes[t], byType[t], nil); err != nil {
			return fmt.Errorf("write %s nodes: %w", labels[t], err)
		}
	}
	return nil
}

func (w *writer) writeEdges(ctx context.Context, edges map[extract.Key]*graphstore.Edge) error {
	for kind, rows := range edgeRows(edges, true) {
		if err := w.run(ctx, writeEdges[kind], rows, nil); err != nil {
			return fmt.Errorf("write %s edges: %w", relTypes[kind], err)
		}
	}
	return nil
}

// edgeRows groups edges by kind into UNWIND rows in key order, with their properties when
// withProps.
func edgeRows(edges map[extract.Key]*graphstore.Edge, withProps bool) map[extract.EdgeKind][]any {
	keys := slices.SortedFunc(maps.Keys(edges), graphstore.CompareKeys)
	out := map[extract.EdgeKind][]any{}
	for _, k := range keys {
		row := map[string]any{"source": k.Source, "target": k.Target}
		if withProps {
			row["props"] = encodeEdge(edges[k])
		}
		out[k.Kind] = append(out[k.Kind], row)
	}
	return out
}

// run executes query once per chunk of at most batchSize rows, passing each returned record
// to each (when not nil).
func (w *writer) run(ctx context.Context, query string, rows []any, each func(*neo4jdrv.Record) error) error {
	for start := 0; start < len(rows); start += w.batchSize {
		chunk := rows[start:min(start+w.batchSize, len(rows))]
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

// encodeNode is the property map of n. Empty strings and lists are stored as absent (null
// removes a property in SET +=), so the stored node has no meaningless empty values.
func encodeNode(n *graphstore.Node) map[string]any {
	nk, nc := encodeVotes(n.NameVotes)
	tk, tc := encodeVotes(n.TypeVotes)
	ak, ac := encodeVotes(n.AliasVotes)
	return map[string]any{
		"name":               n.Name,
		"type":               string(n.Type),
		"aliases":            optionalList(n.Aliases),
		"mentions":           int64(n.Mentions),
		"articles":           int64(n.Articles),
		"first_seen":         optional(n.FirstSeen),
		"last_seen":          optional(n.LastSeen),
		"name_votes_keys":    nk,
		"name_votes_counts":  nc,
		"type_votes_keys":    tk,
		"type_votes_counts":  tc,
		"alias_votes_keys":   ak,
		"alias_votes_counts": ac,
	}
}

// encodeEdge is the property map of e. Cues and classes are stored as parallel arrays
// (cues[i] was counted cue_counts[i] times), evidence as five parallel arrays.
func encodeEdge(e *graphstore.Edge) map[string]any {
	ck, cc := encodeVotes(e.CueCounts)
	kk, kc := encodeVotes(e.Classes)
	var (
		arts, texts, cues, rules []string
		sentences                []int64
	)
	for _, ev := range e.Evidence {
		arts = append(arts, ev.Article)
		sentences = append(sentences, int64(ev.Sentence))
		texts = append(texts, ev.Text)
		cues = append(cues, ev.Cue)
		rules = append(rules, ev.Rule)
	}
	return map[string]any{
		"weight":            int64(e.Weight),
		"polarity":          e.Polarity,
		"positive":          int64(e.Positive),
		"negative":          int64(e.Negative),
		"neutral":           int64(e.Neutral),
		"cues":              ck,
		"cue_counts":        cc,
		"classes":           kk,
		"class_counts":      kc,
		"articles":          int64(e.Articles),
		"evidence_article":  optionalList(arts),
		"evidence_sentence": optionalList(sentences),
		"evidence_text":     optionalList(texts),
		"evidence_cue":      optionalList(cues),
		"evidence_rule":     optionalList(rules),
		"first_seen":        optional(e.FirstSeen),
		"last_seen":         optional(e.LastSeen),
	}
}

// encodeVotes turns a count map into parallel key and count lists in key order (nil, i.e.
// absent, when empty).
func encodeVotes[K ~string](m map[K]int) (keys, counts any) {
	if len(m) == 0 {
		return nil, nil
	}
	ks := slices.SortedFunc(maps.Keys(m), cmp.Compare[K])
	kl, cl := make([]string, len(ks)), make([]int64, len(ks))
	for i, k := range ks {
		kl[i], cl[i] = string(k), int64(m[k])
	}
	return kl, cl
}

func optional(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func optionalList[T any](l []T) any {
	if len(l) == 0 {
		return nil
	}
	return l
}
