package extract

import (
	"slices"
	"strings"
	"sync"
	"testing"
)

var (
	modelOnce sync.Once
	model     *Model
)

func sharedModel() *Model {
	modelOnce.Do(func() { model = LoadModel() })
	return model
}

// perSentence is what tokenizeSentences must equal: prose run on each sentence alone.
func perSentence(m *Model, text string, sents []sentence) [][]token {
	out := make([][]token, len(sents))
	for i, s := range sents {
		out[i] = m.tokenize(text, s.span)
	}
	return out
}

func checkTokenizeSentences(t *testing.T, text string, sents []sentence) {
	t.Helper()
	m := sharedModel()
	// prose panics on some invalid UTF-8 (extract recovers, and skips the article): then
	// both must panic.
	var got, want [][]token
	gotPanic, wantPanic := panics(func() { got = m.tokenizeSentences(text, sents) }), panics(func() { want = perSentence(m, text, sents) })
	if gotPanic != wantPanic {
		t.Fatalf("tokenizeSentences(%q) panics: %v, tokenizing each sentence panics: %v", text, gotPanic, wantPanic)
	}
	if !slices.EqualFunc(got, want, slices.Equal[[]token]) {
		t.Errorf("tokenizeSentences(%q, %v):\n got %v\nwant %v", text, sents, got, want)
	}
}

func TestTokenizeSentences(t *testing.T) {
	// sents are the sentences of text, given as the substrings each starts and ends with.
	spans := func(text string, parts ...string) []sentence {
		var s []sentence
		from := 0
		for i := 0; i+1 < len(parts); i += 2 {
			start := from + strings.Index(text[from:], parts[i])
			end := start + strings.Index(text[start:], parts[i+1]) + len(parts[i+1])
			s = append(s, sentence{span: span{start, end}, index: len(s)})
			from = end
		}
		return s
	}
	tests := []struct {
		text    string
		parts   []string
		aligned bool
	}{
		{"Joe Biden said. Hamas didn't agree.", []string{"Joe", "said.", "Hamas", "agree."}, true},
		{"HEADLINE\n\nMr. Spicer (R) said \u201cno\u201d. Then\u2019s it.", []string{"HEAD", "LINE", "Mr.", "\u201d.", "Then", "it."}, true},
		{"Read more\nIsrael's army, Rafah.", []string{"Israel", "Rafah."}, true}, // the first line is no sentence
		{"U.S.-Israel ties.They said (no).", []string{"U.S.", "ties.", "They", "(no)."}, false},
		{"He said.\"Next\" one.", []string{"He", "said.", "\"Next", "one."}, false},
		{"It&rsquo;s late. Go home.", []string{"It", "late.", "Go", "home."}, false},
	}
	for _, tt := range tests {
		sents := spans(tt.text, tt.parts...)
		if got := alignedSentences(tt.text, sents); got != tt.aligned {
			t.Errorf("alignedSentences(%q, %v) = %v, want %v", tt.text, sents, got, tt.aligned)
		}
		checkTokenizeSentences(t, tt.text, sents)
	}
}

// FuzzTokenizeSentences: on any text, tokenizing the segmenter's sentences at once gives the
// tokens of tokenizing each alone.
func FuzzTokenizeSentences(f *testing.F) {
	for _, s := range []string{"Joe Biden said. Hamas didn't agree.", "A (B) \u201cC\u201d.\n\nD E.F. G:H", "x\u00a0y. z\tw"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkTokenizeSentences(t, text, segment(text))
	})
}

func panics(fn func()) (panicked bool) {
	defer func() { panicked = recover() != nil }()
	fn()
	return false
}

// TestTokenizeKeepsApostropheNames: prose drops "'Malley" of "O'Malley" (a quote then M or
// S, read as "I'm" or "it's"); tokenize gives it back to the token before, so no text is
// lost and the name is one word. Contractions stay split.
func TestTokenizeKeepsApostropheNames(t *testing.T) {
	m := sharedModel()
	for text, want := range map[string][]string{
		"Martin O'Malley said.":       {"Martin", "O'Malley", "said", "."},
		"Ronnie O\u2019Sullivan won":  {"Ronnie", "O\u2019Sullivan", "won"},
		"Mark O'Meara , Fred Couples": {"Mark", "O'Meara", ",", "Fred", "Couples"},
		"He met Sonia O'Shea":         {"He", "met", "Sonia", "O'Shea"},
		"I'm sure it's Blair's.":      {"I", "'m", "sure", "it", "'s", "Blair", "'s", "."},
	} {
		var got []string
		for _, tk := range m.tokenize(text, span{0, len(text)}) {
			if text[tk.start:tk.end] != tk.text {
				t.Errorf("%q: token %q at %d..%d does not match the text", text, tk.text, tk.start, tk.end)
			}
			got = append(got, tk.text)
		}
		if !slices.Equal(got, want) {
			t.Errorf("tokenize(%q) = %q, want %q", text, got, want)
		}
	}
	checkTokenizeSentences(t, "Martin O'Malley said. Ronnie O'Sullivan won.", []sentence{{span: span{0, 21}}, {span: span{22, 44}}})
}

func TestCompoundParts(t *testing.T) {
	known := func(s string) bool { return s == "US" || s == "Israel" || s == "Moscow" || s == "Labour" }
	for s, want := range map[string][]string{
		"US-Israel":      {"US", "Israel"},
		"Moscow-based":   {"Moscow", "based"},
		"Labour-led":     {"Labour", "led"},
		"US-owned-by":    {"US", "owned-by"},
		"Moscow-Berlin":  nil, // a part the gazetteer does not know
		"Moscow-Based":   nil, // a capitalized tail is a name of its own
		"Paris-based":    nil, // the head is not known
		"Moscow-":        nil,
		"Moscow-based-":  nil,
		"moscow-based":   nil,
		"Moscow":         nil,
		"US-Israel-Iran": nil,
	} {
		if got := compoundParts(s, known); !slices.Equal(got, want) {
			t.Errorf("compoundParts(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestFixTokens: the words fixTokens splits or joins, with offsets that still index the text.
func TestFixTokens(t *testing.T) {
	m := sharedModel()
	for text, want := range map[string][]string{
		"I've said I'd go, we'll see.":    {"I", "'ve", "said", "I", "'d", "go", ",", "we", "'ll", "see", "."},
		"They\u2019re here and I cannot.": {"They", "\u2019re", "here", "and", "I", "can", "not", "."},
		"George W. Bush saw the Red Sea.": {"George", "W.", "Bush", "saw", "the", "Red", "Sea", "."},
		"O'Neill and D'Arcy stayed.":      {"O'Neill", "and", "D'Arcy", "stayed", "."},
		"He joined World Airways Inc.":    {"He", "joined", "World", "Airways", "Inc."},
		"Rhone-Poulenc <RHON.PA> sold <Sedio N.V.> to <Woodco Inc>.": {"Rhone-Poulenc", "<", "RHON.PA", ">", "sold",
			"<", "Sedio", "N.V.", ">", "to", "<", "Woodco", "Inc", ">", "."},
		"x <y> and 3<4 but a <> b": {"x", "<", "y", ">", "and", "3<4", "but", "a", "<>", "b"},
	} {
		var got []string
		for _, tk := range fixTokens(m.tokenize(text, span{0, len(text)})) {
			if text[tk.start:tk.end] != tk.text {
				t.Errorf("%q: token %q at %d..%d does not match the text", text, tk.text, tk.start, tk.end)
			}
			got = append(got, tk.text)
		}
		if !slices.Equal(got, want) {
			t.Errorf("fixTokens(%q) = %q, want %q", text, got, want)
		}
	}
}
