package neo4j

import (
	"cmp"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore"
)

// The property schema: what every node and relationship stores, under which name and in
// which Neo4j type. The writer (Add) builds its parameter maps from these tables, the bulk
// exporter (graphstore/neo4j/bulk) its CSV headers and columns, and the reader (Graph) reads
// the same names, so the three cannot drift apart: a property added here reaches all of them.

// Node labels and relationship types besides the per-type labels and the edge kinds'
// relationship types (Label, RelType).
const (
	EntityLabel     = "Entity"
	ArticleLabel    = "Article"
	MentionedInType = "MENTIONED_IN"
	// IDProperty is the key of entities and articles.
	IDProperty = "id"
	// KeyProperty is the relationship key of CO_OCCURS and STANCE (see EdgeKey).
	KeyProperty = "key"
)

// PropKind is the Neo4j type a property is stored as.
type PropKind uint8

// The kinds, as the Go driver sends Go values: int64 is a long, float64 a double.
const (
	String  PropKind = iota // string
	Long                    // int64
	Double                  // float64
	Strings                 // []string
	Longs                   // []int64
)

// CSV is the type's name in a neo4j-admin CSV header.
func (k PropKind) CSV() string {
	return [...]string{"string", "long", "double", "string[]", "long[]"}[k]
}

// Property is one stored property of a T. Value returns it as the driver sends it (string,
// int64, float64, []string, []int64), or nil when it is absent: empty optional strings and
// empty lists are not stored, so a Cypher user never meets meaningless empty values.
type Property[T any] struct {
	Name  string
	Type  PropKind
	Value func(T) any
}

// Article is what the ledger stores of an article: its (:Article) node. Hash is the
// content hash of the stored version and Ledger its contribution (graphstore.EncodeLedger,
// in base64): what a correction or a retraction takes back out of the graph.
type Article struct {
	ID, Hash, Date, Title, URL, Source string
	Words                              int
	Ledger                             string
	// Edges are the EdgeRefs of the relationships the article supports, sorted: what finds
	// an edge's remaining support when a correction or a retraction takes one out.
	Edges []string
}

// ArticleOf is the ledger entry of r.
func ArticleOf(r *extract.Result) Article {
	refs := make([]string, 0, len(r.Edges))
	for i := range r.Edges {
		refs = append(refs, EdgeRef(r.Edges[i].Key()))
	}
	slices.Sort(refs)
	return Article{ID: r.ID, Hash: graphstore.HashOf(r), Date: r.Date, Title: r.Title, URL: r.URL,
		Source: r.Source, Words: r.Words, Ledger: base64.StdEncoding.EncodeToString(graphstore.EncodeLedger(r)),
		Edges: slices.Compact(refs)}
}

// EdgeRef names the relationship of edge k among all types, compactly: its type's initial
// (C or S) and 96 bits of the SHA-256 of its key, in hex. Hex keeps the list free of the
// bulk importer's array delimiters; two edges an article mentions both ends of sharing a ref
// would be miscounted, which repairEdges detects (the count no longer matches), at odds of
// about 2^-96 a pair.
func EdgeRef(k extract.Key) string {
	sum := sha256.Sum256([]byte(EdgeKey(k.Source, k.Target)))
	return relTypes[k.Kind][:1] + hex.EncodeToString(sum[:12])
}

// decodeLedger is the contribution of a stored article.
func decodeLedger(id, hash, ledger string) (*graphstore.Contribution, error) {
	b, err := base64.StdEncoding.DecodeString(ledger)
	if err != nil {
		return nil, fmt.Errorf("%w: article %s: %w", graphstore.ErrCorruptLedger, id, err)
	}
	return graphstore.DecodeLedger(id, hash, b)
}

// Mention is one MENTIONED_IN relationship: Count mentions of Entity in Article.
type Mention struct {
	Entity, Article string
	Count           int
}

// Property names the reader needs besides the tables' order.
const (
	propName, propType, propAliases            = "name", "type", "aliases"
	propMentions, propArticles                 = "mentions", "articles"
	propFirstSeen, propLastSeen                = "first_seen", "last_seen"
	propNameVotes, propTypeVotes, propAliasVts = "name_votes", "type_votes", "alias_votes"
	keysSuffix, countsSuffix                   = "_keys", "_counts"
	propWeight, propPolarity                   = "weight", "polarity"
	propPositive, propNegative, propNeutral    = "positive", "negative", "neutral"
	propCues, propCueCounts                    = "cues", "cue_counts"
	propClasses, propClassCounts               = "classes", "class_counts"
	propEvArticle, propEvSentence, propEvText  = "evidence_article", "evidence_sentence", "evidence_text"
	propEvCue, propEvRule                      = "evidence_cue", "evidence_rule"
	propCount                                  = "count"
	propHash, propLedger, propEdges            = "hash", "ledger", "edges"
)

// entityProperties are the properties of an (:Entity) node besides its id.
var entityProperties = []Property[*graphstore.Node]{
	{propName, String, func(n *graphstore.Node) any { return n.Name }},
	{propType, String, func(n *graphstore.Node) any { return string(n.Type) }},
	{propAliases, Strings, func(n *graphstore.Node) any { return optionalList(n.Aliases) }},
	{propMentions, Long, func(n *graphstore.Node) any { return int64(n.Mentions) }},
	{propArticles, Long, func(n *graphstore.Node) any { return int64(n.Articles) }},
	{propFirstSeen, String, func(n *graphstore.Node) any { return optional(n.FirstSeen) }},
	{propLastSeen, String, func(n *graphstore.Node) any { return optional(n.LastSeen) }},
	{propNameVotes + keysSuffix, Strings, func(n *graphstore.Node) any { return voteKeys(n.NameVotes) }},
	{propNameVotes + countsSuffix, Longs, func(n *graphstore.Node) any { return voteCounts(n.NameVotes) }},
	{propTypeVotes + keysSuffix, Strings, func(n *graphstore.Node) any { return voteKeys(n.TypeVotes) }},
	{propTypeVotes + countsSuffix, Longs, func(n *graphstore.Node) any { return voteCounts(n.TypeVotes) }},
	{propAliasVts + keysSuffix, Strings, func(n *graphstore.Node) any { return voteKeys(n.AliasVotes) }},
	{propAliasVts + countsSuffix, Longs, func(n *graphstore.Node) any { return voteCounts(n.AliasVotes) }},
}

// articleProperties are the properties of an (:Article) node besides its id.
var articleProperties = []Property[Article]{
	{"date", String, func(a Article) any { return optional(a.Date) }},
	{"title", String, func(a Article) any { return optional(a.Title) }},
	{"url", String, func(a Article) any { return optional(a.URL) }},
	{"source", String, func(a Article) any { return optional(a.Source) }},
	{"words", Long, func(a Article) any { return int64(a.Words) }},
	{propHash, String, func(a Article) any { return optional(a.Hash) }},
	{propLedger, String, func(a Article) any { return optional(a.Ledger) }},
	{propEdges, Strings, func(a Article) any { return optionalList(a.Edges) }},
}

// mentionProperties are the properties of a MENTIONED_IN relationship.
var mentionProperties = []Property[Mention]{
	{propCount, Long, func(m Mention) any { return int64(m.Count) }},
}

// edgeProperties are the properties of a CO_OCCURS or STANCE relationship. Cues and classes
// are parallel arrays (cues[i] was counted cue_counts[i] times), evidence five of them.
// stanceOnly marks those that mean nothing on a co-occurrence (always 0 or empty there):
// CO_OCCURS does not store them, which saves a third of its properties.
var edgeProperties = []struct {
	Property[*graphstore.Edge]
	stanceOnly bool
}{
	{Property[*graphstore.Edge]{KeyProperty, String, func(e *graphstore.Edge) any { return EdgeKey(e.Source, e.Target) }}, false},
	{Property[*graphstore.Edge]{propWeight, Long, func(e *graphstore.Edge) any { return int64(e.Weight) }}, false},
	{Property[*graphstore.Edge]{propPolarity, Double, func(e *graphstore.Edge) any { return e.Polarity }}, true},
	{Property[*graphstore.Edge]{propPositive, Long, func(e *graphstore.Edge) any { return int64(e.Positive) }}, true},
	{Property[*graphstore.Edge]{propNegative, Long, func(e *graphstore.Edge) any { return int64(e.Negative) }}, true},
	{Property[*graphstore.Edge]{propNeutral, Long, func(e *graphstore.Edge) any { return int64(e.Neutral) }}, true},
	{Property[*graphstore.Edge]{propCues, Strings, func(e *graphstore.Edge) any { return voteKeys(e.CueCounts) }}, true},
	{Property[*graphstore.Edge]{propCueCounts, Longs, func(e *graphstore.Edge) any { return voteCounts(e.CueCounts) }}, true},
	{Property[*graphstore.Edge]{propClasses, Strings, func(e *graphstore.Edge) any { return voteKeys(e.Classes) }}, true},
	{Property[*graphstore.Edge]{propClassCounts, Longs, func(e *graphstore.Edge) any { return voteCounts(e.Classes) }}, true},
	{Property[*graphstore.Edge]{propArticles, Long, func(e *graphstore.Edge) any { return int64(e.Articles) }}, false},
	{Property[*graphstore.Edge]{propEvArticle, Strings, func(e *graphstore.Edge) any {
		return evidence(e, func(ev extract.Evidence) string { return ev.Article })
	}}, false},
	{Property[*graphstore.Edge]{propEvSentence, Longs, func(e *graphstore.Edge) any {
		return evidence(e, func(ev extract.Evidence) int64 { return int64(ev.Sentence) })
	}}, false},
	{Property[*graphstore.Edge]{propEvText, Strings, func(e *graphstore.Edge) any {
		return evidence(e, func(ev extract.Evidence) string { return ev.Text })
	}}, false},
	{Property[*graphstore.Edge]{propEvCue, Strings, func(e *graphstore.Edge) any {
		return evidence(e, func(ev extract.Evidence) string { return ev.Cue })
	}}, true},
	{Property[*graphstore.Edge]{propEvRule, Strings, func(e *graphstore.Edge) any {
		return evidence(e, func(ev extract.Evidence) string { return ev.Rule })
	}}, true},
	{Property[*graphstore.Edge]{propFirstSeen, String, func(e *graphstore.Edge) any { return optional(e.FirstSeen) }}, false},
	{Property[*graphstore.Edge]{propLastSeen, String, func(e *graphstore.Edge) any { return optional(e.LastSeen) }}, false},
}

// edgePropertiesByKind are edgeProperties per relationship type, built once.
var edgePropertiesByKind = func() map[extract.EdgeKind][]Property[*graphstore.Edge] {
	m := map[extract.EdgeKind][]Property[*graphstore.Edge]{}
	for _, p := range edgeProperties {
		m[extract.Stance] = append(m[extract.Stance], p.Property)
		if !p.stanceOnly {
			m[extract.CoOccurrence] = append(m[extract.CoOccurrence], p.Property)
		}
	}
	return m
}()

// EdgeProperties are the properties a relationship of kind k stores (nil for a kind outside
// the allow-list).
func EdgeProperties(k extract.EdgeKind) []Property[*graphstore.Edge] {
	return slices.Clone(edgePropertiesByKind[k])
}

// keySep separates the two ends in an EdgeKey.
const keySep = "\x1f"

// keyEscaper makes an id safe to join with keySep: it doubles backslashes and writes keySep
// as the six characters \u001f, so an escaped id holds no keySep and the key names exactly
// one pair, whatever the ids hold. Open's migration (schema) computes the same in Cypher.
var keyEscaper = strings.NewReplacer(`\`, `\\`, keySep, `\u001f`)

// EdgeKey is the relationship key of the edge source→target, unique per relationship type:
// Add looks an edge up by it through the key constraint's index instead of expanding a dense
// endpoint's relationships.
func EdgeKey(source, target string) string {
	return keyEscaper.Replace(source) + keySep + keyEscaper.Replace(target)
}

// PropertyMap is the parameter map of v's properties (absent ones are null, which SET +=
// turns into a removal).
func PropertyMap[T any](props []Property[T], v T) map[string]any {
	m := make(map[string]any, len(props))
	for _, p := range props {
		m[p.Name] = p.Value(v)
	}
	return m
}

func voteKeys[K ~string](m map[K]int) any {
	if len(m) == 0 {
		return nil
	}
	ks := slices.SortedFunc(maps.Keys(m), cmp.Compare[K])
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = string(k)
	}
	return out
}

func voteCounts[K ~string](m map[K]int) any {
	if len(m) == 0 {
		return nil
	}
	ks := slices.SortedFunc(maps.Keys(m), cmp.Compare[K])
	out := make([]int64, len(ks))
	for i, k := range ks {
		out[i] = int64(m[k])
	}
	return out
}

func evidence[V any](e *graphstore.Edge, f func(extract.Evidence) V) any {
	if len(e.Evidence) == 0 {
		return nil
	}
	out := make([]V, len(e.Evidence))
	for i, ev := range e.Evidence {
		out[i] = f(ev)
	}
	return out
}

func optional(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func optionalList[T any](l []T) any {
	if len(l) == 0 {
		return nil
	}
	return l
}

// EntityProperties returns the properties of an (:Entity) node, in column order (a copy).
func EntityProperties() []Property[*graphstore.Node] { return slices.Clone(entityProperties) }

// ArticleProperties returns the properties of an (:Article) node, in column order (a copy).
func ArticleProperties() []Property[Article] { return slices.Clone(articleProperties) }

// MentionProperties returns the properties of a MENTIONED_IN relationship, in column order (a copy).
func MentionProperties() []Property[Mention] { return slices.Clone(mentionProperties) }
