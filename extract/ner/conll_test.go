package ner

import (
	"reflect"
	"strings"
	"testing"
)

func TestReadCoNLL(t *testing.T) {
	tests := map[string]struct {
		in   string
		want []Document
	}{
		"CoNLL-2003 IOB1": {
			in: "-DOCSTART- -X- O O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O\nGerman JJ I-NP I-MISC\n\nPeter NNP I-NP I-PER\nBlackburn NNP I-NP I-PER\n",
			want: []Document{{Sentences: []Sentence{
				{Words: []string{"EU", "rejects", "German"}, Spans: []Span{{0, 1, ORG}, {2, 3, MISC}}},
				{Words: []string{"Peter", "Blackburn"}, Spans: []Span{{0, 2, PER}}},
			}}},
		},
		"IOB1 B- splits adjacent names": {
			in: "a x I-LOC\nb x B-LOC\nc x I-LOC\n",
			want: []Document{{Sentences: []Sentence{
				{Words: []string{"a", "b", "c"}, Spans: []Span{{0, 1, LOC}, {1, 3, LOC}}},
			}}},
		},
		"IOB2 with tabs and ids": {
			in: "-DOCSTART- art-1\nJoe\tB-PER\nBiden\tI-PER\nspoke\tO\n\n-DOCSTART- art-2\nIn\tO\nRafah\tB-LOC\n",
			want: []Document{
				{ID: "art-1", Sentences: []Sentence{{Words: []string{"Joe", "Biden", "spoke"}, Spans: []Span{{0, 2, PER}}}}},
				{ID: "art-2", Sentences: []Sentence{{Words: []string{"In", "Rafah"}, Spans: []Span{{1, 2, LOC}}}}},
			},
		},
		"type change closes a span": {
			in: "a I-PER\nb I-ORG\n",
			want: []Document{{Sentences: []Sentence{
				{Words: []string{"a", "b"}, Spans: []Span{{0, 1, PER}, {1, 2, ORG}}},
			}}},
		},
		"empty documents dropped": {
			in:   "-DOCSTART- -X- O O\n\n-DOCSTART- -X- O O\n\nx O\n",
			want: []Document{{Sentences: []Sentence{{Words: []string{"x"}}}}},
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := ReadCoNLL(strings.NewReader(tt.in), "in.conll")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestReadCoNLLErrors(t *testing.T) {
	tests := map[string]struct{ in, want string }{
		"one column":   {"x O\nlonely\n", "in.conll line 2: want word and entity tag"},
		"unknown type": {"x B-GPE\n", `in.conll line 1: unknown entity type "GPE"`},
		"bad tag":      {"x O\ny PERSON\n", `in.conll line 2: bad entity tag "PERSON"`},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := ReadCoNLL(strings.NewReader(tt.in), "in.conll")
			if err == nil || err.Error() != tt.want {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

// FuzzReadCoNLL: the reader takes user files (train-ner): it returns data or an error,
// never panics, and every span it returns lies inside its sentence.
func FuzzReadCoNLL(f *testing.F) {
	for _, s := range []string{"-DOCSTART- -X- O O\n\nEU NNP I-NP I-ORG\n", "a\tB-PER\nb\tI-PER\n\n", "x I-MISC\ny B-MISC\n", "\n\n\t\n", "a B-\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		docs, err := ReadCoNLL(strings.NewReader(in), "fuzz")
		if err != nil {
			return
		}
		for _, d := range docs {
			for _, s := range d.Sentences {
				last := 0
				for _, sp := range s.Spans {
					if sp.Start < last || sp.End <= sp.Start || sp.End > len(s.Words) || sp.Type < PER || sp.Type > MISC {
						t.Fatalf("bad span %+v in sentence of %d words", sp, len(s.Words))
					}
					last = sp.End
				}
			}
		}
	})
}
