package neo4j

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
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
	// key's lock, so a concurrent writer of the same new article blocks here until this
	// transaction ends, then finds the node; a stored article is write-locked (ON MATCH SET),
	// so two writers cannot both take the same old version out. "pending" marks the nodes
	// this transaction created; it is removed before commit, so no committed node carries it.
	// The stored version's ledger comes back only when the hash differs (a correction). The
	// element id lets the later statements find the node without the index.
	claimArticles = `UNWIND $rows AS row
MERGE (a:Article {id: row.id})
ON CREATE SET a.pending = true
ON MATCH SET a._lock = true
REMOVE a._lock
RETURN row.id AS id, a.id IS NOT NULL AS alive, a.pending IS NOT NULL AS new, elementId(a) AS eid,
  a.hash AS hash, CASE WHEN a.hash <> row.hash THEN a.ledger END AS ledger`

	// claimDeletes write-locks the stored articles a Delete retracts and reads their ledgers.
	claimDeletes = `UNWIND $rows AS row
MATCH (a:Article {id: row.id})
SET a._lock = true
REMOVE a._lock
RETURN row.id AS id, a.id IS NOT NULL AS alive, false AS new, elementId(a) AS eid,
  a.hash AS hash, a.ledger AS ledger`

	// nodeSeen reads the dates of the articles that still mention an entity whose first or
	// last seen a retracted version may have set. It expands the entity's MENTIONED_IN
	// relationships, a cost paid only then (Node.Remove says when).
	nodeSeen = `UNWIND $rows AS row
MATCH (n:Entity)-[:MENTIONED_IN]->(a:Article)
WHERE elementId(n) = row.eid AND NOT a.id IN $exclude
RETURN row.id AS id, min(a.date) AS first, max(a.date) AS last`

	// edgeSupport finds, for an edge whose dates or kept evidence a retracted version may
	// have set (Edge.Remove says when), the stored articles that still support it: those
	// mentioning both ends whose ledger lists it (Article.edges). It returns their number
	// and dates, and the ids of the first row.limit by id, whose ledgers hold the edge's
	// kept evidence. The cost grows with the articles mentioning both ends, paid only then.
	edgeSupport = `UNWIND $rows AS row
MATCH (s:Entity)-[:MENTIONED_IN]->(a:Article)<-[:MENTIONED_IN]-(t:Entity)
WHERE elementId(s) = row.source AND elementId(t) = row.target
  AND row.ref IN a.edges AND NOT a.id IN $exclude
WITH row.ref AS ref, row.limit AS lim, a ORDER BY a.id
WITH ref, lim, count(a) AS n, min(a.date) AS first, max(a.date) AS last, collect(a.id) AS all
RETURN ref, n, first, last, all[..lim] AS ids`

	// readLedgers reads stored articles' ledgers by id.
	readLedgers = `UNWIND $rows AS id
MATCH (a:Article {id: id})
RETURN a.id AS id, a.hash AS hash, a.ledger AS ledger`

	// Retraction: the MENTIONED_IN relationships of replaced versions, deleted articles, and
	// the entities no article supports any more (their relationships are gone by then; DETACH
	// only guards against a stray one).
	deleteMentions = `UNWIND $rows AS row
MATCH (a:Article)<-[m:MENTIONED_IN]-()
WHERE elementId(a) = row.eid
DELETE m`
	deleteArticles = `UNWIND $rows AS row
MATCH (a:Article) WHERE elementId(a) = row.eid
DETACH DELETE a`
	deleteEntities = `UNWIND $rows AS row
MATCH (n:Entity) WHERE elementId(n) = row.eid
DETACH DELETE n`

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
	// deleteEdges[k] deletes relationships of kind k by key: edges no article supports.
	deleteEdges = map[extract.EdgeKind]string{}
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
		deleteEdges[k] = `UNWIND $rows AS key
MATCH ()-[r:` + rel + ` {key: key}]->()
USING INDEX SEEK r:` + rel + `(key)
DELETE r`
		createEdges[k] = `UNWIND $rows AS row
MATCH (a:Entity) WHERE elementId(a) = row.source
MATCH (b:Entity) WHERE elementId(b) = row.target
CREATE (a)-[r:` + rel + `]->(b)
SET r = row.props`
	}
}

// Add implements graphstore.Store. The whole batch is one write transaction, retried by the
// driver on transient errors (deadlocks between concurrent writers included): either every
// new or corrected article of the batch is recorded together with its whole contribution
// (and a corrected one's old contribution taken out), or nothing is. That makes Add
// exactly-once in effect: an interrupted Add leaves no trace, and re-adding anything already
// stored is a no-op.
//
// Every statement of a plain add finds what it touches through an index (Entity.id,
// Article.id, the relationship keys), so a batch costs the same on an empty database and on
// one whose hubs have thousands of relationships. A correction costs more only when it
// touches a value that must be recomputed (see retract).
func (s *Store) Add(ctx context.Context, results []*extract.Result) (int, error) {
	batch, err := prepare(results, s.cfg.OnChange)
	if err != nil {
		return 0, err
	}
	return s.write(ctx, batch, nil)
}

// Delete implements graphstore.Store, in one write transaction like Add.
func (s *Store) Delete(ctx context.Context, ids []string) (int, error) {
	seen := make(map[string]bool, len(ids))
	var unique []string
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			unique = append(unique, id)
		}
	}
	return s.write(ctx, nil, unique)
}

func (s *Store) write(ctx context.Context, batch []*extract.Result, deletes []string) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, fmt.Errorf("neo4j: write: %w", err)
	}
	if len(batch) == 0 && len(deletes) == 0 {
		return 0, nil
	}
	start := time.Now()
	sess := s.session(ctx, neo4jdrv.AccessModeWrite)
	defer sess.Close(context.WithoutCancel(ctx))
	var last *writer
	n, err := neo4jdrv.ExecuteWrite(ctx, sess, func(tx neo4jdrv.ManagedTransaction) (int, error) {
		if last != nil {
			s.stats.add(&last.times, 1)
		}
		last = &writer{tx: tx, batchSize: s.cfg.batchSize(), onChange: s.cfg.OnChange}
		if deletes != nil {
			return last.delete(ctx, deletes)
		}
		return last.add(ctx, batch)
	})
	if last != nil {
		last.times.total = time.Since(start)
		s.stats.add(&last.times, 0)
	}
	if err != nil {
		return 0, s.wrap(ctx, "write batch", err)
	}
	return n, nil
}

// prepare validates every result before anything is written (an invalid batch writes
// nothing) and keeps one result per article id, as applying the batch in order would: the
// last (Replace) or the first (Keep).
func prepare(results []*extract.Result, onChange graphstore.OnChange) ([]*extract.Result, error) {
	at := make(map[string]int, len(results))
	batch := make([]*extract.Result, 0, len(results))
	for _, r := range results {
		if r == nil {
			return nil, fmt.Errorf("neo4j: %w", errors.Join(graphstore.ErrInvalid, errors.New("nil result")))
		}
		if err := graphstore.Validate(r); err != nil {
			return nil, fmt.Errorf("neo4j: %w", err)
		}
		i, seen := at[r.ID]
		switch {
		case !seen:
			at[r.ID] = len(batch)
			batch = append(batch, r)
		case onChange == graphstore.Replace:
			batch[i] = r
		}
	}
	return batch, nil
}

// writer is one attempt at writing a batch, inside one transaction. The driver may run it
// more than once; it keeps no state between attempts but its timings.
type writer struct {
	tx        neo4jdrv.ManagedTransaction
	batchSize int
	onChange  graphstore.OnChange
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

// stored is what claim found of an article: whether this transaction created its node, and
// the stored version's hash and, for a correction or a delete, its contribution.
type stored struct {
	fresh bool
	hash  string
	old   *graphstore.Contribution
}

func (w *writer) add(ctx context.Context, batch []*extract.Result) (int, error) {
	ids := make([]string, len(batch))
	hashes := make(map[string]string, len(batch))
	for i, r := range batch {
		ids[i] = r.ID
		hashes[r.ID] = graphstore.HashOf(r)
	}
	found, err := w.claim(ctx, claimArticles, ids, hashes)
	if err != nil {
		return 0, err
	}
	var write []*extract.Result
	var old []*graphstore.Contribution
	for _, r := range batch {
		st := found[r.ID]
		switch {
		case st.fresh:
			write = append(write, r)
		case st.hash == hashes[r.ID] || w.onChange == graphstore.Keep:
			// the same version, or a correction this store keeps out
		case st.hash == "":
			// Stored by a newsgraph that kept no ledger: its contribution cannot be taken
			// out exactly, so the stored version stays.
			slog.Warn("neo4j: article stored without a ledger; correction ignored (reload the database to enable corrections)", "article", r.ID)
		default:
			write = append(write, r)
			old = append(old, st.old)
		}
	}
	if len(write) == 0 {
		return 0, nil
	}
	if err := w.apply(ctx, write, old, nil); err != nil {
		return 0, err
	}
	return len(write), nil
}

func (w *writer) delete(ctx context.Context, ids []string) (int, error) {
	found, err := w.claim(ctx, claimDeletes, ids, nil)
	if err != nil {
		return 0, err
	}
	var old []*graphstore.Contribution
	var gone []string
	for _, id := range ids {
		st, ok := found[id]
		if !ok {
			continue
		}
		if st.old == nil {
			return 0, fmt.Errorf("article %s was stored without a ledger (by a newsgraph before corrections) and cannot be deleted exactly; reload the database", id)
		}
		old = append(old, st.old)
		gone = append(gone, id)
	}
	if len(gone) == 0 {
		return 0, nil
	}
	if err := w.apply(ctx, nil, old, gone); err != nil {
		return 0, err
	}
	return len(gone), nil
}

// claim runs a claim statement over ids (in sorted order, so concurrent writers lock in the
// same order) and returns what it found by id. Like lockEntities, it claims again an article
// a concurrent Delete removed while this writer waited for its lock.
func (w *writer) claim(ctx context.Context, query string, ids []string, hashes map[string]string) (map[string]stored, error) {
	found := make(map[string]stored, len(ids))
	w.articleEIDs = make(map[string]string, len(ids))
	err := inRounds(slices.Sorted(slices.Values(ids)), func(pending []string) ([]string, error) {
		rows := make([]any, len(pending))
		for i, id := range pending {
			rows[i] = map[string]any{"id": id, "hash": hashes[id]}
		}
		var again []string
		err := w.run(ctx, &w.times.claim, query, rows, func(rec *neo4jdrv.Record) error {
			id, _ := rec.Get("id")
			alive, _ := rec.Get("alive")
			fresh, _ := rec.Get("new")
			eid, _ := rec.Get("eid")
			hash, _ := rec.Get("hash")
			ledger, _ := rec.Get("ledger")
			s, ok1 := id.(string)
			b, ok2 := fresh.(bool)
			e, ok3 := eid.(string)
			h, ok4 := hash.(string)
			l, ok5 := ledger.(string)
			live, ok6 := alive.(bool)
			if !ok1 || !ok2 || !ok3 || !ok6 || (!ok4 && hash != nil) || (!ok5 && ledger != nil) {
				return fmt.Errorf("unexpected ledger record %v", rec.Values)
			}
			if !live {
				if query == claimArticles {
					again = append(again, s)
				}
				return nil // a Delete finds it gone: nothing to do
			}
			st := stored{fresh: b, hash: h}
			if l != "" {
				c, err := decodeLedger(s, h, l)
				if err != nil {
					return err
				}
				st.old = c
			}
			found[s] = st
			w.articleEIDs[s] = e
			return nil
		})
		return again, err
	})
	if err != nil {
		return nil, fmt.Errorf("claim articles: %w", err)
	}
	return found, nil
}

// inRounds runs attempt on ids, then again on the ids it returns, until none are left: the
// claim and the entity locks retry the nodes a concurrent writer deleted while this one
// waited for their locks. Each round needs another writer to delete the same node again,
// so a few rounds suffice; maxLockRounds bounds them.
func inRounds(ids []string, attempt func(pending []string) (again []string, err error)) error {
	for round := 0; len(ids) > 0; round++ {
		if round == maxLockRounds {
			return fmt.Errorf("%d still deleted under this writer after %d rounds", len(ids), round)
		}
		var err error
		if ids, err = attempt(ids); err != nil {
			return err
		}
	}
	return nil
}

// apply writes a batch's change to the graph: the contributions of write (new articles and
// new versions) go in, the old contributions (of the versions write replaces, and of the
// articles gone deletes) come out, by graphstore's rules, so the result is the graph of a
// clean load of what remains.
func (w *writer) apply(ctx context.Context, write []*extract.Result, old []*graphstore.Contribution, gone []string) error {
	t := time.Now()
	c := contribute(write)
	w.times.merge += time.Since(t)

	// Lock and read everything the change touches.
	touched := map[string]bool{}
	for id := range c.nodes {
		touched[id] = true
	}
	for k := range c.edges {
		touched[k.Source], touched[k.Target] = true, true
	}
	keys := map[extract.Key]bool{}
	for k := range c.edges {
		keys[k] = true
	}
	for _, o := range old {
		for _, n := range o.Nodes {
			touched[n.ID] = true
		}
		for _, e := range o.Edges {
			keys[e.Key()] = true
		}
	}
	existing, err := w.lockEntities(ctx, touched)
	if err != nil {
		return err
	}
	storedEdges, err := w.readEdges(ctx, keys)
	if err != nil {
		return err
	}
	t = time.Now()
	// What the store holds now, as stored: the writes send only what the change changes.
	before := map[string]map[string]any{}
	for id, n := range existing {
		before[id] = PropertyMap(entityProperties, n)
	}
	edgesBefore := map[extract.Key]map[string]any{}
	for k, e := range storedEdges {
		edgesBefore[k] = PropertyMap(edgePropertiesByKind[k.Kind], e)
	}
	w.times.merge += time.Since(t)

	if err := w.retract(ctx, old, existing, storedEdges); err != nil {
		return err
	}

	t = time.Now()
	nodes := map[string]*graphstore.Node{}
	var deadNodes []string
	for id := range touched {
		n := existing[id]
		switch add := c.nodes[id]; {
		case n == nil || n.Articles <= 0:
			n = add // nil when nothing supports the entity any more
		case add != nil:
			n.Merge(add)
		}
		if n != nil {
			nodes[id] = n
		} else if before[id] != nil {
			deadNodes = append(deadNodes, id)
		}
	}
	edges := map[extract.Key]*graphstore.Edge{}
	var deadEdges []extract.Key
	for k := range keys {
		e := storedEdges[k]
		switch add := c.edges[k]; {
		case e == nil || e.Articles <= 0:
			e = add
		case add != nil:
			e.Merge(add)
		}
		if e != nil {
			edges[k] = e
		} else if edgesBefore[k] != nil {
			deadEdges = append(deadEdges, k)
		}
	}
	for k := range edges {
		for _, end := range []string{k.Source, k.Target} {
			if nodes[end] == nil {
				return errors.Join(graphstore.ErrInvalid,
					fmt.Errorf("edge %s→%s (%s) joins unknown entity %q", k.Source, k.Target, k.Kind, end))
			}
		}
	}
	w.times.merge += time.Since(t)

	if err := w.deleteEdges(ctx, deadEdges); err != nil {
		return err
	}
	if err := w.retractArticles(ctx, old, gone); err != nil {
		return err
	}
	if err := w.writeArticles(ctx, write); err != nil {
		return err
	}
	if err := w.writeNodes(ctx, nodes, before); err != nil {
		return err
	}
	if err := w.deleteEntities(ctx, deadNodes); err != nil {
		return err
	}
	if err := w.run(ctx, &w.times.mentions, writeMentions, w.mentionRows(c.mentions), nil); err != nil {
		return fmt.Errorf("write mentions: %w", err)
	}
	if err := w.writeEdges(ctx, edges, edgesBefore); err != nil {
		return err
	}
	w.times.articles, w.times.nodes, w.times.edges, w.times.mentionRows = len(write)+len(gone), len(nodes), len(edges), len(c.mentions)
	return nil
}

// retract takes the old contributions out of the stored nodes and edges (in place). Counts
// and votes subtract; where a retracted version may have set a first or last seen date or a
// kept evidence sentence, the value is recomputed from the articles that remain, read from
// the database: the dates of the articles still mentioning the entity, the ledgers of those
// mentioning both ends of the edge. An edge left without support is dropped from
// storedEdges' merge (Articles 0).
func (w *writer) retract(ctx context.Context, old []*graphstore.Contribution, nodes map[string]*graphstore.Node, edges map[extract.Key]*graphstore.Edge) error {
	if len(old) == 0 {
		return nil
	}
	start := time.Now()
	defer func() { w.times.retract += time.Since(start) }()
	exclude := make([]string, len(old))
	for i, o := range old {
		exclude[i] = o.Article
	}
	slices.Sort(exclude)
	staleNodes, staleEdges := map[string]bool{}, map[extract.Key]graphstore.Stale{}
	for _, o := range old {
		for _, cn := range o.Nodes {
			n := nodes[cn.ID]
			if n == nil {
				return fmt.Errorf("entity %s of article %s's ledger is not in the graph", cn.ID, o.Article)
			}
			if n.Remove(cn) {
				staleNodes[cn.ID] = true
			}
		}
		for _, ce := range o.Edges {
			e := edges[ce.Key()]
			if e == nil {
				return fmt.Errorf("edge %s→%s (%s) of article %s's ledger is not in the graph", ce.Source, ce.Target, ce.Kind, o.Article)
			}
			if st := e.Remove(ce); st != 0 {
				staleEdges[ce.Key()] |= st
			}
		}
	}
	var rows []any
	for _, id := range slices.Sorted(maps.Keys(staleNodes)) {
		nodes[id].FirstSeen, nodes[id].LastSeen = "", "" // set again from what remains
		if nodes[id].Articles > 0 {
			rows = append(rows, map[string]any{"id": id, "eid": w.entityEIDs[id]})
		}
	}
	err := w.runParams(ctx, &w.times.retract, nodeSeen, rows, map[string]any{"exclude": exclude}, func(rec *neo4jdrv.Record) error {
		id, _ := rec.Get("id")
		first, _ := rec.Get("first")
		last, _ := rec.Get("last")
		s, _ := id.(string)
		n := nodes[s]
		if n == nil {
			return fmt.Errorf("unexpected dates record %v", rec.Values)
		}
		f, _ := first.(string)
		l, _ := last.(string)
		n.FirstSeen, n.LastSeen = f, l
		return nil
	})
	if err != nil {
		return fmt.Errorf("read entity dates: %w", err)
	}

	return w.repairEdges(ctx, staleEdges, edges, exclude)
}

// repairEdges sets what Edge.Remove could not of the stale edges that still have support:
// first and last seen from the dates of the supporting articles, and the kept evidence from
// the ledgers of those with the smallest ids (read once per transaction, and only as many as
// the evidence needs: MaxEvidence, more only if some hold no sentence for the edge).
func (w *writer) repairEdges(ctx context.Context, staleEdges map[extract.Key]graphstore.Stale, edges map[extract.Key]*graphstore.Edge, exclude []string) error {
	byRef := map[string]extract.Key{}
	limit := map[extract.Key]int{}
	for k, st := range staleEdges {
		if edges[k].Articles <= 0 {
			continue
		}
		byRef[EdgeRef(k)] = k
		if st&graphstore.StaleEvidence != 0 {
			limit[k] = graphstore.MaxEvidence
		} else {
			limit[k] = 0
		}
	}
	ledgers := map[string]*graphstore.Contribution{}
	for len(limit) > 0 {
		var rows []any
		for _, k := range slices.SortedFunc(maps.Keys(limit), graphstore.CompareKeys) {
			rows = append(rows, map[string]any{"source": w.entityEIDs[k.Source], "target": w.entityEIDs[k.Target], "ref": EdgeRef(k), "limit": limit[k]})
		}
		type found struct {
			n   int
			ids []string
		}
		support := map[extract.Key]found{}
		err := w.runParams(ctx, &w.times.retract, edgeSupport, rows, map[string]any{"exclude": exclude}, func(rec *neo4jdrv.Record) error {
			ref, _ := rec.Get("ref")
			n, _ := rec.Get("n")
			first, _ := rec.Get("first")
			last, _ := rec.Get("last")
			ids, _ := rec.Get("ids")
			r, _ := ref.(string)
			k, known := byRef[r]
			count, ok := n.(int64)
			list, ok2 := ids.([]any)
			if !known || !ok || !ok2 {
				return fmt.Errorf("unexpected edge support record %v", rec.Values)
			}
			f, _ := first.(string)
			l, _ := last.(string)
			edges[k].FirstSeen, edges[k].LastSeen = f, l
			fd := found{n: int(count)}
			for _, id := range list {
				s, _ := id.(string)
				fd.ids = append(fd.ids, s)
			}
			support[k] = fd
			return nil
		})
		if err != nil {
			return fmt.Errorf("read edge support: %w", err)
		}
		var need []any
		for k := range limit {
			if support[k].n != edges[k].Articles {
				return fmt.Errorf("edge %s→%s (%s): %d articles counted, %d support it (articles stored by a newsgraph before corrections have no ledger; reload the database)", k.Source, k.Target, k.Kind, edges[k].Articles, support[k].n)
			}
			for _, id := range support[k].ids {
				if ledgers[id] == nil {
					need = append(need, id)
				}
			}
		}
		if err := w.readLedgers(ctx, need, ledgers); err != nil {
			return err
		}
		next := map[extract.Key]int{}
		for k, lim := range limit {
			if lim == 0 {
				continue
			}
			var ev []extract.Evidence
			for _, id := range support[k].ids {
				if c := ledgers[id]; c != nil && c.Edge(k) != nil {
					ev = append(ev, c.Edge(k).Evidence...)
				}
			}
			if len(ev) < graphstore.MaxEvidence && support[k].n > lim {
				next[k] = support[k].n // some supporters hold no sentence: read them all
				continue
			}
			edges[k].AddEvidence(ev)
		}
		limit = next
	}
	return nil
}

// readLedgers decodes the ledgers of the stored articles ids into ledgers.
func (w *writer) readLedgers(ctx context.Context, ids []any, ledgers map[string]*graphstore.Contribution) error {
	err := w.run(ctx, &w.times.retract, readLedgers, ids, func(rec *neo4jdrv.Record) error {
		id, _ := rec.Get("id")
		hash, _ := rec.Get("hash")
		ledger, _ := rec.Get("ledger")
		s, _ := id.(string)
		h, _ := hash.(string)
		l, ok := ledger.(string)
		if !ok {
			return fmt.Errorf("article %s was stored without a ledger (by a newsgraph before corrections): the edges it supports cannot be recomputed; reload the database", s)
		}
		c, err := decodeLedger(s, h, l)
		if err != nil {
			return err
		}
		ledgers[s] = c
		return nil
	})
	if err != nil {
		return fmt.Errorf("read ledgers: %w", err)
	}
	return nil
}

// retractArticles deletes the MENTIONED_IN relationships of the replaced versions and the
// (:Article) nodes of the deleted articles.
func (w *writer) retractArticles(ctx context.Context, old []*graphstore.Contribution, gone []string) error {
	isGone := make(map[string]bool, len(gone))
	for _, id := range gone {
		isGone[id] = true
	}
	var replaced, deleted []any
	for _, o := range old {
		row := map[string]any{"eid": w.articleEIDs[o.Article]}
		if isGone[o.Article] {
			deleted = append(deleted, row)
		} else {
			replaced = append(replaced, row)
		}
	}
	if err := w.run(ctx, &w.times.retract, deleteMentions, replaced, nil); err != nil {
		return fmt.Errorf("delete replaced mentions: %w", err)
	}
	if err := w.run(ctx, &w.times.retract, deleteArticles, deleted, nil); err != nil {
		return fmt.Errorf("delete articles: %w", err)
	}
	return nil
}

func (w *writer) deleteEntities(ctx context.Context, ids []string) error {
	slices.Sort(ids)
	rows := make([]any, len(ids))
	for i, id := range ids {
		rows[i] = map[string]any{"eid": w.entityEIDs[id]}
	}
	if err := w.run(ctx, &w.times.retract, deleteEntities, rows, nil); err != nil {
		return fmt.Errorf("delete entities: %w", err)
	}
	return nil
}

func (w *writer) deleteEdges(ctx context.Context, keys []extract.Key) error {
	slices.SortFunc(keys, graphstore.CompareKeys)
	rows := map[extract.EdgeKind][]any{}
	for _, k := range keys {
		rows[k.Kind] = append(rows[k.Kind], EdgeKey(k.Source, k.Target))
	}
	for _, kind := range edgeKinds {
		if err := w.run(ctx, &w.times.retract, deleteEdges[kind], rows[kind], nil); err != nil {
			return fmt.Errorf("delete %s edges: %w", relTypes[kind], err)
		}
	}
	return nil
}

// contribute merges the contributions of the new articles, in batch order.
func contribute(fresh []*extract.Result) *contribution {
	c := &contribution{nodes: map[string]*graphstore.Node{}, edges: map[extract.Key]*graphstore.Edge{}}
	for _, r := range fresh {
		// One contribution per article: its repeated entities are merged, so each node
		// is one MENTIONED_IN.
		ac := graphstore.ContributionOf(r)
		for _, n := range ac.Nodes {
			m := Mention{Entity: n.ID, Article: r.ID, Count: n.Mentions}
			c.mentions = append(c.mentions, mention{entity: n.ID, article: r.ID, props: PropertyMap(mentionProperties, m)})
			if old := c.nodes[n.ID]; old != nil {
				old.Merge(n)
			} else {
				c.nodes[n.ID] = n
			}
		}
		for _, e := range ac.Edges {
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

// lockEntities write-locks (creating when missing) the entities ids, in id order, and
// returns those that already existed.
func (w *writer) lockEntities(ctx context.Context, ids map[string]bool) (map[string]*graphstore.Node, error) {
	existing := make(map[string]*graphstore.Node, len(ids))
	w.entityEIDs = make(map[string]string, len(ids))
	// A node MERGE matched may be deleted by the writer whose lock this one waited for (a
	// correction that left the entity without support); the lock is then granted on a node
	// that no longer exists, whose properties read back empty. Such ids are locked again,
	// and MERGE creates them anew. Locks already held keep the others from going.
	err := inRounds(slices.Sorted(maps.Keys(ids)), func(pending []string) ([]string, error) {
		rows := make([]any, len(pending))
		for i, id := range pending {
			rows[i] = map[string]any{"id": id}
		}
		var again []string
		err := w.run(ctx, &w.times.lock, lockEntities, rows, func(rec *neo4jdrv.Record) error {
			id, _ := rec.Get("id")
			eid, _ := rec.Get("eid")
			s, ok1 := id.(string)
			e, ok2 := eid.(string)
			if !ok1 || !ok2 {
				return fmt.Errorf("unexpected entity record %v", rec.Values)
			}
			p, err := recordProps(rec)
			if err != nil {
				return err
			}
			if _, alive := p[IDProperty]; !alive {
				again = append(again, s)
				return nil
			}
			w.entityEIDs[s] = e
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
		return again, err
	})
	if err != nil {
		return nil, fmt.Errorf("lock entities: %w", err)
	}
	return existing, nil
}

// maxLockRounds bounds inRounds.
const maxLockRounds = 10

// readEdges reads the stored edges with the keys of edges, by relationship key. Their
// endpoints are locked.
func (w *writer) readEdges(ctx context.Context, edges map[extract.Key]bool) (map[extract.Key]*graphstore.Edge, error) {
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
		// A replaced version's props overwrite the old ones; one it lacks becomes absent.
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
	return w.runParams(ctx, spent, query, rows, nil, each)
}

// runParams is run with more parameters beside $rows.
func (w *writer) runParams(ctx context.Context, spent *time.Duration, query string, rows []any, params map[string]any, each func(*neo4jdrv.Record) error) error {
	start := time.Now()
	defer func() { *spent += time.Since(start) }()
	for start := 0; start < len(rows); start += w.batchSize {
		chunk := rows[start:min(start+w.batchSize, len(rows))]
		w.times.statements++
		p := map[string]any{"rows": chunk}
		for k, v := range params {
			p[k] = v
		}
		res, err := w.tx.Run(ctx, query, p)
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
