package ner

import (
	"fmt"
	"io"
)

// Count is an exact-span confusion count: an entity is right only when its start, end and
// type all match the gold one.
type Count struct{ TP, FP, FN int }

// Add returns the sum of two counts.
func (c Count) Add(o Count) Count { return Count{c.TP + o.TP, c.FP + o.FP, c.FN + o.FN} }

// P, R and F1 are precision, recall and their harmonic mean (0 when undefined).
func (c Count) P() float64  { return ratio(c.TP, c.TP+c.FP) }
func (c Count) R() float64  { return ratio(c.TP, c.TP+c.FN) }
func (c Count) F1() float64 { return ratio(2*c.TP, 2*c.TP+c.FP+c.FN) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Scores are counts per entity type (index = Type).
type Scores [numTypes + 1]Count

// Micro sums the counts of the given types.
func (s *Scores) Micro(types ...Type) Count {
	var c Count
	for _, t := range types {
		c = c.Add(s[t])
	}
	return c
}

// Score compares predicted with gold spans of one sentence and adds to s.
func (s *Scores) Score(gold, pred []Span) {
	for _, p := range pred {
		found := false
		for _, g := range gold {
			if g == p {
				found = true
				break
			}
		}
		if found {
			s[p.Type].TP++
		} else {
			s[p.Type].FP++
		}
	}
	for _, g := range gold {
		found := false
		for _, p := range pred {
			if g == p {
				found = true
				break
			}
		}
		if !found {
			s[g.Type].FN++
		}
	}
}

// The three types newsgraph keeps.
var kept = []Type{PER, ORG, LOC}

// Write prints a table of P/R/F1 per type and the micro averages over PER/ORG/LOC (the
// product's types) and over all four.
func (s *Scores) Write(w io.Writer) {
	fmt.Fprintf(w, "%-14s %6s %6s %6s %6s\n", "type", "P", "R", "F1", "gold")
	row := func(name string, c Count) {
		fmt.Fprintf(w, "%-14s %6.4f %6.4f %6.4f %6d\n", name, c.P(), c.R(), c.F1(), c.TP+c.FN)
	}
	for t := PER; t <= MISC; t++ {
		row(t.String(), s[t])
	}
	row("micro PER/ORG/LOC", s.Micro(kept...))
	row("micro all", s.Micro(PER, ORG, LOC, MISC))
}

// Evaluate tags docs with m and scores the result against their gold spans.
func Evaluate(m *Model, docs []Document) Scores {
	return evaluate(m.decoder(), docs)
}

func evaluate[W weight](d *decoder[W], docs []Document) Scores {
	var s Scores
	var spans []Span
	for _, doc := range docs {
		d.hist.reset()
		for _, sent := range doc.Sentences {
			spans = decode(d.tag(sent.Words, sent.Tags), spans[:0])
			s.Score(sent.Spans, spans)
		}
	}
	return s
}
