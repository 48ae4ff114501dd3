package extract

import (
	"strings"
	"testing"
)

// FuzzLoadGazetteer: a user's --gazetteer file is untrusted. Loading returns an error or
// succeeds; after success every alias of every line resolves to its line's name.
func FuzzLoadGazetteer(f *testing.F) {
	f.Add("Joe Biden\tPerson\tBiden|President Biden\n")
	f.Add("# comment\n\nHamas\tOrganization\n")
	f.Add("X\tPlanet\n")
	f.Add("\t\t\n")
	f.Fuzz(func(t *testing.T, in string) {
		l, err := DefaultLexicon()
		if err != nil {
			t.Fatal(err)
		}
		if err := l.LoadGazetteer(strings.NewReader(in), "fuzz.tsv"); err != nil {
			return
		}
		// The last line naming an alias wins, as documented, so check only unique aliases.
		want := map[string]string{}
		count := map[string]int{}
		for _, line := range strings.Split(in, "\n") {
			line = strings.TrimRight(line, "\r")
			fs := strings.Split(line, "\t")
			if strings.HasPrefix(line, "#") || len(fs) < 3 || strings.TrimSpace(line) == "" {
				continue
			}
			for _, a := range strings.Split(fs[2], "|") {
				if a = strings.TrimSpace(a); a != "" && ID(a) != "" {
					want[normalize(a)] = strings.TrimSpace(fs[0])
					count[normalize(a)]++
				}
			}
		}
		for a, name := range want {
			if count[a] == 1 && l.aliases[a] != name {
				t.Fatalf("alias %q resolves to %q, want %q", a, l.aliases[a], name)
			}
		}
	})
}

// FuzzLoadAliases: a user's --aliases file is untrusted; a loaded pair resolves.
func FuzzLoadAliases(f *testing.F) {
	f.Add("US\tUnited States\n")
	f.Add("a\tb\tc\n")
	f.Fuzz(func(t *testing.T, in string) {
		l, err := DefaultLexicon()
		if err != nil {
			t.Fatal(err)
		}
		if err := l.LoadAliases(strings.NewReader(in), "fuzz.tsv"); err != nil {
			return
		}
		lines := strings.Split(in, "\n")
		last := map[string]string{}
		for _, line := range lines {
			line = strings.TrimRight(line, "\r")
			fs := strings.Split(line, "\t")
			if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" || len(fs) != 2 {
				continue
			}
			last[normalize(fs[0])] = strings.TrimSpace(fs[1])
		}
		for a, c := range last {
			if got := l.aliases[a]; got != c {
				t.Fatalf("alias %q → %q, want %q", a, got, c)
			}
		}
	})
}
