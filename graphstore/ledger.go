package graphstore

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/klauspost/compress/zstd"

	"github.com/newsgraph/newsgraph/extract"
)

// OnChange says what a store does with an article whose id it holds under another content
// hash: a correction.
type OnChange uint8

const (
	// Replace takes the stored version's contribution out and adds the new one (the default).
	Replace OnChange = iota
	// Keep keeps the version stored first and ignores later ones.
	Keep
)

// ParseOnChange parses the --on-change flag.
func ParseOnChange(s string) (OnChange, error) {
	switch s {
	case "replace", "":
		return Replace, nil
	case "keep":
		return Keep, nil
	}
	return 0, fmt.Errorf("on-change %q: want replace or keep", s)
}

func (o OnChange) String() string {
	if o == Keep {
		return "keep"
	}
	return "replace"
}

// Contribution is one article version's part of the graph: what Add merges in and what a
// replace or a delete takes back out. A merged graph cannot be un-merged by itself (first and
// last seen are a minimum and a maximum, the kept evidence the smallest few of all), so
// stores keep every article's contribution beside the graph, encoded (EncodeLedger), and
// recompute those values from the contributions that remain.
type Contribution struct {
	Article, Hash, Date string
	// Nodes has one node per entity of the article, in id order; Edges is in key order.
	Nodes []*Node
	Edges []*Edge
}

// ContributionOf is what r adds to the graph. Entities repeated in r are merged.
func ContributionOf(r *extract.Result) *Contribution {
	c := &Contribution{Article: r.ID, Hash: HashOf(r), Date: r.Date}
	for i := range r.Entities {
		n := NodeContribution(r, &r.Entities[i])
		if j, found := slices.BinarySearchFunc(c.Nodes, n.ID, nodeByID); found {
			c.Nodes[j].Merge(n)
		} else {
			c.Nodes = slices.Insert(c.Nodes, j, n)
		}
	}
	for i := range r.Edges {
		e := EdgeContribution(r, &r.Edges[i])
		if j, found := slices.BinarySearchFunc(c.Edges, e.Key(), edgeByKey); found {
			c.Edges[j].Merge(e)
		} else {
			c.Edges = slices.Insert(c.Edges, j, e)
		}
	}
	return c
}

// Edge returns the contribution's edge k, or nil.
func (c *Contribution) Edge(k extract.Key) *Edge {
	if j, found := slices.BinarySearchFunc(c.Edges, k, edgeByKey); found {
		return c.Edges[j]
	}
	return nil
}

func nodeByID(n *Node, id string) int      { return cmp.Compare(n.ID, id) }
func edgeByKey(e *Edge, k extract.Key) int { return CompareKeys(e.Key(), k) }

// HashOf is r's content hash: r.Hash, set by the extractor from the article's text and
// metadata, or for a result built without one, a hash of what it contributes.
func HashOf(r *extract.Result) string {
	if r.Hash != "" {
		return r.Hash
	}
	// Marshal cannot fail on strings, ints and maps of them.
	b, _ := json.Marshal(ledgerOf(r))
	sum := sha256.Sum256(b)
	return "r" + hex.EncodeToString(sum[:16])
}

func ledgerOf(r *extract.Result) ledgerRecord {
	return ledgerRecord{Version: ledgerVersion, Date: r.Date, Entities: r.Entities, Edges: r.Edges}
}

// ledgerRecord is the encoded form of a contribution: the parts of the article's result the
// graph is merged from (no mentions, no text), which ContributionOf turns back into one.
type ledgerRecord struct {
	Version  int              `json:"v"`
	Date     string           `json:"date,omitempty"`
	Entities []extract.Entity `json:"entities"`
	Edges    []extract.Edge   `json:"edges"`
}

// ledgerVersion is bumped when ledgerRecord changes meaning.
const ledgerVersion = 1

// maxLedger bounds a decoded contribution: a stored one is data read back from a database,
// and a corrupt one must not take the process's memory.
const maxLedger = 64 << 20

// zstd's encoder and decoder are safe for concurrent EncodeAll and DecodeAll calls; one of
// each serves every store.
var (
	ledgerEncoder, _ = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(1),
		zstd.WithWindowSize(1<<17), zstd.WithLowerEncoderMem(true))
	ledgerDecoder, _ = zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(maxLedger))
)

// EncodeLedger is the stored form of r's contribution: compact JSON, zstd-compressed
// (typically 1–4 KB an article). DecodeLedger turns it back into r's Contribution.
func EncodeLedger(r *extract.Result) []byte {
	// Marshal cannot fail on strings, ints and maps of them (invalid UTF-8 is replaced).
	b, _ := json.Marshal(ledgerOf(r))
	return ledgerEncoder.EncodeAll(b, nil)
}

// DecodeLedger decodes a contribution EncodeLedger wrote for article id with content hash
// hash.
func DecodeLedger(id, hash string, b []byte) (*Contribution, error) {
	raw, err := ledgerDecoder.DecodeAll(b, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: article %s: %w", ErrCorruptLedger, id, err)
	}
	var rec ledgerRecord
	if err := json.Unmarshal(raw, &rec); err != nil {
		return nil, fmt.Errorf("%w: article %s: %w", ErrCorruptLedger, id, err)
	}
	if rec.Version != ledgerVersion {
		return nil, fmt.Errorf("%w: article %s: version %d, want %d", ErrCorruptLedger, id, rec.Version, ledgerVersion)
	}
	r := &extract.Result{ID: id, Hash: hash, Date: rec.Date, Entities: rec.Entities, Edges: rec.Edges}
	if err := Validate(r); err != nil {
		return nil, fmt.Errorf("%w: article %s: %w", ErrCorruptLedger, id, err)
	}
	return ContributionOf(r), nil
}

// Remove takes c, one article's contribution merged into n earlier, back out of n. Counts and
// votes subtract exactly. First and last seen do not (they are a minimum and a maximum):
// Remove reports stale when c may have set them, and the caller then sets them from the
// contributions that remain.
func (n *Node) Remove(c *Node) (stale bool) {
	n.Mentions -= c.Mentions
	n.Articles -= c.Articles
	n.NameVotes = subCounts(n.NameVotes, c.NameVotes)
	n.TypeVotes = subCounts(n.TypeVotes, c.TypeVotes)
	n.AliasVotes = subCounts(n.AliasVotes, c.AliasVotes)
	stale = c.FirstSeen != "" && (c.FirstSeen == n.FirstSeen || c.LastSeen == n.LastSeen)
	n.settle()
	return stale
}

// Stale says which of an edge's derived values Edge.Remove could not update by itself.
type Stale uint8

const (
	// StaleSeen: the removed contribution may have set first or last seen; the caller sets
	// them from the dates of the articles that still support the edge (Seen).
	StaleSeen Stale = 1 << iota
	// StaleEvidence: some of the kept evidence was the removed contribution's; the caller
	// adds the evidence of the remaining supporters with the smallest article ids
	// (AddEvidence) until it has MaxEvidence sentences or none are left. Evidence sorts by
	// article first, so the supporters with larger ids cannot change the kept few.
	StaleEvidence
)

// Remove takes c, one article's contribution merged into e earlier, back out of e. Counts,
// cues and classes subtract exactly; what could not be updated is reported.
func (e *Edge) Remove(c *Edge) Stale {
	e.Weight -= c.Weight
	e.Positive -= c.Positive
	e.Negative -= c.Negative
	e.Neutral -= c.Neutral
	e.Articles -= c.Articles
	e.CueCounts = subCounts(e.CueCounts, c.CueCounts)
	e.Classes = subCounts(e.Classes, c.Classes)
	var stale Stale
	if c.FirstSeen != "" && (c.FirstSeen == e.FirstSeen || c.LastSeen == e.LastSeen) {
		stale |= StaleSeen
	}
	for _, ev := range c.Evidence {
		if i := slices.Index(e.Evidence, ev); i >= 0 {
			e.Evidence = slices.Delete(e.Evidence, i, i+1)
			stale |= StaleEvidence
		}
	}
	e.settle()
	return stale
}

// AddEvidence merges evidence sentences into e's kept few (the smallest MaxEvidence).
func (e *Edge) AddEvidence(ev []extract.Evidence) {
	e.Evidence = append(e.Evidence, ev...)
	e.settle()
}

// Seen returns the first and last of dates, ignoring unknown ("") ones.
func Seen(dates []string) (first, last string) {
	for _, d := range dates {
		first, last = minDate(first, d), maxDate(last, d)
	}
	return first, last
}

func subCounts[K comparable](dst, src map[K]int) map[K]int {
	for k, v := range src {
		if dst[k] -= v; dst[k] <= 0 {
			delete(dst, k)
		}
	}
	return dst
}
