package neo4j

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/newsgraph/newsgraph/extract"
)

// edgeKinds are the edge kinds in the order their statements run.
var edgeKinds = []extract.EdgeKind{extract.CoOccurrence, extract.Stance}

// phaseTimes is where one attempt at a batch spent its time: each statement's round trip
// (Bolt and the server's work, as the client waits for it) and the merges in Go.
type phaseTimes struct {
	claim, lock, readEdges, articlesT, nodesT, mentions, updateEdges, createEdges time.Duration
	merge                                                                         time.Duration
	// retract is the time corrections and deletes spend reading what remains and deleting.
	retract time.Duration
	// total is the whole Add, commit and retries included.
	total                               time.Duration
	statements                          int
	articles, nodes, edges, mentionRows int
}

// Stats are the totals of a Store's Adds since Open: what `newsgraph bench --store neo4j`
// prints to show where the write path spends its time.
type Stats struct {
	Batches, Retries, Statements int
	// Articles, Nodes, Edges and Mentions count what committed batches wrote (an entity
	// or edge touched by two batches counts twice).
	Articles, Nodes, Edges, Mentions int
	// Phases maps a phase (claim, lock, read-edges, …, merge-in-go) to its time.
	Phases map[string]time.Duration
	// Total is the time spent in Add, commits and retries included.
	Total time.Duration
}

// phaseNames are Stats.Phases' keys, in the order the phases run.
var phaseNames = []string{"claim", "lock-entities", "merge-in-go", "read-edges", "write-articles",
	"write-entities", "create-mentions", "update-edges", "create-edges", "retract", "commit+other"}

// String is a one-line summary, phases in order with their share of the total.
func (s Stats) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d batches (%d retried), %d statements, %v in Add:", s.Batches, s.Retries, s.Statements, s.Total.Round(time.Millisecond))
	for _, name := range phaseNames {
		d := s.Phases[name]
		share := 0.0
		if s.Total > 0 {
			share = 100 * float64(d) / float64(s.Total)
		}
		fmt.Fprintf(&b, " %s %v (%.0f%%)", name, d.Round(time.Millisecond), share)
	}
	return b.String()
}

type statsCounter struct {
	mu sync.Mutex
	s  Stats
}

// add accounts for one attempt; retried is 1 for an attempt the driver ran again.
func (c *statsCounter) add(t *phaseTimes, retried int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.s.Phases == nil {
		c.s.Phases = map[string]time.Duration{}
	}
	c.s.Retries += retried
	c.s.Statements += t.statements
	for i, d := range []time.Duration{t.claim, t.lock, t.merge, t.readEdges, t.articlesT, t.nodesT, t.mentions, t.updateEdges, t.createEdges, t.retract} {
		c.s.Phases[phaseNames[i]] += d
	}
	if retried == 0 {
		c.s.Batches++
		c.s.Total += t.total
		c.s.Articles += t.articles
		c.s.Nodes += t.nodes
		c.s.Edges += t.edges
		c.s.Mentions += t.mentionRows
	}
	other := c.s.Total
	for _, name := range phaseNames[:len(phaseNames)-1] {
		other -= c.s.Phases[name]
	}
	c.s.Phases[phaseNames[len(phaseNames)-1]] = other
}

// Stats returns the totals of the Store's Adds so far.
func (s *Store) Stats() Stats {
	s.stats.mu.Lock()
	defer s.stats.mu.Unlock()
	out := s.stats.s
	out.Phases = make(map[string]time.Duration, len(s.stats.s.Phases))
	for k, v := range s.stats.s.Phases {
		out.Phases[k] = v
	}
	return out
}
