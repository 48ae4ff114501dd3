package eval

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// seedFrom adds the first bytes of a shipped gold file to f's corpus.
func seedFrom(f *testing.F, name string) {
	b, err := os.ReadFile(filepath.Join(goldDir, name))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b[:min(len(b), 2000)])
}

func FuzzReadCoNLL(f *testing.F) {
	seedFrom(f, NERFile)
	f.Add([]byte("-DOCSTART- a\nX\tI-PER\n\n\nY\tO\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		docs, err := ReadCoNLL(bytes.NewReader(b))
		if err != nil {
			return
		}
		for _, d := range docs {
			for _, s := range d.Sentences {
				if len(s) == 0 {
					t.Fatal("empty sentence")
				}
				tags := make([]string, len(s))
				for i, tok := range s {
					tags[i] = tok.Tag
				}
				if _, err := SpansFromBIO(d.ID, tags); err != nil {
					t.Fatalf("accepted tags that SpansFromBIO rejects: %v", err)
				}
			}
		}
	})
}

func FuzzReadArticles(f *testing.F) {
	seedFrom(f, ArticlesFile)
	f.Add([]byte("a\tdev\t\"x\\ty\"\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		arts, err := ReadArticles(bytes.NewReader(b))
		if err != nil {
			return
		}
		for _, a := range arts {
			if a.ID == "" || a.Text == "" || (a.Split != Dev && a.Split != Heldout) {
				t.Fatalf("accepted %+v", a)
			}
		}
	})
}

func FuzzReadResolution(f *testing.F) {
	seedFrom(f, ResolutionFile)
	f.Fuzz(func(t *testing.T, b []byte) {
		ms, err := ReadResolution(bytes.NewReader(b))
		if err != nil {
			return
		}
		for _, m := range ms {
			if m.Start < 0 || m.End <= m.Start || m.Cluster == "" {
				t.Fatalf("accepted %+v", m)
			}
		}
	})
}

func FuzzReadStance(f *testing.F) {
	seedFrom(f, StanceFile)
	f.Fuzz(func(t *testing.T, b []byte) {
		rows, err := ReadStance(bytes.NewReader(b))
		if err != nil {
			return
		}
		for _, r := range rows {
			if r.None != (r.Source == "") || r.Sign < -1 || r.Sign > 1 || !validCategory(r.Category) {
				t.Fatalf("accepted %+v", r)
			}
		}
	})
}

// FuzzLocate checks that the prose baseline's search only returns spans that are in the
// text and start at or after the cursor.
func FuzzLocate(f *testing.F) {
	f.Add("Israel’s army", 0, "Israel 's")
	f.Add("New\n York", 1, "York")
	f.Fuzz(func(t *testing.T, text string, from int, phrase string) {
		if from < 0 || from > len(text) {
			return
		}
		s, e, ok := locate(text, from, phrase)
		if ok && (s < from || e > len(text) || s > e) {
			t.Fatalf("locate(%q, %d, %q) = %d, %d", text, from, phrase, s, e)
		}
	})
}
