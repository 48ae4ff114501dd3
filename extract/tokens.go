package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jdkato/prose/v2"

	"github.com/newsgraph/newsgraph/extract/ner"
	"github.com/newsgraph/newsgraph/extract/parse"
	"github.com/newsgraph/newsgraph/extract/pos"
	"github.com/newsgraph/newsgraph/extract/stance"
)

// token is a word of a sentence with its part-of-speech tag and its byte offsets into
// Article.Text.
type token struct {
	text string
	tag  string
	span
}

// Model holds the trained models extraction runs: prose's tokenizer, the part-of-speech
// tagger (prose's weights run deterministically, package pos), the entity recognizer
// (package ner), the dependency parser (package parse) and the stance cues (package stance). Loading takes a few hundred milliseconds, so build one and share it; it is
// read-only and safe for concurrent use.
type Model struct {
	prose   *prose.Model
	tagger  *pos.Tagger
	ner     *ner.Model
	parser  *parse.Parser
	stances *stance.Finder
	learned *stance.Model
}

// LoadModel loads the embedded models. They are compiled into the binary, so failing to
// decode them is a broken build, not a runtime condition: it panics.
func LoadModel() *Model {
	doc, _ := prose.NewDocument("", prose.WithSegmentation(false))
	t, err := pos.Load()
	if err != nil {
		panic(err)
	}
	n, err := ner.Default()
	if err != nil {
		panic(err)
	}
	sm, err := stance.Default()
	if err != nil {
		panic(err)
	}
	return &Model{prose: doc.Model, tagger: t, ner: n, parser: parse.Default(), stances: stance.NewFinder(sm.Lexicon(), sm.Sentiment()), learned: sm}
}

// quoteFold maps the characters prose's tokenizer rewrites (curly quotes) back to what it
// writes, so its tokens can be found in the original text.
var quoteFold = map[rune]byte{'“': '"', '”': '"', '‘': '\'', '’': '\''}

// tokenizeSentences tokenizes every sentence of text. When every sentence begins and ends
// at white space, as segment's do, prose runs once over the whole text instead of once per
// sentence: its tokens depend only on the runs of non-space characters, which such
// boundaries do not cut, so the result is the same, for less work (prose memoizes the
// runs it has split within a call, and "the" and "said," repeat within an article).
// Otherwise, or if prose panics on the whole (it does on some text, within a run), each
// sentence is tokenized on its own, as the exact reference.
func (m *Model) tokenizeSentences(text string, sents []sentence) [][]token {
	out := make([][]token, len(sents))
	all, ok := m.tokenizeAll(text, sents)
	if !ok {
		for i, s := range sents {
			out[i] = m.tokenize(text, s.span)
		}
		return out
	}
	for i, s := range sents {
		for len(all) > 0 && all[0].start < s.start {
			all = all[1:] // between sentences: a heading or boilerplate segment dropped
		}
		k := 0
		for k < len(all) && all[k].end <= s.end {
			k++
		}
		out[i] = all[:k:k] // capped: fixTokens and splitCompounds may grow it
		all = all[k:]
	}
	return out
}

// tokenizeAll tokenizes text from the first sentence's start to the last one's end, if the
// sentences are aligned and prose does not panic.
func (m *Model) tokenizeAll(text string, sents []sentence) (toks []token, ok bool) {
	if len(sents) == 0 || !alignedSentences(text, sents) {
		return nil, false
	}
	defer func() {
		if recover() != nil {
			toks, ok = nil, false
		}
	}()
	return m.tokenize(text, span{sents[0].start, sents[len(sents)-1].end}), true
}

// alignedSentences reports whether every sentence starts and ends at white space (or the
// text's ends), in order. Text with "&rsquo;" fails too: prose rewrites it to a quote, which
// the tokens of a whole article would be looked for far from where it was.
func alignedSentences(text string, sents []sentence) bool {
	if strings.Contains(text, "&rsquo;") {
		return false
	}
	at := func(i int) bool { // a boundary at byte i cuts no run of non-space characters
		if i <= 0 || i >= len(text) {
			return true
		}
		before, _ := utf8.DecodeLastRuneInString(text[:i])
		after, _ := utf8.DecodeRuneInString(text[i:])
		return unicode.IsSpace(before) || unicode.IsSpace(after)
	}
	last := 0
	for _, s := range sents {
		if s.start < last || !at(s.start) || !at(s.end) {
			return false
		}
		last = s.end
	}
	return true
}

// tokenize runs prose's tokenizer over one sentence and locates every token in text. prose
// returns no offsets and rewrites curly quotes, so the sentence is folded the same way with a
// map from folded to original offsets, and tokens are found in order. Tags come later, from
// the pos tagger.
func (m *Model) tokenize(text string, s span) []token {
	raw := text[s.start:s.end]
	folded, offs := foldQuotes(raw)
	doc, err := prose.NewDocument(folded, prose.UsingModel(m.prose),
		prose.WithSegmentation(false), prose.WithTagging(false), prose.WithExtraction(false))
	if err != nil {
		return nil
	}
	ptoks := doc.Tokens()
	out := make([]token, 0, len(ptoks)+2)
	cursor := 0
	at := func(i int) int { // folded offset → raw offset
		if offs != nil {
			return offs[i]
		}
		return i
	}
	// reattach gives back the characters prose dropped right after the last token: prose
	// loses "'Malley" of "O'Malley" (and "'Sullivan", "'Meara": a quote then M or S, which
	// it takes for "I'm" or "it's"), leaving the name as "O", and "'s." of "Blair's." at a
	// sentence's end. A name's tail joins the token; a clitic and punctuation become
	// tokens of their own, as prose makes them elsewhere.
	reattach := func(to int) {
		j := cursor
		for j < to {
			r, n := utf8.DecodeRuneInString(folded[j:])
			if unicode.IsSpace(r) {
				break
			}
			j += n
		}
		j = min(j, to)
		if j == cursor || len(out) == 0 {
			return
		}
		piece := folded[cursor:j]
		if len(piece) >= 2 && piece[0] == '\'' && (piece[1]|0x20 == 's' || piece[1]|0x20 == 'm') &&
			!strings.ContainsFunc(piece[2:], unicode.IsLetter) {
			// A clitic and punctuation ("Blair's." at a sentence's end): tokens of their own.
			add := func(a, b int) {
				out = append(out, token{text: raw[at(a):at(b)], span: span{s.start + at(a), s.start + at(b)}})
			}
			add(cursor, cursor+2)
			for k := cursor + 2; k < j; {
				_, n := utf8.DecodeRuneInString(folded[k:])
				add(k, k+n)
				k += n
			}
			return
		}
		t := &out[len(out)-1]
		t.end = s.start + at(j)
		t.text = text[t.start:t.end]
	}
	for _, pt := range ptoks {
		i := strings.Index(folded[cursor:], pt.Text)
		if i < 0 {
			continue // prose invented text (it does not); skip rather than misplace
		}
		start := cursor + i
		if i > 0 {
			reattach(start)
		}
		end := start + len(pt.Text)
		cursor = end
		out = append(out, token{
			text: raw[at(start):at(end)],
			span: span{s.start + at(start), s.start + at(end)},
		})
	}
	reattach(len(folded))
	return out
}

// foldQuotes returns raw with curly quotes folded to ASCII and, for every byte of the result
// (and one past the end), the matching offset in raw; nil offsets when raw has no curly
// quote, and so every offset is its own.
func foldQuotes(raw string) (string, []int) {
	if !strings.ContainsAny(raw, "“”‘’") {
		return raw, nil
	}
	var b strings.Builder
	offs := make([]int, 0, len(raw)+1)
	for i := 0; i < len(raw); {
		r, n := utf8.DecodeRuneInString(raw[i:])
		if f, ok := quoteFold[r]; ok {
			b.WriteByte(f)
			offs = append(offs, i)
		} else {
			b.WriteString(raw[i : i+n])
			for k := 0; k < n; k++ {
				offs = append(offs, i+k)
			}
		}
		i += n
	}
	offs = append(offs, len(raw))
	return b.String(), offs
}

// fixTokens repairs five habits of prose's tokenizer: it keeps "cannot" whole (treebanks,
// and so the tagger and parser, expect "can" "not"); it keeps "I've", "I'd", "we'll" whole
// (treebanks and CoNLL write "I" "'ve", and the entity model took "I've" for a name); it
// keeps angle brackets on the words they enclose (Reuters marks companies and tickers so:
// "<Woodco Inc>", "Rhone-Poulenc <RHON.PA>"); it splits an initial from its period
// ("George W. Bush" gives "W" and "."); and it keeps a sentence-final period on a short
// capitalized word it takes for an abbreviation ("the Red Sea." gives "Sea."), which stays
// on a real one ("World Airways Inc.").
func fixTokens(toks []token) []token {
	out := toks[:0]
	for _, t := range toks {
		if open, closed := brackets(t.text); open || closed || strings.EqualFold(t.text, "cannot") || clitic(t.text) > 0 {
			out = make([]token, 0, len(toks)+4) // a word becomes two: do not write in place
			break
		}
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		open, closed := brackets(t.text)
		if open {
			out = append(out, token{text: "<", span: span{t.start, t.start + 1}})
			t.text, t.start = t.text[1:], t.start+1
		}
		if closed {
			t.text, t.end = t.text[:len(t.text)-1], t.end-1
		}
		var joined bool
		out, joined = appendFixed(out, t, i == len(toks)-1 && !closed, toks[i+1:])
		if joined {
			i++
		}
		if closed {
			out = append(out, token{text: ">", span: span{t.end, t.end + 1}})
		}
	}
	return out
}

// appendFixed appends token t, repaired, to out; last says it ends the sentence, next are
// the tokens after it. joined reports that t took the first of them.
func appendFixed(out []token, t token, last bool, next []token) (_ []token, joined bool) {
	if len(t.text) == 1 && t.text[0] >= 'A' && t.text[0] <= 'Z' && len(next) > 0 &&
		next[0].text == "." && next[0].start == t.end {
		t.text += "."
		t.end++
		return append(out, t), true
	}
	if last && len(t.text) > 2 && strings.HasSuffix(t.text, ".") && isCapitalized(t.text) &&
		!strings.Contains(t.text[:len(t.text)-1], ".") && !abbreviations[strings.ToLower(t.text[:len(t.text)-1])] {
		word := t
		word.text, word.end = t.text[:len(t.text)-1], t.end-1
		return append(out, word, token{text: ".", span: span{t.end - 1, t.end}}), false
	}
	if strings.EqualFold(t.text, "cannot") {
		// Treebanks write "can not": the tagger and the parser then see the negation.
		can, not := t, t
		can.text, can.end = t.text[:3], t.start+3
		not.text, not.start = t.text[3:], t.start+3
		return append(out, can, not), false
	}
	if c := clitic(t.text); c > 0 {
		word, cl := t, t
		word.text, word.end = t.text[:c], t.start+c
		cl.text, cl.start = t.text[c:], t.start+c
		return append(out, word, cl), false
	}
	return append(out, t), false
}

// brackets reports whether word w opens with "<" and whether it closes with ">", when
// something is left between them ("<>" and "3<4" are kept whole).
func brackets(w string) (open, closed bool) {
	if len(w) < 2 {
		return false, false
	}
	open, closed = w[0] == '<', w[len(w)-1] == '>'
	if open && closed && len(w) == 2 {
		return false, false
	}
	return open, closed
}

// clitic returns where a contraction's clitic starts in a word ("I've" → 1, "they'll" →
// 4), or -1: an apostrophe, straight or curly, then "ve", "d", "ll" or "re" to the end,
// after a letter.
func clitic(w string) int {
	i := strings.LastIndexAny(w, "'\u2019")
	if r, _ := utf8.DecodeLastRuneInString(w[:max(i, 0)]); i < 1 || !unicode.IsLetter(r) {
		return -1
	}
	_, n := utf8.DecodeRuneInString(w[i:])
	switch strings.ToLower(w[i+n:]) {
	case "ve", "d", "ll", "re":
		return i
	}
	return -1
}

// splitCompounds splits capitalized hyphenated compounds into their parts when every part
// is a known name ("US-Israel", "Israel-Palestine"), or the first is and the rest are lower
// case ("Moscow-based", "Iran-contra", "Labour-led"): the name keeps its type inside the
// compound, as the annotation guideline says (fixtures/eval/README.md). Prose keeps a
// compound as one token. A lower-case tail stays one token ("based", "owned-by").
func splitCompounds(toks []token, known func(string) bool) []token {
	var out []token // nil until a token splits: most sentences have none
	for k, t := range toks {
		parts := compoundParts(t.text, known)
		if parts == nil {
			if out != nil {
				out = append(out, t)
			}
			continue
		}
		if out == nil {
			out = append(make([]token, 0, len(toks)+2*len(parts)), toks[:k]...)
		}
		pos := t.start
		for i, p := range parts {
			if i > 0 {
				out = append(out, token{text: "-", span: span{pos, pos + 1}})
				pos++
			}
			out = append(out, token{text: p, span: span{pos, pos + len(p)}})
			pos += len(p)
		}
	}
	if out == nil {
		return toks
	}
	return out
}

// compoundParts returns the parts a hyphenated token splits into, or nil when it stays whole.
func compoundParts(s string, known func(string) bool) []string {
	if strings.IndexByte(s, '-') < 0 || !isCapitalized(s) {
		return nil
	}
	parts := strings.Split(s, "-")
	if !known(parts[0]) {
		return nil
	}
	all := true
	for _, p := range parts[1:] {
		if !known(p) {
			all = false
			break
		}
	}
	if all {
		return parts
	}
	tail := s[len(parts[0])+1:]
	for _, r := range tail {
		if r != '-' && !unicode.IsLower(r) {
			return nil
		}
	}
	if tail == "" || tail[len(tail)-1] == '-' {
		return nil
	}
	return []string{parts[0], tail}
}

func isCapitalized(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// tag sets every token's part-of-speech tag; words and tags are scratch space, returned for
// reuse with the sentence's words (as the models read them) and tags in them.
func (m *Model) tag(toks []token, words, tags []string) ([]string, []string) {
	words, tags = words[:0], tags[:0]
	for _, t := range toks {
		w := t.text
		switch w {
		case "<":
			w = "(" // Reuters' angle brackets, which neither model saw in training
		case ">":
			w = ")"
		}
		words = append(words, w)
		tags = append(tags, "")
	}
	m.tagger.Tag(words, tags)
	for i := range toks {
		toks[i].tag = tags[i]
	}
	return words, tags
}
