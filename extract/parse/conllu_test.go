package parse

import (
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
)

// readAll reads every sentence, collecting syntax errors as the trainer does.
func readAll(t testing.TB, in string) ([]*Sentence, []*SyntaxError) {
	t.Helper()
	r := NewReader(strings.NewReader(in))
	var sents []*Sentence
	var bad []*SyntaxError
	for {
		s, err := r.Read()
		var se *SyntaxError
		switch {
		case err == io.EOF:
			return sents, bad
		case errors.As(err, &se):
			bad = append(bad, se)
		case err != nil:
			t.Fatalf("Read: %v", err)
		default:
			sents = append(sents, s)
		}
	}
}

const twoSentences = `# sent_id = a-1
# text = I don't know.
1	I	I	PRON	PRP	_	4	nsubj	_	_
2-3	don't	_	_	_	_	_	_	_	_
2	do	do	AUX	VBP	_	4	aux	_	_
3	n't	not	PART	RB	_	4	advmod	_	_
4	know	know	VERB	VB	_	0	root	_	SpaceAfter=No
4.1	knew	know	VERB	VBD	_	_	_	4:conj	_
5	.	.	PUNCT	.	_	4	punct	_	_

# sent_id = a-2
1	Met	meet	VERB	VBD	_	0	root	_	_
2	Monday	Monday	PROPN	NNP	_	1	obl:tmod	_	_
`

func TestReader(t *testing.T) {
	sents, bad := readAll(t, twoSentences)
	if len(bad) > 0 {
		t.Fatalf("errors: %v", bad)
	}
	if len(sents) != 2 {
		t.Fatalf("got %d sentences, want 2", len(sents))
	}
	s := sents[0]
	if s.ID != "a-1" || s.Text != "I don't know." || s.Line != 3 {
		t.Errorf("ID %q Text %q Line %d", s.ID, s.Text, s.Line)
	}
	if want := []string{"I", "do", "n't", "know", "."}; !slices.Equal(s.Words, want) {
		t.Errorf("words %q, want %q (multiword token and empty node skipped)", s.Words, want)
	}
	if want := []int{3, 3, 3, -1, 3}; !slices.Equal(s.Heads, want) {
		t.Errorf("heads %v, want %v", s.Heads, want)
	}
	if want := []Label{Nsubj, Aux, Advmod, Root, Punct}; !slices.Equal(s.Labels, want) {
		t.Errorf("labels %v, want %v", s.Labels, want)
	}
	if want := []string{"PRP", "VBP", "RB", "VB", "."}; !slices.Equal(s.Tags, want) {
		t.Errorf("tags %v, want %v", s.Tags, want)
	}
	if got := sents[1].Labels[1]; got != OblUnmarked {
		t.Errorf("obl:tmod read as %v, want obl:unmarked", got)
	}
}

// TestReaderErrors: each malformed sentence is one error naming its line, and the
// sentences around it are still read.
func TestReaderErrors(t *testing.T) {
	good := "1\tOK\tok\tINTJ\tUH\t_\t0\troot\t_\t_\n"
	tests := map[string]struct {
		bad  string
		line int // within the bad sentence, 1-based
		msg  string
	}{
		"too few fields": {"1\tx\tx\tX\n", 1, "want 10 tab-separated fields, got 4"},
		"bad ID":         {"1\ta\ta\tX\tX\t_\t0\troot\t_\t_\nx\tb\tb\tX\tX\t_\t1\tdep\t_\t_\n", 2, `ID "x" out of sequence`},
		"ID gap":         {"1\ta\ta\tX\tX\t_\t0\troot\t_\t_\n3\tb\tb\tX\tX\t_\t1\tdep\t_\t_\n", 2, `ID "3" out of sequence: want 2`},
		"bad range":      {"1-x\tab\t_\t_\t_\t_\t_\t_\t_\t_\n", 1, `bad ID "1-x"`},
		"head too big":   {"1\ta\ta\tX\tX\t_\t0\troot\t_\t_\n2\tb\tb\tX\tX\t_\t7\tdep\t_\t_\n", 2, `bad HEAD "7"`},
		"head not int":   {"1\ta\ta\tX\tX\t_\t_\troot\t_\t_\n", 1, `bad HEAD "_"`},
		"self head":      {"1\ta\ta\tX\tX\t_\t1\troot\t_\t_\n", 1, `bad HEAD "1"`},
		"cycle":          {"1\ta\ta\tX\tX\t_\t2\tdep\t_\t_\n2\tb\tb\tX\tX\t_\t1\tdep\t_\t_\n3\tc\tc\tX\tX\t_\t0\troot\t_\t_\n", 1, "cycle"},
		"unknown label":  {"1\ta\ta\tX\tX\t_\t0\tfrobnicate\t_\t_\n", 1, `unknown DEPREL "frobnicate"`},
		"empty form":     {"1\t\ta\tX\tX\t_\t0\troot\t_\t_\n", 1, "empty FORM"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			in := good + "\n# a comment\n" + tc.bad + "\n" + good
			sents, bad := readAll(t, in)
			if len(sents) != 2 {
				t.Errorf("read %d good sentences, want 2", len(sents))
			}
			if len(bad) != 1 {
				t.Fatalf("errors %v, want one", bad)
			}
			// the bad sentence starts on line 4 (good, blank, comment)
			if want := 3 + tc.line; bad[0].Line != want || !strings.Contains(bad[0].Msg, tc.msg) {
				t.Errorf("error %q, want line %d: …%s…", bad[0], want, tc.msg)
			}
		})
	}
}

func TestReaderLongLine(t *testing.T) {
	in := "1\tok\tok\tX\tX\t_\t0\troot\t_\t_\n\n1\t" + strings.Repeat("x", maxLine) + "\n"
	r := NewReader(strings.NewReader(in))
	if _, err := r.Read(); err != nil {
		t.Fatal(err)
	}
	_, err := r.Read()
	var se *SyntaxError
	if !errors.As(err, &se) || se.Line != 3 {
		t.Fatalf("error %v, want a syntax error on line 3", err)
	}
	if _, err := r.Read(); err != io.EOF {
		t.Fatalf("after an overlong line: %v, want EOF", err)
	}
}

// FuzzReader: arbitrary input never panics; every error names a line inside the input;
// every sentence read is a well-formed tree that the parser can parse.
func FuzzReader(f *testing.F) {
	f.Add(twoSentences)
	f.Add("1\ta\ta\tX\tX\t_\t2\tdep\t_\t_\n2\tb\tb\tX\tX\t_\t1\tdep\t_\t_\n")
	f.Add("1-2\tab\t_\t_\t_\t_\t_\t_\t_\t_\n1\ta\t_\t_\t_\t_\t0\troot\t_\t_\n\n\n#\n")
	f.Add("# text = x\r\n1\tx\tx\tX\t_\t_\t0\tnmod:foo\t_\t_\r\n")
	p := Default()
	f.Fuzz(func(t *testing.T, in string) {
		lines := strings.Count(in, "\n") + 1
		r := NewReader(strings.NewReader(in))
		var tree Tree
		for range lines + 1 {
			s, err := r.Read()
			if err == io.EOF {
				return
			}
			if err != nil {
				var se *SyntaxError
				if !errors.As(err, &se) {
					t.Fatalf("non-syntax error on in-memory input: %v", err)
				}
				if se.Line < 1 || se.Line > lines {
					t.Fatalf("error %v names a line outside the %d-line input", se, lines)
				}
				continue
			}
			n := s.Len()
			if n == 0 || len(s.Tags) != n || len(s.Heads) != n || len(s.Labels) != n {
				t.Fatalf("sentence with %d words, %d tags, %d heads, %d labels", n, len(s.Tags), len(s.Heads), len(s.Labels))
			}
			if cycle(s.Heads) >= 0 {
				t.Fatalf("heads %v have a cycle", s.Heads)
			}
			for i, h := range s.Heads {
				if h < -1 || h >= n || h == i || s.Labels[i] == NoLabel {
					t.Fatalf("word %d: head %d label %v", i, h, s.Labels[i])
				}
			}
			p.ParseInto(&tree, s.Words, s.Tags)
			if tree.Len() != n {
				t.Fatalf("parsed %d words of %d", tree.Len(), n)
			}
		}
		t.Fatalf("more Read calls than lines without EOF")
	})
}
