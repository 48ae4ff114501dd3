package extract

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"

	"github.com/newsgraph/newsgraph/extract/data"
)

// Lexicon is the knowledge extraction relies on besides prose's model: a gazetteer of known
// entities with their types, demonyms, titles and the cross-article alias table. The shipped
// one is embedded; users extend it with their own files (same formats).
type Lexicon struct {
	// entries maps a surface form (exact case) to its gazetteer entry.
	entries map[string]*gazEntry
	// aliases maps a normalized surface form to the canonical name.
	aliases map[string]string
	// demonyms maps "Israeli" to "Israel".
	demonyms map[string]string
	// titles holds title phrases, by their words; lowerTitles the same in lower case.
	titles      map[string]bool
	lowerTitles map[string]bool
	// genders gives a given name's commoner sex (US Census 1990), for pronouns;
	// titleGenders a gendered title's; typeNouns the type a description stands for.
	genders      map[string]gender
	titleGenders map[string]gender
	typeNouns    map[string]Type
	// notNames are capitalized words that never name an entity on their own (months).
	notNames map[string]bool
	// places are GeoNames' countries, regions and cities (places.tsv), which the gazetteer
	// does not list one by one.
	places map[string]bool
}

type gazEntry struct {
	name string
	typ  Type
}

// DefaultLexicon returns the shipped lexicon.
func DefaultLexicon() (*Lexicon, error) {
	l := &Lexicon{
		entries:      map[string]*gazEntry{},
		aliases:      map[string]string{},
		demonyms:     map[string]string{},
		titles:       map[string]bool{},
		lowerTitles:  map[string]bool{},
		genders:      map[string]gender{},
		titleGenders: map[string]gender{},
		typeNouns:    map[string]Type{},
		notNames:     map[string]bool{},
		places:       map[string]bool{},
	}
	for _, f := range []struct {
		name string
		load func(io.Reader, string) error
	}{
		{"gazetteer.tsv", l.LoadGazetteer},
		{"aliases.tsv", l.LoadAliases},
		{"demonyms.tsv", l.LoadDemonyms},
		{"titles.txt", l.LoadTitles},
		{"not-names.txt", loadWords(l.notNames)},
		{"places.tsv", loadWords(l.places)},
		{"census-names.tsv", l.loadGenders},
		{"coref-words.tsv", l.loadCorefWords},
	} {
		r, err := data.FS.Open(f.name)
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

// LoadGazetteer adds entities from a TSV of name, type and |-separated aliases. Later entries
// override earlier ones, so a user's file wins over the shipped one.
func (l *Lexicon) LoadGazetteer(r io.Reader, file string) error {
	return data.EachLine(r, file, func(f []string) error {
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
}

// LoadAliases adds alias<TAB>canonical pairs to the cross-article alias table.
func (l *Lexicon) LoadAliases(r io.Reader, file string) error {
	return data.EachLine(r, file, func(f []string) error {
		if len(f) != 2 || strings.TrimSpace(f[0]) == "" || strings.TrimSpace(f[1]) == "" {
			return fmt.Errorf("want alias<TAB>canonical")
		}
		l.aliases[normalize(f[0])] = strings.TrimSpace(f[1])
		return nil
	})
}

// LoadDemonyms adds demonym<TAB>place pairs.
func (l *Lexicon) LoadDemonyms(r io.Reader, file string) error {
	return data.EachLine(r, file, func(f []string) error {
		if len(f) != 2 {
			return fmt.Errorf("want demonym<TAB>place")
		}
		l.demonyms[strings.TrimSpace(f[0])] = strings.TrimSpace(f[1])
		return nil
	})
}

// LoadTitles adds title phrases, one per line.
func (l *Lexicon) LoadTitles(r io.Reader, file string) error {
	return data.EachLine(r, file, func(f []string) error {
		t := strings.TrimSpace(f[0])
		l.titles[t] = true
		l.lowerTitles[strings.ToLower(t)] = true
		return nil
	})
}

// loadGenders reads census-names.tsv (name, male|female|surname, percent): a given name
// listed for both sexes takes the commoner.
func (l *Lexicon) loadGenders(r io.Reader, file string) error {
	share := map[string]float64{}
	return data.EachLine(r, file, func(f []string) error {
		if len(f) < 3 {
			return fmt.Errorf("want name, kind, percent")
		}
		var g gender
		switch f[1] {
		case "male":
			g = male
		case "female":
			g = female
		default:
			return nil
		}
		pct, err := strconv.ParseFloat(f[2], 64)
		if err != nil {
			return fmt.Errorf("percent %q: %v", f[2], err)
		}
		if pct > share[f[0]] {
			share[f[0]], l.genders[f[0]] = pct, g
		}
		return nil
	})
}

// isPlace reports whether s is a place of the gazetteer or of GeoNames.
func (l *Lexicon) isPlace(s string) bool {
	e := l.entries[s]
	return e != nil && e.typ == Location || l.places[s]
}

// known reports whether s is a gazetteer surface form.
func (l *Lexicon) known(s string) bool {
	_, ok := l.entries[s]
	return ok
}

// loadWords returns a loader of one word per line into set.
func loadWords(set map[string]bool) func(io.Reader, string) error {
	return func(r io.Reader, file string) error {
		return data.EachLine(r, file, func(f []string) error {
			set[strings.TrimSpace(f[0])] = true
			return nil
		})
	}
}

// Canonical returns the canonical name for a surface form: the alias table's answer, or the
// form itself. A company's legal form names no other company: "CBS Inc" is CBS and "British
// Petroleum Co Plc" is BP when the lexicon knows the organization without it.
func (l *Lexicon) Canonical(name string) string {
	if c, ok := l.aliases[normalize(name)]; ok {
		return c
	}
	if base := withoutLegalForm(name); base != name {
		if c, ok := l.aliases[normalize(base)]; ok {
			base = c
		}
		if e := l.entries[base]; e != nil && e.typ == Organization {
			return e.name // not the United States for "USA Inc"
		}
	}
	return name
}

// legalForms are the words of a company's legal form, written last in its name.
var legalForms = map[string]bool{"Inc": true, "Inc.": true, "Corp": true, "Corp.": true, "Co": true, "Co.": true,
	"Plc": true, "PLC": true, "plc": true, "Ltd": true, "Ltd.": true, "LLC": true, "AG": true, "SA": true,
	"S.A.": true, "NV": true, "N.V.": true, "GmbH": true, "Limited": true, "Corporation": true}

// withoutLegalForm returns name without the legal form it ends with ("Wells Fargo and Co"
// gives "Wells Fargo"), or name when it has none or is nothing else.
func withoutLegalForm(name string) string {
	base := name
	for {
		i := strings.LastIndexByte(base, ' ')
		if i < 0 {
			return base
		}
		if w := base[i+1:]; !legalForms[w] && (base == name || w != "and" && w != "&") {
			return base
		}
		base = strings.TrimRight(base[:i], " ,")
	}
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
