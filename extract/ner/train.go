package ner

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"

	"golang.org/x/sync/errgroup"
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
	// Runs, if above 1, trains that many models with seeds Seed, Seed+1, … (two at a time),
	// each keeping its best epoch on dev, and ships the mean of their averaged weights.
	Runs int
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
	Mistakes  []int  // training sentences decoded wrongly, per epoch (of the first run)
	// RunEpochs and RunDev are each run's kept epoch and its dev micro-F1 (PER/ORG/LOC,
	// before quantization); one entry without Runs.
	RunEpochs []int
	RunDev    []float64
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
	runs := max(opt.Runs, 1)
	type run struct {
		best     *params[float32]
		epoch    int
		f1       float64
		mistakes []int
		log      []string
	}
	out := make([]run, runs)
	var g errgroup.Group
	g.SetLimit(2) // two at a time: each run holds several weight tables of 2^bits × 17
	for r := range runs {
		g.Go(func() error {
			o := &out[r]
			o.best, o.epoch, o.f1, o.mistakes, o.log = trainRun(train, dev, res, opt, opt.Seed+uint64(r))
			return nil
		})
	}
	g.Wait()
	result := &TrainResult{Mistakes: out[0].mistakes}
	for r, o := range out {
		if opt.Log != nil {
			for _, line := range o.log {
				if runs > 1 {
					line = fmt.Sprintf("seed %d %s", opt.Seed+uint64(r), line)
				}
				fmt.Fprintln(opt.Log, line)
			}
		}
		result.RunEpochs = append(result.RunEpochs, o.epoch)
		result.RunDev = append(result.RunDev, o.f1)
	}
	best := out[0].best
	result.BestEpoch = out[0].epoch
	if runs > 1 {
		best = newParams[float32](opt.Bits, opt.Without)
		for _, o := range out {
			for i, w := range o.best.w {
				best.w[i] += w / float32(runs)
			}
			for i, w := range o.best.trans {
				best.trans[i] += w / float32(runs)
			}
		}
	}
	result.Model = quantize(best, res)
	if len(dev) > 0 {
		result.Dev = Evaluate(result.Model, dev)
	}
	return result, nil
}

// trainRun is one perceptron run with one seed: the averaged weights of its best epoch on
// dev (or of its last, without dev), that epoch, its dev micro-F1, the mistakes per epoch
// and one log line per epoch.
func trainRun(train, dev []Document, res *Resources, opt TrainOptions, seed uint64) (*params[float32], int, float64, []int, []string) {
	tr := &trainer{
		cur: newParams[float32](opt.Bits, opt.Without),
		acc: make([]float64, (1<<opt.Bits)*numLabels),
	}
	dec := newDecoder(tr.cur, res)
	rng := rand.New(rand.NewPCG(seed, 0x6e6572))
	order := make([]int, len(train))
	for i := range order {
		order[i] = i
	}
	var (
		best      *params[float32]
		bestEpoch int
		mistakesN []int
		log       []string
		gold      []label
	)
	bestF1 := -1.0
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
		mistakesN = append(mistakesN, mistakes)
		avg := tr.averaged()
		line := fmt.Sprintf("epoch %2d: %d of training sentences wrong", epoch, mistakes)
		if len(dev) > 0 {
			s := evaluate(newDecoder(avg, res), dev)
			f1 := s.Micro(kept...).F1()
			line += fmt.Sprintf("; dev PER %.4f ORG %.4f LOC %.4f MISC %.4f, micro PER/ORG/LOC %.4f",
				s[PER].F1(), s[ORG].F1(), s[LOC].F1(), s[MISC].F1(), f1)
			if f1 > bestF1 {
				best, bestF1, bestEpoch = avg, f1, epoch
			}
		} else {
			best, bestEpoch = avg, epoch
		}
		log = append(log, line)
	}
	return best, bestEpoch, bestF1, mistakesN, log
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
