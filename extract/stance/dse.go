package stance

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Label is a DSE directed-sentiment label of an entity pair (P, Q), P first in the text.
type Label uint8

// DSE labels (Park, Pan & Joo 2021, "Who Blames or Endorses Whom?").
const (
	Neutral Label = iota // no sentiment between them
	PosPQ                // P is positive about Q
	PosQP                // Q is positive about P
	NegPQ                // P is negative about Q
	NegQP                // Q is negative about P
	numClasses
)

var labelNames = [numClasses]string{"neutral", "P→Q +", "Q→P +", "P→Q −", "Q→P −"}

func (l Label) String() string {
	if l < numClasses {
		return labelNames[l]
	}
	return "Label(" + strconv.Itoa(int(l)) + ")"
}

// LabelOf is the label of a stance between P and Q: from P when fromP, with sign.
func LabelOf(fromP bool, sign int) Label {
	switch {
	case sign > 0 && fromP:
		return PosPQ
	case sign > 0:
		return PosQP
	case sign < 0 && fromP:
		return NegPQ
	case sign < 0:
		return NegQP
	}
	return Neutral
}

// Example is one DSE row: a sentence with its two bracketed entity spans (byte offsets into
// Text, brackets removed) and the label.
type Example struct {
	Text  string
	P, Q  [2]int
	Label Label
	Line  int // row number in the file, for messages
}

// ReadDSE reads a DSE file (bywords/directed_sentiment_analysis: dataset/train.txt or
// valid.txt): sentence, p, q, label, tab-separated, CSV-quoted where a writer quoted them.
// The two entities are the bracketed spans of the sentence. A span that ends inside a word
// ("[Los Angele]s") is extended to the word's end, a trailing apostrophe ("[Kasich’]s") is
// dropped. Rows that cannot be read are skipped and returned as errors with their line; the
// error is non-nil only when the file itself cannot be read.
func ReadDSE(r io.Reader, file string) (examples []Example, bad []error, err error) {
	cr := csv.NewReader(r)
	cr.Comma = '\t'
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return examples, bad, nil
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				bad = append(bad, fmt.Errorf("%s line %d: %v", file, line, pe.Err))
				continue
			}
			return examples, bad, fmt.Errorf("%s: %w", file, err)
		}
		ex, err := parseRow(rec)
		if err != nil {
			bad = append(bad, fmt.Errorf("%s line %d: %w", file, line, err))
			continue
		}
		ex.Line = line
		examples = append(examples, ex)
	}
}

func parseRow(rec []string) (Example, error) {
	if len(rec) != 4 {
		return Example{}, fmt.Errorf("want 4 columns (sentence, p, q, label), got %d", len(rec))
	}
	n, err := strconv.Atoi(strings.TrimSpace(rec[3]))
	if err != nil || n < 0 || n >= int(numClasses) {
		return Example{}, fmt.Errorf("label %q: want 0-4", rec[3])
	}
	var b strings.Builder
	var spans [][2]int
	open := -1
	for i := 0; i < len(rec[0]); i++ {
		switch c := rec[0][i]; {
		case c == '[' && open < 0:
			open = b.Len()
		case c == ']' && open >= 0:
			spans = append(spans, [2]int{open, b.Len()})
			open = -1
		default:
			b.WriteByte(c)
		}
	}
	if len(spans) != 2 || open >= 0 {
		return Example{}, fmt.Errorf("want exactly two [bracketed] entities")
	}
	ex := Example{Text: b.String(), Label: Label(n)}
	for i, sp := range spans {
		sp = fixSpan(ex.Text, sp)
		if sp[1] <= sp[0] {
			return Example{}, fmt.Errorf("entity %d is empty", i+1)
		}
		if i == 0 {
			ex.P = sp
		} else {
			ex.Q = sp
		}
	}
	return ex, nil
}

// fixSpan drops a trailing apostrophe, extends a span cut inside a word to the word's end,
// and trims white space.
func fixSpan(text string, sp [2]int) [2]int {
	s, e := sp[0], sp[1]
	for e > s {
		r, n := utf8.DecodeLastRuneInString(text[s:e])
		if r != '\'' && r != '’' && !unicode.IsSpace(r) {
			break
		}
		e -= n
	}
	if e == sp[1] { // nothing dropped: a cut word goes on to its end
		for e < len(text) {
			r, n := utf8.DecodeRuneInString(text[e:])
			if !unicode.IsLetter(r) {
				break
			}
			e += n
		}
	}
	for s < e {
		r, n := utf8.DecodeRuneInString(text[s:])
		if !unicode.IsSpace(r) {
			break
		}
		s += n
	}
	return [2]int{s, e}
}

// Unseen returns the examples of valid whose sentence (brackets removed, case and white
// space folded) is not one of train's: DSE's valid split repeats a quarter of train
// verbatim, and scoring those would measure memory.
func Unseen(valid, train []Example) []Example {
	seen := make(map[string]bool, len(train))
	for _, ex := range train {
		seen[normalize(ex.Text)] = true
	}
	var out []Example
	for _, ex := range valid {
		if !seen[normalize(ex.Text)] {
			out = append(out, ex)
		}
	}
	return out
}

func normalize(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }
