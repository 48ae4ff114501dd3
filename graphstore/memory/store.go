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
// article, the content hash, the date and the encoded contribution (a few KB), and per
// entity the articles that mention it: what taking an article back out needs.
type Store struct {
	mu       sync.RWMutex
	net      *graphstore.Network
	onChange graphstore.OnChange
	articles map[string]*article
	// mentions[entity] holds the ids of the articles that mention it.
	mentions map[string]map[string]struct{}
	closed   bool
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
		mentions: make(map[string]map[string]struct{}),
	}
}

// Add implements graphstore.Store.
func (s *Store) Add(ctx context.Context, results []*extract.Result) (int, error) {
	type entry struct {
		r      *extract.Result
		hash   string
		ledger []byte
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
		entries[i] = entry{r, graphstore.HashOf(r), graphstore.EncodeLedger(r)}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return 0, errors.New("memory store: closed")
	}
	written := 0
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return written, err
		}
		old := s.articles[e.r.ID]
		if old != nil && (old.hash == e.hash || s.onChange == graphstore.Keep) {
			continue
		}
		if old != nil {
			if err := s.remove(e.r.ID, old); err != nil {
				return written, fmt.Errorf("memory store: replace article %s: %w", e.r.ID, err)
			}
		}
		if err := s.add(e.r); err != nil {
			return written, fmt.Errorf("memory store: article %s: %w", e.r.ID, err)
		}
		s.articles[e.r.ID] = &article{hash: e.hash, date: e.r.Date, ledger: e.ledger}
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
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return deleted, err
		}
		a := s.articles[id]
		if a == nil {
			continue
		}
		if err := s.remove(id, a); err != nil {
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
		if s.mentions[e.ID] == nil {
			s.mentions[e.ID] = make(map[string]struct{})
		}
		s.mentions[e.ID][r.ID] = struct{}{}
	}
	for i := range r.Edges {
		// Both entities exist: a valid result's edges only join its own entities.
		if err := s.net.AddEdge(graphstore.EdgeContribution(r, &r.Edges[i])); err != nil {
			return err
		}
	}
	return nil
}

// remove takes the stored article id out of the network. Counts and votes subtract; a date
// or the evidence the article may have set is recomputed from the articles that remain.
func (s *Store) remove(id string, a *article) error {
	c, err := graphstore.DecodeLedger(id, a.hash, a.ledger)
	if err != nil {
		return err
	}
	for _, cn := range c.Nodes {
		delete(s.mentions[cn.ID], id)
	}
	others := map[string]*graphstore.Contribution{} // decoded once per removal
	for _, ce := range c.Edges {
		k := ce.Key()
		e := s.net.Edge(k)
		if e == nil {
			return fmt.Errorf("edge %s→%s (%s) of the ledger is not in the graph", k.Source, k.Target, k.Kind)
		}
		stale := e.Remove(ce)
		switch {
		case e.Articles <= 0:
			err = s.net.RemoveEdge(k)
		case stale:
			var support []*graphstore.Edge
			support, err = s.support(k, others)
			if err == nil {
				err = s.net.ReplaceEdge(graphstore.MergeEdges(support))
			}
		default:
			err = s.net.Relink(k.Source, k.Target)
		}
		if err != nil {
			return err
		}
	}
	for _, cn := range c.Nodes {
		n := s.net.Node(cn.ID)
		if n == nil {
			return fmt.Errorf("entity %s of the ledger is not in the graph", cn.ID)
		}
		switch stale := n.Remove(cn); {
		case n.Articles <= 0:
			delete(s.mentions, cn.ID)
			err = s.net.RemoveNode(cn.ID)
		case stale:
			dates := make([]string, 0, len(s.mentions[cn.ID]))
			for other := range s.mentions[cn.ID] {
				dates = append(dates, s.articles[other].date)
			}
			n.FirstSeen, n.LastSeen = graphstore.Seen(dates)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// support returns the contributions to edge k of the stored articles, in article order:
// those mentioning both its ends and holding it. decoded caches the ledgers read.
func (s *Store) support(k extract.Key, decoded map[string]*graphstore.Contribution) ([]*graphstore.Edge, error) {
	a, b := s.mentions[k.Source], s.mentions[k.Target]
	if len(b) < len(a) {
		a, b = b, a
	}
	ids := make([]string, 0, len(a))
	for id := range a {
		if _, both := b[id]; both {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	var out []*graphstore.Edge
	for _, id := range ids {
		c := decoded[id]
		if c == nil {
			art := s.articles[id]
			var err error
			if c, err = graphstore.DecodeLedger(id, art.hash, art.ledger); err != nil {
				return nil, err
			}
			decoded[id] = c
		}
		if e := c.Edge(k); e != nil {
			out = append(out, e)
		}
	}
	return out, nil
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
