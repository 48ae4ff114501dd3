// Package memory is the embedded graph store: the merged graph held in memory on
// github.com/dominikbraun/graph. It is the default store and the reference the other stores are
// tested against.
package memory

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/dominikbraun/graph"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore"
)

var _ graphstore.Store = (*Store)(nil)

// pair holds every edge between two vertices. dominikbraun/graph keeps one edge per vertex
// pair, while newsgraph has up to three (co-occurrence, and stance in each direction), so the
// graph's single undirected edge carries them all as its data.
type pair struct {
	co      *graphstore.Edge
	forward *graphstore.Edge // stance from the smaller id to the larger
	reverse *graphstore.Edge
}

// Store implements graphstore.Store in memory.
type Store struct {
	mu       sync.RWMutex
	g        graph.Graph[string, *graphstore.Node]
	articles map[string]struct{}
	closed   bool
}

// New returns an empty store.
func New() *Store {
	return &Store{
		g:        graph.New(func(n *graphstore.Node) string { return n.ID }),
		articles: make(map[string]struct{}),
	}
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
		c := graphstore.NodeContribution(r, &r.Entities[i])
		n, err := s.g.Vertex(c.ID)
		switch {
		case errors.Is(err, graph.ErrVertexNotFound):
			if err := s.g.AddVertex(c); err != nil {
				return err
			}
		case err != nil:
			return err
		default:
			n.Merge(c)
		}
	}
	for i := range r.Edges {
		c := graphstore.EdgeContribution(r, &r.Edges[i])
		p, err := s.pair(c.Source, c.Target)
		if err != nil {
			return err
		}
		slot := &p.co
		if c.Kind == extract.Stance {
			slot = &p.forward
			if c.Source > c.Target {
				slot = &p.reverse
			}
		}
		if *slot == nil {
			*slot = c
		} else {
			(*slot).Merge(c)
		}
	}
	return nil
}

// pair returns the edge data between a and b, creating the graph edge on first use. Both
// vertices exist: a result's edges only join its own entities.
func (s *Store) pair(a, b string) (*pair, error) {
	e, err := s.g.Edge(a, b)
	if err == nil {
		return e.Properties.Data.(*pair), nil
	}
	if !errors.Is(err, graph.ErrEdgeNotFound) {
		return nil, err
	}
	p := &pair{}
	if err := s.g.AddEdge(a, b, graph.EdgeData(p)); err != nil {
		return nil, fmt.Errorf("edge %s–%s: %w", a, b, err)
	}
	return p, nil
}

// Graph implements graphstore.Store. The snapshot is a deep copy, safe to use while the
// store keeps changing.
func (s *Store) Graph(ctx context.Context) (*graphstore.Graph, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := &graphstore.Graph{}
	adj, err := s.g.AdjacencyMap()
	if err != nil {
		return nil, err
	}
	for id, neighbours := range adj {
		n, err := s.g.Vertex(id)
		if err != nil {
			return nil, err
		}
		out.Nodes = append(out.Nodes, n.Clone())
		for other, e := range neighbours {
			if id > other {
				continue // each undirected pair once
			}
			p := e.Properties.Data.(*pair)
			for _, edge := range []*graphstore.Edge{p.co, p.forward, p.reverse} {
				if edge != nil {
					out.Edges = append(out.Edges, edge.Clone())
				}
			}
		}
	}
	out.Sort()
	return out, ctx.Err()
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
