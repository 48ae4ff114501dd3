// Package stance finds who takes a stance towards whom in a parsed sentence: directed,
// signed statements between entity mentions ("Spicer criticized Biden": Spicer → Biden,
// negative), each with its cue, CAMEO class and the syntactic rule that found it.
//
// The actor is the subject of a cue verb (the agent of a passive), the target its object,
// the noun after the cue's preposition, or a noun it modifies; noun cues take theirs from a
// possessive and a preposition ("X's criticism of Y", "Y faced criticism from X"); reported
// speech gives the speaker as the actor of an evaluative word about the clause's subject
// ("X said Y's plan was reckless"). Negation, modality and conditions are handled as the
// comments on Find say. Cues come from extract/data/cameo.tsv (PETRARCH2's CAMEO verb
// dictionary and newsgraph's own list).
package stance

import (
	"strings"

	"github.com/newsgraph/newsgraph/extract/parse"
	"github.com/newsgraph/newsgraph/internal/hashtab"
)

// Mention is an entity mention in a sentence: words [Start, End), and the caller's number
// for its entity (equal numbers, same entity).
type Mention struct {
	Start, End int
	Entity     int
}

// Sentence is what Find reads: the words, their tags, the parse and the mentions.
type Sentence struct {
	Words, Tags []string
	Tree        *parse.Tree
	Mentions    []Mention
}

// Finding is one stance: mention Source towards mention Target.
type Finding struct {
	Source, Target int // indices into Sentence.Mentions
	Sign           int // -1, 0 or 1
	Cue            string
	Class          string
	CAMEO          string
	Rule           string // how it was found, for a user checking the edge
	cueWord        int    // the cue's word, so one cue gives one stance per pair
}

// Finder finds stances with a cue lexicon. It is read-only and safe for concurrent use;
// Find's scratch space comes from the caller.
type Finder struct {
	lex  *Lexicon
	sent *Sentiment // for reported speech without a cue; nil: none
}

// NewFinder returns a Finder over lex and, if not nil, the word valences that sign reported
// speech the lexicon has no cue for.
func NewFinder(lex *Lexicon, sent *Sentiment) *Finder { return &Finder{lex: lex, sent: sent} }

// Scratch is per-goroutine working memory for Find.
type Scratch struct {
	up, down []int
	feats    []uint64
	owner    []int // word → mention whose head it is, or -1
	found    []Finding
	lowers   []string
}

// Find returns the stances of s. Decisions, each deliberate:
//   - Negation ("not", "never", "n't" on the cue or on a verb it depends on, or a verb
//     of refusal above it: "refused to back") turns a positive cue into a rejection
//     (CAMEO 12, negative) and cancels a negative or neutral one ("did not criticize").
//   - Modality: a cue under "could", "might", "may", "should" or "must", in a question, or
//     in a condition ("if", "unless") states no act and gives nothing; "will" and "would"
//     state an intention and count. "Threatened to sanction Y" is the threat (CAMEO 13),
//     not a sanction; "vowed to support Y" is support.
//   - Neutral cues (meet, urge) give edges of sign 0: two actors dealing with each other.
func (f *Finder) Find(s *Sentence, sc *Scratch) []Finding {
	sc.found = sc.found[:0]
	if len(s.Mentions) < 2 || s.Tree == nil || s.Tree.Len() != len(s.Words) {
		return nil
	}
	n := len(s.Words)
	sc.owner = fill(sc.owner, n, -1)
	for i, m := range s.Mentions {
		if h := headOf(s.Tree, m.Start, m.End); h >= 0 {
			sc.owner[h] = i
		}
	}
	sc.lowers = sc.lowers[:0]
	for _, w := range s.Words {
		sc.lowers = append(sc.lowers, lower(w))
	}
	q := sentenceQuestion(s.Words)
	defer func() {
		if f.sent != nil && !q {
			f.strongWords(s, sc, f.sent)
		}
	}()
	for c := range n {
		cu, ok := f.reading(s, sc, c)
		if !ok {
			continue
		}
		switch cu.Kind {
		case Verb:
			f.verb(s, sc, c, cu, q)
		case Noun:
			f.noun(s, sc, c, cu, q)
		case Eval:
			f.eval(s, sc, c, cu, q)
		}
	}
	return sc.found
}

// reading picks the reading of word c: of those that fit, the first whose preposition is
// there ("criticism of" over "criticism against" in "criticism of Y"), else the first.
func (f *Finder) reading(s *Sentence, sc *Scratch, c int) (Cue, bool) {
	var first Cue
	found := false
	for _, cu := range f.lex.LookupString(sc.lowers[c]) {
		if !fits(cu, s, sc, c) {
			continue
		}
		if cu.Prep != "" && (prepDependent(s.Tree, sc, c, cu.Prep) >= 0 || nominalPrep(s.Tree, sc, c, cu.Prep) >= 0) {
			return cu, true
		}
		if !found {
			first, found = cu, true
		}
	}
	return first, found
}

// MayFind reports whether Find could find anything in the words with these tags: a cue
// whose part of speech fits (fitsTag), or a verb of saying in a sentence with a strongly
// valenced word (the reported-speech rule). It only tests what needs no parse, so it is a
// necessary condition: callers skip parsing the sentences it rejects and lose nothing.
func (f *Finder) MayFind(words, tags []string) bool {
	var buf []byte
	speech, strong := false, false
	for i, w := range words {
		buf = hashtab.Lower(buf[:0], w)
		for _, cu := range f.lex.Lookup(buf) {
			if fitsTag(cu, tags[i], buf) {
				return true
			}
		}
		if f.sent != nil {
			speech = speech || strings.HasPrefix(tags[i], "VB") && f.lex.isBytes(speechWord, buf)
			if v := f.sent.ofBytes(buf); v == 2 || v == -2 {
				strong = true
			}
			if speech && strong {
				return true
			}
		}
	}
	return false
}

// fits reports whether cue reading cu can be word c: its part of speech, its particle and,
// for a preposition-only target, the preposition.
func fits(cu Cue, s *Sentence, sc *Scratch, c int) bool {
	if !fitsTag(cu, s.Tags[c], sc.lowers[c]) {
		return false
	}
	if cu.Particle != "" && child(s.Tree, sc, c, cu.Particle, parse.CompoundPrt) < 0 &&
		(c+1 >= len(s.Words) || sc.lowers[c+1] != cu.Particle) {
		return false
	}
	if cu.Target == Prep && cu.Kind == Verb && prepDependent(s.Tree, sc, c, cu.Prep) < 0 {
		return false
	}
	return true
}

// fitsTag is the part of fits that needs no parse: whether tag is a part of speech that
// cue reading cu can have on the lower-case word lower.
func fitsTag[S string | []byte](cu Cue, tag string, lower S) bool {
	switch cu.Kind {
	case Verb:
		// Verb cues may be tagged JJ only as participles ("opposed", "allied").
		n := len(lower)
		return strings.HasPrefix(tag, "VB") || tag == "JJ" && n >= 2 && lower[n-2] == 'e' && lower[n-1] == 'd'
	case Noun:
		return strings.HasPrefix(tag, "NN")
	case Eval:
		return strings.HasPrefix(tag, "JJ") || strings.HasPrefix(tag, "NN") || strings.HasPrefix(tag, "VB") || strings.HasPrefix(tag, "RB")
	}
	return true
}

// verb handles "X criticized Y", "Y was criticized by X", "X called on Y to …".
func (f *Finder) verb(s *Sentence, sc *Scratch, c int, cu Cue, question bool) {
	t := s.Tree
	var actor, target, rule string
	var src, dst []int
	if by := agentOf(t, sc, c); by >= 0 || passive(t, c) {
		src = f.owner(s, sc, by, true)
		dst = f.owner(s, sc, childWith(t, c, parse.NsubjPass), true)
		if len(dst) == 0 && t.Label(c) == parse.Acl {
			dst = f.mentionsAt(s, sc, t.Head(c)) // "Hamas, backed by Iran"
		}
		actor, target = "obl:agent", "nsubj:pass"
	} else {
		src = f.owner(s, sc, subjectOf(t, sc, c), true)
		actor = "nsubj"
		switch cu.Target {
		case Obj:
			dst, target = f.objectMentions(s, sc, c), "obj"
			if len(dst) == 0 {
				// "demanded a better plan from Israel", "filed a complaint against Brussels".
				for _, p := range [...]string{"from", "against"} {
					if dst = f.mentionsAt(s, sc, prepDependent(t, sc, c, p)); len(dst) > 0 {
						target = "obl:" + p
						break
					}
				}
			}
		case Prep:
			dst, target = f.mentionsAt(s, sc, prepDependent(t, sc, c, cu.Prep)), "obl:"+cu.Prep
		case ObjOrPrep:
			dst, target = f.objectMentions(s, sc, c), "obj"
			if len(dst) == 0 {
				dst, target = f.mentionsAt(s, sc, prepDependent(t, sc, c, cu.Prep)), "obl:"+cu.Prep
			}
		}
		if len(dst) == 0 {
			// "threatened to sanction Y": the threat's target is the object of what is threatened.
			if x := childWith(t, c, parse.Xcomp); x >= 0 {
				dst, target = f.objectMentions(s, sc, x), "xcomp>obj"
			}
		}
	}
	if (len(src) == 0 || len(dst) == 0) && !passive(t, c) && t.Label(c) != parse.Xcomp {
		// The parse did not link the cue to both names: when they stand right around it
		// ("Yukos accused Gazprom of …", only a few words apart with no other verb or clause
		// boundary between), the words say it.
		if a, b := f.adjacent(s, sc, c); a >= 0 && b >= 0 {
			src, dst, actor, target = []int{a}, []int{b}, "window", "window"
		}
	}
	if len(src) == 0 || len(dst) == 0 {
		return
	}
	if underCue(f.lex, s, sc, c) {
		return // "threatened to sanction": the threat speaks, not the sanction
	}
	rule = actor + " ← " + cu.Lemma + " → " + target
	f.add(s, sc, c, src, dst, cu, rule, question)
}

// The window fallback's reach, in words between a name and the cue: an actor at most
// maxActorGap words before it ("Yukos has also accused"), a target at most maxTargetGap
// after ("accused the rival Gazprom"). Short on purpose: the fallback is for names standing
// right around the cue, which the parse failed to link.
const (
	maxActorGap  = 3
	maxTargetGap = 2
)

// adjacent returns the mentions just before and just after verb c (at most maxActorGap and
// maxTargetGap words away, nothing between them but adverbs, auxiliaries and determiners),
// or -1.
func (f *Finder) adjacent(s *Sentence, sc *Scratch, c int) (before, after int) {
	before, after = -1, -1
	for i, m := range s.Mentions {
		switch {
		case m.End <= c && c-m.End <= maxActorGap && plain(s, m.End, c):
			if before < 0 || m.End > s.Mentions[before].End {
				before = i
			}
		case m.Start > c && m.Start-c-1 <= maxTargetGap && plain(s, c+1, m.Start):
			if after < 0 || m.Start < s.Mentions[after].Start {
				after = i
			}
		}
	}
	return before, after
}

// plain reports whether words [i, j) are only adverbs, modals, auxiliaries, determiners or
// particles: no clause boundary, verb or noun that a stance could belong to.
func plain(s *Sentence, i, j int) bool {
	for k := i; k < j; k++ {
		switch tag := s.Tags[k]; {
		case strings.HasPrefix(tag, "RB"), tag == "MD", tag == "DT", tag == "RP", tag == "PDT":
		case strings.HasPrefix(tag, "VB") && (s.Words[k] == "has" || s.Words[k] == "have" || s.Words[k] == "had" || s.Words[k] == "was" || s.Words[k] == "were" || s.Words[k] == "is" || s.Words[k] == "did"):
		default:
			return false
		}
	}
	return true
}

// noun handles "X's criticism of Y", "criticism of Y by X", "X launched an attack on Y",
// "Y faced criticism from X", "Y came under fire from X".
func (f *Finder) noun(s *Sentence, sc *Scratch, c int, cu Cue, question bool) {
	t := s.Tree
	var src, dst []int
	actor, target := "", ""
	if p := childWith(t, c, parse.NmodPoss); p >= 0 {
		src, actor = f.mentionsAt(s, sc, p), "nmod:poss"
	}
	if by := nominalPrep(t, sc, c, "by", "from"); by >= 0 {
		src, actor = f.mentionsAt(s, sc, by), "nmod:by/from"
	}
	if cu.Prep != "" {
		if p := nominalPrep(t, sc, c, cu.Prep); p >= 0 {
			dst, target = f.mentionsAt(s, sc, p), "nmod:"+cu.Prep
		}
	}
	h := t.Head(c)
	if h >= 0 && (t.Label(c) == parse.Obj || t.Label(c) == parse.Obl) {
		v := sc.lowers[h]
		switch {
		case f.lex.is(receiveWord, v):
			// "Y faced criticism from X": the subject receives it; "Y's plan met with X's
			// opposition": the plan's owner does.
			if len(dst) == 0 {
				dst, target = f.owner(s, sc, subjectOf(t, sc, h), false), "nsubj of "+v
			}
			if len(src) == 0 {
				if by := prepDependent(t, sc, h, "from"); by >= 0 {
					src, actor = f.mentionsAt(s, sc, by), "obl:from"
				}
			}
		case len(src) == 0 && t.Label(c) == parse.Obj:
			// "X launched an attack on Y", "X voiced support for Y".
			src, actor = f.owner(s, sc, subjectOf(t, sc, h), true), "nsubj of "+v
			if len(dst) == 0 && cu.Prep != "" {
				if p := prepDependent(t, sc, h, cu.Prep); p >= 0 {
					dst, target = f.mentionsAt(s, sc, p), "obl:"+cu.Prep
				}
			}
		}
	}
	if len(src) == 0 || len(dst) == 0 {
		return
	}
	f.add(s, sc, c, src, dst, cu, actor+" ← "+cu.Lemma+" → "+target, question)
}

// eval handles reported speech with an evaluative word of the lexicon: "X said Y's plan
// was reckless", '"Y is wrong," X said'. The evaluated clause is found from the word.
func (f *Finder) eval(s *Sentence, sc *Scratch, c int, cu Cue, question bool) {
	if clause, say := f.speechClause(s, sc, c); say >= 0 {
		f.reported(s, sc, say, clause, c, cu, question)
	}
}

// speechClause returns the reported clause word c is in and its verb of saying, or -1.
func (f *Finder) speechClause(s *Sentence, sc *Scratch, c int) (clause, say int) {
	t := s.Tree
	clause = c
	for k := 0; k < 4 && clause >= 0; k++ {
		h, l := t.Head(clause), t.Label(clause)
		if h >= 0 && (l == parse.Ccomp || l == parse.Parataxis) && f.lex.is(speechWord, sc.lowers[h]) {
			return clause, h
		}
		if l == parse.Root || h < 0 {
			// '"Y is wrong," X said': the speech verb hangs on the clause as parataxis.
			for _, k := range t.Children(clause) {
				if t.Label(k) == parse.Parataxis && f.lex.is(speechWord, sc.lowers[k]) {
					return clause, k
				}
			}
			return -1, -1
		}
		clause = h
	}
	return -1, -1
}

// reported records the speaker of verb say as the actor of a stance towards the subject
// of clause (or its possessor, "Y's plan"), signed by cue cu found at word c.
func (f *Finder) reported(s *Sentence, sc *Scratch, say, clause, c int, cu Cue, question bool) {
	t := s.Tree
	src := f.owner(s, sc, subjectOf(t, sc, say), true)
	var dst []int
	for _, w := range [2]int{c, clause} {
		subj := nsubj(t, sc, w)
		if subj < 0 {
			subj = childWith(t, w, parse.NsubjPass)
		}
		if dst = f.owner(s, sc, subj, true); len(dst) > 0 {
			break
		}
	}
	if len(src) == 0 || len(dst) == 0 {
		return
	}
	f.add(s, sc, c, src, dst, cu, "nsubj ← "+sc.lowers[say]+" → "+t.Label(clause).String()+" ["+cu.Lemma+"] → nsubj", question)
}

// pairKnown reports whether a stance already links the speaker of say with anyone in
// clause: a lexicon cue said it better.
func (f *Finder) pairKnown(s *Sentence, sc *Scratch, say, clause int) bool {
	t := s.Tree
	for _, a := range f.owner(s, sc, subjectOf(t, sc, say), true) {
		for _, x := range sc.found {
			if x.Source == a {
				return true
			}
		}
	}
	return false
}

// strongWords gives reported speech without a lexicon cue its sign: a word of strong
// valence (VADER's lexicon, |valence| ≥ 2) that is the reported clause's predicate or one of
// its objects ("X said Y had committed crimes", "… treated voters with contempt").
func (f *Finder) strongWords(s *Sentence, sc *Scratch, sent *Sentiment) {
	t := s.Tree
	for say := range s.Words {
		if !f.lex.is(speechWord, sc.lowers[say]) || !strings.HasPrefix(s.Tags[say], "VB") {
			continue
		}
		for _, clause := range t.Children(say) {
			if l := t.Label(clause); l != parse.Ccomp && l != parse.Parataxis {
				continue
			}
			for _, w := range append([]int{clause}, t.Children(clause)...) {
				switch t.Label(w) {
				case parse.Ccomp, parse.Parataxis, parse.Obj, parse.Obl, parse.Xcomp, parse.Advmod:
				default:
					continue
				}
				if v := sent.of(sc.lowers[w]); v == 2 || v == -2 {
					sign := 1
					if v < 0 {
						sign = -1
					}
					cu := Cue{Lemma: "said: " + sc.lowers[w], Kind: Eval, Target: Clause, CAMEO: map[int]string{1: "051", -1: "111"}[sign],
						Class: map[int]string{1: "verbal_cooperation", -1: "verbal_conflict"}[sign], Sign: sign}
					if !f.pairKnown(s, sc, say, clause) {
						f.reported(s, sc, say, clause, w, cu, false)
					}
					break
				}
			}
		}
	}
}

// add records src × dst with cue cu found at word c, after negation and modality.
func (f *Finder) add(s *Sentence, sc *Scratch, c int, src, dst []int, cu Cue, rule string, question bool) {
	if question {
		return
	}
	sign, lemma, class, code := cu.Sign, cu.Lemma, cu.Class, cu.CAMEO
	switch negation(f.lex, s.Tree, sc, c) {
	case withheld:
		if sign <= 0 {
			return
		}
		sign, lemma, class, code = -1, "not "+cu.Lemma, "verbal_conflict", "12"
		rule = "not: " + rule
	case denied:
		return
	default:
		if hypothetical(s.Tree, sc, c) {
			return
		}
	}
	for _, a := range src {
		for _, b := range dst {
			if s.Mentions[a].Entity == s.Mentions[b].Entity || f.has(sc, c, a, b) {
				continue
			}
			sc.found = append(sc.found, Finding{Source: a, Target: b, Sign: sign, Cue: lemma, Class: class, CAMEO: code, Rule: rule, cueWord: c})
		}
	}
}

func (f *Finder) has(sc *Scratch, c, a, b int) bool {
	for _, x := range sc.found {
		if x.cueWord == c && x.Source == a && x.Target == b {
			return true
		}
	}
	return false
}

// mentionsAt returns the mentions headed at word w and at the words conjoined with it
// ("Blair and Brown"), or nil.
func (f *Finder) mentionsAt(s *Sentence, sc *Scratch, w int) []int {
	if w < 0 {
		return nil
	}
	var out []int
	if m := sc.owner[w]; m >= 0 {
		out = append(out, m)
	}
	for _, k := range s.Tree.Children(w) {
		if s.Tree.Label(k) == parse.Conj && sc.owner[k] >= 0 {
			out = append(out, sc.owner[k])
		}
	}
	return out
}

// owner returns the mentions word w stands for: w's own, or those of its possessor,
// compound or "of"/"for" phrase ("Biden's plan", "Labour MPs", "a spokesman for Samsung").
// Unless local, it looks up through the phrases w depends on ("the intention of Netanyahu to
// conduct an invasion, a plan that …"), as the owner of a plan is.
func (f *Finder) owner(s *Sentence, sc *Scratch, w int, local bool) []int {
	t := s.Tree
	for hops := 0; w >= 0 && hops < 5; hops++ {
		if ms := f.mentionsAt(s, sc, w); len(ms) > 0 {
			return ms
		}
		for _, k := range t.Children(w) {
			l := t.Label(k)
			if l == parse.NmodPoss || l == parse.Compound || l == parse.Appos || l == parse.Nmod && hasCase(t, sc, k, "of", "for") {
				if ms := f.mentionsAt(s, sc, k); len(ms) > 0 {
					return ms
				}
			}
		}
		if local {
			return nil
		}
		switch t.Label(w) {
		case parse.Obl, parse.Obj, parse.Nmod, parse.Acl, parse.AclRelcl, parse.Appos, parse.Nsubj:
			w = t.Head(w)
		default:
			return nil
		}
	}
	return nil
}

// objectMentions returns the mentions of word c's object: the object itself, or a mention
// inside a common-noun object ("criticized Biden's plan", "the Obama administration",
// "the policies of Israel").
func (f *Finder) objectMentions(s *Sentence, sc *Scratch, c int) []int {
	t := s.Tree
	o := childWith(t, c, parse.Obj)
	if o < 0 {
		o = childWith(t, c, parse.Iobj)
	}
	if o < 0 {
		return nil
	}
	if ms := f.mentionsAt(s, sc, o); len(ms) > 0 {
		return ms
	}
	for _, k := range t.Children(o) {
		switch t.Label(k) {
		case parse.NmodPoss, parse.Compound:
			if ms := f.mentionsAt(s, sc, k); len(ms) > 0 {
				return ms
			}
		case parse.Nmod:
			if hasCase(t, sc, k, "of", "from", "against") { // the parser may attach "from Y" to the object
				if ms := f.mentionsAt(s, sc, k); len(ms) > 0 {
					return ms
				}
			}
		}
	}
	return nil
}

// Closed-class words of the rules (the open lists, speech, receive and refusal verbs, are in
// extract/data/stance-words.tsv).
var (
	negators     = set(`not n't never no`)
	modals       = set(`could might may should must`)
	futureModals = set(`will would can could ca wo shall should must may might`)
	conditions   = set(`if unless whether`)
	relatives    = set(`who which that whom`)
)

func set(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// headOf returns the word of [start, end) whose head lies outside it (the mention's head).
func headOf(t *parse.Tree, start, end int) int {
	for k := start; k < end && k < t.Len(); k++ {
		if h := t.Head(k); h < start || h >= end {
			return k
		}
	}
	return -1
}

func childWith(t *parse.Tree, w int, l parse.Label) int {
	if w < 0 {
		return -1
	}
	for _, k := range t.Children(w) {
		if t.Label(k) == l {
			return k
		}
	}
	return -1
}

func child(t *parse.Tree, sc *Scratch, w int, word string, l parse.Label) int {
	for _, k := range t.Children(w) {
		if t.Label(k) == l && sc.lowers[k] == word {
			return k
		}
	}
	return -1
}

func hasCase(t *parse.Tree, sc *Scratch, w int, preps ...string) bool {
	for _, k := range t.Children(w) {
		if t.Label(k) == parse.Case || t.Label(k) == parse.Mark {
			for _, p := range preps {
				if sc.lowers[k] == p {
					return true
				}
			}
		}
	}
	return false
}

// prepDependent returns the oblique of verb w introduced by prep ("call on Y"), or the
// object of its particle-like preposition, or -1.
func prepDependent(t *parse.Tree, sc *Scratch, w int, prep string) int {
	for _, k := range t.Children(w) {
		if l := t.Label(k).Universal(); (l == parse.Obl || l == parse.Nmod) && hasCase(t, sc, k, prep) {
			return k
		}
	}
	return -1
}

// nominalPrep returns the nmod of noun w introduced by one of preps.
func nominalPrep(t *parse.Tree, sc *Scratch, w int, preps ...string) int {
	for _, k := range t.Children(w) {
		if t.Label(k).Universal() == parse.Nmod && hasCase(t, sc, k, preps...) {
			return k
		}
	}
	return -1
}

// agentOf returns the agent of a passive verb w ("by X"), or -1. A parser may attach the
// "by" phrase to an oblique of the verb ("sued for libel by X"): it is looked for there too.
func agentOf(t *parse.Tree, sc *Scratch, w int) int {
	for _, k := range t.Children(w) {
		if l := t.Label(k); l == parse.OblAgent || l == parse.Obl && hasCase(t, sc, k, "by") && passive(t, w) {
			return k
		}
	}
	if !passive(t, w) {
		return -1
	}
	for _, k := range t.Children(w) {
		if t.Label(k) != parse.Obl {
			continue
		}
		for _, g := range t.Children(k) {
			if t.Label(g).Universal() == parse.Nmod && hasCase(t, sc, g, "by") {
				return g
			}
		}
	}
	return -1
}

func passive(t *parse.Tree, w int) bool {
	return childWith(t, w, parse.NsubjPass) >= 0 || childWith(t, w, parse.AuxPass) >= 0
}

// subjectOf returns the subject of verb (or predicate) w: its own nsubj; the subject of the
// verb it is an xcomp or conj of ("X vowed to support Y", "X met and praised Y"); or, for a
// relative clause, the noun it modifies ("X, who has long opposed Y").
func subjectOf(t *parse.Tree, sc *Scratch, w int) int {
	for hops := 0; w >= 0 && hops < 4; hops++ {
		if s := nsubj(t, sc, w); s >= 0 {
			if relatives[sc.lowers[s]] {
				return antecedent(t, sc, s, w)
			}
			return s
		}
		switch t.Label(w) {
		case parse.Xcomp:
			// "prompting the president to demand …": the object controls; else the subject.
			if o := childWith(t, t.Head(w), parse.Obj); o >= 0 {
				return o
			}
			w = t.Head(w)
		case parse.Conj:
			w = t.Head(w)
		case parse.AclRelcl:
			return antecedent(t, sc, -1, w)
		case parse.Acl:
			// "Netanyahu's resolve to eliminate Hamas": the noun's possessor acts.
			return childWith(t, t.Head(w), parse.NmodPoss)
		default:
			return -1
		}
	}
	return -1
}

// antecedent returns what relative clause w (with relative pronoun rel, or -1) is about:
// the noun it modifies when that holds a mention, else the mention just before the
// pronoun ("Netanyahu, who also backed …"): parsers often attach relative clauses high.
func antecedent(t *parse.Tree, sc *Scratch, rel, w int) int {
	h := t.Head(w)
	if t.Label(w) == parse.AclRelcl && h >= 0 && sc.owner[h] >= 0 {
		return h
	}
	if rel < 0 {
		rel = w
		for _, k := range t.Children(w) {
			if relatives[sc.lowers[k]] {
				rel = k
				break
			}
		}
	}
	k := rel - 1
	if k >= 0 && sc.lowers[k] == "," {
		k--
	}
	for ; k >= 0 && k >= rel-3; k-- {
		if sc.owner[k] >= 0 {
			return k
		}
	}
	if t.Label(w) == parse.AclRelcl {
		return h
	}
	return -1
}

// nsubj returns w's subject: of several (a parser's slip), the one that is or holds a
// mention.
func nsubj(t *parse.Tree, sc *Scratch, w int) int {
	first := -1
	for _, k := range t.Children(w) {
		if t.Label(k) != parse.Nsubj {
			continue
		}
		if sc.owner[k] >= 0 {
			return k
		}
		for _, g := range t.Children(k) {
			if l := t.Label(g); (l == parse.Compound || l == parse.NmodPoss || l == parse.Flat) && sc.owner[g] >= 0 {
				return k
			}
		}
		if first < 0 {
			first = k
		}
	}
	return first
}

// underCue reports whether verb c is the complement of another cue verb ("threatened to
// sanction", "urged Y to condemn"): that cue is the statement.
func underCue(lex *Lexicon, s *Sentence, sc *Scratch, c int) bool {
	if s.Tree.Label(c) != parse.Xcomp {
		return false
	}
	h := s.Tree.Head(c)
	for _, cu := range lex.LookupString(sc.lowers[h]) {
		if cu.Kind == Verb && fits(cu, s, sc, h) {
			return true
		}
	}
	return false
}

type negationKind uint8

const (
	affirmed negationKind = iota
	// withheld: a refusal, or a negation with a modal or the future, or above the cue:
	// "refused to back", "will not support", "cannot support", "is not ready to endorse".
	// A withheld positive cue is a rejection (CAMEO 12); a withheld negative one nothing.
	withheld
	// denied: a plain negation of what happened ("did not criticize", "never praised",
	// "no longer opposes"): no stance either way.
	denied
)

// negation says whether and how word c is negated.
func negation(lex *Lexicon, t *parse.Tree, sc *Scratch, c int) negationKind {
	for hops := 0; c >= 0 && hops < 3; hops++ {
		neg, modal := false, false
		for _, k := range t.Children(c) {
			switch l := t.Label(k); {
			case (l == parse.Advmod || l == parse.Det || l == parse.Aux) && negators[sc.lowers[k]]:
				neg = true
			case l == parse.Advmod && sc.lowers[k] == "longer" && childWord(t, sc, k, "no"):
				neg = true
			case l == parse.Aux && futureModals[sc.lowers[k]]:
				modal = true
			}
		}
		if neg && (modal || hops > 0) {
			return withheld
		}
		if neg {
			return denied
		}
		l := t.Label(c)
		if l != parse.Xcomp && l != parse.Ccomp {
			return affirmed
		}
		c = t.Head(c)
		if c >= 0 && lex.is(refusalWord, sc.lowers[c]) {
			return withheld
		}
	}
	return affirmed
}

func childWord(t *parse.Tree, sc *Scratch, w int, word string) bool {
	for _, k := range t.Children(w) {
		if sc.lowers[k] == word {
			return true
		}
	}
	return false
}

// hypothetical reports whether word c is under a modal of possibility or in a condition.
func hypothetical(t *parse.Tree, sc *Scratch, c int) bool {
	for hops := 0; c >= 0 && hops < 3; hops++ {
		for _, k := range t.Children(c) {
			switch t.Label(k) {
			case parse.Aux:
				if modals[sc.lowers[k]] {
					return true
				}
			case parse.Mark:
				if conditions[sc.lowers[k]] {
					return true
				}
			}
		}
		if l := t.Label(c); l != parse.Xcomp && l != parse.Conj {
			return false
		}
		c = t.Head(c)
	}
	return false
}

func sentenceQuestion(words []string) bool {
	for i := len(words) - 1; i >= 0; i-- {
		switch words[i] {
		case "\"", "”", "'", "’", ")":
			continue
		case "?":
			return true
		}
		return false
	}
	return false
}

// lower returns w in lower case, without a copy when it is lower case already.
func lower(w string) string {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= 'A' && c <= 'Z' || c >= 0x80 {
			return string(hashtab.Lower(nil, w))
		}
	}
	return w
}

func fill[T any](s []T, n int, v T) []T {
	if cap(s) < n {
		s = make([]T, n)
	}
	s = s[:n]
	for i := range s {
		s[i] = v
	}
	return s
}
