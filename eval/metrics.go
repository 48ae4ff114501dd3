package eval

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// PRF counts true positives, false positives and false negatives; the rates derive from
// them, so counts from several documents or splits can simply be added.
type PRF struct {
	TP int `json:"tp"`
	FP int `json:"fp"`
	FN int `json:"fn"`
}

// Add returns the sum of two counts.
func (c PRF) Add(o PRF) PRF { return PRF{c.TP + o.TP, c.FP + o.FP, c.FN + o.FN} }

// Precision is TP/(TP+FP), 0 when nothing was predicted.
func (c PRF) Precision() float64 { return ratio(c.TP, c.TP+c.FP) }

// Recall is TP/(TP+FN), 0 when there was nothing to find.
func (c PRF) Recall() float64 { return ratio(c.TP, c.TP+c.FN) }

// F1 is the harmonic mean of precision and recall.
func (c PRF) F1() float64 { return f1(c.Precision(), c.Recall()) }

// Score returns the three rates.
func (c PRF) Score() Score { return Score{c.Precision(), c.Recall(), c.F1()} }

// Score is a precision/recall/F1 triple, for metrics that are averages rather than counts
// (B³).
type Score struct {
	P  float64 `json:"p"`
	R  float64 `json:"r"`
	F1 float64 `json:"f1"`
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// Entity types of the gold sets.
const (
	PER = "PER"
	ORG = "ORG"
	LOC = "LOC"
)

var types = []string{PER, ORG, LOC}

// Types yields the entity types in report order (an iterator, so no importer can change
// the list).
func Types(yield func(int, string) bool) { slices.All(types)(yield) }

// Span is a typed entity span [Start, End) in some unit (tokens or bytes) of document Doc.
type Span struct {
	Doc   string `json:"doc"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Type  string `json:"type"`
	Text  string `json:"text,omitempty"`
}

func (s Span) key() [3]any { return [3]any{s.Doc, s.Start, s.End} }

// SpansFromBIO returns the entity spans of one tag sequence (token indices), conlleval
// style: an I- tag that does not continue a span of its type starts a new one. Tags other
// than O, B-X and I-X are an error.
func SpansFromBIO(doc string, tags []string) ([]Span, error) {
	var out []Span
	open := -1
	typ := ""
	closeAt := func(i int) {
		if open >= 0 {
			out = append(out, Span{Doc: doc, Start: open, End: i, Type: typ})
			open = -1
		}
	}
	for i, t := range tags {
		switch {
		case t == "O":
			closeAt(i)
		case strings.HasPrefix(t, "B-") && len(t) > 2:
			closeAt(i)
			open, typ = i, t[2:]
		case strings.HasPrefix(t, "I-") && len(t) > 2:
			if open < 0 || typ != t[2:] {
				closeAt(i)
				open, typ = i, t[2:]
			}
		default:
			return nil, fmt.Errorf("token %d: tag %q is not O, B-TYPE or I-TYPE", i, t)
		}
	}
	closeAt(len(tags))
	return out, nil
}

// NERScores are exact-span counts per type and micro-averaged over all types. A predicted
// span counts only when its boundaries and its type equal a gold span's.
type NERScores struct {
	ByType map[string]PRF `json:"by_type"`
	Micro  PRF            `json:"micro"`
	// TypeErrors counts predicted spans whose boundaries match a gold span of another type
	// (each is one FP and one FN above): boundary right, type wrong.
	TypeErrors int `json:"type_errors"`
}

// ScoreSpans scores predicted spans against gold spans. Duplicate spans count once.
func ScoreSpans(gold, pred []Span) NERScores {
	s := NERScores{ByType: map[string]PRF{}}
	for _, t := range Types {
		s.ByType[t] = PRF{}
	}
	g := map[[3]any]string{}
	for _, sp := range gold {
		g[sp.key()] = sp.Type
	}
	p := map[[3]any]string{}
	for _, sp := range pred {
		p[sp.key()] = sp.Type
	}
	for k, t := range p {
		c := s.ByType[t]
		if gt, ok := g[k]; ok && gt == t {
			c.TP++
		} else {
			c.FP++
			if ok {
				s.TypeErrors++
			}
		}
		s.ByType[t] = c
	}
	for k, t := range g {
		if pt, ok := p[k]; !ok || pt != t {
			c := s.ByType[t]
			c.FN++
			s.ByType[t] = c
		}
	}
	for _, c := range s.ByType {
		s.Micro = s.Micro.Add(c)
	}
	return s
}

// ScoreBIO scores aligned tag sequences (one pair per sentence or document).
func ScoreBIO(gold, pred [][]string) (NERScores, error) {
	if len(gold) != len(pred) {
		return NERScores{}, fmt.Errorf("score BIO: %d gold sequences, %d predicted", len(gold), len(pred))
	}
	var gs, ps []Span
	for i := range gold {
		if len(gold[i]) != len(pred[i]) {
			return NERScores{}, fmt.Errorf("score BIO: sequence %d has %d gold tags, %d predicted", i, len(gold[i]), len(pred[i]))
		}
		doc := fmt.Sprint(i)
		g, err := SpansFromBIO(doc, gold[i])
		if err != nil {
			return NERScores{}, fmt.Errorf("gold sequence %d: %w", i, err)
		}
		p, err := SpansFromBIO(doc, pred[i])
		if err != nil {
			return NERScores{}, fmt.Errorf("predicted sequence %d: %w", i, err)
		}
		gs, ps = append(gs, g...), append(ps, p...)
	}
	return ScoreSpans(gs, ps), nil
}

// BCubed returns B³ precision, recall and F1 of a predicted clustering against a gold
// clustering of the same mentions. Both map a mention key to a cluster label; the mentions
// scored are gold's keys, and a gold mention the prediction lacks is a singleton there
// (which costs recall, never precision).
func BCubed(gold, pred map[string]string) Score {
	if len(gold) == 0 {
		return Score{}
	}
	predOf := func(m string) string {
		if c, ok := pred[m]; ok {
			return "p\x00" + c
		}
		return "s\x00" + m // singleton
	}
	gMembers := map[string][]string{}
	pMembers := map[string][]string{}
	for m, c := range gold {
		gMembers[c] = append(gMembers[c], m)
		pc := predOf(m)
		pMembers[pc] = append(pMembers[pc], m)
	}
	var p, r float64
	for m, c := range gold {
		pc := predOf(m)
		both := 0
		for _, o := range pMembers[pc] {
			if gold[o] == c {
				both++
			}
		}
		p += float64(both) / float64(len(pMembers[pc]))
		r += float64(both) / float64(len(gMembers[c]))
	}
	n := float64(len(gold))
	return Score{p / n, r / n, f1(p/n, r/n)}
}

// Pairwise counts mention pairs over gold's mentions: a pair is a TP when both clusterings
// put it together, an FP when only the prediction does, an FN when only gold does.
func Pairwise(gold, pred map[string]string) PRF {
	ms := make([]string, 0, len(gold))
	for m := range gold {
		ms = append(ms, m)
	}
	sort.Strings(ms)
	var c PRF
	for i := range ms {
		for j := i + 1; j < len(ms); j++ {
			g := gold[ms[i]] == gold[ms[j]]
			pi, iok := pred[ms[i]]
			pj, jok := pred[ms[j]]
			p := iok && jok && pi == pj
			switch {
			case g && p:
				c.TP++
			case p:
				c.FP++
			case g:
				c.FN++
			}
		}
	}
	return c
}
