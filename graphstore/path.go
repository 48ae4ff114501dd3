package graphstore

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/dominikbraun/graph"
)

// ErrNoPath means two entities are not connected (in the selected graph).
var ErrNoPath = errors.New("not connected")

// MaxPathCount caps Path.Count: past it, the number of shortest paths is just "many".
const MaxPathCount = 1_000_000

// Path is how two entities are connected.
type Path struct {
	Nodes []*Node   // from the first entity to the second
	Hops  [][]*Edge // Hops[i] are the edges between Nodes[i] and Nodes[i+1], strongest first
	// Weakest is the weight of the path's weakest hop (a hop weighs what its strongest edge
	// does); Weight is the sum over its hops.
	Weakest, Weight int
	// Count is the number of shortest paths between the two, this one included, up to
	// MaxPathCount.
	Count int
}

// FindPath returns the strongest short path from the entity named from to the one named to
// in g, over the edges sel keeps (sel may filter, but not focus or take the top edges).
// See Network.Path.
func FindPath(g *Graph, from, to string, sel Selection) (*Path, error) {
	n, err := NetworkOf(g)
	if err != nil {
		return nil, err
	}
	return n.Path(from, to, sel)
}

// Path returns the strongest short path between the entities named from and to, over edges
// of either kind and in either direction: the one with the fewest hops; among those, the
// one whose weakest hop is strongest (a chain is as strong as its weakest link, so a
// path through a hub that one article mentions in passing loses to one whose every hop is
// well attested); then the one with the most weight in all; then the one whose entity ids
// come first. Fewest hops come first because they are what a reader asks for: a direct
// link, however weak, is the answer to "how are these two connected".
//
// The library walks the graph breadth first from both ends; the choice among the shortest
// paths is made on the layers between them. dominikbraun/graph's ShortestPath is no help
// here: it minimizes a sum of integer weights and returns an arbitrary one of equally short
// paths (whichever map order visits first), so its answer could change from run to run.
func (n *Network) Path(from, to string, sel Selection) (*Path, error) {
	if err := sel.Validate(); err != nil {
		return nil, err
	}
	if len(sel.Focus) > 0 || sel.Depth > 0 || sel.Top > 0 {
		return nil, fmt.Errorf("%w: a path takes no focus, depth or top", ErrSelection)
	}
	a, err := n.Find(from)
	if err != nil {
		return nil, err
	}
	b, err := n.Find(to)
	if err != nil {
		return nil, err
	}
	if a.ID == b.ID {
		return nil, fmt.Errorf("%w: %q and %q are the same entity, %s", ErrSelection, from, to, a.ID)
	}
	v := n
	if sel.filters() {
		ends := func(e *Node) bool { return e.ID == a.ID || e.ID == b.ID || sel.keepsType(e.Type) }
		if v, err = n.sub(ends, sel.keepsEdge); err != nil {
			return nil, err
		}
	}
	adj, err := v.g.AdjacencyMap()
	if err != nil {
		return nil, err
	}
	fromA, err := v.hops(adj, a.ID, math.MaxInt)
	if err != nil {
		return nil, err
	}
	d, ok := fromA[b.ID]
	if !ok {
		return nil, fmt.Errorf("%w: %s and %s", ErrNoPath, a.Name, b.Name)
	}
	fromB, err := v.hops(adj, b.ID, d)
	if err != nil {
		return nil, err
	}
	// layers[k] are the entities k hops from a on some shortest path to b.
	layers := make([][]string, d+1)
	for id, k := range fromA {
		if l, ok := fromB[id]; ok && k+l == d {
			layers[k] = append(layers[k], id)
		}
	}
	for _, l := range layers {
		slices.Sort(l)
	}
	weight := func(x, y string) int { return adj[x][y].Properties.Weight }
	ids, weakest, count := strongest(layers, adj, weight)
	p := &Path{Weakest: weakest, Count: count}
	for i, id := range ids {
		node, err := v.g.Vertex(id)
		if err != nil {
			return nil, err
		}
		p.Nodes = append(p.Nodes, node)
		if i > 0 {
			hop := v.between(ids[i-1], id)
			slices.SortStableFunc(hop, func(x, y *Edge) int { return cmp.Compare(y.Weight, x.Weight) })
			p.Hops = append(p.Hops, hop)
			p.Weight += weight(ids[i-1], id)
		}
	}
	return p, nil
}

// strongest picks, from the paths that step from each layer to the next (layers[0] is the
// start, the last layer the end), the one whose weakest step is heaviest, then the heaviest
// in all, then the smallest by ids; it returns that path, its weakest step and how many
// paths there are. The bottleneck is found first, on its own, because the two criteria
// together have no optimal substructure: the best way to a vertex by (weakest, total) need
// not begin the best way through it.
func strongest(layers [][]string, adj map[string]map[string]graph.Edge[string], weight func(x, y string) int) ([]string, int, int) {
	start := layers[0][0]
	weakest := map[string]int{start: math.MaxInt}
	count := map[string]int{start: 1}
	for k := 1; k < len(layers); k++ {
		for _, id := range layers[k] {
			for _, prev := range layers[k-1] {
				if _, linked := adj[prev][id]; linked {
					weakest[id] = max(weakest[id], min(weakest[prev], weight(prev, id)))
					count[id] = min(count[id]+count[prev], MaxPathCount)
				}
			}
		}
	}
	end := layers[len(layers)-1][0]
	floor := weakest[end]

	type best struct {
		total int
		ids   []string
	}
	paths := map[string]best{start: {0, []string{start}}}
	for k := 1; k < len(layers); k++ {
		for _, id := range layers[k] {
			for _, prev := range layers[k-1] {
				p, ok := paths[prev]
				if _, linked := adj[prev][id]; !ok || !linked || weight(prev, id) < floor {
					continue
				}
				cand := best{p.total + weight(prev, id), append(slices.Clip(p.ids), id)}
				if cur, ok := paths[id]; !ok || cand.total > cur.total || (cand.total == cur.total && slices.Compare(cand.ids, cur.ids) < 0) {
					paths[id] = cand
				}
			}
		}
	}
	return paths[end].ids, floor, count[end]
}
