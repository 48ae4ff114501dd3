package graphstore

import (
	"cmp"
	"math"
	"slices"

	"github.com/newsgraph/newsgraph/extract"
)

// MaxEvidence bounds the evidence sentences kept per edge, so a hub edge (US–China over a
// decade) stays small. The kept ones are the smallest by (article, sentence), a choice that
// does not depend on the order articles arrive in.
const MaxEvidence = extract.MaxEvidence

// MaxAliases bounds the aliases listed per node; the most frequent win.
const MaxAliases = 12

// Graph is a snapshot of the merged graph in canonical order: nodes by ID, edges by
// (source, target, kind).
type Graph struct {
	Nodes []*Node `json:"nodes"`
	Edges []*Edge `json:"edges"`
}

// Node is an entity merged across articles. The exported counts are derived from the votes,
// which are what merging adds up.
type Node struct {
	ID        string       `json:"id"`
	Name      string       `json:"name"`
	Type      extract.Type `json:"type"`
	Aliases   []string     `json:"aliases"`
	Mentions  int          `json:"mentions"`
	Articles  int          `json:"articles"`
	FirstSeen string       `json:"first_seen,omitempty"`
	LastSeen  string       `json:"last_seen,omitempty"`

	NameVotes  map[string]int       `json:"-"`
	TypeVotes  map[extract.Type]int `json:"-"`
	AliasVotes map[string]int       `json:"-"`
}

// Edge is an edge merged across articles.
type Edge struct {
	Source    string             `json:"source"`
	Target    string             `json:"target"`
	Kind      extract.EdgeKind   `json:"kind"`
	Weight    int                `json:"weight"`
	Polarity  float64            `json:"polarity"`
	Positive  int                `json:"positive"`
	Negative  int                `json:"negative"`
	Neutral   int                `json:"neutral"`
	Cues      []string           `json:"cues"`
	CueCounts map[string]int     `json:"cue_counts,omitempty"`
	Classes   map[string]int     `json:"classes,omitempty"`
	Articles  int                `json:"articles"`
	Evidence  []extract.Evidence `json:"evidence"`
	FirstSeen string             `json:"first_seen,omitempty"`
	LastSeen  string             `json:"last_seen,omitempty"`
}

// Key returns e's key.
func (e *Edge) Key() extract.Key {
	return extract.Key{Source: e.Source, Target: e.Target, Kind: e.Kind}
}

// NodeContribution is what one article adds to the entity e.
func NodeContribution(r *extract.Result, e *extract.Entity) *Node {
	n := &Node{
		ID:         e.ID,
		Mentions:   e.Mentions,
		Articles:   1,
		FirstSeen:  r.Date,
		LastSeen:   r.Date,
		NameVotes:  map[string]int{e.Name: 1},
		TypeVotes:  map[extract.Type]int{},
		AliasVotes: map[string]int{},
	}
	for t, v := range e.TypeVotes {
		n.TypeVotes[t] += v
	}
	if len(n.TypeVotes) == 0 {
		n.TypeVotes[e.Type] = 1
	}
	for _, a := range e.Aliases {
		n.AliasVotes[a]++
	}
	n.settle()
	return n
}

// EdgeContribution is what one article adds to the edge e.
func EdgeContribution(r *extract.Result, e *extract.Edge) *Edge {
	out := &Edge{
		Source:    e.Source,
		Target:    e.Target,
		Kind:      e.Kind,
		Weight:    e.Weight,
		Positive:  e.Positive,
		Negative:  e.Negative,
		Neutral:   e.Neutral,
		CueCounts: maps(e.Cues),
		Classes:   maps(e.Classes),
		Articles:  1,
		Evidence:  slices.Clone(e.Evidence),
		FirstSeen: r.Date,
		LastSeen:  r.Date,
	}
	out.settle()
	return out
}

// Merge adds o into n. Merging is commutative and associative.
func (n *Node) Merge(o *Node) {
	n.Mentions += o.Mentions
	n.Articles += o.Articles
	n.FirstSeen, n.LastSeen = minDate(n.FirstSeen, o.FirstSeen), maxDate(n.LastSeen, o.LastSeen)
	n.NameVotes = addCounts(n.NameVotes, o.NameVotes)
	n.TypeVotes = addCounts(n.TypeVotes, o.TypeVotes)
	n.AliasVotes = addCounts(n.AliasVotes, o.AliasVotes)
	n.settle()
}

// settle derives Name, Type and Aliases from the votes.
func (n *Node) settle() {
	n.Name = argmax(n.NameVotes, func(a, b string) int {
		// More words first ("Joe Biden" over "Biden"), then the smaller string.
		if c := cmp.Compare(wordCount(b), wordCount(a)); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	n.Type = argmax(n.TypeVotes, func(a, b extract.Type) int {
		return cmp.Compare(a.Rank(), b.Rank())
	})
	aliases := make([]string, 0, len(n.AliasVotes))
	for a := range n.AliasVotes {
		if a != n.Name {
			aliases = append(aliases, a)
		}
	}
	slices.SortFunc(aliases, func(a, b string) int {
		if c := cmp.Compare(n.AliasVotes[b], n.AliasVotes[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	if len(aliases) > MaxAliases {
		aliases = aliases[:MaxAliases]
	}
	slices.Sort(aliases)
	n.Aliases = aliases
}

// Merge adds o into e. Merging is commutative and associative.
func (e *Edge) Merge(o *Edge) {
	e.Weight += o.Weight
	e.Positive += o.Positive
	e.Negative += o.Negative
	e.Neutral += o.Neutral
	e.Articles += o.Articles
	e.CueCounts = addCounts(e.CueCounts, o.CueCounts)
	e.Classes = addCounts(e.Classes, o.Classes)
	e.Evidence = append(e.Evidence, o.Evidence...)
	e.FirstSeen, e.LastSeen = minDate(e.FirstSeen, o.FirstSeen), maxDate(e.LastSeen, o.LastSeen)
	e.settle()
}

// settle derives Cues, Polarity and the kept evidence.
func (e *Edge) settle() {
	e.Cues = make([]string, 0, len(e.CueCounts))
	for c := range e.CueCounts {
		e.Cues = append(e.Cues, c)
	}
	slices.Sort(e.Cues)
	if total := e.Positive + e.Negative + e.Neutral; total > 0 {
		p := float64(e.Positive-e.Negative) / float64(total)
		e.Polarity = math.Round(p*1000) / 1000
	} else {
		e.Polarity = 0
	}
	slices.SortFunc(e.Evidence, func(a, b extract.Evidence) int {
		if c := cmp.Compare(a.Article, b.Article); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Sentence, b.Sentence); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Cue, b.Cue); c != 0 {
			return c
		}
		return cmp.Compare(a.Text, b.Text)
	})
	e.Evidence = slices.CompactFunc(e.Evidence, func(a, b extract.Evidence) bool { return a == b })
	if len(e.Evidence) > MaxEvidence {
		e.Evidence = slices.Clip(e.Evidence[:MaxEvidence])
	}
	if e.Evidence == nil {
		e.Evidence = []extract.Evidence{}
	}
}

// Sort puts g in canonical order.
func (g *Graph) Sort() {
	slices.SortFunc(g.Nodes, func(a, b *Node) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(g.Edges, func(a, b *Edge) int { return CompareKeys(a.Key(), b.Key()) })
}

// CompareKeys orders edge keys by source, target, then kind.
func CompareKeys(a, b extract.Key) int {
	if c := cmp.Compare(a.Source, b.Source); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Target, b.Target); c != 0 {
		return c
	}
	return cmp.Compare(a.Kind, b.Kind)
}

func argmax[K cmp.Ordered](votes map[K]int, tie func(a, b K) int) K {
	var best K
	bestN, found := 0, false
	for k, n := range votes {
		if !found || n > bestN || (n == bestN && tie(k, best) < 0) {
			best, bestN, found = k, n, true
		}
	}
	return best
}

func addCounts[K comparable](dst, src map[K]int) map[K]int {
	if dst == nil && len(src) > 0 {
		dst = make(map[K]int, len(src))
	}
	for k, v := range src {
		dst[k] += v
	}
	return dst
}

func maps(m map[string]int) map[string]int { return addCounts(nil, m) }

func wordCount(s string) int {
	n, in := 0, false
	for _, r := range s {
		if r == ' ' {
			in = false
		} else if !in {
			n, in = n+1, true
		}
	}
	return n
}

// minDate and maxDate treat "" as unknown rather than as the smallest date.
func minDate(a, b string) string {
	if a == "" || (b != "" && b < a) {
		return b
	}
	return a
}

func maxDate(a, b string) string {
	if b > a {
		return b
	}
	return a
}

// Clone returns a deep copy of n.
func (n *Node) Clone() *Node {
	c := *n
	c.Aliases = slices.Clone(n.Aliases)
	c.NameVotes = maps(n.NameVotes)
	c.TypeVotes = addCounts(nil, n.TypeVotes)
	c.AliasVotes = maps(n.AliasVotes)
	return &c
}

// Clone returns a deep copy of e.
func (e *Edge) Clone() *Edge {
	c := *e
	c.Cues = slices.Clone(e.Cues)
	c.CueCounts = maps(e.CueCounts)
	c.Classes = maps(e.Classes)
	c.Evidence = slices.Clone(e.Evidence)
	return &c
}

// Clone returns a deep copy of g.
func (g *Graph) Clone() *Graph {
	c := &Graph{Nodes: make([]*Node, len(g.Nodes)), Edges: make([]*Edge, len(g.Edges))}
	for i, n := range g.Nodes {
		c.Nodes[i] = n.Clone()
	}
	for i, e := range g.Edges {
		c.Edges[i] = e.Clone()
	}
	return c
}
