package stance

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"sync"

	"github.com/newsgraph/newsgraph/internal/weights"
)

// Model is the learned layer: an averaged multiclass perceptron over pairFeatures, trained
// on DSE (train-stance). It is read-only and safe for concurrent use.
type Model struct {
	lex  *Lexicon
	sent *Sentiment
	bits uint
	w    []int16 // (1<<bits) rows × numDir
}

//go:embed data/model.bin.gz
var modelGz []byte

var defaultModel = sync.OnceValues(func() (*Model, error) {
	lex, err := DefaultLexicon()
	if err != nil {
		return nil, err
	}
	sent, err := DefaultSentiment()
	if err != nil {
		return nil, err
	}
	m, err := Read(bytes.NewReader(modelGz), lex, sent)
	if err != nil {
		return nil, fmt.Errorf("embedded stance model: %w", err)
	}
	return m, nil
})

// Default returns the embedded model with the shipped lexicon, loading it on first use.
func Default() (*Model, error) { return defaultModel() }

// Lexicon returns the cue lexicon the model's features read.
func (m *Model) Lexicon() *Lexicon { return m.lex }

// Sentiment returns the word valences the model's features read.
func (m *Model) Sentiment() *Sentiment { return m.sent }

// The model's classes for a directed pair (actor → target).
const (
	dNone = iota
	dPos
	dNeg
	numDir
)

// Direct returns the sign the model gives a stance from mention a to mention b of s (0 for
// none) and its margin over the runner-up. sc must hold Find's state for s.
func (m *Model) Direct(s *Sentence, sc *Scratch, a, b int) (sign int, margin float32) {
	sc.feats = m.pairFeatures(s, sc, a, b, sc.feats[:0])
	c, mg := scoreRows(m.w, sc.feats, m.bits)
	return [numDir]int{0, 1, -1}[c], mg
}

// Classify returns the DSE label of the pair a < b (a is P, first in the text): the stronger
// direction the model finds, or Neutral.
func (m *Model) Classify(s *Sentence, sc *Scratch, a, b int) Label {
	s1, m1 := m.Direct(s, sc, a, b)
	s2, m2 := m.Direct(s, sc, b, a)
	switch {
	case s1 != 0 && (s2 == 0 || m1 >= m2):
		return LabelOf(true, s1)
	case s2 != 0:
		return LabelOf(false, s2)
	}
	return Neutral
}

func argmax(scores [numDir]float32) (int, float32) {
	best, second := 0, float32(math.Inf(-1))
	for c := 1; c < numDir; c++ {
		if scores[c] > scores[best] {
			best = c
		}
	}
	for c := range numDir {
		if c != best && scores[c] > second {
			second = scores[c]
		}
	}
	return best, scores[best] - second
}

const magic = "newsgraph-stance\n"

// ErrFormat means a model file is not one this code can read.
var ErrFormat = errors.New("not a newsgraph stance model")

// Write stores the model as gzip over a header and the non-zero weights.
func (m *Model) Write(w io.Writer) error {
	zw, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
	bw := bufio.NewWriter(zw)
	weights.WriteHeader(bw, magic, featureVersion)
	bw.WriteByte(byte(m.bits))
	if err := weights.Write(bw, m.w); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

// Read loads a model written by Write.
func Read(r io.Reader, lex *Lexicon, sent *Sentiment) (*Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	br := bufio.NewReader(zr)
	version, err := weights.ReadHeader(br, magic, 64)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	if version != featureVersion {
		return nil, fmt.Errorf("stance model has features %q, this build computes %q: retrain it (newsgraph train-stance)", version, featureVersion)
	}
	bits, err := br.ReadByte()
	if err != nil || bits < 8 || bits > 24 {
		return nil, fmt.Errorf("%w: bad hash size", ErrFormat)
	}
	m := &Model{lex: lex, sent: sent, bits: uint(bits), w: make([]int16, (1<<bits)*numDir)}
	if err := weights.Read(br, m.w); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	return m, nil
}

// MinMargin is how far the model's best class must beat the runner-up (in weight units,
// the largest weight being 32,000) before its stance is taken for a pair the rules say
// nothing about; tuned on DSE dev and fixtures/eval dev (docs/stance.md).
const MinMargin = 16000

// Stances returns the rules' findings for s and, for each pair of mentions of different
// entities that the rules found nothing for, the model's stance if it has one with at least
// minMargin to spare. A learned stance has the pair's lowest common ancestor as its cue (the
// verb that links them, mostly) and a rule "learned: " + the path.
func (m *Model) Stances(f *Finder, s *Sentence, sc *Scratch, minMargin float32) []Finding {
	found := f.Find(s, sc)
	n := len(found)
	for a := range s.Mentions {
		for b := range s.Mentions {
			if a == b || s.Mentions[a].Entity == s.Mentions[b].Entity || s.Mentions[a].Start > s.Mentions[b].Start {
				continue
			}
			if pairFound(found[:n], a, b) {
				continue
			}
			s1, m1 := m.Direct(s, sc, a, b)
			s2, m2 := m.Direct(s, sc, b, a)
			src, dst, sign, margin := a, b, s1, m1
			if s1 == 0 || s2 != 0 && m2 > m1 {
				src, dst, sign, margin = b, a, s2, m2
			}
			if sign == 0 || margin < minMargin {
				continue
			}
			found = append(found, m.learned(s, sc, src, dst, sign))
		}
	}
	sc.found = found
	return found
}

func pairFound(found []Finding, a, b int) bool {
	for _, x := range found {
		if x.Source == a && x.Target == b || x.Source == b && x.Target == a {
			return true
		}
	}
	return false
}

// learned describes a stance of the model: the cue is the word that links the pair.
func (m *Model) learned(s *Sentence, sc *Scratch, a, b, sign int) Finding {
	t := s.Tree
	ph, qh := headOf(t, s.Mentions[a].Start, s.Mentions[a].End), headOf(t, s.Mentions[b].Start, s.Mentions[b].End)
	up, down := ancestors(t, ph, nil), ancestors(t, qh, nil)
	lca, i, j := -1, len(up)-1, len(down)-1
	for i >= 0 && j >= 0 && up[i] == down[j] {
		lca, i, j = up[i], i-1, j-1
	}
	var rule strings.Builder
	rule.WriteString("learned:")
	for k := 0; k <= i; k++ {
		rule.WriteString(" " + t.Label(up[k]).String() + " ↑")
	}
	cue := "?"
	if lca >= 0 {
		cue = sc.lowers[lca]
		rule.WriteString(" " + cue)
	}
	for k := j; k >= 0; k-- {
		rule.WriteString(" ↓ " + t.Label(down[k]).String())
	}
	class := "verbal_cooperation"
	if sign < 0 {
		class = "verbal_conflict"
	}
	return Finding{Source: a, Target: b, Sign: sign, Cue: cue, Class: class, Rule: rule.String(), cueWord: lca}
}
