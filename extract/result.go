package extract

import "slices"

// Type is the kind of a named entity.
type Type string

// Entity types. The set is closed: stores use them as labels, so anything else is rejected.
const (
	Person       Type = "Person"
	Organization Type = "Organization"
	Location     Type = "Location"
)

// allTypes lists every entity type in their canonical order (also the tie-break order of votes).
var allTypes = []Type{Person, Organization, Location}

// Types yields every entity type with its rank, in canonical order:
//
//	for _, t := range extract.Types { … }
//
// It is an iterator rather than a slice so that no importer can change the list.
func Types(yield func(int, Type) bool) { slices.All(allTypes)(yield) }

// Rank is t's position in the canonical order (-1 for an invalid type): votes tie-break by it.
func (t Type) Rank() int { return slices.Index(allTypes, t) }

// Valid reports whether t is one of Types.
func (t Type) Valid() bool { return t == Person || t == Organization || t == Location }

// EdgeKind is the kind of a graph edge.
type EdgeKind string

// Edge kinds; like Type, a closed set because stores map them to relationship types.
const (
	CoOccurrence EdgeKind = "co_occurrence"
	Stance       EdgeKind = "stance"
)

// Mention is one occurrence of an entity in an article: Text == Article.Text[Start:End].
type Mention struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
	// Type is what this mention is in its context; the entity's type is voted over all its
	// mentions and may differ (a team named after its city, and the city).
	Type   Type   `json:"type"`
	Entity string `json:"entity"`
	// Demonym marks an adjective or people-noun ("Israeli", "Palestinians") standing for
	// its place: a link to the place, not a name of it.
	Demonym bool `json:"demonym,omitempty"`
	// Coref marks a pronoun ("he") or a description ("the president") resolved to the
	// entity: it names no entity of its own and counts as no mention of it; stance uses it.
	Coref string `json:"coref,omitempty"`
}

// Entity is an entity as seen in one article, after resolution within that article.
type Entity struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Type     Type     `json:"type"`
	Aliases  []string `json:"aliases,omitempty"`
	Mentions int      `json:"mentions"`
	// TypeVotes are the per-type evidence from this article's mentions; the corpus-wide type is
	// voted from their sum, so they travel with the result.
	TypeVotes map[Type]int `json:"type_votes,omitempty"`
}

// Evidence is a sentence that supports an edge.
type Evidence struct {
	Article  string `json:"article"`
	Sentence int    `json:"sentence"` // index of the sentence in the article
	Text     string `json:"text"`
	Cue      string `json:"cue,omitempty"`
	// Rule names how a stance was found (a syntactic path or rule), so a user can check the
	// edge against its sentence.
	Rule string `json:"rule,omitempty"`
}

// Edge is one article's contribution to an edge, keyed by (Source, Target, Kind). Co-occurrence
// edges are undirected and stored with Source < Target; stance edges point from the actor.
type Edge struct {
	Source string   `json:"source"`
	Target string   `json:"target"`
	Kind   EdgeKind `json:"kind"`
	// Weight is the number of sentences (co-occurrence) or cue occurrences (stance).
	Weight int `json:"weight"`
	// Positive, Negative and Neutral count stance cues by sign.
	Positive int `json:"positive,omitempty"`
	Negative int `json:"negative,omitempty"`
	Neutral  int `json:"neutral,omitempty"`
	// Cues counts each cue lemma; Classes counts CAMEO quad classes.
	Cues     map[string]int `json:"cues,omitempty"`
	Classes  map[string]int `json:"classes,omitempty"`
	Evidence []Evidence     `json:"evidence,omitempty"`
}

// Key identifies an edge across articles.
type Key struct {
	Source, Target string
	Kind           EdgeKind
}

// Key returns e's key.
func (e *Edge) Key() Key { return Key{e.Source, e.Target, e.Kind} }

// Result is everything extracted from one article: the unit every engine (local pipeline,
// Beam, Kafka consumers) moves and merges.
type Result struct {
	ID string `json:"id"`
	// Hash is the article's content hash (Article.Hash): stores keep it to tell a
	// correction (same id, new hash) from a re-run (same id, same hash).
	Hash     string    `json:"hash,omitempty"`
	Title    string    `json:"title,omitempty"`
	Date     string    `json:"date,omitempty"`
	URL      string    `json:"url,omitempty"`
	Source   string    `json:"source,omitempty"`
	Words    int       `json:"words"`
	Mentions []Mention `json:"mentions"`
	Entities []Entity  `json:"entities"`
	Edges    []Edge    `json:"edges"`
}
