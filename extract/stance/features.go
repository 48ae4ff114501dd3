package stance

import (
	"strconv"

	"github.com/newsgraph/newsgraph/extract/data"
	"github.com/newsgraph/newsgraph/extract/parse"
	"github.com/newsgraph/newsgraph/internal/hashtab"
)

// The learned layer classifies a pair of mentions (P, the first in the sentence, and Q) into
// the five DSE labels from hashed features of the dependency path between them, the words on
// it, sentiment words around it, and what the rules found for the pair. featureVersion names
// the feature set; a model file trained on another is refused.
const featureVersion = "stance-features-v1"

// Feature templates; the number is hashed into the feature.
const (
	fBias = iota + 1
	fPath
	fPathWord
	fLCA
	fLCAPos
	fPathWordOn
	fPathSentiment
	fRoleP
	fRoleQ
	fRoles
	fRule
	fRuleCue
	fRuleClass
	fRuleKind
	fNegLCA
	fModalLCA
	fSpeechOnPath
	fBetween
	fBetweenSentiment
	fDistance
	fSideSentiment
	fCueBetween
	fGovernor
	fWindow
	fPathBigram
)

// mix is hashtab.Mix, short for the feature code below.
func mix(a, b uint64) uint64 { return hashtab.Mix(a, b) }

// Sentiment holds word valences (VADER's lexicon, extract/data/sentiment.tsv), bucketed.
type Sentiment struct {
	index *hashtab.Table // lower-case word → bucket+3 (1…5: strongly negative … strongly positive)
}

// DefaultSentiment loads the shipped valences.
func DefaultSentiment() (*Sentiment, error) {
	f, err := data.FS.Open("sentiment.tsv")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	type row struct {
		w string
		v float64
	}
	var rows []row
	err = data.EachLine(f, "sentiment.tsv", func(fs []string) error {
		if len(fs) < 2 {
			return nil
		}
		v, err := strconv.ParseFloat(fs[1], 64)
		if err != nil {
			return err
		}
		rows = append(rows, row{fs[0], v})
		return nil
	})
	if err != nil {
		return nil, err
	}
	s := &Sentiment{index: hashtab.New(len(rows))}
	for _, r := range rows {
		s.index.Put(hashtab.String(r.w), uint32(bucket(r.v)+3))
	}
	return s, nil
}

// bucket maps a valence onto -2 … 2.
func bucket(v float64) int {
	switch {
	case v <= -2:
		return -2
	case v < -0.5:
		return -1
	case v >= 2:
		return 2
	case v > 0.5:
		return 1
	}
	return 0
}

// ofBytes is of for a word in a byte slice.
func (s *Sentiment) ofBytes(lower []byte) int {
	if v, ok := s.index.Get(hashtab.Bytes(lower)); ok {
		return int(v) - 3
	}
	return 0
}

// of returns the sentiment bucket of a lower-case word, 0 when it has none.
func (s *Sentiment) of(lower string) int {
	if v, ok := s.index.Get(hashtab.String(lower)); ok {
		return int(v) - 3
	}
	return 0
}

// pairFeatures appends the features of a stance from mention a (the actor) to mention b
// (the target) in s, as sc holds it after Find, to out. The direction is in the features
// (the path runs from a to b), so one set of weights serves both orders of a pair.
func (m *Model) pairFeatures(s *Sentence, sc *Scratch, a, b int, out []uint64) []uint64 {
	t := s.Tree
	pm, qm := s.Mentions[a], s.Mentions[b]
	order := uint64(1) // the actor comes first in the sentence
	if pm.Start > qm.Start {
		order = 2
	}
	ph, qh := headOf(t, pm.Start, pm.End), headOf(t, qm.Start, qm.End)
	out = append(out, mix(fBias, 0), mix(fBias, order))
	if ph < 0 || qh < 0 {
		return out
	}
	// The path: up from P's head to the lowest common ancestor, down to Q's head.
	sc.up, sc.down = ancestors(t, ph, sc.up[:0]), ancestors(t, qh, sc.down[:0])
	lca, i, j := -1, len(sc.up)-1, len(sc.down)-1
	for i >= 0 && j >= 0 && sc.up[i] == sc.down[j] {
		lca = sc.up[i]
		i--
		j--
	}
	path := uint64(fPath)
	for k := 0; k <= i; k++ {
		path = mix(path, uint64(t.Label(sc.up[k]))<<1)
	}
	for k := j; k >= 0; k-- {
		path = mix(path, uint64(t.Label(sc.down[k]))<<1|1)
	}
	lcaWord := uint64(0)
	if lca >= 0 {
		lcaWord = hashtab.String(sc.lowers[lca])
		path = mix(path, hashtab.String(s.Tags[lca]))
		out = append(out, mix(fLCA, lcaWord), mix(fLCAPos, hashtab.String(s.Tags[lca])))
		if negation(m.lex, t, sc, lca) != affirmed {
			out = append(out, mix(fNegLCA, 1))
		}
		if hypothetical(t, sc, lca) {
			out = append(out, mix(fModalLCA, 1))
		}
	}
	out = append(out, path, mix(fPathWord, mix(path, lcaWord)), mix(path, order))
	onPath := func(w, side int) {
		lw := sc.lowers[w]
		out = append(out, mix(mix(fPathWordOn, hashtab.String(lw)), uint64(side)))
		if v := m.sent.of(lw); v != 0 {
			out = append(out, mix(mix(fPathSentiment, uint64(v+3)), uint64(side)))
		}
		if m.lex.is(speechWord, lw) {
			out = append(out, mix(mix(fSpeechOnPath, 1), uint64(side)))
		}
	}
	for k := 1; k <= i; k++ {
		onPath(sc.up[k], 0)
	}
	if lca >= 0 && lca != ph && lca != qh {
		onPath(lca, 1)
	}
	for k := 1; k <= j; k++ {
		onPath(sc.down[k], 2)
	}
	rp, rq := uint64(t.Label(ph)), uint64(t.Label(qh))
	out = append(out, mix(fRoleP, rp), mix(fRoleQ, rq), mix(mix(fRoles, rp), rq))
	// Each mention's governor with the relation ("P is the subject of 'criticized'").
	for side, h := range [2]int{ph, qh} {
		if g := t.Head(h); g >= 0 {
			out = append(out, mix(mix(mix(fGovernor, uint64(side)), uint64(t.Label(h))), hashtab.String(sc.lowers[g])))
		}
	}
	// Words just around each mention.
	for side, mt := range [2]Mention{pm, qm} { // side 0: the actor
		for _, k := range [4]int{mt.Start - 2, mt.Start - 1, mt.End, mt.End + 1} {
			if k >= 0 && k < len(s.Words) {
				out = append(out, mix(mix(mix(fWindow, uint64(side)), uint64(k-mt.Start)), hashtab.String(sc.lowers[k])))
			}
		}
	}
	// Label bigrams along the path, for paths too rare to be seen whole.
	prev := uint64(0)
	for k := 0; k <= i; k++ {
		l := uint64(t.Label(sc.up[k])) << 1
		out = append(out, mix(mix(fPathBigram, prev), l))
		prev = l
	}
	for k := j; k >= 0; k-- {
		l := uint64(t.Label(sc.down[k]))<<1 | 1
		out = append(out, mix(mix(fPathBigram, prev), l))
		prev = l
	}
	// What the rules said about the pair, with its direction.
	for _, f := range sc.found {
		var dir uint64 // 1: the rule found a → b, 2: b → a
		switch {
		case f.Source == a && f.Target == b:
			dir = 1
		case f.Source == b && f.Target == a:
			dir = 2
		default:
			continue
		}
		sign := uint64(f.Sign + 2)
		out = append(out, mix(mix(fRule, dir), sign),
			mix(mix(fRuleCue, dir), hashtab.String(f.Cue)),
			mix(mix(fRuleClass, dir), hashtab.String(f.Class)),
			mix(mix(mix(fRuleKind, dir), sign), ruleKind(f.Rule)))
	}
	// The words between them, their sentiment, and sentiment on each side.
	first, second := pm, qm
	if order == 2 {
		first, second = qm, pm
	}
	lo, hi := first.End, second.Start
	n := hi - lo
	out = append(out, mix(fDistance, uint64(min(n, 10)/2)))
	for k := max(lo, 0); k < hi && k < len(s.Words); k++ {
		lw := sc.lowers[k]
		out = append(out, mix(mix(fBetween, hashtab.String(lw)), order))
		if v := m.sent.of(lw); v != 0 {
			out = append(out, mix(mix(fBetweenSentiment, uint64(v+3)), order))
		}
		for _, cu := range m.lex.LookupString(lw) {
			if fits(cu, s, sc, k) {
				out = append(out, mix(mix(mix(fCueBetween, uint64(cu.Sign+2)), uint64(cu.Kind)), order))
				break
			}
		}
	}
	for k := hi; k < min(len(s.Words), hi+(second.End-second.Start)+6); k++ {
		if v := m.sent.of(sc.lowers[k]); v != 0 && (k < second.Start || k >= second.End) {
			out = append(out, mix(mix(fSideSentiment, uint64(v+3)), order))
		}
	}
	return out
}

// ancestors appends w and its heads up to the root.
func ancestors(t *parse.Tree, w int, dst []int) []int {
	for hops := 0; w >= 0 && hops < t.Len(); hops++ {
		dst = append(dst, w)
		w = t.Head(w)
	}
	return dst
}

// ruleKind hashes the first word of a rule ("nsubj", "not:", "nmod:poss", "obl:agent").
func ruleKind(rule string) uint64 {
	for i := 0; i < len(rule); i++ {
		if rule[i] == ' ' {
			return hashtab.String(rule[:i])
		}
	}
	return hashtab.String(rule)
}
