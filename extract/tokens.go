package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jdkato/prose/v2"

	"github.com/newsgraph/newsgraph/extract/pos"
)

// token is a word of a sentence with its part-of-speech tag, prose's IOB entity label, and its
// byte offsets into Article.Text.
type token struct {
	text  string
	tag   string
	label string // prose NER label without the IOB prefix ("PERSON", "GPE", …) or ""
	span
}

// Model wraps prose's trained models: its tokenizer, its part-of-speech tagger (run
// deterministically by newsgraph's own code on prose's weights) and its entity model.
// Loading takes a few hundred milliseconds, so build one and share it; it is read-only and
// safe for concurrent use.
type Model struct {
	prose  *prose.Model
	tagger *pos.Tagger
}

// LoadModel loads prose's built-in English models. They are compiled into the binary, so
// failing to decode them is a broken build, not a runtime condition: it panics.
func LoadModel() *Model {
	doc, _ := prose.NewDocument("", prose.WithSegmentation(false))
	t, err := pos.Load()
	if err != nil {
		panic(err)
	}
	return &Model{prose: doc.Model, tagger: t}
}

// quoteFold maps the characters prose's tokenizer rewrites (curly quotes) back to what it
// writes, so its tokens can be found in the original text.
var quoteFold = map[rune]byte{'“': '"', '”': '"', '‘': '\'', '’': '\''}

// tokenize runs prose over one sentence and locates every token in text. prose returns no
// offsets and rewrites curly quotes, so the sentence is folded the same way with a map from
// folded to original offsets, and tokens are found in order.
func (m *Model) tokenize(text string, s span, ner bool) []token {
	raw := text[s.start:s.end]
	folded, offs := foldQuotes(raw)
	// Without NER, prose only tokenizes and newsgraph's tagger tags. With it, prose tags too:
	// its entity model was trained on its own tagger's output (and is not deterministic).
	doc, err := prose.NewDocument(folded, prose.UsingModel(m.prose),
		prose.WithSegmentation(false), prose.WithTagging(ner), prose.WithExtraction(ner))
	if err != nil {
		return nil
	}
	ptoks := doc.Tokens()
	out := make([]token, 0, len(ptoks)+2)
	cursor := 0
	for _, pt := range ptoks {
		i := strings.Index(folded[cursor:], pt.Text)
		if i < 0 {
			continue // prose invented text (it does not); skip rather than misplace
		}
		start := cursor + i
		end := start + len(pt.Text)
		cursor = end
		label := ""
		if pt.Label != "" && pt.Label != "O" {
			label = pt.Label[strings.IndexByte(pt.Label, '-')+1:]
		}
		out = append(out, token{
			text:  raw[offs[start]:offs[end]],
			tag:   pt.Tag,
			label: label,
			span:  span{s.start + offs[start], s.start + offs[end]},
		})
	}
	if !ner {
		words, tags := make([]string, len(out)), make([]string, len(out))
		for i := range out {
			words[i] = out[i].text
		}
		m.tagger.Tag(words, tags)
		for i := range out {
			out[i].tag = tags[i]
		}
	}
	return out
}

// foldQuotes returns raw with curly quotes folded to ASCII and, for every byte of the result
// (and one past the end), the matching offset in raw.
func foldQuotes(raw string) (string, []int) {
	if !strings.ContainsAny(raw, "“”‘’") {
		offs := make([]int, len(raw)+1)
		for i := range offs {
			offs[i] = i
		}
		return raw, offs
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

// fixTokens repairs two habits of prose's tokenizer: it splits an initial from its period
// ("George W. Bush" gives "W" and "."), and keeps a sentence-final period on a short
// capitalized word it takes for an abbreviation ("the Red Sea." gives "Sea.").
func fixTokens(toks []token) []token {
	out := toks[:0]
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if len(t.text) == 1 && t.text[0] >= 'A' && t.text[0] <= 'Z' && i+1 < len(toks) &&
			toks[i+1].text == "." && toks[i+1].start == t.end {
			t.text += "."
			t.end++
			t.tag = "NNP"
			out = append(out, t)
			i++
			continue
		}
		if i == len(toks)-1 && len(t.text) > 2 && strings.HasSuffix(t.text, ".") && isCapitalized(t.text) &&
			!strings.Contains(t.text[:len(t.text)-1], ".") {
			word := t
			word.text, word.end = t.text[:len(t.text)-1], t.end-1
			out = append(out, word, token{text: ".", tag: ".", span: span{t.end - 1, t.end}})
			continue
		}
		out = append(out, t)
	}
	return out
}

// splitCompounds splits capitalized hyphenated compounds whose parts are known names
// ("US-Israel", "Israel-Palestine") into their parts, which prose keeps as one token.
func splitCompounds(toks []token, known func(string) bool) []token {
	out := toks[:0:0]
	for _, t := range toks {
		parts := strings.Split(t.text, "-")
		if len(parts) < 2 || !isCapitalized(t.text) {
			out = append(out, t)
			continue
		}
		ok := true
		for _, p := range parts {
			if !known(p) {
				ok = false
				break
			}
		}
		if !ok {
			out = append(out, t)
			continue
		}
		pos := t.start
		for i, p := range parts {
			if i > 0 {
				out = append(out, token{text: "-", tag: "HYPH", span: span{pos, pos + 1}})
				pos++
			}
			out = append(out, token{text: p, tag: "NNP", span: span{pos, pos + len(p)}})
			pos += len(p)
		}
	}
	return out
}

func isCapitalized(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}
