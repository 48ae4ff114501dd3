package extract_test

import (
	"os"
	"testing"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/extract"
)

// FuzzExtract feeds arbitrary text to the extractor: it must never fail (Extract turns a panic
// into an error, so an error is a bug here), and every mention's offsets must point at its text.
func FuzzExtract(f *testing.F) {
	if b, err := os.ReadFile(seedFile); err == nil {
		f.Add(string(b))
	}
	for _, s := range []string{
		"", "date 2024-03-20", "Biden.", "US-Israel-", "“Hamas” ‘Biden’s’ plan",
		"X was criticized by Y.", "A\n\nB\n\n", "Mr. Smith of the U.S. met Dr. J. Doe",
		"Netanyahu's's's", "\xff\xfe broken", "President", "Israeli Prime Minister",
	} {
		f.Add(s)
	}
	x := mustExtractor(f)
	f.Fuzz(func(t *testing.T, text string) {
		r, err := x.Extract(&extract.Article{ID: "fuzz", Text: text})
		if err != nil {
			t.Fatalf("Extract(%q): %v", text, err)
		}
		for _, m := range r.Mentions {
			if m.Start < 0 || m.End > len(text) || m.Start >= m.End {
				t.Fatalf("mention %+v out of range for text of %d bytes", m, len(text))
			}
			if text[m.Start:m.End] != m.Text {
				t.Fatalf("mention %q at [%d,%d) but text is %q", m.Text, m.Start, m.End, text[m.Start:m.End])
			}
			if utf8.ValidString(text) && !utf8.ValidString(m.Text) {
				t.Fatalf("mention %q splits a rune", m.Text)
			}
		}
		for _, e := range r.Edges {
			if e.Source == e.Target {
				t.Fatalf("self edge %+v", e)
			}
		}
	})
}

func BenchmarkExtract(b *testing.B) {
	text, err := os.ReadFile(seedFile)
	if err != nil {
		b.Fatal(err)
	}
	x := mustExtractor(b)
	a := &extract.Article{ID: "seed", Text: string(text)}
	words := 0
	b.ReportAllocs()
	for b.Loop() {
		r, err := x.Extract(a)
		if err != nil {
			b.Fatal(err)
		}
		words += r.Words
	}
	b.ReportMetric(float64(words)/b.Elapsed().Seconds(), "words/s")
}
