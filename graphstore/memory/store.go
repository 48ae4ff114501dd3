// Package memory is the embedded graph store: the merged graph held in memory as a
// graphstore.Network, on github.com/dominikbraun/graph. It is the default store and the
// reference the other stores are tested against.
package memory

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore"
)

var (
	_ graphstore.Store    = (*Store)(nil)
	_ graphstore.Selector = (*Store)(nil)
)

// Store implements graphstore.Store in memory.
type Store struct {
	mu       sync.RWMutex
	net      *graphstore.Network
	articles map[string]struct{}
	closed   bool
}

// New returns an empty store.
func New() *Store {
	return &Store{net: graphstore.NewNetwork(), articles: make(map[string]struct{})}
}

// Add implements graphstore.Store.
func (s *Store) Add(ctx context.Context, results []*extract.Result) (int, error) {
	for _, r := range results {
		if err := graphstore.Validate(r); err != nil {
			return 0, err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return 0, errors.New("memory store: closed")
	}
	added := 0
	for _, r := range results {
		if err := ctx.Err(); err != nil {
			return added, err
		}
		if _, seen := s.articles[r.ID]; seen {
			continue
		}
		if err := s.add(r); err != nil {
			return added, fmt.Errorf("memory store: article %s: %w", r.ID, err)
		}
		s.articles[r.ID] = struct{}{}
		added++
	}
	return added, nil
}

func (s *Store) add(r *extract.Result) error {
	for i := range r.Entities {
		if err := s.net.AddNode(graphstore.NodeContribution(r, &r.Entities[i])); err != nil {
			return err
		}
	}
	for i := range r.Edges {
		// Both entities exist: a valid result's edges only join its own entities.
		if err := s.net.AddEdge(graphstore.EdgeContribution(r, &r.Edges[i])); err != nil {
			return err
		}
	}
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
