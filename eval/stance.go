package eval

import (
	"slices"
	"strings"

	"github.com/newsgraph/newsgraph/extract"
)

var categories = []string{"active", "passive", "negation", "reported", "nominal", "none"}

// Categories yields the stance categories of the gold set in report order (an iterator, so
// no importer can change the list).
func Categories(yield func(int, string) bool) { slices.All(categories)(yield) }

// GoldStance is one directed, signed stance a gold sentence expresses, by the entities'
// surface forms in the sentence.
type GoldStance struct {
	Source string `json:"source"`
	Target string `json:"target"`
	Sign   int    `json:"sign"`
}

// EntityRef is a predicted entity as the scorer sees it: its id and every form it had.
type EntityRef struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Aliases []string `json:"aliases,omitempty"`
}

// PredStance is one predicted stance edge with its net sign.
type PredStance struct {
	Source EntityRef `json:"source"`
	Target EntityRef `json:"target"`
	Sign   int       `json:"sign"`
}

// StanceItem is one gold sentence with the stances gold says it expresses (none for a
// sentence without stance) and the stances the system predicted from it.
type StanceItem struct {
	ID       string       `json:"id"`
	Sentence string       `json:"sentence"`
	Category string       `json:"category"`
	Gold     []GoldStance `json:"gold,omitempty"`
	Pred     []PredStance `json:"pred,omitempty"`
}

// Matcher decides whether a predicted entity is the entity a gold surface form names.
type Matcher func(e EntityRef, gold string) bool

// NameMatcher matches a predicted entity to a gold surface form when, after folding case
// and punctuation the way extract.ID does, the form equals the entity's id, its name or
// one of its aliases, or canonical(form) (the alias table's answer, may be nil) equals the
// entity's name. So "U.S." matches an entity "United States" whose aliases hold "US", and
// "Biden" matches "Joe Biden" when the sentence said "Biden".
func NameMatcher(canonical func(string) string) Matcher {
	return func(e EntityRef, gold string) bool {
		g := extract.ID(gold)
		if g == "" {
			return false
		}
		if g == e.ID || g == extract.ID(e.Name) {
			return true
		}
		for _, a := range e.Aliases {
			if g == extract.ID(a) {
				return true
			}
		}
		if canonical != nil {
			c := extract.ID(canonical(gold))
			return c == e.ID || c == extract.ID(e.Name)
		}
		return false
	}
}

// StanceScores are the stance metrics over a set of gold sentences.
type StanceScores struct {
	Sentences int `json:"sentences"`
	// Edges counts predicted edges against gold stances: a predicted edge is a TP when it
	// has a gold stance's source, target and sign; each gold stance without one is an FN.
	Edges PRF `json:"edges"`
	// Correct counts sentences whose predicted stances are exactly gold's (none for none).
	Correct int `json:"correct"`
	// Directed counts gold stances with a predicted edge in the right direction whatever
	// its sign; SignRight those of them with the right sign; Reversed gold stances found
	// only the wrong way round.
	Directed  int `json:"directed"`
	SignRight int `json:"sign_right"`
	Reversed  int `json:"reversed"`
	// ByCategory holds the same counts per category.
	ByCategory map[string]*StanceScores `json:"by_category,omitempty"`
}

// Accuracy is the fraction of sentences whose prediction is exactly gold's.
func (s *StanceScores) Accuracy() float64 { return ratio(s.Correct, s.Sentences) }

// SignAccuracy is the fraction of direction-correct detections with the right sign.
func (s *StanceScores) SignAccuracy() float64 { return ratio(s.SignRight, s.Directed) }

// ScoreStance scores items with match deciding entity identity.
func ScoreStance(items []StanceItem, match Matcher) *StanceScores {
	total := &StanceScores{ByCategory: map[string]*StanceScores{}}
	for _, c := range Categories {
		total.ByCategory[c] = &StanceScores{}
	}
	for _, it := range items {
		one := scoreItem(it, match)
		total.add(one)
		c := total.ByCategory[it.Category]
		if c == nil {
			c = &StanceScores{}
			total.ByCategory[it.Category] = c
		}
		c.add(one)
	}
	return total
}

func (s *StanceScores) add(o *StanceScores) {
	s.Sentences += o.Sentences
	s.Edges = s.Edges.Add(o.Edges)
	s.Correct += o.Correct
	s.Directed += o.Directed
	s.SignRight += o.SignRight
	s.Reversed += o.Reversed
}

// scoreItem scores one sentence. Each predicted edge can satisfy at most one gold stance.
func scoreItem(it StanceItem, match Matcher) *StanceScores {
	s := &StanceScores{Sentences: 1}
	used := make([]bool, len(it.Pred))
	dir := func(p PredStance, g GoldStance) bool { return match(p.Source, g.Source) && match(p.Target, g.Target) }
	for _, g := range it.Gold {
		found, directed, reversed := -1, false, false
		for i, p := range it.Pred {
			switch {
			case dir(p, g):
				directed = true
				if p.Sign == g.Sign && !used[i] && found < 0 {
					found = i
				}
			case match(p.Source, g.Target) && match(p.Target, g.Source):
				reversed = true
			}
		}
		if directed {
			s.Directed++
		} else if reversed {
			s.Reversed++
		}
		if found >= 0 {
			used[found] = true
			s.Edges.TP++
			s.SignRight++
		} else {
			s.Edges.FN++
		}
	}
	s.Edges.FP = len(it.Pred) - s.Edges.TP
	if s.Edges.FN == 0 && s.Edges.FP == 0 {
		s.Correct = 1
	}
	return s
}

// netSign is an edge's sign: the majority of its signed cues, 0 on a tie or neutral cues only.
func netSign(e extract.Edge) int {
	switch {
	case e.Negative > e.Positive:
		return -1
	case e.Positive > e.Negative:
		return 1
	}
	return 0
}

// predStances turns a result's stance edges into scorer input.
func predStances(r *extract.Result) []PredStance {
	refs := map[string]EntityRef{}
	for _, e := range r.Entities {
		refs[e.ID] = EntityRef{ID: e.ID, Name: e.Name, Aliases: slices.Clone(e.Aliases)}
	}
	ref := func(id string) EntityRef {
		if e, ok := refs[id]; ok {
			return e
		}
		return EntityRef{ID: id, Name: strings.ReplaceAll(id, "-", " ")}
	}
	var out []PredStance
	for _, e := range r.Edges {
		if e.Kind == extract.Stance {
			out = append(out, PredStance{Source: ref(e.Source), Target: ref(e.Target), Sign: netSign(e)})
		}
	}
	return out
}
