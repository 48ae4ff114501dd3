package graphstore

import (
	"cmp"
	"slices"
	"strings"

	"github.com/newsgraph/newsgraph/extract"
)

// Surname linking: an article that names a person by surname alone ("Blair said …") gives a
// node of its own, "blair", because within the article there is no full name to join. Across
// the corpus, one full-name person with that surname often clearly dominates ("Tony Blair");
// then the surname node is that person. When several compete ("George Bush", "George W
// Bush", "Kate Bush"), it stays apart: a wrong merge is worse than a missing one.
//
// Linking is a pure function of the merged graph, so it gives the same answer whatever the
// order or engine the graph was built in, and applying it twice changes nothing. Stores keep
// the unlinked graph (a later article may change who dominates); exports link.

// LinkOptions say when a full name dominates its surname.
type LinkOptions struct {
	// MinShare is the least share of the candidates' articles the top full name must have.
	MinShare float64
	// MinArticles is the least number of articles the top full name must appear in.
	MinArticles int
}

// DefaultLinks are the thresholds measured on fixtures/eval/crossdoc.tsv's dev half
// (docs/eval.md).
var DefaultLinks = LinkOptions{MinShare: 0.8, MinArticles: 2}

// LinkSurnames merges every single-word Person node into the multi-word Person whose last
// word it is, when that person dominates the candidates as o says, and returns the links
// made (surname id → full-name id). The merged node keeps the full name's name and type and
// adds the surname to its aliases; the surname's edges move to it.
func (g *Graph) LinkSurnames(o LinkOptions) map[string]string {
	byLast := map[string][]*Node{}
	for _, n := range g.Nodes {
		if n.Type != extract.Person {
			continue
		}
		if words := strings.Fields(n.Name); len(words) > 1 {
			last := extract.ID(words[len(words)-1])
			byLast[last] = append(byLast[last], n)
		}
	}
	links := map[string]string{}
	byID := make(map[string]*Node, len(g.Nodes))
	for _, n := range g.Nodes {
		byID[n.ID] = n
	}
	for _, s := range g.Nodes {
		if s.Type != extract.Person || wordCount(s.Name) != 1 {
			continue
		}
		cands := byLast[s.ID]
		if len(cands) == 0 {
			continue
		}
		top, total := cands[0], 0
		for _, c := range cands {
			total += c.Articles
			if c.Articles > top.Articles || c.Articles == top.Articles && (c.Mentions > top.Mentions || c.Mentions == top.Mentions && c.ID < top.ID) {
				top = c
			}
		}
		if top.Articles >= o.MinArticles && float64(top.Articles) >= o.MinShare*float64(total) {
			links[s.ID] = top.ID
		}
	}
	if len(links) == 0 {
		return links
	}
	nodes := g.Nodes[:0]
	for _, n := range g.Nodes {
		if to, ok := links[n.ID]; ok {
			byID[to].absorb(n)
			continue
		}
		nodes = append(nodes, n)
	}
	g.Nodes = nodes
	edges := map[extract.Key]*Edge{}
	for _, e := range g.Edges {
		if to, ok := links[e.Source]; ok {
			e.Source = to
		}
		if to, ok := links[e.Target]; ok {
			e.Target = to
		}
		if e.Source == e.Target {
			continue // cannot happen (a surname-only article has no full name to co-occur with), but never a self-loop
		}
		if e.Kind == extract.CoOccurrence && e.Source > e.Target {
			e.Source, e.Target = e.Target, e.Source
		}
		if have, ok := edges[e.Key()]; ok {
			have.Merge(e)
			continue
		}
		edges[e.Key()] = e
	}
	g.Edges = g.Edges[:0]
	for _, e := range edges {
		g.Edges = append(g.Edges, e)
	}
	g.Sort()
	return links
}

// absorb adds the surname node s into n: counts and dates add up, n's name and type stay, s's
// name and aliases join n's aliases. It reads no votes, so a graph read back from JSON links
// exactly as the store's own.
func (n *Node) absorb(s *Node) {
	n.Mentions += s.Mentions
	n.Articles += s.Articles
	n.FirstSeen, n.LastSeen = minDate(n.FirstSeen, s.FirstSeen), maxDate(n.LastSeen, s.LastSeen)
	for _, a := range append([]string{s.Name}, s.Aliases...) {
		if a != n.Name && !slices.Contains(n.Aliases, a) && len(n.Aliases) < MaxAliases {
			n.Aliases = append(n.Aliases, a)
		}
	}
	slices.SortFunc(n.Aliases, cmp.Compare[string])
}
