package extract

import (
	"fmt"
	"io"
	"strings"

	"github.com/newsgraph/newsgraph/extract/data"
)

// Coreference within an article, for what stance needs: about half of the stance annotators
// mark names its actor or target as "he", "she", "the president", "the company". Resolved
// mentions point at an entity of the article; they never make an entity, count as one of
// its mentions, or add co-occurrence (those stay on names).
//
// The word lists are in extract/data/coref-words.tsv. The rules, in order of trust:
//   - he/him/his and she/her/hers go to a person of that gender (a given name of the 1990
//     US Census by its commoner sex, or a title: Mr, Mrs, King, Queen …; a person of unknown
//     gender fits both); it/its to an organization or place; they/them/their to an
//     organization only (an unnamed group is the likelier referent otherwise, so none).
//   - "the president", "the prime minister", "the Israeli leader": the entity last named
//     with that title ("leader" fits any title), and with that demonym when one is given.
//   - "the company", "the group", "the party", "the government" …: the last organization;
//     "the country": the last place.
//
// Candidates come from the sentence itself, before the pronoun and outside any quotation
// the pronoun is not in ('"… Biden is wrong," he said' is not Biden speaking), else from up
// to three sentences back; within a sentence the first fitting mention wins (subjects come
// first in English news), across sentences the nearest sentence.

// Coreference kinds of a Mention.
const (
	Pronoun = "pronoun"
	Nominal = "nominal"
)

// corefWindow is how many sentences back a pronoun or description may look.
const corefWindow = 3

type gender uint8

const (
	anyGender gender = iota
	male
	female
)

type pronounClass struct {
	types  []Type
	gender gender
}

var pronouns = map[string]pronounClass{
	"he": {[]Type{Person}, male}, "him": {[]Type{Person}, male}, "his": {[]Type{Person}, male}, "himself": {[]Type{Person}, male},
	"she": {[]Type{Person}, female}, "her": {[]Type{Person}, female}, "hers": {[]Type{Person}, female}, "herself": {[]Type{Person}, female},
	"it": {[]Type{Organization, Location}, anyGender}, "its": {[]Type{Organization, Location}, anyGender}, "itself": {[]Type{Organization, Location}, anyGender},
	"they": {[]Type{Organization}, anyGender}, "them": {[]Type{Organization}, anyGender}, "their": {[]Type{Organization}, anyGender}, "themselves": {[]Type{Organization}, anyGender},
}

// entityInfo is what coreference knows of an entity: its gender and the titles and
// demonyms it was named with.
type entityInfo struct {
	gender gender
	titles map[string]bool // lower case: "president", "prime minister"
	places map[string]bool // "israel", from "Israeli Prime Minister …"
}

// corefMention is a pronoun or description resolved to an entity.
type corefMention struct {
	*mention
	kind string
}

// coref resolves the pronouns and descriptions of an article's sentences to its clusters
// and returns them per sentence.
func (l *Lexicon) coref(text string, toks [][]token, ms [][]*mention) [][]corefMention {
	info := map[*cluster]*entityInfo{}
	get := func(c *cluster) *entityInfo {
		if info[c] == nil {
			info[c] = &entityInfo{titles: map[string]bool{}, places: map[string]bool{}}
		}
		return info[c]
	}
	out := make([][]corefMention, len(toks))
	for i := range toks {
		// Learn first from this sentence's names: a title or a given name says who is who.
		for _, m := range ms[i] {
			if m.cluster == nil || m.place != "" {
				continue
			}
			e := get(m.cluster)
			l.learn(text, toks[i], m, e)
		}
		quoted := quotes(toks[i])
		for k, t := range toks[i] {
			w := strings.ToLower(t.text)
			if inMention(ms[i], k) {
				continue
			}
			if pc, ok := pronouns[w]; ok {
				// An object pronoun is not the subject of its own clause ("Biden criticized
				// him"): it looks only at earlier sentences.
				from := k
				if objective(toks[i], k) {
					from = 0
				}
				if c := resolve(ms, info, i, from, quoted, func(c *cluster, e *entityInfo) bool {
					return typeIn(c.typ, pc.types) && (pc.gender == anyGender || e == nil || e.gender == anyGender || e.gender == pc.gender)
				}); c != nil {
					out[i] = append(out[i], corefMention{newRef(text, toks[i], k, k+1, i, c), Pronoun})
				}
				continue
			}
			if w != "the" {
				continue
			}
			if end, c := l.description(text, toks[i], ms, info, i, k, quoted); c != nil {
				out[i] = append(out[i], corefMention{newRef(text, toks[i], k, end, i, c), Nominal})
			}
		}
	}
	return out
}

// learn records the gender, titles and demonyms of m's entity from m and the words before
// it ("Israeli Prime Minister Benjamin Netanyahu", "Mrs Thatcher").
func (l *Lexicon) learn(text string, toks []token, m *mention, e *entityInfo) {
	if m.cluster.typ == Person && e.gender == anyGender {
		e.gender = l.genders[toks[m.first].text]
	}
	titles := []string{}
	if m.title != "" {
		titles = append(titles, m.title)
	}
	start := m.first // where the longest title before the name starts
	for k := m.first - 1; k >= 0 && k >= m.first-4; k-- {
		if p := strings.ToLower(phrase(text, toks, k, m.first)); l.lowerTitles[p] {
			titles, start = append(titles, p), k
		}
	}
	for _, t := range titles {
		e.titles[t] = true
		// The title's last word: "prime minister" is also a "minister".
		if sp := strings.LastIndexByte(t, ' '); sp >= 0 {
			e.titles[t[sp+1:]] = true
		}
		if g := l.titleGenders[t]; g != anyGender {
			e.gender = g
		}
	}
	if len(titles) > 0 {
		for k := start - 1; k >= 0 && k >= start-3; k-- {
			if place := l.demonyms[toks[k].text]; place != "" {
				e.places[strings.ToLower(place)] = true
				break
			}
		}
	}
}

// description resolves "the [demonym] title" or "the type-noun" starting at k.
func (l *Lexicon) description(text string, toks []token, ms [][]*mention, info map[*cluster]*entityInfo, i, k int, quoted []bool) (int, *cluster) {
	j := k + 1
	place := ""
	if j < len(toks) {
		if p := l.demonyms[toks[j].text]; p != "" {
			place = strings.ToLower(p)
			j++
		}
	}
	for n := min(3, len(toks)-j); n > 0; n-- {
		p := strings.ToLower(phrase(text, toks, j, j+n))
		end := j + n
		if end < len(toks) && (isCapitalized(toks[end].text) || inMention(ms[i], end)) {
			continue // "the prime minister Tony Blair": an apposition, not a description
		}
		if isTitle := l.lowerTitles[p] || p == "leader"; isTitle {
			c := resolve(ms, info, i, k, quoted, func(c *cluster, e *entityInfo) bool {
				return c.typ == Person && e != nil && (p == "leader" && len(e.titles) > 0 || e.titles[p]) && (place == "" || e.places[place])
			})
			return end, c
		}
		if typ, ok := l.typeNouns[p]; ok && place == "" {
			return end, resolve(ms, info, i, k, quoted, func(c *cluster, _ *entityInfo) bool { return c.typ == typ })
		}
	}
	return 0, nil
}

// resolve finds the entity a reference at token k of sentence i stands for: the first
// fitting mention before it in the sentence (outside quotes it is not in), else the first
// fitting mention of the nearest earlier sentence within the window.
func resolve(ms [][]*mention, info map[*cluster]*entityInfo, i, k int, quoted []bool, fits func(*cluster, *entityInfo) bool) *cluster {
	ok := func(m *mention) bool { return m.cluster != nil && m.place == "" && fits(m.cluster, info[m.cluster]) }
	for _, m := range ms[i] {
		if m.last > k {
			break
		}
		if quoted[m.first] != quoted[k] {
			continue
		}
		if ok(m) {
			return m.cluster
		}
	}
	for j := i - 1; j >= 0 && j >= i-corefWindow; j-- {
		for _, m := range ms[j] {
			if ok(m) {
				return m.cluster
			}
		}
	}
	return nil
}

// objective reports whether the pronoun at k is in the objective case: him, them, or her
// not followed by the noun it would possess.
func objective(toks []token, k int) bool {
	switch strings.ToLower(toks[k].text) {
	case "him", "them":
		return true
	case "her":
		return k+1 >= len(toks) || !(strings.HasPrefix(toks[k+1].tag, "NN") || strings.HasPrefix(toks[k+1].tag, "JJ"))
	}
	return false
}

// quotes marks the tokens inside quotation marks.
func quotes(toks []token) []bool {
	in := make([]bool, len(toks))
	open := false
	for k, t := range toks {
		switch t.text {
		case "“":
			open = true
		case "”":
			open = false
		case `"`:
			open = !open
		default:
			in[k] = open
		}
	}
	return in
}

func inMention(ms []*mention, k int) bool {
	for _, m := range ms {
		if m.first <= k && k < m.last {
			return true
		}
	}
	return false
}

func typeIn(t Type, ts []Type) bool {
	for _, x := range ts {
		if x == t {
			return true
		}
	}
	return false
}

func newRef(text string, toks []token, k, m, sent int, c *cluster) *mention {
	mt := &mention{span: span{toks[k].start, toks[m-1].end}, first: k, last: m, sentence: sent, cluster: c}
	mt.text = text[mt.start:mt.end]
	return mt
}

// loadCorefWords reads coref-words.tsv: description nouns with their type, gendered titles.
func (l *Lexicon) loadCorefWords(r io.Reader, file string) error {
	return data.EachLine(r, file, func(f []string) error {
		if len(f) < 3 {
			return fmt.Errorf("want kind, word, value")
		}
		switch f[0] {
		case "noun":
			t := Type(f[2])
			if !t.Valid() {
				return fmt.Errorf("type %q", f[2])
			}
			l.typeNouns[f[1]] = t
		case "title":
			switch f[2] {
			case "male":
				l.titleGenders[f[1]] = male
			case "female":
				l.titleGenders[f[1]] = female
			default:
				return fmt.Errorf("gender %q: want male or female", f[2])
			}
		default:
			return fmt.Errorf("kind %q: want noun or title", f[0])
		}
		return nil
	})
}
