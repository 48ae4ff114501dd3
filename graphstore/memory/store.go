// Package memory is the embedded graph store: the merged graph held in memory as a
// graphstore.Network, on github.com/dominikbraun/graph. It is the default store and the
// reference the other stores are tested against.
package memory

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore"
)

var (
	_ graphstore.Store    = (*Store)(nil)
	_ graphstore.Selector = (*Store)(nil)
)

// Store implements graphstore.Store in memory. Beside the merged network it keeps, per
// article, the content hash, the date and the encoded contribution (about 1.3 KB), and per
// entity and per edge the articles that support it: what taking an article back out needs.
type Store struct {
	mu       sync.RWMutex
	net      *graphstore.Network
	onChange graphstore.OnChange
	articles map[string]*article
	// mentions[entity] and support[edge] hold the ids of the articles that contribute to it.
	mentions map[string]set
	support  map[extract.Key]set
	closed   bool
}

// set is a set of article ids, sorted: most entities and edges have one or two articles,
// and a slice costs a tenth of a map there (measured: peak RSS of a run over both shared
// dumps +100 MB with maps); refill wants the ids in order anyway.
type set []string

func (s set) dates(articles map[string]*article) (first, last string) {
	dates := make([]string, 0, len(s))
	for _, id := range s {
		dates = append(dates, articles[id].date)
	}
	return graphstore.Seen(dates)
}

// join adds id to index[k].
func join[K comparable](index map[K]set, k K, id string) {
	if i, found := slices.BinarySearch(index[k], id); !found {
		index[k] = slices.Insert(index[k], i, id)
	}
}

// leave removes id from index[k], and k when its set is empty.
func leave[K comparable](index map[K]set, k K, id string) {
	if i, found := slices.BinarySearch(index[k], id); found {
		index[k] = slices.Delete(index[k], i, i+1)
	}
	if len(index[k]) == 0 {
		delete(index, k)
	}
}

// article is the ledger entry of one stored article version.
type article struct {
	hash, date string
	ledger     []byte
}

// New returns an empty store that replaces corrected articles.
func New() *Store { return NewWith(graphstore.Replace) }

// NewWith returns an empty store with the given policy for corrected articles.
func NewWith(onChange graphstore.OnChange) *Store {
	return &Store{
		net:      graphstore.NewNetwork(),
		onChange: onChange,
		articles: make(map[string]*article),
		mentions: make(map[string]set),
		support:  make(map[extract.Key]set),
	}
}

// Add implements graphstore.Store.
func (s *Store) Add(ctx context.Context, results []*extract.Result) (int, error) {
	type entry struct {
		r    *extract.Result
		hash string
	}
	// Everything that can fail is done before the store changes.
	entries := make([]entry, len(results))
	for i, r := range results {
		if r == nil {
			return 0, fmt.Errorf("memory store: %w", errors.Join(graphstore.ErrInvalid, errors.New("nil result")))
		}
		if err := graphstore.Validate(r); err != nil {
			return 0, err
		}
		entries[i] = entry{r, graphstore.HashOf(r)}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return 0, errors.New("memory store: closed")
	}
	written := 0
	decoded := map[string]*graphstore.Contribution{}
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return written, err
		}
		old := s.articles[e.r.ID]
		if old != nil && (old.hash == e.hash || s.onChange == graphstore.Keep) {
			continue
		}
		if old != nil {
			if err := s.remove(e.r.ID, old, decoded); err != nil {
				return written, fmt.Errorf("memory store: replace article %s: %w", e.r.ID, err)
			}
		}
		if err := s.add(e.r); err != nil {
			return written, fmt.Errorf("memory store: article %s: %w", e.r.ID, err)
		}
		// Encoded only for a version the store keeps: a re-run pays nothing for it.
		s.articles[e.r.ID] = &article{hash: e.hash, date: e.r.Date, ledger: graphstore.EncodeLedger(e.r)}
		written++
	}
	return written, nil
}

// Delete implements graphstore.Store.
func (s *Store) Delete(ctx context.Context, ids []string) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return 0, errors.New("memory store: closed")
	}
	deleted := 0
	decoded := map[string]*graphstore.Contribution{}
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return deleted, err
		}
		a := s.articles[id]
		if a == nil {
			continue
		}
		if err := s.remove(id, a, decoded); err != nil {
			return deleted, fmt.Errorf("memory store: delete article %s: %w", id, err)
		}
		delete(s.articles, id)
		deleted++
	}
	return deleted, nil
}

func (s *Store) add(r *extract.Result) error {
	for i := range r.Entities {
		e := &r.Entities[i]
		if err := s.net.AddNode(graphstore.NodeContribution(r, e)); err != nil {
			return err
		}
		join(s.mentions, e.ID, r.ID)
	}
	for i := range r.Edges {
		// Both entities exist: a valid result's edges only join its own entities.
		e := graphstore.EdgeContribution(r, &r.Edges[i])
		if err := s.net.AddEdge(e); err != nil {
			return err
		}
		join(s.support, e.Key(), r.ID)
	}
	return nil
}

// remove takes the stored article id out of the network. Counts and votes subtract; a date
// or the evidence the article may have set is recomputed from the articles that remain.
//
// decoded caches the ledgers read during one Add or Delete: the supporters that refill one
// edge's evidence (the smallest ids) are mostly the same for the other edges of an article,
// and for the next article of the batch.
func (s *Store) remove(id string, a *article, decoded map[string]*graphstore.Contribution) error {
	c, err := graphstore.DecodeLedger(id, a.hash, a.ledger)
	if err != nil {
		return err
	}
	delete(decoded, id) // a replaced version's ledger must not be read again
	for _, ce := range c.Edges {
		k := ce.Key()
		e := s.net.Edge(k)
		if e == nil {
			return fmt.Errorf("edge %s→%s (%s) of the ledger is not in the graph", k.Source, k.Target, k.Kind)
		}
		leave(s.support, k, id)
		stale := e.Remove(ce)
		if e.Articles <= 0 {
			if err := s.net.RemoveEdge(k); err != nil {
				return err
			}
			continue
		}
		if stale&graphstore.StaleSeen != 0 {
			e.FirstSeen, e.LastSeen = s.support[k].dates(s.articles)
		}
		if stale&graphstore.StaleEvidence != 0 {
			if err := s.refill(e, decoded); err != nil {
				return err
			}
		}
		if err := s.net.Relink(k.Source, k.Target); err != nil {
			return err
		}
	}
	for _, cn := range c.Nodes {
		n := s.net.Node(cn.ID)
		if n == nil {
			return fmt.Errorf("entity %s of the ledger is not in the graph", cn.ID)
		}
		leave(s.mentions, cn.ID, id)
		switch stale := n.Remove(cn); {
		case n.Articles <= 0:
			if err := s.net.RemoveNode(cn.ID); err != nil {
				return err
			}
		case stale:
			n.FirstSeen, n.LastSeen = s.mentions[cn.ID].dates(s.articles)
		}
	}
	return nil
}

// refill adds to e's kept evidence that of its supporters with the smallest article ids:
// only their ledgers are decoded, one until there are enough sentences.
func (s *Store) refill(e *graphstore.Edge, decoded map[string]*graphstore.Contribution) error {
	k := e.Key()
	var ev []extract.Evidence
	for _, id := range s.support[k] {
		if len(ev) >= graphstore.MaxEvidence {
			break
		}
		c := decoded[id]
		if c == nil {
			a := s.articles[id]
			var err error
			if c, err = graphstore.DecodeLedger(id, a.hash, a.ledger); err != nil {
				return err
			}
			decoded[id] = c
		}
		if ce := c.Edge(k); ce != nil {
			ev = append(ev, ce.Evidence...)
		}
	}
	e.AddEvidence(ev)
	return nil
}

// Graph implements graphstore.Store. The snapshot is a deep copy, safe to use while the
// store keeps changing.
func (s *Store) Graph(ctx context.Context) (*graphstore.Graph, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	g, err := s.net.Graph()
	if err != nil {
		return nil, err
	}
	return g, ctx.Err()
}

// Select implements graphstore.Selector: the selection walks the store's own network, and
// only what it selects is copied.
func (s *Store) Select(ctx context.Context, sel graphstore.Selection) (*graphstore.Graph, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	g, err := s.net.Select(sel)
	if err != nil {
		return nil, err
	}
	return g, ctx.Err()
}

// Articles returns how many articles the store holds.
func (s *Store) Articles() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.articles)
}

// Close implements graphstore.Store.
func (s *Store) Close(context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	return nil
}
