package stance

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/newsgraph/newsgraph/extract/data"
	"github.com/newsgraph/newsgraph/internal/hashtab"
)

// Kind is the part of speech a cue has in the lexicon.
type Kind uint8

// Cue kinds.
const (
	Verb Kind = iota + 1 // "criticized Y"
	Noun                 // "criticism of Y"
	Eval                 // an evaluative word of reported speech: "X said Y was reckless"
)

// Slot says where a cue's target is.
type Slot uint8

// Target slots.
const (
	Obj       Slot = iota + 1 // the direct object
	Prep                      // the noun the cue's preposition introduces
	ObjOrPrep                 // the object, else the noun after the preposition
	Clause                    // the subject of the reported clause (Eval)
)

// Cue is one reading of a stance word: its lemma as shown on an edge, CAMEO code, quad
// class and sign.
type Cue struct {
	Lemma    string
	Kind     Kind
	Particle string // the particle of a phrasal verb ("out" in "lash out at"), or ""
	Prep     string // the preposition the target hangs on, or ""
	Target   Slot
	CAMEO    string
	Class    string
	Sign     int
}

// Lexicon holds the cues by surface form. Built once, read-only, shared.
type Lexicon struct {
	words *hashtab.Table // lower-case word → bit set of word lists (speechWord, …)
	cues  []Cue
	forms []string       // forms[i] is cues[i]'s surface form (first word)
	index *hashtab.Table // hash of a form → first<<8 | count in cues
}

// Word lists of the rules (extract/data/stance-words.tsv).
const (
	speechWord  = 1 << iota // verbs of saying
	receiveWord             // "Y faced criticism from X"
	refusalWord             // "refused to back"
)

// DefaultLexicon loads the shipped lexicon, extract/data/cameo.tsv (CAMEO codes from
// PETRARCH2's verb dictionary plus newsgraph's own cues; extract/data/README-cues.md), and
// the rules' word lists, extract/data/stance-words.tsv.
func DefaultLexicon() (*Lexicon, error) {
	f, err := data.FS.Open("cameo.tsv")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	l, err := ReadLexicon(f, "cameo.tsv")
	if err != nil {
		return nil, err
	}
	w, err := data.FS.Open("stance-words.tsv")
	if err != nil {
		return nil, err
	}
	defer w.Close()
	return l, l.ReadWords(w, "stance-words.tsv")
}

// ReadWords reads the rules' word lists: list (speech, receive, refusal), lower-case word.
func (l *Lexicon) ReadWords(r io.Reader, file string) error {
	type row struct {
		word string
		bit  uint32
	}
	var rows []row
	err := data.EachLine(r, file, func(f []string) error {
		if len(f) < 2 {
			return fmt.Errorf("want list<TAB>word")
		}
		bit := map[string]uint32{"speech": speechWord, "receive": receiveWord, "refusal": refusalWord}[f[0]]
		if bit == 0 {
			return fmt.Errorf("list %q: want speech, receive or refusal", f[0])
		}
		rows = append(rows, row{strings.ToLower(f[1]), bit})
		return nil
	})
	if err != nil {
		return err
	}
	l.words = hashtab.New(len(rows))
	for _, r := range rows {
		l.words.Or(hashtab.String(r.word), r.bit)
	}
	return nil
}

// isBytes is is of a lower-case word in bytes.
func (l *Lexicon) isBytes(list uint32, lower []byte) bool {
	if l.words == nil {
		return false
	}
	v, _ := l.words.Get(hashtab.Bytes(lower))
	return v&list != 0
}

// is reports whether a lower-case word is on the word list list.
func (l *Lexicon) is(list uint32, lower string) bool {
	if l.words == nil {
		return false
	}
	v, _ := l.words.Get(hashtab.String(lower))
	return v&list != 0
}

// ReadLexicon reads a cue table: form, lemma, pos (verb|noun|eval), prep, target
// (obj|prep|obj_or_prep|clause), CAMEO code, class, sign, source.
func ReadLexicon(r io.Reader, file string) (*Lexicon, error) {
	type row struct {
		form string
		cue  Cue
	}
	var rows []row
	err := data.EachLine(r, file, func(f []string) error {
		if len(f) < 8 {
			return fmt.Errorf("want form, lemma, pos, prep, target, cameo, class, sign[, source]")
		}
		words := strings.Fields(strings.ToLower(f[0]))
		if len(words) == 0 || len(words) > 2 {
			return fmt.Errorf("form %q: want a word, or a verb and its particle", f[0])
		}
		c := Cue{Lemma: f[1], Prep: f[3], CAMEO: f[5], Class: f[6]}
		if len(words) == 2 {
			c.Particle = words[1]
		}
		switch f[2] {
		case "verb":
			c.Kind = Verb
		case "noun":
			c.Kind = Noun
		case "eval":
			c.Kind = Eval
		default:
			return fmt.Errorf("pos %q: want verb, noun or eval", f[2])
		}
		switch f[4] {
		case "obj":
			c.Target = Obj
		case "prep":
			c.Target = Prep
		case "obj_or_prep":
			c.Target = ObjOrPrep
		case "clause":
			c.Target = Clause
		default:
			return fmt.Errorf("target %q: want obj, prep, obj_or_prep or clause", f[4])
		}
		if (c.Target == Prep || c.Target == ObjOrPrep) && c.Prep == "" {
			return fmt.Errorf("target %s needs a preposition", f[4])
		}
		switch c.Class {
		case "verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict":
		default:
			return fmt.Errorf("class %q is not a CAMEO quad class", c.Class)
		}
		sign, err := strconv.Atoi(f[7])
		if err != nil || sign < -1 || sign > 1 {
			return fmt.Errorf("sign %q: want -1, 0 or 1", f[7])
		}
		c.Sign = sign
		rows = append(rows, row{words[0], c})
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(rows, func(a, b row) int { return strings.Compare(a.form, b.form) })
	l := &Lexicon{index: hashtab.New(len(rows))}
	for i := 0; i < len(rows); {
		j := i
		for j < len(rows) && rows[j].form == rows[i].form {
			l.cues = append(l.cues, rows[j].cue)
			l.forms = append(l.forms, rows[j].form)
			j++
		}
		if j-i > 255 {
			return nil, fmt.Errorf("%s: form %q has %d readings, more than 255", file, rows[i].form, j-i)
		}
		l.index.Put(hashtab.String(rows[i].form), uint32(i)<<8|uint32(j-i))
		i = j
	}
	return l, nil
}

// Lookup returns the readings of a lower-case form (empty if none). The slice belongs to
// the lexicon.
func (l *Lexicon) Lookup(lower []byte) []Cue {
	v, ok := l.index.Get(hashtab.Bytes(lower))
	if !ok {
		return nil
	}
	first, n := int(v>>8), int(v&255)
	if l.forms[first] != string(lower) { // a hash collision: not this form
		return nil
	}
	return l.cues[first : first+n]
}

// LookupString is Lookup of a lower-case string.
func (l *Lexicon) LookupString(lower string) []Cue {
	v, ok := l.index.Get(hashtab.String(lower))
	if !ok {
		return nil
	}
	first, n := int(v>>8), int(v&255)
	if l.forms[first] != lower {
		return nil
	}
	return l.cues[first : first+n]
}

// Len returns the number of readings.
func (l *Lexicon) Len() int { return len(l.cues) }
