package extract

import (
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// span is a half-open byte range of the article text.
type span struct{ start, end int }

// sentence is one sentence of the article, located by byte offsets into Article.Text.
type sentence struct {
	span
	index int // position among the article's sentences
}

// maxSentence bounds a sentence so that a pathological "sentence" (a table, a wall of text
// without punctuation) cannot make the quadratic stance search blow up.
const maxSentence = 2000

// segment splits text into sentences. Prose's own splitter reloads its data on every call and
// loses offsets; this one keeps offsets and knows the shapes news text takes: blocks separated
// by blank lines, headings (a short line with no final punctuation), a leading "date
// YYYY-MM-DD" metadata line and boilerplate lines are not sentences.
func segment(text string) []sentence {
	var out []sentence
	text = text[:signOff(text)]
	pos := skipDateline(text)
	if m := wireDateline.FindStringIndex(text[pos:]); m != nil {
		pos += m[1]
	}
	for pos < len(text) {
		block, next := nextBlock(text, pos)
		pos = next
		if isHeading(text[block.start:block.end]) || isBoilerplate(text[block.start:block.end]) {
			continue
		}
		for _, part := range tableRows(text, block) {
			for _, s := range splitSentences(text, part) {
				out = append(out, sentence{span: s, index: len(out)})
			}
		}
	}
	return out
}

// signOffs are the agency credits a wire story ends with ("... total 55.8.  REUTER").
var signOffs = map[string]bool{"Reuter": true, "REUTER": true, "REUTERS": true}

// signOff returns where the text's closing agency credit starts, or len(text): it is
// metadata, and the entity model took it for a person. Reuters-21578 ends some stories
// "REUTER..." or "REUTER...^M" (a control character written out).
func signOff(text string) int {
	end := len(strings.TrimRightFunc(text, unicode.IsSpace))
	start := strings.LastIndexFunc(text[:end], unicode.IsSpace) + 1
	word := strings.TrimRight(strings.TrimSuffix(text[start:end], "^M"), ".")
	if start > 0 && signOffs[word] {
		return start
	}
	return len(text)
}

// wireDateline matches a news-wire dateline opening the text: "WASHINGTON (Reuters) - ",
// "SALVADOR, Feb 26 - ", "LONDON — ". It is metadata, not part of the first sentence.
var wireDateline = regexp.MustCompile(`^\s*[A-Z][A-Z.'\- ]{1,40}(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*(?:\([A-Za-z .&]+\))?\s*(?:-|–|—|--)\s+`)

// skipDateline returns the offset just past a leading dateline, or 0.
func skipDateline(text string) int {
	if _, end := ParseDateline(text); end > 0 {
		return end
	}
	return 0
}

// ParseDateline reads the metadata line plain-text articles start with (the seed format):
// after optional white space, "date YYYY-MM-DD" (any case, an optional colon after "date").
// It returns the date and the offset just past it, or "" and 0. The date must be a real
// calendar date followed by white space or the end of the text, so "date 2024-03-201" is
// not taken for the 20th.
func ParseDateline(text string) (date string, end int) {
	s := strings.TrimLeft(text, " \t\r\n\ufeff")
	if len(s) < 4 || !strings.EqualFold(s[:4], "date") {
		return "", 0
	}
	rest := strings.TrimLeft(s[4:], " \t")
	if strings.HasPrefix(rest, ":") {
		rest = strings.TrimLeft(rest[1:], " \t")
	}
	if len(rest) == len(s)-4 || len(rest) < len(time.DateOnly) {
		return "", 0 // "date" glued to what follows, like "dated", or too short
	}
	d, after := rest[:len(time.DateOnly)], rest[len(time.DateOnly):]
	if after != "" && !strings.ContainsRune(" \t\r\n", rune(after[0])) {
		return "", 0
	}
	if _, err := time.Parse(time.DateOnly, d); err != nil {
		return "", 0
	}
	return d, len(text) - len(after)
}

// nextBlock returns the block at or after pos (up to a blank line, surrounding white space
// trimmed) and where the next block starts.
func nextBlock(text string, pos int) (block span, next int) {
	for pos < len(text) && isSpace(text[pos]) {
		pos++
	}
	i := pos
	for i < len(text) {
		nl := strings.IndexByte(text[i:], '\n')
		if nl < 0 {
			break
		}
		j := i + nl + 1
		k := j
		for k < len(text) && (text[k] == ' ' || text[k] == '\t' || text[k] == '\r') {
			k++
		}
		if k < len(text) && text[k] == '\n' {
			// Blank line: the block ends here.
			return span{pos, trimRight(text, pos, i+nl)}, k
		}
		i = j
	}
	return span{pos, trimRight(text, pos, len(text))}, len(text)
}

func trimRight(text string, start, end int) int {
	for end > start && isSpace(text[end-1]) {
		end--
	}
	return end
}

func isSpace(b byte) bool {
	return b == ' ' || b == '\n' || b == '\t' || b == '\r' || b == '\f' || b == '\v'
}

// tableRows splits a block at the rows of a table it contains: a line with a column gap
// (two spaces or a tab between words) is a sentence of its own, as in wire-service tables of
// prices or results, so that no name runs from one row into the next; the other lines keep
// their sentences, wrapped or not.
func tableRows(text string, b span) []span {
	var out []span
	prose := -1 // start of the current run of non-table lines
	for ls := b.start; ls < b.end; {
		le := strings.IndexByte(text[ls:b.end], '\n')
		if le < 0 {
			le = b.end
		} else {
			le += ls
		}
		if hasColumnGap(text[ls:le]) {
			if prose >= 0 {
				out = append(out, span{prose, ls})
				prose = -1
			}
			out = append(out, span{ls, le})
		} else if prose < 0 {
			prose = ls
		}
		ls = le + 1
	}
	if prose >= 0 {
		out = append(out, span{prose, b.end})
	}
	return out
}

// hasColumnGap reports whether a line has two spaces or a tab between two non-space
// characters. Indentation does not count, nor two spaces after a sentence's end ("He left.
// Then …", as typists used to write).
func hasColumnGap(line string) bool {
	line = strings.TrimSpace(line)
	for i := 1; i < len(line); i++ {
		if line[i] != '\t' && (line[i] != ' ' || line[i-1] != ' ') {
			continue
		}
		k := i - 1
		for k > 0 && (line[k] == ' ' || line[k] == '\t') {
			k--
		}
		if !strings.ContainsRune(".!?;:\"')", rune(line[k])) {
			return true
		}
	}
	return false
}

// isHeading reports whether a block is a section heading: one short line without sentence
// punctuation at its end ("Diverging Paths", "The Road Ahead").
func isHeading(b string) bool {
	if b == "" || strings.ContainsRune(b, '\n') {
		return false
	}
	if countWords(b) > 10 {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(b)
	return !strings.ContainsRune(".!?:;\"'”’)…", last)
}

var boilerplate = []string{"read more", "copyright", "all rights reserved", "advertisement", "click here", "sign up for", "follow us on", "share this"}

// isBoilerplate reports whether a block is a short site-furniture line rather than prose.
func isBoilerplate(b string) bool {
	if len(b) > 160 {
		return false
	}
	l := strings.ToLower(b)
	for _, p := range boilerplate {
		if strings.HasPrefix(l, p) || strings.HasPrefix(l, "© ") || strings.HasPrefix(l, "(c) ") {
			return true
		}
	}
	return false
}

// abbreviations end with a period that does not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "jr": true, "sr": true, "prof": true,
	"gen": true, "col": true, "lt": true, "sgt": true, "capt": true, "gov": true, "sen": true, "rep": true,
	"rev": true, "hon": true, "inc": true, "corp": true, "co": true, "ltd": true, "plc": true, "vs": true,
	"etc": true, "no": true, "jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true,
	"aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "mt": true, "ft": true,
	"e.g": true, "i.e": true, "a.m": true, "p.m": true, "u.s": true, "u.k": true, "u.n": true, "approx": true,
}

// splitSentences splits a block at sentence-final punctuation followed by space and an
// upper-case letter, digit or opening quote, except after abbreviations and initials.
func splitSentences(text string, b span) []span {
	var out []span
	start := b.start
	emit := func(end int) {
		for start < end && isSpace(text[start]) {
			start++
		}
		end = trimRight(text, start, end)
		for end-start > maxSentence {
			cut := start + maxSentence
			for cut > start && !utf8.RuneStart(text[cut]) {
				cut--
			}
			if cut == start {
				cut = start + maxSentence // no rune boundary at all: invalid UTF-8
			}
			out = append(out, span{start, cut})
			start = cut
		}
		if end > start {
			out = append(out, span{start, end})
		}
	}
	for i := b.start; i < b.end; i++ {
		c := text[i]
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		j := i + 1
		for j < b.end && strings.IndexByte(`"')]`, text[j]) >= 0 {
			j++
		}
		for j < b.end && j+2 < len(text) && (strings.HasPrefix(text[j:], "”") || strings.HasPrefix(text[j:], "’")) {
			j += 3
		}
		if j >= b.end || !isSpace(text[j]) {
			continue
		}
		k := j
		for k < b.end && isSpace(text[k]) {
			k++
		}
		if k >= b.end {
			continue
		}
		r, _ := utf8.DecodeRuneInString(text[k:])
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) && !strings.ContainsRune(`"'“‘(`, r) {
			continue
		}
		if c == '.' && isAbbreviation(text, b.start, i) {
			continue
		}
		emit(j)
		start = j
		i = j - 1
	}
	emit(b.end)
	return out
}

// isAbbreviation reports whether the period at text[dot] ends an abbreviation or an initial.
func isAbbreviation(text string, from, dot int) bool {
	w := dot
	for w > from && !isSpace(text[w-1]) && text[w-1] != '(' && text[w-1] != '"' {
		w--
	}
	word := strings.ToLower(text[w:dot])
	if abbreviations[word] {
		return true
	}
	// A single capital letter ("J. Smith") is an initial.
	if len(word) == 1 && text[w] >= 'A' && text[w] <= 'Z' {
		return true
	}
	// Dotted acronyms ("U.S.", "a.m.") are abbreviations unless they end the block.
	return strings.Count(word, ".") >= 1 && len(word) <= 6
}
