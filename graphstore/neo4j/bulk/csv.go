package bulk

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// delimiters are the array delimiters tried, in order: the first that occurs in no array
// element is used. neo4j-admin has no escape for the delimiter inside an element, so the
// delimiter must be a character the data lacks; ASCII's unit, record, group and file
// separators never occur in news text, and the private-use characters after them are the
// fallback for data that holds those too.
var delimiters = []rune{'\x1f', '\x1e', '\x1d', '\x1c', '\ue000', '\ue001', '\ue002', '\ue003', '\ue004', '\ue005'}

// Delimiters returns the candidate array delimiters in the order they are tried (a copy).
func Delimiters() []rune { return slices.Clone(delimiters) }

// ErrNoDelimiter means every candidate delimiter occurs in some array element.
var ErrNoDelimiter = errors.New("bulk: every candidate array delimiter occurs in the data")

// Usage is what the records of an import hold that decides its options: which candidate
// delimiters occur in array elements, whether a value spans lines, whether a property
// needs the post-import step. Usages of disjoint sets of records merge with Merge, so a
// distributed writer can compute it as a combine.
type Usage struct {
	// Present has bit i set when Delimiters()[i] occurs in an array element.
	Present uint64 `json:"present"`
	// Multiline is set when a quoted value holds a line break: neo4j-admin then needs
	// --multiline-fields=true (which makes it read each file on one thread).
	Multiline bool `json:"multiline"`
	// Marked is set when a record lists properties in MarkerProperty.
	Marked bool `json:"marked"`
}

// Add accounts for r.
func (u *Usage) Add(r Record) {
	for _, v := range r.vals {
		switch v.kind {
		case text:
			u.Multiline = u.Multiline || strings.ContainsAny(v.s, "\r\n")
		case texts:
			for _, s := range v.l {
				u.Multiline = u.Multiline || strings.ContainsAny(s, "\r\n")
				for i, d := range delimiters {
					if strings.ContainsRune(s, d) {
						u.Present |= 1 << i
					}
				}
			}
		}
	}
	u.Marked = u.Marked || len(r.empty) > 0
}

// Merge adds o to u.
func (u *Usage) Merge(o Usage) {
	u.Present |= o.Present
	u.Multiline = u.Multiline || o.Multiline
	u.Marked = u.Marked || o.Marked
}

// Delimiter is the first candidate delimiter that occurs in no array element.
func (u Usage) Delimiter() (rune, error) {
	for i, d := range delimiters {
		if u.Present&(1<<i) == 0 {
			return d, nil
		}
	}
	return 0, ErrNoDelimiter
}

// Allows reports whether d can delimit the arrays u accounts for.
func (u Usage) Allows(d rune) bool {
	for i, c := range delimiters {
		if c == d {
			return u.Present&(1<<i) == 0
		}
	}
	return false // not a candidate: its presence was not tracked
}

// AppendCSV appends r as one CSV line to dst, with arrays joined by delim. Every string is
// quoted (an unquoted empty field is how neo4j-admin spells "absent", a quoted one is the
// empty string), with quotes doubled; line breaks stay inside the quotes. The caller must
// have checked with Usage that delim occurs in no array element.
func (r Record) AppendCSV(dst []byte, delim rune) []byte {
	for i, v := range r.vals {
		if i > 0 {
			dst = append(dst, ',')
		}
		switch v.kind {
		case text:
			dst = appendQuoted(dst, v.s)
		case number:
			dst = append(dst, v.s...)
		case texts, numbers:
			dst = append(dst, '"')
			for j, s := range v.l {
				if j > 0 {
					dst = utf8.AppendRune(dst, delim)
				}
				dst = appendEscaped(dst, s)
			}
			dst = append(dst, '"')
		}
	}
	return append(dst, '\n')
}

func appendQuoted(dst []byte, s string) []byte {
	dst = append(dst, '"')
	dst = appendEscaped(dst, s)
	return append(dst, '"')
}

// appendEscaped doubles the quotes of s, the only escape of a quoted CSV field.
func appendEscaped(dst []byte, s string) []byte {
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			return append(dst, s...)
		}
		dst = append(dst, s[:i+1]...)
		dst = append(dst, '"')
		s = s[i+1:]
	}
}

// delimiterArg spells d for --array-delimiter: U+XXXX, which neo4j-admin accepts and which
// needs no shell quoting.
func delimiterArg(d rune) string { return fmt.Sprintf("U+%04X", d) }
