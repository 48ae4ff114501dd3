package parse

import "fmt"

// Score counts a parser's attachments against gold trees, over all words and over the
// words that are not punctuation (gold relation punct).
type Score struct {
	Sentences int
	Words     int
	Heads     int // words with the right head
	Labeled   int // … and the right relation, subtype included
	Universal int // … and the right universal relation (CoNLL 2018's LAS)

	NoPunct                      int // words that are not punctuation
	NoPunctHeads, NoPunctLabeled int
}

// UAS is the unlabeled attachment score, punctuation included, in percent.
func (s Score) UAS() float64 { return pct(s.Heads, s.Words) }

// LAS is the labeled attachment score with full relations (nsubj:pass must be nsubj:pass),
// punctuation included, in percent.
func (s Score) LAS() float64 { return pct(s.Labeled, s.Words) }

// ULAS is the labeled attachment score on universal relations (nsubj:pass may be nsubj),
// as the CoNLL 2018 shared task scored it.
func (s Score) ULAS() float64 { return pct(s.Universal, s.Words) }

// UASNoPunct and LASNoPunct leave punctuation out.
func (s Score) UASNoPunct() float64 { return pct(s.NoPunctHeads, s.NoPunct) }
func (s Score) LASNoPunct() float64 { return pct(s.NoPunctLabeled, s.NoPunct) }

func (s Score) String() string {
	return fmt.Sprintf("UAS %.2f LAS %.2f (universal %.2f; without punctuation UAS %.2f LAS %.2f) over %d words",
		s.UAS(), s.LAS(), s.ULAS(), s.UASNoPunct(), s.LASNoPunct(), s.Words)
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

// Add counts one parsed sentence against its gold tree.
func (s *Score) Add(t *Tree, gold *Sentence) {
	s.Sentences++
	for i := range gold.Words {
		head := t.Head(i) == gold.Heads[i]
		label := head && t.Label(i) == gold.Labels[i]
		s.Words++
		if head {
			s.Heads++
			if label {
				s.Labeled++
			}
			if t.Label(i).Universal() == gold.Labels[i].Universal() {
				s.Universal++
			}
		}
		if gold.Labels[i] != Punct {
			s.NoPunct++
			if head {
				s.NoPunctHeads++
			}
			if label {
				s.NoPunctLabeled++
			}
		}
	}
}

// Evaluate parses every sentence (words and Tags) and scores it against its tree.
func Evaluate(p *Parser, sents []*Sentence) Score {
	var s Score
	var t Tree
	for _, g := range sents {
		p.ParseInto(&t, g.Words, g.Tags)
		s.Add(&t, g)
	}
	return s
}
