package extract

import (
	"slices"
	"strings"
	"unicode"

	"github.com/newsgraph/newsgraph/extract/ner"
)

// Vote weights for a mention's type, summed over an entity's mentions in an article and
// across articles. The entity model's type is the main evidence. A gazetteer entry of a
// person or organization outweighs it, so the shipped lexicon and a user's --gazetteer can
// correct the model ("White House" is an organization), and so does a title inside the
// model's span ("Prince Philip"); a place entry only breaks ties, because place names stand
// for teams and governments ("Texas beat Boston"). Measured on CoNLL-2003 dev and
// fixtures/eval dev: docs/ner.md.
const (
	voteModel     = 4
	voteGazetteer = 6
	votePlace     = 2
	voteTitle     = 6
	voteKind      = 6
)

func gazetteerVote(t Type) int {
	if t == Location {
		return votePlace
	}
	return voteGazetteer
}

// mention is an entity mention in a sentence.
type mention struct {
	span
	first, last int // token range [first, last) within the sentence
	text        string
	sentence    int
	votes       map[Type]int
	gaz         *gazEntry
	cluster     *cluster
	place       string   // for a demonym, the place it names
	title       string   // a title stripped off the front of the name, lower case
	sameAs      *mention // for an acronym in brackets, the name it abbreviates
}

// types maps the entity model's types onto newsgraph's; MISC has none.
var types = [...]Type{ner.PER: Person, ner.ORG: Organization, ner.LOC: Location}

// findMentions turns the entity model's spans over one sentence's tokens into mentions. A
// span never crosses a table's column gap or line; a demonym the model calls MISC (or
// anything) becomes a mention of its place; other MISC spans (events, works, nationalities
// without a place) are dropped.
func (l *Lexicon) findMentions(text string, toks []token, spans []ner.Span, sent int) []*mention {
	var out []*mention
	for _, sp := range spans {
		for start := sp.Start; start < sp.End; {
			end := start + 1
			for end < sp.End && !columnGap(text, toks[end-1], toks[end]) {
				end++
			}
			if m := l.newMention(text, toks, start, end, sent, sp.Type); m != nil {
				out = append(out, m)
			}
			start = end
		}
	}
	out = l.knownNames(text, toks, out, sent)
	linkAcronyms(toks, out)
	return out
}

var coordinators = map[string]bool{"and": true, "or": true, "&": true, ",": true}

// honorifics are the titles always followed by a name, even a title's word ("Mr King").
var honorifics = map[string]bool{"mr": true, "mr.": true, "mrs": true, "mrs.": true, "ms": true, "ms.": true,
	"miss": true, "dr": true, "dr.": true}

var determiners = map[string]bool{"the": true, "a": true, "an": true, "his": true, "her": true, "its": true, "their": true, "our": true}

// maxNameWords bounds the gazetteer names knownNames looks for, in words.
const maxNameWords = 6

// knownNames adds the people and organizations the gazetteer knows (exact case, longest
// first) where the model found nothing ("G7", "IAAF") or only part of them ("Radio" of
// "Radio 4"). Known places are left to the model, which tells a city from its football team.
func (l *Lexicon) knownNames(text string, toks []token, ms []*mention, sent int) []*mention {
	// within reports whether the mentions overlapping [k, m) all lie strictly inside it, and
	// drops them if so; the model's mention of exactly [k, m) stays, with its own votes.
	within := func(k, m int) bool {
		for _, mt := range ms {
			if mt.first < m && k < mt.last && (mt.first < k || mt.last > m || mt.first == k && mt.last == m) {
				return false
			}
		}
		ms = slices.DeleteFunc(ms, func(mt *mention) bool { return k <= mt.first && mt.last <= m })
		return true
	}
	added := false
	for k := 0; k < len(toks); k++ {
		if !isCapitalized(toks[k].text) {
			continue
		}
		end := k + 1 // a name never spans a table's columns
		for end < min(len(toks), k+maxNameWords) && !columnGap(text, toks[end-1], toks[end]) {
			end++
		}
		for m := end; m > k; m-- {
			e := l.entries[phrase(text, toks, k, m)]
			if e == nil || e.typ == Location || !within(k, m) {
				continue
			}
			mt := &mention{span: span{toks[k].start, toks[m-1].end}, first: k, last: m, sentence: sent,
				votes: map[Type]int{e.typ: voteGazetteer}, gaz: e}
			if address(toks, k, m) {
				mt.votes = map[Type]int{Location: voteGazetteer}
			}
			mt.text = text[mt.start:mt.end]
			ms, added = append(ms, mt), true
			k = m - 1
			break
		}
	}
	if added {
		slices.SortFunc(ms, func(a, b *mention) int { return a.first - b.first })
	}
	return ms
}

// newMention makes the mention of tokens [k, m), or nil when they name nothing of ours.
func (l *Lexicon) newMention(text string, toks []token, k, m, sent int, typ ner.Type) *mention {
	// A title the model kept in the span ("President Biden") is not part of the name but says
	// it is a person's; a title alone ("the Queen", "Director General", "Lord Chancellor",
	// "Chancellor of the Exchequer") names nobody, though "King said" and "Mr King" are Mr
	// King. "and" never starts a name ("the Queen and Prince Philip"). A title before "of"
	// is an office ("Mayor of London"); before "'s" it is a name's ("Queen's Park").
	titled, title, officePlace := false, "", false
	// A known organization or place may start with a title's word ("General Motors",
	// "Premier League"): it keeps it.
	whole, from := phrase(text, toks, k, m), k
	known := l.entries[whole]
loop:
	for k < m && (known == nil || known.typ == Person) {
		if n := l.titleAt(text, toks, k, m); n == m-k {
			if honorifics[title] {
				break
			}
			if n > 1 || titled || k > 0 && determiners[strings.ToLower(toks[k-1].text)] ||
				m < len(toks) && toks[m].text == "of" {
				return nil
			}
			break
		} else if n > 0 {
			switch toks[k+n].text {
			case "'s":
				break loop // a name that starts with a title's word: "Queen's Park", "Prince's Trust"
			case "of":
				// An office, not a name ("Director of Public Prosecutions"); a place it is
				// of is a place ("Bishop of Durham", "Mayor of London").
				j := k + n + 1
				if j < m && strings.EqualFold(toks[j].text, "the") {
					j++
				}
				if j == m || !l.isPlace(phrase(text, toks, j, m)) {
					return nil
				}
				k, officePlace = j, true
				break loop
			}
			title = strings.ToLower(phrase(text, toks, k, k+n))
			k, titled = k+n, true
		} else if coordinators[strings.ToLower(toks[k].text)] {
			k++
		} else {
			break
		}
	}
	if k == m {
		return nil
	}
	to := m
	for m > k+1 && postNominals[toks[m-1].text] != 0 {
		m-- // "Guy Mansfield QC", "Elton John CBE": the letters are not the name
		if _, given := l.genders[toks[k].text]; postNominals[toks[m].text] == seat && (!given || m == k+1) {
			return nil // "Tory MP", "Edinburgh MSP", "East Midlands MEP": a seat, no name
		}
	}
	name := whole
	if k > from || m < to {
		name = phrase(text, toks, k, m)
	}
	if l.notNames[name] {
		return nil // "Ramadan", "Monday"
	}
	mt := &mention{
		span:     span{toks[k].start, toks[m-1].end},
		first:    k,
		last:     m,
		sentence: sent,
		votes:    map[Type]int{},
	}
	mt.text = text[mt.start:mt.end]
	if place := l.demonyms[name]; place != "" {
		// "Israeli", "Palestinians": a link to the place, not a name of it.
		mt.place, mt.gaz = place, l.entries[place]
		mt.votes[Location] = voteGazetteer
		if mt.gaz != nil {
			mt.votes = map[Type]int{mt.gaz.typ: voteGazetteer}
		}
		return mt
	}
	t := Type("")
	if int(typ) < len(types) {
		t = types[typ]
	}
	if t == "" {
		return nil
	}
	mt.votes[t] += voteModel
	if mt.gaz = l.entries[name]; mt.gaz != nil {
		mt.votes[mt.gaz.typ] += gazetteerVote(mt.gaz.typ)
		if mt.gaz.typ == Location && m == k+1 && compoundHead(toks, k) {
			// "Aberdeen-based consultancy": the place, whatever the noun after it suggests.
			mt.votes[Location] += voteGazetteer
		}
	}
	if address(toks, k, m) || officePlace {
		mt.votes = map[Type]int{Location: voteGazetteer} // the building, not the government
		if officePlace {
			return mt // "the Queen and Prince of Wales": Wales, of no title
		}
	}
	if titled || m < to {
		mt.votes[Person] += voteTitle
		mt.title = title
	} else if l.namedAsOrg(toks, from, k, m) {
		mt.votes[Organization] += voteKind // "telephony firm Skype", "the band Snow Patrol"
	}
	return mt
}

// namedAsOrg reports whether the noun before tokens [from, m) says they name an organization
// ("telephony firm Skype"). A given name after it is left to the model ("the company Bill
// Gates founded"), and so is a name that modifies a noun ("the giant US budget deficit").
func (l *Lexicon) namedAsOrg(toks []token, from, k, m int) bool {
	if from == 0 || !orgNouns[toks[from-1].text] || m < len(toks) && strings.HasPrefix(toks[m].tag, "NN") {
		return false
	}
	_, given := l.genders[toks[k].text]
	return m == k+1 || !given
}

// orgNouns are the lower-case nouns that say the name right after them is an organization's.
var orgNouns = map[string]bool{"firm": true, "company": true, "group": true, "band": true, "giant": true,
	"provider": true, "carrier": true, "airline": true, "bank": true, "club": true, "network": true,
	"website": true, "magazine": true, "newspaper": true, "retailer": true, "broadcaster": true,
	"insurer": true, "lender": true, "operator": true, "chain": true, "supermarket": true,
	"manufacturer": true, "conglomerate": true, "label": true, "studio": true, "charity": true,
	"watchdog": true, "regulator": true, "agency": true}

// postNominals are the letters written after a person's name: honours and Queen's Counsel,
// and the seats of members of parliaments, which also follow a party or a constituency.
var postNominals = map[string]postNominal{"QC": honour, "KC": honour, "OBE": honour, "CBE": honour,
	"MBE": honour, "KBE": honour, "DBE": honour, "FRS": honour, "MP": seat, "MEP": seat, "MSP": seat}

type postNominal uint8

const (
	honour postNominal = iota + 1
	seat
)

// compoundHead reports whether token k is the name that splitCompounds cut from the front of a
// lower-case compound ("Aberdeen" of "Aberdeen-based").
func compoundHead(toks []token, k int) bool {
	return k+2 < len(toks) && toks[k+1].text == "-" && toks[k+1].start == toks[k].end &&
		toks[k+2].start == toks[k+1].end && !isCapitalized(toks[k+2].text)
}

// streets are the last words of a street's name.
var streets = map[string]bool{"Street": true, "Road": true, "Avenue": true, "Lane": true, "Square": true}

// address reports whether tokens [k, m) are a street with a house number before them: "10
// Downing Street" is the building, where "Downing Street said" is the government.
func address(toks []token, k, m int) bool {
	if k == 0 || !streets[toks[m-1].text] {
		return false
	}
	n := toks[k-1].text
	for _, r := range n {
		if r < '0' || r > '9' {
			return false
		}
	}
	return n != ""
}

// titleAt returns how many tokens from k form a title ("President", "Secretary of State").
func (l *Lexicon) titleAt(text string, toks []token, k, end int) int {
	for n := min(4, end-k); n > 0; n-- {
		if l.titles[phrase(text, toks, k, k+n)] {
			return n
		}
	}
	return 0
}

// linkAcronyms joins an acronym in brackets to the name it abbreviates: in "European
// People's Party (EPP)" the EPP is the party, in this article and wherever the alias
// table does not know it. A Reuters ticker in angle brackets is its company's, whatever its
// letters: "Rhone-Poulenc <RHON.PA>", "Texas Air Corp's <TXN>".
func linkAcronyms(toks []token, ms []*mention) {
	for i := 1; i < len(ms); i++ {
		a, b := ms[i-1], ms[i]
		bracket := a.last // the token that opens b's brackets
		if bracket+1 < b.first && toks[bracket].text == "'s" {
			bracket++ // "Texas Air Corp's <TXN> Continental Airlines"
		}
		if b.first != bracket+1 || b.last != b.first+1 || b.last >= len(toks) {
			continue
		}
		switch open, closing := toks[bracket].text, toks[b.last].text; {
		case open == "<" && closing == ">":
			b.sameAs = a
		case open == "(" && closing == ")" && isAcronym(toks[b.first].text):
			initials := ""
			for _, t := range toks[a.first:a.last] {
				if isCapitalized(t.text) {
					initials += t.text[:1]
				}
			}
			if initials == strings.ReplaceAll(toks[b.first].text, ".", "") {
				b.sameAs = a
			}
		}
	}
}

// columnGap reports whether two tokens are separated like table columns (two spaces or a
// tab): a name never spans that, while it may span a single line break of wrapped text.
func columnGap(text string, a, b token) bool {
	gap := text[a.end:b.start]
	return strings.Contains(gap, "  ") || strings.Contains(gap, "\t")
}

// phrase is the text of tokens [k, m) with runs of white space folded to one space.
func phrase(text string, toks []token, k, m int) string {
	return foldSpace(text[toks[k].start:toks[m-1].end])
}

func isAcronym(s string) bool {
	if len(s) < 2 || len(s) > 6 {
		return false
	}
	for _, r := range s {
		if !unicode.IsUpper(r) && r != '.' && r != '&' {
			return false
		}
	}
	return true
}

// best returns the type with the most votes, ties broken in Types order.
func best(votes map[Type]int) (Type, int) {
	var bt Type
	bn := 0
	for _, t := range Types {
		if votes[t] > bn {
			bt, bn = t, votes[t]
		}
	}
	return bt, bn
}
