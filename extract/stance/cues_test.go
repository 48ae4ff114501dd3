package stance

import (
	"strings"
	"testing"
)

func TestDefaultLexicon(t *testing.T) {
	l, err := DefaultLexicon()
	if err != nil {
		t.Fatal(err)
	}
	if l.Len() < 1000 {
		t.Errorf("%d readings, want the 1,500 of cameo.tsv", l.Len())
	}
	tests := map[string]struct {
		kind Kind
		sign int
	}{"criticized": {Verb, -1}, "praised": {Verb, 1}, "criticism": {Noun, -1}, "met": {Verb, 0}}
	for form, want := range tests {
		found := false
		for _, c := range l.LookupString(form) {
			if c.Kind == want.kind {
				found = true
				if c.Sign != want.sign {
					t.Errorf("%s: sign %d, want %d", form, c.Sign, want.sign)
				}
			}
		}
		if !found {
			t.Errorf("%s: no %v reading", form, want.kind)
		}
	}
	if !l.is(speechWord, "said") || l.is(speechWord, "criticized") || !l.is(refusalWord, "refused") {
		t.Error("word lists not loaded")
	}
}

// FuzzReadLexicon: a cue table is a file a user may edit; reading it never panics and every
// form read can be looked up.
func FuzzReadLexicon(f *testing.F) {
	f.Add("criticized\tcriticize\tverb\t\tobj\t111\tverbal_conflict\t-1\tmanual\n")
	f.Add("lashed out\tlash out at\tverb\tat\tprep\t111\tverbal_conflict\t-1\tpetrarch\n")
	f.Add("x\ty\tnoun\t\tprep\t1\tverbal_conflict\t0\n")
	f.Fuzz(func(t *testing.T, in string) {
		l, err := ReadLexicon(strings.NewReader(in), "fuzz.tsv")
		if err != nil {
			return
		}
		for i, form := range l.forms {
			if len(l.LookupString(form)) == 0 {
				t.Fatalf("form %q (reading %d) cannot be looked up", form, i)
			}
		}
	})
}
