package stance

import (
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
)

// Pair is a training or scoring example: a parsed sentence whose Mentions are P (index 0)
// and Q (index 1), P first in the text, and the DSE label of the pair.
type Pair struct {
	Sentence *Sentence
	Label    Label
}

// Confusion counts pairs by gold (row) and predicted (column) label.
type Confusion [numClasses][numClasses]int

// Add counts one pair.
func (c *Confusion) Add(gold, pred Label) { c[gold][pred]++ }

// F1 is the F1 of label l.
func (c *Confusion) F1(l Label) float64 {
	tp, fp, fn := c[l][l], 0, 0
	for o := range numClasses {
		if o != l {
			fp += c[o][l]
			fn += c[l][o]
		}
	}
	if tp == 0 {
		return 0
	}
	p, r := float64(tp)/float64(tp+fp), float64(tp)/float64(tp+fn)
	return 2 * p * r / (p + r)
}

// MacroF1 averages F1 over the five labels.
func (c *Confusion) MacroF1() float64 {
	s := 0.0
	for l := range numClasses {
		s += c.F1(l)
	}
	return s / float64(numClasses)
}

// Polar returns the precision and recall of polar (non-neutral) labels: a polar prediction
// is right when it is the gold label exactly (direction and sign).
func (c *Confusion) Polar() (p, r float64) {
	tp, pred, gold := 0, 0, 0
	for g := range numClasses {
		for q := range numClasses {
			if q != Neutral {
				pred += c[g][q]
			}
			if g != Neutral {
				gold += c[g][q]
			}
			if g != Neutral && g == q {
				tp += c[g][q]
			}
		}
	}
	return ratio(tp, pred), ratio(tp, gold)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Write prints per-label F1, macro-F1 and polar precision/recall.
func (c *Confusion) Write(w io.Writer) {
	for l := range numClasses {
		fmt.Fprintf(w, "  %-8s F1 %.3f\n", l, c.F1(l))
	}
	p, r := c.Polar()
	fmt.Fprintf(w, "  macro-F1 %.3f; polar precision %.3f, recall %.3f\n", c.MacroF1(), p, r)
}

// TrainOptions control Train.
type TrainOptions struct {
	Epochs int    // passes over the data (default 10); the best on dev is kept
	Bits   uint   // log2 of the feature buckets (default 18)
	Seed   uint64 // order of the examples
	Log    io.Writer
}

// TrainResult reports what Train did.
type TrainResult struct {
	Model     *Model
	BestEpoch int
	Dev       Confusion // of the kept model, after quantization
}

// Train learns the pair classifier from train, keeping the epoch with the best dev
// macro-F1. The features of a pair do not depend on the weights, so they are computed once.
func Train(lex *Lexicon, sent *Sentiment, train, dev []Pair, opt TrainOptions) (*TrainResult, error) {
	if opt.Epochs <= 0 {
		opt.Epochs = 10
	}
	if opt.Bits == 0 {
		opt.Bits = 18
	}
	if opt.Bits < 8 || opt.Bits > 24 {
		return nil, fmt.Errorf("stance: bits %d out of range 8…24", opt.Bits)
	}
	if len(train) == 0 {
		return nil, errors.New("stance: no training pairs")
	}
	probe := &Model{lex: lex, sent: sent, bits: opt.Bits}
	trainF, err := featurize(probe, train)
	if err != nil {
		return nil, err
	}
	devF, err := featurize(probe, dev)
	if err != nil {
		return nil, err
	}
	size := (1 << opt.Bits) * numDir
	w, acc := make([]float32, size), make([]float64, size)
	c := 0.0
	order := make([]int, 2*len(train)) // each pair in both directions: 2i is P → Q, 2i+1 Q → P
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x5374616e6365))
	res := &TrainResult{}
	bestF1 := -1.0
	var best []float32
	for epoch := 1; epoch <= opt.Epochs; epoch++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		wrong := 0
		for _, i := range order {
			c++
			feats, gold := trainF[i], direction(train[i/2].Label, i%2 == 0)
			pred, _ := scoreRows(w, feats, opt.Bits)
			if pred != gold {
				wrong++
				for _, h := range feats {
					row := int(h>>(64-opt.Bits)) * numDir
					w[row+gold]++
					acc[row+gold] += c
					w[row+pred]--
					acc[row+pred] -= c
				}
			}
		}
		avg := make([]float32, size)
		for i := range w {
			if w[i] != 0 || acc[i] != 0 {
				avg[i] = float32(float64(w[i]) - acc[i]/c)
			}
		}
		var conf Confusion
		for i := range dev {
			conf.Add(dev[i].Label, combine(avg, devF[2*i], devF[2*i+1], opt.Bits))
		}
		f1 := conf.MacroF1()
		if len(dev) == 0 || f1 > bestF1 {
			best, bestF1, res.BestEpoch = avg, f1, epoch
		}
		if opt.Log != nil {
			p, r := conf.Polar()
			fmt.Fprintf(opt.Log, "epoch %2d: %d of %d directed training pairs wrong; dev macro-F1 %.4f, polar P %.3f R %.3f\n", epoch, wrong, len(order), f1, p, r)
		}
	}
	res.Model = quantize(probe, best)
	for i := range dev {
		res.Dev.Add(dev[i].Label, combine(res.Model.w, devF[2*i], devF[2*i+1], opt.Bits))
	}
	return res, nil
}

// direction is the class of the directed pair P → Q (pq) or Q → P for a DSE label.
func direction(l Label, pq bool) int {
	switch {
	case l == PosPQ && pq, l == PosQP && !pq:
		return dPos
	case l == NegPQ && pq, l == NegQP && !pq:
		return dNeg
	}
	return dNone
}

// combine is Classify on precomputed features of both directions.
func combine[W float32 | int16](w []W, pq, qp []uint64, bits uint) Label {
	c1, m1 := scoreRows(w, pq, bits)
	c2, m2 := scoreRows(w, qp, bits)
	s1, s2 := [numDir]int{0, 1, -1}[c1], [numDir]int{0, 1, -1}[c2]
	switch {
	case s1 != 0 && (s2 == 0 || m1 >= m2):
		return LabelOf(true, s1)
	case s2 != 0:
		return LabelOf(false, s2)
	}
	return Neutral
}

func featurize(m *Model, pairs []Pair) ([][]uint64, error) {
	out := make([][]uint64, 2*len(pairs))
	f := NewFinder(m.lex, m.sent)
	var sc Scratch
	for i, p := range pairs {
		s := p.Sentence
		if len(s.Mentions) != 2 || s.Tree == nil || len(s.Tags) != len(s.Words) {
			return nil, fmt.Errorf("stance: pair %d: want a parsed sentence with two mentions", i)
		}
		f.Find(s, &sc)
		out[2*i] = m.pairFeatures(s, &sc, 0, 1, nil)
		out[2*i+1] = m.pairFeatures(s, &sc, 1, 0, nil)
	}
	return out, nil
}

func scoreRows[W float32 | int16](w []W, feats []uint64, bits uint) (int, float32) {
	var scores [numDir]float32
	for _, h := range feats {
		row := int(h>>(64-bits)) * numDir
		for c := range numDir {
			scores[c] += float32(w[row+c])
		}
	}
	return argmax(scores)
}

// quantize turns float weights into int16 on one scale (argmax is scale-free).
func quantize(m *Model, w []float32) *Model {
	maxAbs := float32(0)
	for _, v := range w {
		maxAbs = max(maxAbs, float32(math.Abs(float64(v))))
	}
	scale := float32(1)
	if maxAbs > 0 {
		scale = 32000 / maxAbs
	}
	q := &Model{lex: m.lex, sent: m.sent, bits: m.bits, w: make([]int16, len(w))}
	for i, v := range w {
		q.w[i] = int16(math.Round(float64(v * scale)))
	}
	return q
}

// RuleLabel is the DSE label the rules alone give the pair of s (mentions 0 and 1): the
// first signed stance they find between the two, else Neutral.
func RuleLabel(f *Finder, s *Sentence, sc *Scratch) Label {
	for _, x := range f.Find(s, sc) {
		if x.Sign != 0 {
			return LabelOf(x.Source == 0, x.Sign)
		}
	}
	return Neutral
}

// SystemLabel is the DSE label the rules and the model together give the pair of s.
func SystemLabel(m *Model, f *Finder, s *Sentence, sc *Scratch, minMargin float32) Label {
	for _, x := range m.Stances(f, s, sc, minMargin) {
		if x.Sign != 0 {
			return LabelOf(x.Source == 0, x.Sign)
		}
	}
	return Neutral
}
