package ner

import "fmt"

// Type is an entity type as CoNLL-2003 annotates them. MISC (nationalities, events, works,
// products) is learned so that it is not confused with the other three, and callers drop it.
type Type uint8

// Entity types; None marks a token outside every entity.
const (
	None Type = iota
	PER
	ORG
	LOC
	MISC
)

// numTypes counts the entity types, None excluded.
const numTypes = 4

var typeNames = [...]string{"O", "PER", "ORG", "LOC", "MISC"}

func (t Type) String() string {
	if int(t) < len(typeNames) {
		return typeNames[t]
	}
	return fmt.Sprintf("Type(%d)", t)
}

// ParseType reads "PER", "ORG", "LOC" or "MISC".
func ParseType(s string) (Type, bool) {
	for t := PER; t <= MISC; t++ {
		if typeNames[t] == s {
			return t, true
		}
	}
	return None, false
}

// label is a BILOU tag: O, or Begin, Inside, Last, Unit of a type. Label 0 is O; type t
// (1-based) owns labels 1+4(t-1) … 4+4(t-1) in the order B, I, L, U.
type label uint8

const (
	posB = iota
	posI
	posL
	posU
)

const numLabels = 1 + 4*numTypes

func mkLabel(t Type, pos int) label { return label(1 + 4*(int(t)-1) + pos) }

func (l label) typ() Type {
	if l == 0 {
		return None
	}
	return Type((int(l)-1)/4 + 1)
}

func (l label) pos() int { return (int(l) - 1) % 4 }

func (l label) String() string {
	if l == 0 {
		return "O"
	}
	return fmt.Sprintf("%c-%s", "BILU"[l.pos()], l.typ())
}

// allowed[prev][cur] says whether BILOU lets cur follow prev; row numLabels is the sentence
// start. An entity opened by B must go on with I or close with L of the same type.
var allowed [numLabels + 1][numLabels]bool

// preds[cur] lists, in increasing order, the labels (not the start) that cur may follow:
// Viterbi looks at these instead of testing all of allowed's row.
var preds [numLabels][]uint8

// final[l] says whether a sentence may end with l.
var final [numLabels]bool

func init() {
	for p := 0; p <= numLabels; p++ {
		open := p < numLabels && p != 0 && (label(p).pos() == posB || label(p).pos() == posI)
		for c := range numLabels {
			cl := label(c)
			if open {
				allowed[p][c] = c != 0 && cl.typ() == label(p).typ() && (cl.pos() == posI || cl.pos() == posL)
			} else {
				allowed[p][c] = c == 0 || cl.pos() == posB || cl.pos() == posU
			}
		}
	}
	for c := range numLabels {
		for p := range numLabels {
			if allowed[p][c] {
				preds[c] = append(preds[c], uint8(p))
			}
		}
		final[c] = c == 0 || label(c).pos() == posL || label(c).pos() == posU
	}
}

// Span is an entity over tokens [Start, End) of a sentence.
type Span struct {
	Start, End int
	Type       Type
}

// encode writes the BILOU labels of spans over n tokens into out.
func encode(spans []Span, out []label) {
	clear(out)
	for _, s := range spans {
		if s.End-s.Start == 1 {
			out[s.Start] = mkLabel(s.Type, posU)
			continue
		}
		out[s.Start] = mkLabel(s.Type, posB)
		for k := s.Start + 1; k < s.End-1; k++ {
			out[k] = mkLabel(s.Type, posI)
		}
		out[s.End-1] = mkLabel(s.Type, posL)
	}
}

// decode appends the spans of a well-formed BILOU sequence to dst.
func decode(labels []label, dst []Span) []Span {
	start := -1
	for k, l := range labels {
		switch {
		case l == 0:
			start = -1
		case l.pos() == posU:
			dst = append(dst, Span{k, k + 1, l.typ()})
			start = -1
		case l.pos() == posB:
			start = k
		case l.pos() == posL && start >= 0:
			dst = append(dst, Span{start, k + 1, l.typ()})
			start = -1
		}
	}
	return dst
}
