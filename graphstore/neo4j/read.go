package neo4j

import (
	"context"
	"fmt"
	"slices"

	neo4jdrv "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore"
)

const (
	readNodes = `MATCH (n:Entity) WHERE n.articles IS NOT NULL RETURN n {.*} AS props`
	// countArticles counts committed ledger entries.
	countArticles = `MATCH (a:Article) RETURN count(a) AS n`
)

// readAllEdges[k] reads every relationship of kind k.
var readAllEdges = map[extract.EdgeKind]string{}

func init() {
	for k, rel := range relTypes {
		readAllEdges[k] = `MATCH (a:Entity)-[r:` + rel + `]->(b:Entity)
RETURN a.id AS source, b.id AS target, r {.*} AS props`
	}
}

// Graph implements graphstore.Store. Nodes and edges are read in one read transaction and
// rebuilt through the same derivation (votes → name, type, aliases; counts → polarity, cues)
// the memory store applies, so the two export identical JSON for the same input.
func (s *Store) Graph(ctx context.Context) (*graphstore.Graph, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("neo4j: read graph: %w", err)
	}
	sess := s.session(ctx, neo4jdrv.AccessModeRead)
	defer sess.Close(context.WithoutCancel(ctx))
	g, err := neo4jdrv.ExecuteRead(ctx, sess, func(tx neo4jdrv.ManagedTransaction) (*graphstore.Graph, error) {
		g := &graphstore.Graph{Nodes: []*graphstore.Node{}, Edges: []*graphstore.Edge{}}
		err := each(ctx, tx, readNodes, func(rec *neo4jdrv.Record) error {
			p, err := recordProps(rec)
			if err != nil {
				return err
			}
			n, err := decodeNode(p)
			if err != nil {
				return err
			}
			g.Nodes = append(g.Nodes, n)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("nodes: %w", err)
		}
		for _, kind := range []extract.EdgeKind{extract.CoOccurrence, extract.Stance} {
			err := each(ctx, tx, readAllEdges[kind], func(rec *neo4jdrv.Record) error {
				p, err := recordProps(rec)
				if err != nil {
					return err
				}
				src, _ := rec.Get("source")
				dst, _ := rec.Get("target")
				s, ok1 := src.(string)
				t, ok2 := dst.(string)
				if !ok1 || !ok2 {
					return fmt.Errorf("edge without endpoint ids: %v", rec.Values)
				}
				e, err := decodeEdge(s, t, kind, p)
				if err != nil {
					return err
				}
				g.Edges = append(g.Edges, e)
				return nil
			})
			if err != nil {
				return nil, fmt.Errorf("%s edges: %w", relTypes[kind], err)
			}
		}
		return g, nil
	})
	if err != nil {
		return nil, s.wrap(ctx, "read graph", err)
	}
	g.Sort()
	return g, nil
}

// Articles returns how many articles the store holds.
func (s *Store) Articles(ctx context.Context) (int, error) {
	sess := s.session(ctx, neo4jdrv.AccessModeRead)
	defer sess.Close(context.WithoutCancel(ctx))
	n, err := neo4jdrv.ExecuteRead(ctx, sess, func(tx neo4jdrv.ManagedTransaction) (int64, error) {
		var n int64
		err := each(ctx, tx, countArticles, func(rec *neo4jdrv.Record) error {
			v, _ := rec.Get("n")
			n, _ = v.(int64)
			return nil
		})
		return n, err
	})
	if err != nil {
		return 0, s.wrap(ctx, "count articles", err)
	}
	return int(n), nil
}

// each runs query (no parameters) and passes every record to fn, streaming rather than
// buffering the result.
func each(ctx context.Context, tx neo4jdrv.ManagedTransaction, query string, fn func(*neo4jdrv.Record) error) error {
	res, err := tx.Run(ctx, query, nil)
	if err != nil {
		return err
	}
	for res.Next(ctx) {
		if err := fn(res.Record()); err != nil {
			return err
		}
	}
	return res.Err()
}

// props is a node's or relationship's property map as the driver returns it.
type props map[string]any

func recordProps(rec *neo4jdrv.Record) (props, error) {
	v, ok := rec.Get("props")
	m, isMap := v.(map[string]any)
	if !ok || !isMap {
		return nil, fmt.Errorf("record without properties: %v", rec.Values)
	}
	return m, nil
}

// decodeNode rebuilds a node from its stored properties. Only the additive fields (counts,
// dates, votes) are taken from the store; name, type and aliases are derived again by
// merging into an empty node, exactly as graphstore derives them.
func decodeNode(p props) (*graphstore.Node, error) {
	id, err := p.str(IDProperty)
	if err != nil || id == "" {
		return nil, fmt.Errorf("entity without id: %v", p)
	}
	stored := &graphstore.Node{ID: id}
	if stored.Mentions, err = p.int(propMentions); err != nil {
		return nil, fmt.Errorf("entity %q: %w", id, err)
	}
	if stored.Articles, err = p.int(propArticles); err != nil {
		return nil, fmt.Errorf("entity %q: %w", id, err)
	}
	if stored.FirstSeen, err = p.str(propFirstSeen); err != nil {
		return nil, fmt.Errorf("entity %q: %w", id, err)
	}
	if stored.LastSeen, err = p.str(propLastSeen); err != nil {
		return nil, fmt.Errorf("entity %q: %w", id, err)
	}
	if stored.NameVotes, err = decodeVotes[string](p, propNameVotes); err != nil {
		return nil, fmt.Errorf("entity %q: %w", id, err)
	}
	if stored.TypeVotes, err = decodeVotes[extract.Type](p, propTypeVotes); err != nil {
		return nil, fmt.Errorf("entity %q: %w", id, err)
	}
	if stored.AliasVotes, err = decodeVotes[string](p, propAliasVts); err != nil {
		return nil, fmt.Errorf("entity %q: %w", id, err)
	}
	n := &graphstore.Node{ID: id}
	n.Merge(stored)
	return n, nil
}

// decodeEdge rebuilds an edge from its stored properties, deriving cues, polarity and the
// kept evidence again as decodeNode does for nodes.
func decodeEdge(source, target string, kind extract.EdgeKind, p props) (*graphstore.Edge, error) {
	stored := &graphstore.Edge{Source: source, Target: target, Kind: kind}
	fail := func(err error) (*graphstore.Edge, error) {
		return nil, fmt.Errorf("edge %s→%s (%s): %w", source, target, kind, err)
	}
	var err error
	for _, f := range []struct {
		key string
		dst *int
	}{
		{propWeight, &stored.Weight}, {propPositive, &stored.Positive}, {propNegative, &stored.Negative},
		{propNeutral, &stored.Neutral}, {propArticles, &stored.Articles},
	} {
		if *f.dst, err = p.int(f.key); err != nil {
			return fail(err)
		}
	}
	if stored.FirstSeen, err = p.str(propFirstSeen); err != nil {
		return fail(err)
	}
	if stored.LastSeen, err = p.str(propLastSeen); err != nil {
		return fail(err)
	}
	if stored.CueCounts, err = decodeCounts[string](p, propCues, propCueCounts); err != nil {
		return fail(err)
	}
	if stored.Classes, err = decodeCounts[string](p, propClasses, propClassCounts); err != nil {
		return fail(err)
	}
	arts, err1 := p.strs(propEvArticle)
	sentences, err2 := p.ints(propEvSentence)
	texts, err3 := p.strs(propEvText)
	cues, err4 := p.strs(propEvCue)
	rules, err5 := p.strs(propEvRule)
	for _, err := range []error{err1, err2, err3, err4, err5} {
		if err != nil {
			return fail(err)
		}
	}
	// Cues and rules are absent on co-occurrence (and rules on stances stored before they
	// were kept); the other lists always match.
	if len(sentences) != len(arts) || len(texts) != len(arts) || (len(cues) > 0 && len(cues) != len(arts)) ||
		(len(rules) > 0 && len(rules) != len(arts)) {
		return fail(fmt.Errorf("evidence arrays of different lengths"))
	}
	for i := range arts {
		ev := extract.Evidence{Article: arts[i], Sentence: sentences[i], Text: texts[i]}
		if len(cues) > 0 {
			ev.Cue = cues[i]
		}
		if len(rules) > 0 {
			ev.Rule = rules[i]
		}
		stored.Evidence = append(stored.Evidence, ev)
	}
	e := &graphstore.Edge{Source: source, Target: target, Kind: kind}
	e.Merge(stored)
	return e, nil
}

func decodeVotes[K ~string](p props, name string) (map[K]int, error) {
	return decodeCounts[K](p, name+keysSuffix, name+countsSuffix)
}

// decodeCounts reads a count map stored as parallel key and count arrays.
func decodeCounts[K ~string](p props, keysProp, countsProp string) (map[K]int, error) {
	keys, err := p.strs(keysProp)
	if err != nil {
		return nil, err
	}
	counts, err := p.ints(countsProp)
	if err != nil {
		return nil, err
	}
	if len(keys) != len(counts) {
		return nil, fmt.Errorf("%s and %s have different lengths", keysProp, countsProp)
	}
	if len(keys) == 0 {
		return nil, nil
	}
	m := make(map[K]int, len(keys))
	for i, k := range keys {
		m[K(k)] += counts[i]
	}
	return m, nil
}

// str returns a string property ("" when absent).
func (p props) str(k string) (string, error) {
	switch v := p[k].(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	default:
		return "", fmt.Errorf("property %s is %T, want string", k, v)
	}
}

// int returns an integer property (0 when absent).
func (p props) int(k string) (int, error) {
	switch v := p[k].(type) {
	case nil:
		return 0, nil
	case int64:
		return int(v), nil
	default:
		return 0, fmt.Errorf("property %s is %T, want integer", k, v)
	}
}

// strs returns a string list property (nil when absent).
func (p props) strs(k string) ([]string, error) {
	l, err := p.list(k)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(l))
	for _, v := range l {
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("property %s holds %T, want strings", k, v)
		}
		out = append(out, s)
	}
	return slices.Clip(out), nil
}

// ints returns an integer list property (nil when absent).
func (p props) ints(k string) ([]int, error) {
	l, err := p.list(k)
	if err != nil {
		return nil, err
	}
	out := make([]int, 0, len(l))
	for _, v := range l {
		n, ok := v.(int64)
		if !ok {
			return nil, fmt.Errorf("property %s holds %T, want integers", k, v)
		}
		out = append(out, int(n))
	}
	return out, nil
}

func (p props) list(k string) ([]any, error) {
	switch v := p[k].(type) {
	case nil:
		return nil, nil
	case []any:
		return v, nil
	default:
		return nil, fmt.Errorf("property %s is %T, want list", k, v)
	}
}
