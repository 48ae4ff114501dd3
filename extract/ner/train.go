package ner

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
)

// TrainOptions control Train.
type TrainOptions struct {
	// Epochs is the number of passes over the training documents (default 15). The epoch
	// that scores best on the dev documents is kept.
	Epochs int
	// Bits is the log2 of the number of feature buckets (default 18).
	Bits uint
	// Seed orders the documents of each epoch; the same seed and data give the same model.
	Seed uint64
	// Without switches feature groups off, to measure what they add.
	Without Groups
	// Log, if set, receives one line per epoch.
	Log io.Writer
}

// TrainResult reports what Train did.
type TrainResult struct {
	Model     *Model
	BestEpoch int
	Dev       Scores // dev scores of the kept model (after quantization)
	Mistakes  []int  // training sentences decoded wrongly, per epoch
}

// Train learns a model from documents whose sentences carry words, part-of-speech tags and
// gold spans: an averaged structured perceptron (Collins 2002) over Viterbi decoding. The
// history features are computed from the model's own earlier predictions, as when tagging.
// With dev documents, the best epoch by dev micro-F1 over PER/ORG/LOC is kept; without, the
// last.
func Train(train, dev []Document, res *Resources, opt TrainOptions) (*TrainResult, error) {
	if opt.Epochs <= 0 {
		opt.Epochs = 15
	}
	if opt.Bits == 0 {
		opt.Bits = 18
	}
	if opt.Bits < 8 || opt.Bits > 26 {
		return nil, fmt.Errorf("ner: bits %d out of range 8…26", opt.Bits)
	}
	if len(train) == 0 {
		return nil, errors.New("ner: no training documents")
	}
	for _, docs := range [][]Document{train, dev} {
		for _, d := range docs {
			for _, s := range d.Sentences {
				if len(s.Tags) != len(s.Words) {
					return nil, fmt.Errorf("ner: document %q: a sentence of %d words has %d tags", d.ID, len(s.Words), len(s.Tags))
				}
			}
		}
	}
	tr := &trainer{
		cur: newParams[float32](opt.Bits, opt.Without),
		acc: make([]float64, (1<<opt.Bits)*numLabels),
	}
	dec := newDecoder(tr.cur, res)
	rng := rand.New(rand.NewPCG(opt.Seed, 0x6e6572))
	order := make([]int, len(train))
	for i := range order {
		order[i] = i
	}
	result := &TrainResult{}
	var best *params[float32]
	bestF1 := -1.0
	var gold []label
	for epoch := 1; epoch <= opt.Epochs; epoch++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		mistakes := 0
		for _, di := range order {
			dec.hist.reset()
			for _, s := range train[di].Sentences {
				tr.c++
				pred := dec.tag(s.Words, s.Tags)
				gold = grow(gold, len(s.Words))
				encode(s.Spans, gold)
				if tr.update(dec, gold, pred) {
					mistakes++
				}
			}
		}
		result.Mistakes = append(result.Mistakes, mistakes)
		avg := tr.averaged()
		line := fmt.Sprintf("epoch %2d: %d of training sentences wrong", epoch, mistakes)
		if len(dev) > 0 {
			s := evaluate(newDecoder(avg, res), dev)
			f1 := s.Micro(kept...).F1()
			line += fmt.Sprintf("; dev PER %.4f ORG %.4f LOC %.4f MISC %.4f, micro PER/ORG/LOC %.4f",
				s[PER].F1(), s[ORG].F1(), s[LOC].F1(), s[MISC].F1(), f1)
			if f1 > bestF1 {
				best, bestF1, result.BestEpoch = avg, f1, epoch
			}
		} else {
			best, result.BestEpoch = avg, epoch
		}
		if opt.Log != nil {
			fmt.Fprintln(opt.Log, line)
		}
	}
	result.Model = quantize(best, res)
	if len(dev) > 0 {
		result.Dev = Evaluate(result.Model, dev)
	}
	return result, nil
}

// trainer holds the perceptron's current weights and, for averaging without a copy per
// step, the sum of every update scaled by the step it happened at (Daumé's trick: the
// average is cur − acc/c).
type trainer struct {
	cur      *params[float32]
	acc      []float64
	accTrans [(numLabels + 1) * numLabels]float64
	c        float64
}

// update moves the weights towards gold and away from pred where they differ and reports
// whether they did.
func (tr *trainer) update(d *decoder[float32], gold, pred []label) bool {
	wrong := false
	for k := range gold {
		if gold[k] == pred[k] {
			continue
		}
		wrong = true
		static, dyn := d.feats(k)
		for _, f := range static {
			tr.bump(int(f)*numLabels+int(gold[k]), 1)
			tr.bump(int(f)*numLabels+int(pred[k]), -1)
		}
		for _, f := range dyn {
			if f != 0 {
				tr.bump(int(f)*numLabels+int(gold[k]), 1)
				tr.bump(int(f)*numLabels+int(pred[k]), -1)
			}
		}
	}
	if !wrong {
		return false
	}
	pg, pp := numLabels, numLabels
	for k := range gold {
		g, p := int(gold[k]), int(pred[k])
		if pg != pp || g != p {
			tr.bumpTrans(pg*numLabels+g, 1)
			tr.bumpTrans(pp*numLabels+p, -1)
		}
		pg, pp = g, p
	}
	return true
}

func (tr *trainer) bump(i int, d float32) {
	tr.cur.w[i] += d
	tr.acc[i] += tr.c * float64(d)
}

func (tr *trainer) bumpTrans(i int, d float32) {
	tr.cur.trans[i] += d
	tr.accTrans[i] += tr.c * float64(d)
}

// averaged returns the average of the weights over every step so far.
func (tr *trainer) averaged() *params[float32] {
	avg := newParams[float32](tr.cur.bits, tr.cur.off)
	for i, w := range tr.cur.w {
		if w != 0 || tr.acc[i] != 0 {
			avg.w[i] = float32(float64(w) - tr.acc[i]/tr.c)
		}
	}
	for i, w := range tr.cur.trans {
		avg.trans[i] = float32(float64(w) - tr.accTrans[i]/tr.c)
	}
	return avg
}
