package extract

import (
	"strings"
	"unicode"
)

// Vote weights for a mention's type. A gazetteer entry or a title ("President …") is strong
// evidence; prose's NER label is weak (it calls bare "Biden" a place in 4 of 7 mentions of the
// seed article); word shapes are in between.
const (
	voteGazetteer = 6
	voteTitle     = 6
	voteSuffix    = 4
	voteFirstName = 3
	voteProse     = 2
	voteAcronym   = 2
	voteContext   = 1
	voteFallback  = 1
)

// Context words: "in X" suggests a place, "X Y said" a person.
var (
	placePreps  = wordSet(`in at near across throughout outside inside towards toward`)
	speechVerbs = wordSet(`said says told added argued insisted warned explained`)
)

// mention is a candidate entity mention in a sentence.
type mention struct {
	span
	first, last int // token range [first, last) within the sentence
	text        string
	sentence    int
	votes       map[Type]int
	gaz         *gazEntry
	cluster     *cluster
	place       string   // for a demonym, the place it names
	sameAs      *mention // for an acronym in brackets, the name it abbreviates
}

// Months, weekdays and other capitalized words that prose tags as proper nouns but that are
// never people, organizations or places.
var notNames = wordSet(`January February March April May June July August September October
November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday Christmas Easter
Ramadan Yet However Meanwhile Despite Although But And The This That These Those It He She They
We You I Its His Her Their Our As In On At For With By From Of To If When While After Before
Mr Mrs Ms Dr Today Tomorrow Yesterday Sir Madam Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov
Dec II III IV V VI VII VIII IX X Shr Shrs Revs Qtr Avg Mln Dlrs Cts Vs Oper Net Jews Jew Jewish
Muslim Muslims Christian Christians Catholic Catholics Protestant Protestants Hindu Hindus Sikh
Sikhs Buddhist Buddhists Nazi Nazis Olympic MPs MEPs`)

// orgSuffixes end organization names.
var orgSuffixes = wordSet(`Inc Inc. Corp Corp. Corporation Co Co. Ltd Ltd. Plc PLC LLC AG SA NV
Group Holdings Bank Party Ministry Department Council Committee Commission Agency Authority Union
Association Federation League University College Institute Foundation Fund Court Parliament
Congress Senate Assembly Army Navy Forces Force Police Airlines Airways Motors Industries Company
Companies Trust Board Bureau Office Service Services Network Times Post Journal News Club FC
Organisation Organization Alliance Movement Front Brigades Guard Administration Government Cabinet
Exchange Securities Capital Partners Communications Systems Technologies Energy Oil Petroleum
Tobacco Software School Echo Vision Church Hospital Radio Television TV Press Media Airline
Pharmaceuticals Motor Bancorp Bancshares Financial Insurance Steel Chemicals Electric Ministries`)

// miscHeads end names that are none of our types: laws, events, works, awards.
var miscHeads = wordSet(`Bill Act Acts Day Code Championship Championships Games Prix Cup War Wars
Trophy Award Awards Prize Festival Olympics Series Monologues Trojan Virus Treaty Accord Accords
Agreement Summit Conference Week Show Album Film Novel Book Opera`)

// placeHeads end place and facility names ("Heathrow Airport", "Downing Street").
var placeHeads = wordSet(`Street Square Palace Hall Airport Bridge River Mountain Mountains Island
Islands Valley Park Road Avenue Province Region District County State City Strait Lake Coast
Peninsula Desert Canal Harbour Harbor Port Station Stadium`)

// bridges join two name parts when the first ends in an organization or place head word
// ("Bank of England", "Republic of Ireland").
var bridges = wordSet(`of for de du la`)

var bridgeHeads = wordSet(`Bank Ministry Department Republic University Council Court Secretary
Minister House Chamber Institute League Federation Association Union Board Office Commission
Kingdom States Gulf Bay Sea Isle Islands Duke Prince Princess Church Museum School College
Organisation Organization Party Army Federal Bureau Chancellor Governor Mayor Democratic`)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// nameToken reports whether t can be part of a name: capitalized and tagged a proper noun,
// labelled by prose's NER, or known to the gazetteer.
func (l *Lexicon) nameToken(t token) bool {
	if !isCapitalized(t.text) || notNames[t.text] || strings.Contains(t.text, "/") || contraction(t.text) {
		return false
	}
	if t.tag == "NNP" || t.tag == "NNPS" || t.label != "" {
		return true
	}
	_, known := l.entries[t.text]
	return known || l.titleWords[t.text]
}

// findMentions finds the entity mentions of one sentence's tokens.
func (l *Lexicon) findMentions(text string, toks []token, sent int) []*mention {
	var out []*mention
	for i := 0; i < len(toks); {
		if !l.nameToken(toks[i]) {
			// Demonyms tagged as adjectives ("Palestinian/JJ casualties") never start a run.
			n := l.demonymAt(text, toks, i, len(toks))
			if n == 0 || !isCapitalized(toks[i].text) {
				i++
				continue
			}
			if i+n >= len(toks) || !l.nameToken(toks[i+n]) {
				out = append(out, l.newDemonym(text, toks, i, i+n, sent))
				i += n
				continue
			}
			// The demonym leads a name ("European People's Party"): splitRun decides.
		}
		j := i + 1
		for j < len(toks) && !columnGap(text, toks[j-1], toks[j]) {
			if l.nameToken(toks[j]) {
				j++
				continue
			}
			if bridges[toks[j].text] && j+1 < len(toks) && l.nameToken(toks[j+1]) && bridgeHeads[toks[j-1].text] {
				j += 2
				continue
			}
			// A possessive inside a name: "People's Party", "St James's Palace".
			if toks[j].tag == "POS" && j+1 < len(toks) && (orgSuffixes[toks[j+1].text] || placeHeads[toks[j+1].text]) {
				j += 2
				continue
			}
			break
		}
		out = append(out, l.splitRun(text, toks, i, j, sent)...)
		i = j
	}
	linkAcronyms(toks, out)
	return out
}

// linkAcronyms joins an acronym in brackets to the name it abbreviates: in "European
// People's Party (EPP)" the EPP is the party, in this article and wherever the alias
// table does not know it.
func linkAcronyms(toks []token, ms []*mention) {
	for i := 1; i < len(ms); i++ {
		a, b := ms[i-1], ms[i]
		if b.first != a.last+1 || b.last != b.first+1 || b.last >= len(toks) ||
			toks[a.last].text != "(" || toks[b.last].text != ")" || !isAcronym(toks[b.first].text) {
			continue
		}
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

// columnGap reports whether two tokens are separated like table columns (two spaces or a
// tab): a name never spans that, while it may span a single line break of wrapped text.
func columnGap(text string, a, b token) bool {
	gap := text[a.end:b.start]
	return strings.Contains(gap, "  ") || strings.Contains(gap, "\t")
}

// contraction reports words like "I'd" or "We're": capitalized, but not names. "O'Brien"
// keeps its capital after the apostrophe.
func contraction(s string) bool {
	i := strings.IndexAny(s, "'’")
	if i < 0 {
		return false
	}
	rest := strings.TrimLeft(s[i:], "'’")
	return rest != "" && !isCapitalized(rest)
}

// splitRun turns a run of name tokens into mentions: gazetteer phrases are matched longest
// first, titles are stripped and vote Person for the name they precede, demonyms and title
// words alone are dropped ("Israeli Prime Minister Benjamin Netanyahu" gives one mention,
// Benjamin Netanyahu, a Person; "US President" gives US).
func (l *Lexicon) splitRun(text string, toks []token, i, j, sent int) []*mention {
	var out []*mention
	titled := false
	pending := -1 // start of the pending plain segment
	flush := func(end int) {
		if pending < 0 {
			return
		}
		start := pending
		pending = -1
		for end > start && bridges[toks[end-1].text] {
			end-- // "Commission for" before a gazetteer "Africa": the bridge led nowhere
		}
		if end > start && miscHeads[toks[end-1].text] {
			return // a law, an event, a work: "Anti-Terrorism Bill", "Norwich Union Grand Prix"
		}
		// A demonym ("Israeli Prime Minister …", "Palestinian casualties") is not an entity
		// of its own: it is a mention of its place, kept apart from names — unless it
		// begins an organization's name ("American Soybean Association").
		for start < end && !orgSuffixes[toks[end-1].text] {
			n := l.demonymAt(text, toks, start, end)
			if n == 0 {
				break
			}
			out = append(out, l.newDemonym(text, toks, start, start+n, sent))
			start += n
		}
		if start == end || (end-start == 1 && orgSuffixes[toks[start].text]) {
			return // nothing left, or a company suffix cut off its name ("Co", "Inc")
		}
		m := l.newMention(text, toks, start, end, sent, nil, titled)
		titled = false
		if start == 0 && end == 1 && m.weak() {
			// A lone capitalized first word with no evidence of being a name ("Market",
			// "Broadly"): sentence case, not a name.
			return
		}
		out = append(out, m)
	}
	for k := i; k < j; {
		if m := l.longestMatch(text, toks, k, j); m > k && !l.givenNameBefore(toks, k, m, pending) {
			flush(k)
			e := l.entries[phrase(text, toks, k, m)]
			// A known name followed by a head word is a longer name ("BBC Radio",
			// "Westminster Hall"): keep the run whole, typed by the head.
			h := m
			for h < j && (orgSuffixes[toks[h].text] || placeHeads[toks[h].text]) {
				h++
			}
			if h > m {
				e = nil
			}
			out = append(out, l.newMention(text, toks, k, h, sent, e, titled))
			titled = false
			k = h
			continue
		}
		if n := l.titleAt(text, toks, k, j); n > 0 {
			flush(k)
			titled = true
			k += n
			continue
		}
		if pending < 0 {
			pending = k
		}
		k++
	}
	flush(j)
	return out
}

// givenNameBefore reports whether a one-word gazetteer match at k follows a given name that
// starts the pending segment ("Stephen Toulouse" is a person, not Stephen and a city).
func (l *Lexicon) givenNameBefore(toks []token, k, m, pending int) bool {
	return m-k == 1 && pending >= 0 && pending == k-1 && l.firstNames[toks[pending].text]
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

// demonymAt returns how many tokens from k form a demonym ("Israeli", "Middle Eastern").
func (l *Lexicon) demonymAt(text string, toks []token, k, end int) int {
	for n := min(3, end-k); n > 0; n-- {
		if l.demonyms[phrase(text, toks, k, k+n)] != "" {
			return n
		}
	}
	return 0
}

// longestMatch returns the end of the longest gazetteer phrase starting at token k (ending
// at or before j), or k when there is none.
func (l *Lexicon) longestMatch(text string, toks []token, k, j int) int {
	for m := min(j, k+l.maxWords+2); m > k; m-- {
		if _, ok := l.entries[phrase(text, toks, k, m)]; ok {
			return m
		}
	}
	return k
}

// phrase is the text of tokens [k, m) with runs of white space folded to one space.
func phrase(text string, toks []token, k, m int) string {
	s := text[toks[k].start:toks[m-1].end]
	if !strings.ContainsAny(s, "\n\t\r  ") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

func (l *Lexicon) newMention(text string, toks []token, k, m, sent int, e *gazEntry, titled bool) *mention {
	mt := &mention{
		span:     span{toks[k].start, toks[m-1].end},
		first:    k,
		last:     m,
		sentence: sent,
		votes:    map[Type]int{},
		gaz:      e,
	}
	mt.text = text[mt.start:mt.end]
	if e != nil {
		mt.votes[e.typ] += voteGazetteer
	}
	if titled {
		mt.votes[Person] += voteTitle
	}
	if orgSuffixes[toks[m-1].text] && m-k > 1 {
		mt.votes[Organization] += voteSuffix
	}
	if placeHeads[toks[m-1].text] && m-k > 1 {
		mt.votes[Location] += voteSuffix
	}
	labels := map[Type]int{}
	for _, t := range toks[k:m] {
		if typ, ok := proseType(t.label); ok {
			labels[typ]++
		}
	}
	if typ, n := best(labels); n > 0 {
		mt.votes[typ] += voteProse
	}
	if e == nil && m-k > 1 && l.firstNames[toks[k].text] {
		mt.votes[Person] += voteFirstName
	}
	if e == nil && m-k == 1 && isAcronym(toks[k].text) {
		mt.votes[Organization] += voteAcronym
	}
	if e == nil && k > 0 && placePreps[strings.ToLower(toks[k-1].text)] {
		mt.votes[Location] += voteContext
	}
	if e == nil && m-k > 1 && m < len(toks) && speechVerbs[strings.ToLower(toks[m].text)] {
		mt.votes[Person] += voteContext
	}
	if len(mt.votes) == 0 {
		if m-k > 1 {
			mt.votes[Person] += voteFallback
		} else {
			mt.votes[Organization] += voteFallback
		}
	}
	return mt
}

// weak reports whether only the shape fallback voted for the mention's type.
func (m *mention) weak() bool {
	_, n := best(m.votes)
	return n <= voteFallback
}

// newDemonym returns a mention of the place a demonym names; it resolves to the place and
// is flagged so that it is never taken for a name.
func (l *Lexicon) newDemonym(text string, toks []token, k, m, sent int) *mention {
	place := l.demonyms[phrase(text, toks, k, m)]
	mt := &mention{
		span:     span{toks[k].start, toks[m-1].end},
		first:    k,
		last:     m,
		sentence: sent,
		votes:    map[Type]int{Location: voteGazetteer},
		gaz:      l.entries[place],
		place:    place,
	}
	mt.text = text[mt.start:mt.end]
	if mt.gaz != nil {
		mt.votes = map[Type]int{mt.gaz.typ: voteGazetteer}
	}
	return mt
}

// proseType maps prose's NER labels onto newsgraph's types.
func proseType(label string) (Type, bool) {
	switch label {
	case "PERSON":
		return Person, true
	case "ORGANIZATION":
		return Organization, true
	case "GPE", "LOCATION", "GSP", "FACILITY":
		return Location, true
	}
	return "", false
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
