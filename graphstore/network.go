package graphstore

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/dominikbraun/graph"

	"github.com/newsgraph/newsgraph/extract"
)

// Network is the graph as a github.com/dominikbraun/graph structure, the one traversals
// walk: a vertex per entity and an undirected library edge per pair of entities that have
// any edge, weighted by the pair's strongest edge. The library keeps one edge per pair while
// newsgraph has up to three (a co-occurrence and a stance each way), so the edges themselves
// are kept beside it by key.
//
// The memory store builds its graph in a Network; Selection.Apply and FindPath build one from
// any Graph. A Network is not safe for concurrent use.
type Network struct {
	g     graph.Graph[string, *Node]
	edges map[extract.Key]*Edge
}

// NewNetwork returns an empty network.
func NewNetwork() *Network {
	return &Network{
		g:     graph.New(func(n *Node) string { return n.ID }, graph.Weighted()),
		edges: make(map[extract.Key]*Edge),
	}
}

// NetworkOf returns the network of g's nodes and edges. It shares them rather than copying:
// g must not change while the network is in use.
func NetworkOf(g *Graph) (*Network, error) {
	n := NewNetwork()
	for _, node := range g.Nodes {
		if err := n.AddNode(node); err != nil {
			return nil, err
		}
	}
	for _, e := range g.Edges {
		if err := n.AddEdge(e); err != nil {
			return nil, err
		}
	}
	return n, nil
}

// AddNode adds c, or merges it into the node with its id. The network keeps c.
func (n *Network) AddNode(c *Node) error {
	node, err := n.g.Vertex(c.ID)
	switch {
	case errors.Is(err, graph.ErrVertexNotFound):
		return n.g.AddVertex(c)
	case err != nil:
		return err
	default:
		node.Merge(c)
		return nil
	}
}

// AddEdge adds c, or merges it into the edge with its key. Both entities must be in the
// network already. The network keeps c.
func (n *Network) AddEdge(c *Edge) error {
	k := c.Key()
	e := n.edges[k]
	if e == nil {
		e = c
		n.edges[k] = c
	} else {
		e.Merge(c)
	}
	return n.link(e.Source, e.Target, e.Weight)
}

// link makes sure the library has an edge between a and b at least weight strong.
func (n *Network) link(a, b string, weight int) error {
	l, err := n.g.Edge(a, b)
	switch {
	case errors.Is(err, graph.ErrEdgeNotFound):
		if err := n.g.AddEdge(a, b, graph.EdgeWeight(weight)); err != nil {
			return fmt.Errorf("edge %s–%s: %w", a, b, err)
		}
		return nil
	case err != nil:
		return err
	case weight > l.Properties.Weight:
		return n.g.UpdateEdge(a, b, graph.EdgeWeight(weight))
	default:
		return nil
	}
}

// Graph returns a deep copy of the network in canonical order, safe to use while the
// network keeps changing.
func (n *Network) Graph() (*Graph, error) {
	adj, err := n.g.AdjacencyMap()
	if err != nil {
		return nil, err
	}
	out := &Graph{Nodes: make([]*Node, 0, len(adj)), Edges: make([]*Edge, 0, len(n.edges))}
	for id, neighbours := range adj {
		node, err := n.g.Vertex(id)
		if err != nil {
			return nil, err
		}
		out.Nodes = append(out.Nodes, node.Clone())
		for other := range neighbours {
			if id < other { // each pair once
				for _, e := range n.between(id, other) {
					out.Edges = append(out.Edges, e.Clone())
				}
			}
		}
	}
	out.Sort()
	return out, nil
}

// between returns the edges between a and b, in canonical order.
func (n *Network) between(a, b string) []*Edge {
	if a > b {
		a, b = b, a
	}
	var out []*Edge
	for _, k := range [...]extract.Key{{Source: a, Target: b, Kind: extract.CoOccurrence}, {Source: a, Target: b, Kind: extract.Stance}, {Source: b, Target: a, Kind: extract.Stance}} {
		if e := n.edges[k]; e != nil {
			out = append(out, e)
		}
	}
	return out
}

// sub returns the network of the nodes and edges keep accepts, sharing them with n. An edge
// stays only when both its entities do.
func (n *Network) sub(keepNode func(*Node) bool, keepEdge func(*Edge) bool) (*Network, error) {
	adj, err := n.g.AdjacencyMap()
	if err != nil {
		return nil, err
	}
	out := NewNetwork()
	for id := range adj {
		node, err := n.g.Vertex(id)
		if err != nil {
			return nil, err
		}
		if keepNode(node) {
			if err := out.g.AddVertex(node); err != nil {
				return nil, err
			}
		}
	}
	for k, e := range n.edges {
		if !keepEdge(e) {
			continue
		}
		if _, err := out.g.Vertex(e.Source); err != nil {
			continue
		}
		if _, err := out.g.Vertex(e.Target); err != nil {
			continue
		}
		out.edges[k] = e
		if err := out.link(e.Source, e.Target, e.Weight); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// hops walks the library graph breadth first from source and returns how many hops away
// every entity within maxHops is. The library's BFSWithDepth would seem the tool, but in
// v0.23.0 its depth counts visited vertices, not levels (dominikbraun/graph#153); the level
// of a vertex is instead one more than the smallest level among its neighbours visited
// before it, since breadth-first order visits a vertex after one of its nearest neighbours.
func (n *Network) hops(adj map[string]map[string]graph.Edge[string], source string, maxHops int) (map[string]int, error) {
	level := map[string]int{}
	err := graph.BFS(n.g, source, func(id string) bool {
		d := 0
		if id != source {
			d = math.MaxInt
			for other := range adj[id] {
				if l, ok := level[other]; ok && l+1 < d {
					d = l + 1
				}
			}
		}
		if d > maxHops {
			return true // every later vertex is at least as far
		}
		level[id] = d
		return false
	})
	return level, err
}

// ErrNoEntity means a name matched no entity; ErrAmbiguous that it matched several.
var (
	ErrNoEntity  = errors.New("no such entity")
	ErrAmbiguous = errors.New("ambiguous entity name")
)

// Find returns the entity called name: the one whose id is name; else the one whose id name
// folds to (extract.ID: "tony blair" is tony-blair); else the one so named; else the one
// with that alias. A name that matches several entities at the first level that matches any is
// ErrAmbiguous; one that matches none, ErrNoEntity. Both errors list candidates.
func (n *Network) Find(name string) (*Node, error) {
	adj, err := n.g.AdjacencyMap()
	if err != nil {
		return nil, err
	}
	nodes := make([]*Node, 0, len(adj))
	for id := range adj {
		node, err := n.g.Vertex(id)
		if err != nil {
			return nil, err
		}
		nodes = append(nodes, node)
	}
	slices.SortFunc(nodes, byMentions)
	want := extract.ID(name)
	for _, matches := range []func(*Node) bool{
		func(e *Node) bool { return e.ID == name },
		func(e *Node) bool { return want != "" && e.ID == want },
		func(e *Node) bool { return want != "" && extract.ID(e.Name) == want },
		func(e *Node) bool {
			return want != "" && slices.ContainsFunc(e.Aliases, func(a string) bool { return extract.ID(a) == want })
		},
	} {
		var found []*Node
		for _, e := range nodes {
			if matches(e) {
				found = append(found, e)
			}
		}
		switch {
		case len(found) == 1:
			return found[0], nil
		case len(found) > 1:
			return nil, fmt.Errorf("%w: %q is %s; give the id", ErrAmbiguous, name, candidates(found))
		}
	}
	if want == "" {
		return nil, fmt.Errorf("%w: %q", ErrNoEntity, name)
	}
	var near []*Node
	for _, e := range nodes {
		if strings.Contains(e.ID, want) || strings.Contains(extract.ID(e.Name), want) {
			near = append(near, e)
		}
	}
	if len(near) == 0 {
		return nil, fmt.Errorf("%w: %q", ErrNoEntity, name)
	}
	return nil, fmt.Errorf("%w: %q (did you mean %s?)", ErrNoEntity, name, candidates(near))
}

// byMentions orders entities by mentions, most first, then by id.
func byMentions(a, b *Node) int {
	return cmp.Or(cmp.Compare(b.Mentions, a.Mentions), cmp.Compare(a.ID, b.ID))
}

// candidates lists up to five entities for an error message.
func candidates(ns []*Node) string {
	var parts []string
	for _, e := range ns[:min(5, len(ns))] {
		parts = append(parts, fmt.Sprintf("%s (%s, %d mentions)", e.ID, e.Name, e.Mentions))
	}
	if len(ns) > 5 {
		parts = append(parts, fmt.Sprintf("%d more", len(ns)-5))
	}
	return strings.Join(parts, ", ")
}

// Node returns the node id, or nil. The network keeps it: a caller that changes it must
// keep the network's edges in step (Relink).
func (n *Network) Node(id string) *Node {
	node, err := n.g.Vertex(id)
	if err != nil {
		return nil
	}
	return node
}

// Edge returns the edge k, or nil; like Node, the network's own.
func (n *Network) Edge(k extract.Key) *Edge { return n.edges[k] }

// RemoveEdge removes the edge k, if there.
func (n *Network) RemoveEdge(k extract.Key) error {
	if n.edges[k] == nil {
		return nil
	}
	delete(n.edges, k)
	return n.Relink(k.Source, k.Target)
}

// RemoveNode removes the node id, which must have no edges left.
func (n *Network) RemoveNode(id string) error {
	if err := n.g.RemoveVertex(id); err != nil && !errors.Is(err, graph.ErrVertexNotFound) {
		return fmt.Errorf("remove %s: %w", id, err)
	}
	return nil
}

// Relink sets the library's edge between a and b to the strongest of their edges, or
// removes it when they have none: after an edge lost weight or went away.
func (n *Network) Relink(a, b string) error {
	w, found := 0, false
	for _, e := range n.between(a, b) {
		w, found = max(w, e.Weight), true
	}
	_, err := n.g.Edge(a, b)
	switch {
	case errors.Is(err, graph.ErrEdgeNotFound):
		if !found {
			return nil
		}
		return n.g.AddEdge(a, b, graph.EdgeWeight(w))
	case err != nil:
		return err
	case !found:
		return n.g.RemoveEdge(a, b)
	default:
		return n.g.UpdateEdge(a, b, graph.EdgeWeight(w))
	}
}
