package extract

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/newsgraph/newsgraph/extract/data"
)

// cue is a stance cue word: its lemma, sign and CAMEO quad class.
type cue struct {
	lemma string
	sign  int
	class string
	noun  bool
	next  string // a word that must follow ("called on")
}

// cueKey looks a cue up by its lower-case form and part of speech.
type cueKey struct {
	form string
	noun bool
}

// LoadCues adds stance cues from a TSV of form, lemma, sign, class, pos and optional next word.
func (l *Lexicon) LoadCues(r io.Reader, file string) error {
	if l.cues == nil {
		l.cues = map[cueKey]cue{}
	}
	return data.EachLine(r, file, func(f []string) error {
		if len(f) < 5 {
			return fmt.Errorf("want form<TAB>lemma<TAB>sign<TAB>class<TAB>pos[<TAB>next]")
		}
		sign, err := strconv.Atoi(f[2])
		if err != nil || sign < -1 || sign > 1 {
			return fmt.Errorf("sign %q: want -1, 0 or 1", f[2])
		}
		switch f[3] {
		case "verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict":
		default:
			return fmt.Errorf("class %q is not a CAMEO quad class", f[3])
		}
		c := cue{lemma: f[1], sign: sign, class: f[3], noun: f[4] == "noun"}
		if len(f) > 5 {
			c.next = f[5]
		}
		switch f[4] {
		case "verb", "noun":
			l.cues[cueKey{strings.ToLower(f[0]), c.noun}] = c
		case "eval":
			if l.evals == nil {
				l.evals = map[string]cue{}
			}
			l.evals[strings.ToLower(f[0])] = c
		default:
			return fmt.Errorf("pos %q: want verb, noun or eval", f[4])
		}
		return nil
	})
}

// Context words: "in X" only locates something; "X said" introduces reported speech.
var (
	placePreps  = wordSet(`in at near across throughout outside inside towards toward`)
	speechVerbs = wordSet(`said says told added argued insisted warned explained`)
)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

var (
	negations  = wordSet(`not n't never no without neither nor refused declined denied unlikely`)
	beForms    = wordSet(`is was were are been being be 's got get gets`)
	targetPrep = wordSet(`to of for against on toward towards with over at`)
	agentPrep  = wordSet(`from by`)
	relatives  = wordSet(`which who whom whose where that`)
	metWith    = wordSet(`with faced drew drawn`)
)

// Search windows, in tokens. Beyond them a cue is too far from a name to say who it is about.
const (
	actorWindow  = 15
	targetWindow = 8
	prepWindow   = 5
)

// stance is one directed, signed statement found in a sentence.
type stance struct {
	source, target *cluster
	cue            cue
}

// findStances finds stance statements in one sentence: a cue word between two mentions.
// The actor is the mention before the cue and the target the one after it; the passive
// ("X was criticized by Y") swaps them; a noun cue takes its actor from a possessive
// ("Biden's opposition") or from "from"/"by", and its target from the preposition after it
// ("opposition to Y") or, when the possessive stands alone, from the person or organization
// the sentence is about. A negation just before the cue cancels a negative cue ("did not
// criticize") and turns a positive one into a rejection ("refused to back": CAMEO 12).
// Coordinated names ("Tony Blair and Gordon Brown") each get the edge. Demonyms are never
// actors or targets: "British imperialists" are not the United Kingdom.
func (l *Lexicon) findStances(toks []token, all []*mention) []stance {
	ms := make([]*mention, 0, len(all))
	for _, m := range all {
		if m.place == "" && m.cluster != nil {
			ms = append(ms, m)
		}
	}
	if len(ms) < 2 {
		return nil
	}
	var out []stance
	for c := range toks {
		cu, ok := l.cueAt(toks, c)
		if !ok {
			continue
		}
		if negated(toks, c) {
			if cu.sign <= 0 {
				continue
			}
			cu = cue{lemma: "not " + cu.lemma, sign: -1, class: "verbal_conflict", noun: cu.noun}
		}
		var src, dst *mention
		if cu.noun {
			src, dst = nounStance(toks, ms, c)
		} else if by := passiveAgent(toks, c); by > 0 {
			src, dst = firstAfter(ms, by, prepWindow), lastBefore(ms, c, actorWindow, false)
		} else {
			src, dst = lastBefore(ms, c, actorWindow, false), objectAfter(toks, ms, c)
			if cu.lemma == "meet" && dst != nil && dst.last < len(toks) && toks[dst.last].tag == "POS" {
				continue // "met with Biden's opposition": met as in encountered
			}
		}
		out = appendStances(out, toks, ms, src, dst, cu)
	}
	return append(out, l.reported(toks, ms)...)
}

// reported finds stance in reported speech without a cue verb: "Germany said France was
// wrong", "Starmer said Sunak had failed the country". The speaker is the name just before
// the speech verb, the target the first name of the clause after it, and the sign that of
// an evaluative word (eval lines in cues.tsv) in that clause, unless negated.
func (l *Lexicon) reported(toks []token, ms []*mention) []stance {
	var out []stance
	for c, t := range toks {
		if !speechVerbs[strings.ToLower(t.text)] || !strings.HasPrefix(t.tag, "VB") {
			continue
		}
		src := lastBefore(ms, c, 3, false)
		if src == nil {
			continue
		}
		end := min(len(toks), c+16)
		for k := c + 1; k < end; k++ {
			if speechVerbs[strings.ToLower(toks[k].text)] || toks[k].text == ";" {
				end = k // the next clause is someone else's
			}
		}
		var dst *mention
		for _, m := range ms {
			if m.first > c && m.last <= end && m.cluster != src.cluster {
				dst = m
				break
			}
		}
		if dst == nil {
			continue
		}
		for k := c + 1; k < end; k++ {
			ev, ok := l.evals[strings.ToLower(toks[k].text)]
			if !ok || negated(toks, k) {
				continue
			}
			out = appendStances(out, toks, ms, src, dst, ev)
			break
		}
	}
	return out
}

// appendStances adds src → dst, distributed over names coordinated with either.
func appendStances(out []stance, toks []token, ms []*mention, src, dst *mention, cu cue) []stance {
	if src == nil || dst == nil {
		return out
	}
	for _, s := range coordinated(toks, ms, src) {
		for _, d := range coordinated(toks, ms, dst) {
			if s.cluster != d.cluster {
				out = append(out, stance{source: s.cluster, target: d.cluster, cue: cu})
			}
		}
	}
	return out
}

// coordinated returns m and the names joined to it by "and", "or" or commas ("X, Y and Z").
func coordinated(toks []token, ms []*mention, m *mention) []*mention {
	group := []*mention{m}
	i := slices.Index(ms, m)
	joined := func(a, b *mention) bool { // a ends right before b, joined by a conjunction
		gap := toks[a.last:b.first]
		if len(gap) == 0 || len(gap) > 2 {
			return false
		}
		for _, t := range gap {
			if w := strings.ToLower(t.text); w != "and" && w != "or" && w != "," && w != "nor" {
				return false
			}
		}
		return true
	}
	for j := i + 1; j < len(ms) && joined(ms[j-1], ms[j]); j++ {
		group = append(group, ms[j])
	}
	for j := i - 1; j >= 0 && joined(ms[j], ms[j+1]); j-- {
		group = append(group, ms[j])
	}
	return group
}

func (l *Lexicon) cueAt(toks []token, c int) (cue, bool) {
	t := toks[c]
	noun := strings.HasPrefix(t.tag, "NN")
	// Verb cues may be tagged JJ only as participles ("opposed", "allied"): "back" in "back
	// door" is no cue.
	if !noun && !strings.HasPrefix(t.tag, "VB") && (t.tag != "JJ" || !strings.HasSuffix(t.text, "ed")) {
		return cue{}, false
	}
	cu, ok := l.cues[cueKey{strings.ToLower(t.text), noun}]
	if !ok {
		return cue{}, false
	}
	if cu.next != "" && (c+1 >= len(toks) || !strings.EqualFold(toks[c+1].text, cu.next)) {
		return cue{}, false
	}
	return cu, true
}

func negated(toks []token, c int) bool {
	for k := max(0, c-3); k < c; k++ {
		if negations[strings.ToLower(toks[k].text)] {
			return true
		}
	}
	return false
}

// passiveAgent returns the index of "by" in "was criticized by", or -1.
func passiveAgent(toks []token, c int) int {
	if toks[c].tag != "VBN" {
		return -1
	}
	be := false
	for k := max(0, c-3); k < c; k++ {
		be = be || beForms[strings.ToLower(toks[k].text)]
	}
	if !be {
		return -1
	}
	for k := c + 1; k < min(len(toks), c+6); k++ {
		if strings.EqualFold(toks[k].text, "by") {
			return k + 1
		}
	}
	return -1
}

func nounStance(toks []token, ms []*mention, c int) (src, dst *mention) {
	// Actor: "X's (stark) opposition".
	k := c - 1
	for k >= 0 && (strings.HasPrefix(toks[k].tag, "JJ") || strings.HasPrefix(toks[k].tag, "RB")) {
		k--
	}
	if k >= 0 && toks[k].tag == "POS" {
		src = endingAt(ms, k)
	}
	next := c + 1
	if next < len(toks) && agentPrep[strings.ToLower(toks[next].text)] && src == nil {
		// "drew criticism from Y": Y is the actor, the subject before the cue the target.
		return firstAfter(ms, next+1, prepWindow), lastBefore(ms, c, actorWindow, true)
	}
	if src == nil {
		src = lastBefore(ms, c, actorWindow, false)
		if src != nil && src.first > 0 && placePreps[strings.ToLower(toks[src.first-1].text)] {
			// "an operation in Rafah, without the support of …": a place that only locates
			// something is not the actor of a noun cue.
			src = nil
		}
	}
	if next < len(toks) && targetPrep[strings.ToLower(toks[next].text)] {
		dst = firstAfter(ms, next+1, prepWindow)
		if dst != nil {
			// "criticism of Israel by Hamas": the actor follows the target.
			for k := dst.last; k < min(len(toks), dst.last+3); k++ {
				if agentPrep[strings.ToLower(toks[k].text)] {
					if a := firstAfter(ms, k+1, 2); a != nil {
						src = a
					}
					break
				}
			}
		}
		return src, dst
	}
	if src != nil && k >= 0 && toks[k].tag == "POS" && src.first > 0 && metWith[strings.ToLower(toks[src.first-1].text)] {
		// "a plan that has met with Biden's opposition": the plan's owner is the target.
		return src, lastBefore(ms, src.first, actorWindow*2, true)
	}
	return nil, nil
}

// lastBefore returns the last mention ending before token c within window tokens; with agents
// it prefers a person or organization.
func lastBefore(ms []*mention, c, window int, agents bool) *mention {
	var any *mention
	for i := len(ms) - 1; i >= 0; i-- {
		m := ms[i]
		if m.last > c {
			continue
		}
		if c-m.last > window {
			break
		}
		if !agents || (m.cluster != nil && m.cluster.typ != Location) {
			return m
		}
		if any == nil {
			any = m
		}
	}
	return any
}

// objectAfter returns the object of a verb cue at c: the first mention after it, within
// the clause. It does not cross into a relative clause (", which …") nor take a place that
// only locates a common-noun object ("condemned the attack near Morocco's border",
// "supported the rules adopted in California").
func objectAfter(toks []token, ms []*mention, c int) *mention {
	m := firstAfter(ms, c+1, targetWindow)
	if m == nil {
		return nil
	}
	noun := false
	for k := c + 1; k < m.first; k++ {
		w := strings.ToLower(toks[k].text)
		if w == ";" || (w == "," && k+1 < len(toks) && relatives[strings.ToLower(toks[k+1].text)]) {
			return nil
		}
		noun = noun || strings.HasPrefix(toks[k].tag, "NN")
	}
	if noun && m.first > 0 && placePreps[strings.ToLower(toks[m.first-1].text)] {
		return nil
	}
	return m
}

// firstAfter returns the first mention starting at or after token c within window tokens.
func firstAfter(ms []*mention, c, window int) *mention {
	for _, m := range ms {
		if m.first >= c {
			if m.first-c > window {
				return nil
			}
			return m
		}
	}
	return nil
}

func endingAt(ms []*mention, k int) *mention {
	for _, m := range ms {
		if m.last == k {
			return m
		}
	}
	return nil
}
