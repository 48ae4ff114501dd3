package extract

import (
	"bufio"
	"embed"
	"fmt"
	"io"
	"strings"
	"unicode"
)

//go:embed data/*.tsv data/*.txt
var dataFS embed.FS

// Lexicon is the knowledge extraction relies on besides prose's model: a gazetteer of known
// entities with their types, demonyms, titles and the cross-article alias table. The shipped
// one is embedded; users extend it with their own files (same formats).
type Lexicon struct {
	// entries maps a surface form (exact case) to its gazetteer entry.
	entries map[string]*gazEntry
	// maxWords is the longest surface form in words, bounding the phrase matcher.
	maxWords int
	// aliases maps a normalized surface form to the canonical name.
	aliases map[string]string
	// demonyms maps "Israeli" to "Israel".
	demonyms map[string]string
	// titles holds title phrases, by their words.
	titles map[string]bool
	// titleWords holds the capitalized words of titles: they may join a run of name tokens
	// even where the tagger did not call them proper nouns.
	titleWords map[string]bool
	// cues holds the stance cue lexicon; evals the evaluative words of reported speech.
	cues  map[cueKey]cue
	evals map[string]cue
	// firstNames are given names: a name that starts with one is likely a person.
	firstNames map[string]bool
}

type gazEntry struct {
	name string
	typ  Type
}

// DefaultLexicon returns the shipped lexicon.
func DefaultLexicon() (*Lexicon, error) {
	l := &Lexicon{
		entries:    map[string]*gazEntry{},
		aliases:    map[string]string{},
		demonyms:   map[string]string{},
		titles:     map[string]bool{},
		titleWords: map[string]bool{},
		firstNames: map[string]bool{},
	}
	for _, f := range []struct {
		name string
		load func(io.Reader, string) error
	}{
		{"data/gazetteer.tsv", l.LoadGazetteer},
		{"data/aliases.tsv", l.LoadAliases},
		{"data/demonyms.tsv", l.LoadDemonyms},
		{"data/titles.txt", l.LoadTitles},
		{"data/cues.tsv", l.LoadCues},
		{"data/firstnames.txt", l.LoadFirstNames},
	} {
		r, err := dataFS.Open(f.name)
		if err != nil {
			return nil, err
		}
		err = f.load(r, f.name)
		r.Close()
		if err != nil {
			return nil, err
		}
	}
	return l, nil
}

// eachLine calls fn with the tab-separated fields of every non-comment line of r.
func eachLine(r io.Reader, file string, fn func(fields []string) error) error {
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		if err := fn(strings.Split(text, "\t")); err != nil {
			return fmt.Errorf("%s line %d: %w", file, line, err)
		}
	}
	return sc.Err()
}

// LoadGazetteer adds entities from a TSV of name, type and |-separated aliases. Later entries
// override earlier ones, so a user's file wins over the shipped one.
func (l *Lexicon) LoadGazetteer(r io.Reader, file string) error {
	return eachLine(r, file, func(f []string) error {
		if len(f) < 2 {
			return fmt.Errorf("want name<TAB>type[<TAB>aliases], got %d fields", len(f))
		}
		name, typ := strings.TrimSpace(f[0]), Type(strings.TrimSpace(f[1]))
		if !typ.Valid() {
			return fmt.Errorf("unknown type %q (want Person, Organization or Location)", typ)
		}
		e := &gazEntry{name: name, typ: typ}
		l.addSurface(name, e)
		if len(f) > 2 {
			for _, a := range strings.Split(f[2], "|") {
				if a = strings.TrimSpace(a); a != "" {
					l.addSurface(a, e)
					l.aliases[normalize(a)] = name
				}
			}
		}
		return nil
	})
}

func (l *Lexicon) addSurface(s string, e *gazEntry) {
	l.entries[s] = e
	if n := len(strings.Fields(s)); n > l.maxWords {
		l.maxWords = n
	}
}

// LoadAliases adds alias<TAB>canonical pairs to the cross-article alias table.
func (l *Lexicon) LoadAliases(r io.Reader, file string) error {
	return eachLine(r, file, func(f []string) error {
		if len(f) != 2 || strings.TrimSpace(f[0]) == "" || strings.TrimSpace(f[1]) == "" {
			return fmt.Errorf("want alias<TAB>canonical")
		}
		l.aliases[normalize(f[0])] = strings.TrimSpace(f[1])
		return nil
	})
}

// LoadDemonyms adds demonym<TAB>place pairs.
func (l *Lexicon) LoadDemonyms(r io.Reader, file string) error {
	return eachLine(r, file, func(f []string) error {
		if len(f) != 2 {
			return fmt.Errorf("want demonym<TAB>place")
		}
		l.demonyms[strings.TrimSpace(f[0])] = strings.TrimSpace(f[1])
		return nil
	})
}

// LoadTitles adds title phrases, one per line.
func (l *Lexicon) LoadTitles(r io.Reader, file string) error {
	return eachLine(r, file, func(f []string) error {
		t := strings.TrimSpace(f[0])
		l.titles[t] = true
		for _, w := range strings.Fields(t) {
			if isCapitalized(w) {
				l.titleWords[w] = true
			}
		}
		return nil
	})
}

// known reports whether s is a gazetteer surface form.
func (l *Lexicon) known(s string) bool {
	_, ok := l.entries[s]
	return ok
}

// LoadFirstNames adds given names, one per line.
func (l *Lexicon) LoadFirstNames(r io.Reader, file string) error {
	return eachLine(r, file, func(f []string) error {
		l.firstNames[strings.TrimSpace(f[0])] = true
		return nil
	})
}

// Canonical returns the canonical name for a surface form: the alias table's answer, or the
// form itself.
func (l *Lexicon) Canonical(name string) string {
	if c, ok := l.aliases[normalize(name)]; ok {
		return c
	}
	return name
}

// ID returns the stable node id of a canonical name: lower case, letters and digits, words
// joined by "-". It is the same in every article and every engine.
func ID(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range name {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		case r == '.' || r == '\'' || r == '’':
			// U.S. → us, O'Brien → obrien
		default:
			dash = true
		}
	}
	return b.String()
}

// normalize folds case and punctuation for alias look-ups ("U.S." and "US" agree).
func normalize(s string) string { return ID(s) }
