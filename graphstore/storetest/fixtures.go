package storetest

import (
	"fmt"
	"math/rand/v2"

	"github.com/newsgraph/newsgraph/extract"
)

// Builder assembles a synthetic *extract.Result by hand, so the suite needs no NLP models and
// every count in a test is visible in its source.
type Builder struct{ r *extract.Result }

// Article starts a result for the article id published on date ("" when unknown).
func Article(id, date string) *Builder {
	return &Builder{r: &extract.Result{
		ID:       id,
		Date:     date,
		Title:    "Title of " + id,
		URL:      "https://news.example/" + id,
		Source:   "example",
		Words:    100 + len(id),
		Mentions: []extract.Mention{},
		Entities: []extract.Entity{},
		Edges:    []extract.Edge{},
	}}
}

// Entity adds an entity seen mentions times under name, with optional aliases.
func (b *Builder) Entity(id, name string, t extract.Type, mentions int, aliases ...string) *Builder {
	b.r.Entities = append(b.r.Entities, extract.Entity{
		ID: id, Name: name, Type: t, Mentions: mentions, Aliases: aliases,
	})
	return b
}

// TypedEntity adds an entity whose type evidence in this article is split across types.
func (b *Builder) TypedEntity(id, name string, votes map[extract.Type]int, mentions int) *Builder {
	t := extract.Person
	best := -1
	for _, ty := range extract.Types {
		if votes[ty] > best {
			t, best = ty, votes[ty]
		}
	}
	b.r.Entities = append(b.r.Entities, extract.Entity{
		ID: id, Name: name, Type: t, Mentions: mentions, TypeVotes: votes,
	})
	return b
}

// Co adds a co-occurrence edge between a and b (callers pass a < b, as extract does).
func (b *Builder) Co(a, c string, weight int, ev ...extract.Evidence) *Builder {
	b.r.Edges = append(b.r.Edges, extract.Edge{
		Source: a, Target: c, Kind: extract.CoOccurrence, Weight: weight, Evidence: ev,
	})
	return b
}

// Stance adds a stance edge from src to dst. cues maps each cue lemma to its count; the
// weight is their sum. classes may be nil.
func (b *Builder) Stance(src, dst string, pos, neg, neu int, cues, classes map[string]int, ev ...extract.Evidence) *Builder {
	w := 0
	for _, n := range cues {
		w += n
	}
	b.r.Edges = append(b.r.Edges, extract.Edge{
		Source: src, Target: dst, Kind: extract.Stance, Weight: w,
		Positive: pos, Negative: neg, Neutral: neu,
		Cues: cues, Classes: classes, Evidence: ev,
	})
	return b
}

// Edge adds e as is (for invalid kinds and other hand-made edges).
func (b *Builder) Edge(e extract.Edge) *Builder {
	b.r.Edges = append(b.r.Edges, e)
	return b
}

// Build returns the result.
func (b *Builder) Build() *extract.Result { return b.r }

// Ev is a piece of evidence: sentence number sentence of article, reading text.
func Ev(article string, sentence int, text, cue string) extract.Evidence {
	return extract.Evidence{Article: article, Sentence: sentence, Text: text, Cue: cue}
}

// Corpus returns n deterministic pseudo-random results drawn from a pool of entities, dense
// enough that most entities and pairs recur across articles (so merging, voting, evidence
// capping and the three edges of a pair are all exercised). The same seed gives the same
// corpus. Article ids are prefix-0000, prefix-0001, ….
func Corpus(prefix string, n int, seed uint64) []*extract.Result {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	const pool = 60
	var types []extract.Type
	for _, t := range extract.Types {
		types = append(types, t)
	}
	names := func(i int) []string {
		return []string{fmt.Sprintf("Entity %d Name", i), fmt.Sprintf("E%d", i), fmt.Sprintf("The Entity %d", i)}
	}
	cues := []string{"praise", "criticize", "meet", "sanction", "support", "accuse"}
	classes := []string{"verbal-cooperation", "material-conflict", "verbal-conflict"}
	out := make([]*extract.Result, 0, n)
	for a := range n {
		id := fmt.Sprintf("%s-%04d", prefix, a)
		date := fmt.Sprintf("2024-%02d-%02d", 1+rng.IntN(12), 1+rng.IntN(28))
		if rng.IntN(10) == 0 {
			date = ""
		}
		b := Article(id, date)
		k := 3 + rng.IntN(6)
		ids := make([]string, 0, k)
		seen := map[int]bool{}
		for len(ids) < k {
			e := rng.IntN(pool)
			if seen[e] {
				continue
			}
			seen[e] = true
			nm := names(e)
			name := nm[rng.IntN(len(nm))]
			eid := fmt.Sprintf("e%02d", e)
			ids = append(ids, eid)
			votes := map[extract.Type]int{types[e%3]: 1 + rng.IntN(3)}
			if rng.IntN(4) == 0 {
				votes[types[(e+1)%3]] = 1 + rng.IntN(3)
			}
			b.r.Entities = append(b.r.Entities, extract.Entity{
				ID: eid, Name: name, Type: types[e%3], Mentions: 1 + rng.IntN(5),
				Aliases: nm[:1+rng.IntN(len(nm))], TypeVotes: votes,
			})
		}
		for i := range ids {
			for j := i + 1; j < len(ids); j++ {
				if rng.IntN(2) == 0 {
					continue
				}
				x, y := min(ids[i], ids[j]), max(ids[i], ids[j])
				b.Co(x, y, 1+rng.IntN(3), Ev(id, rng.IntN(20), fmt.Sprintf("%s and %s in %s.", x, y, id), ""))
				if rng.IntN(3) == 0 {
					src, dst := x, y
					if rng.IntN(2) == 0 {
						src, dst = y, x
					}
					cue := cues[rng.IntN(len(cues))]
					pos, neg, neu := 0, 0, 0
					switch rng.IntN(3) {
					case 0:
						pos = 1
					case 1:
						neg = 1
					default:
						neu = 1
					}
					b.Stance(src, dst, pos, neg, neu, map[string]int{cue: 1},
						map[string]int{classes[rng.IntN(len(classes))]: 1},
						Ev(id, rng.IntN(20), fmt.Sprintf("%s %s %s.", src, cue, dst), cue))
				}
			}
		}
		out = append(out, b.Build())
	}
	return out
}
