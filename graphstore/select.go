package graphstore

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/extract"
)

// ErrSelection means a Selection is not valid (a negative limit, an unknown kind …).
var ErrSelection = errors.New("invalid selection")

// Selection picks the part of a graph a report shows. The zero Selection is the whole graph.
// Any other shows the edges that pass every filter, and the entities they join:
//
//   - Kinds, MinWeight, Since and Until filter edges. An edge is seen in the window
//     [Since, Until] when the dates of the articles it was built from, first_seen to
//     last_seen, overlap it: the merged graph keeps no date per article, so an edge seen
//     in January and in December passes a window in June, and its weight still counts every
//     article. An edge without dates passes no window.
//   - Types filters entities: edges to other entities drop out, and walks do not pass them.
//     The Focus entities show whatever their type.
//   - Focus and Depth keep what is at most Depth hops from a Focus entity, over the edges
//     that passed, in either direction: the entities, and every edge among them.
//   - Top keeps the Top strongest of those edges: nearest a Focus entity first (an edge is
//     as far as its nearer end), then by weight, then by articles, then by key. With a
//     focus the picture thus stays connected, and each ring fills before the next.
//
// The result depends only on the graph and the Selection, never on map order or on the
// store the graph came from.
type Selection struct {
	Focus     []string           // entities by id, name or alias (see Network.Find)
	Depth     int                // hops around Focus; 0: the Focus entities alone
	Kinds     []extract.EdgeKind // edge kinds to keep; none: all
	Types     []extract.Type     // entity types to keep; none: all
	Since     string             // first date to keep: YYYY, YYYY-MM or YYYY-MM-DD
	Until     string             // last date to keep, same forms ("2005" is through 2005-12-31)
	MinWeight int                // lightest edge weight to keep
	Top       int                // most edges to keep; 0: all
}

// IsZero reports whether s selects the whole graph.
func (s Selection) IsZero() bool {
	return len(s.Focus) == 0 && s.Depth == 0 && s.Top == 0 && !s.filters()
}

// filters reports whether s drops any edge or entity by what it is.
func (s Selection) filters() bool {
	return len(s.Kinds) > 0 || len(s.Types) > 0 || s.Since != "" || s.Until != "" || s.MinWeight > 0
}

// Validate returns an ErrSelection error saying what is wrong with s, or nil.
func (s Selection) Validate() error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrSelection}, a...)...)
	}
	for _, f := range s.Focus {
		if strings.TrimSpace(f) == "" {
			return bad("empty focus name")
		}
	}
	for _, k := range s.Kinds {
		if k != extract.CoOccurrence && k != extract.Stance {
			return bad("kind %q: want %s or %s", k, extract.Stance, extract.CoOccurrence)
		}
	}
	for _, t := range s.Types {
		if !t.Valid() {
			return bad("type %q: want %s, %s or %s", t, extract.Person, extract.Organization, extract.Location)
		}
	}
	switch {
	case s.Depth < 0:
		return bad("depth %d: want 0 or more", s.Depth)
	case s.Depth > 0 && len(s.Focus) == 0:
		return bad("depth needs a focus")
	case s.Top < 0:
		return bad("top %d: want 0 (all) or more", s.Top)
	case s.MinWeight < 0:
		return bad("min-weight %d: want 0 or more", s.MinWeight)
	}
	since, err := dateBound(s.Since, false)
	if err != nil {
		return bad("since %v", err)
	}
	until, err := dateBound(s.Until, true)
	if err != nil {
		return bad("until %v", err)
	}
	if s.Since != "" && s.Until != "" && since > until {
		return bad("since %s is after until %s", s.Since, s.Until)
	}
	return nil
}

// dateBound checks a date of the form YYYY, YYYY-MM or YYYY-MM-DD and returns the first day
// it stands for, or with last the last day.
func dateBound(s string, last bool) (string, error) {
	if s == "" {
		return "", nil
	}
	for _, layout := range []string{"2006", "2006-01", time.DateOnly} {
		t, err := time.Parse(layout, s)
		if err != nil {
			continue
		}
		if last {
			switch layout {
			case "2006":
				t = t.AddDate(1, 0, -1)
			case "2006-01":
				t = t.AddDate(0, 1, -1)
			}
		}
		return t.Format(time.DateOnly), nil
	}
	return "", fmt.Errorf("%q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
}

// String describes s for a title or a log line, e.g. "focus Tony Blair, depth 1, top 30
// edges"; "" for the whole graph.
func (s Selection) String() string {
	var parts []string
	if len(s.Focus) > 0 {
		parts = append(parts, fmt.Sprintf("focus %s, depth %d", strings.Join(s.Focus, " + "), s.Depth))
	}
	if len(s.Kinds) > 0 {
		ks := make([]string, len(s.Kinds))
		for i, k := range s.Kinds {
			ks[i] = strings.ReplaceAll(string(k), "_", "-")
		}
		parts = append(parts, strings.Join(ks, " and ")+" edges")
	}
	if len(s.Types) > 0 {
		ts := make([]string, len(s.Types))
		for i, t := range s.Types {
			ts[i] = string(t)
		}
		parts = append(parts, "types "+strings.Join(ts, ", "))
	}
	switch {
	case s.Since != "" && s.Until != "":
		parts = append(parts, fmt.Sprintf("seen %s to %s", s.Since, s.Until))
	case s.Since != "":
		parts = append(parts, "seen since "+s.Since)
	case s.Until != "":
		parts = append(parts, "seen until "+s.Until)
	}
	if s.MinWeight > 0 {
		parts = append(parts, fmt.Sprintf("weight ≥ %d", s.MinWeight))
	}
	if s.Top > 0 {
		parts = append(parts, fmt.Sprintf("top %d edges", s.Top))
	}
	return strings.Join(parts, ", ")
}

// keepsType reports whether s keeps entities of type t.
func (s Selection) keepsType(t extract.Type) bool {
	return len(s.Types) == 0 || slices.Contains(s.Types, t)
}

// keepsEdge reports whether e passes s's edge filters.
func (s Selection) keepsEdge(e *Edge) bool {
	if len(s.Kinds) > 0 && !slices.Contains(s.Kinds, e.Kind) {
		return false
	}
	if e.Weight < s.MinWeight {
		return false
	}
	if s.Since == "" && s.Until == "" {
		return true
	}
	first, last := cmp.Or(e.FirstSeen, e.LastSeen), cmp.Or(e.LastSeen, e.FirstSeen)
	if first == "" {
		return false
	}
	// A bound of the form YYYY or YYYY-MM compares with the same prefix of the date.
	if s.Since != "" && last[:min(len(last), len(s.Since))] < s.Since {
		return false
	}
	if s.Until != "" && first[:min(len(first), len(s.Until))] > s.Until {
		return false
	}
	return true
}

// Apply returns the part of g that s selects, as a new graph in canonical order; g is not
// changed. It fails with ErrSelection, ErrNoEntity or ErrAmbiguous.
func (s Selection) Apply(g *Graph) (*Graph, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	n, err := NetworkOf(g)
	if err != nil {
		return nil, err
	}
	return n.Select(s)
}

// Select returns the part of the network that sel selects, as a deep copy in canonical
// order. See Selection.
func (n *Network) Select(sel Selection) (*Graph, error) {
	if err := sel.Validate(); err != nil {
		return nil, err
	}
	if sel.IsZero() {
		return n.Graph()
	}
	focus := map[string]bool{}
	for _, name := range sel.Focus {
		e, err := n.Find(name)
		if err != nil {
			return nil, err
		}
		focus[e.ID] = true
	}
	v := n
	if sel.filters() {
		var err error
		v, err = n.sub(func(e *Node) bool { return focus[e.ID] || sel.keepsType(e.Type) }, sel.keepsEdge)
		if err != nil {
			return nil, err
		}
	}
	var (
		level map[string]int // hops from the nearest focus entity
		edges []*Edge
	)
	if len(focus) > 0 {
		var err error
		if level, edges, err = v.around(focus, sel.Depth); err != nil {
			return nil, err
		}
	} else {
		for _, e := range v.edges {
			edges = append(edges, e)
		}
	}
	if sel.Top > 0 && len(edges) > sel.Top {
		slices.SortFunc(edges, func(a, b *Edge) int {
			return cmp.Or(
				cmp.Compare(min(level[a.Source], level[a.Target]), min(level[b.Source], level[b.Target])),
				cmp.Compare(b.Weight, a.Weight), cmp.Compare(b.Articles, a.Articles),
				CompareKeys(a.Key(), b.Key()))
		})
		edges = edges[:sel.Top]
	}
	keep := map[string]bool{}
	for id := range focus {
		keep[id] = true
	}
	out := &Graph{Nodes: []*Node{}, Edges: make([]*Edge, 0, len(edges))}
	for _, e := range edges {
		keep[e.Source], keep[e.Target] = true, true
		out.Edges = append(out.Edges, e.Clone())
	}
	for id := range keep {
		e, err := v.g.Vertex(id)
		if err != nil {
			return nil, err
		}
		out.Nodes = append(out.Nodes, e.Clone())
	}
	out.Sort()
	return out, nil
}

// around returns the entities at most depth hops from a focus entity, with their distance,
// and every edge among them.
func (n *Network) around(focus map[string]bool, depth int) (map[string]int, []*Edge, error) {
	adj, err := n.g.AdjacencyMap()
	if err != nil {
		return nil, nil, err
	}
	level := map[string]int{}
	for id := range focus {
		hops, err := n.hops(adj, id, depth)
		if err != nil {
			return nil, nil, err
		}
		for other, d := range hops {
			if l, ok := level[other]; !ok || d < l {
				level[other] = d
			}
		}
	}
	var edges []*Edge
	for id := range level {
		for other := range adj[id] {
			if _, ok := level[other]; ok && id < other {
				edges = append(edges, n.between(id, other)...)
			}
		}
	}
	return level, edges, nil
}

// Selector is implemented by stores that select a part of their graph themselves, without
// copying the whole graph first: the memory store walks its own Network, for programs that
// embed it. (newsgraph's exports select on their own view of a graph, with surnames
// linked, so the CLI goes through Apply.)
type Selector interface {
	Select(ctx context.Context, sel Selection) (*Graph, error)
}
