package parse

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"
)

// Oracle says which moves training treats as right.
type Oracle uint8

const (
	// Dynamic is Goldberg & Nivre's (2012) dynamic oracle with exploration: every move that
	// loses no reachable gold arc is right, and after the first ExploreAfter epochs training
	// follows the model's own mistakes with probability Explore, so it learns to recover
	// from them.
	Dynamic Oracle = iota
	// Static is the one canonical gold derivation (no exploration), kept to measure what
	// the dynamic oracle buys.
	Static
)

// TrainOptions configure Train. The zero value is filled with the shipped model's settings.
type TrainOptions struct {
	Epochs int    // passes over the training set (15)
	Seed   uint64 // shuffling and exploration; the same seed and data give the same model

	MoveBits, LabelBits uint8 // log2 of the two weight tables. sizes (22, 23)

	Oracle       Oracle
	Explore      float64 // probability of following a wrong prediction (0.9; NoExplore for never)
	ExploreAfter int     // epochs on the oracle's path before exploring (1)

	// Epoch, if set, is called after every epoch with its scores.
	Epoch func(EpochResult)
}

// NoExplore as TrainOptions.Explore trains on optimal moves only, with the dynamic
// oracle's choice among them but none of the model's own mistakes.
const NoExplore = -1

func (o *TrainOptions) defaults() {
	if o.Epochs <= 0 {
		o.Epochs = 15
	}
	if o.MoveBits == 0 {
		o.MoveBits = 22
	}
	if o.LabelBits == 0 {
		o.LabelBits = 23
	}
	if o.Explore == 0 {
		o.Explore = 0.9
	}
	if o.ExploreAfter == 0 {
		o.ExploreAfter = 1
	}
}

// EpochResult is what one epoch of training did.
type EpochResult struct {
	Epoch int
	// Errors are the training moves (and labels of gold arcs) the model got wrong while
	// training: they fall as it learns.
	MoveErrors, Moves, LabelErrors, Labels int
	Dev                                    Score // the averaged model's, on the dev set
	Elapsed                                time.Duration
}

// Trained is what Train returns: the best epoch's model and the record of every epoch.
type Trained struct {
	Parser    *Parser
	Best      int // the epoch whose averaged weights Parser holds (1-based)
	Epochs    []EpochResult
	Lifted    int // non-projective arcs lifted in the training trees
	NonProj   int // training sentences that had any
	Sentences int
}

// Train learns a parser from train's trees and tags, keeping the epoch that scores best
// (LAS) on dev. Sentences' Tags should come from the tagger the parser will read at run
// time. Training is deterministic: the same data, options and seed give the same model.
func Train(ctx context.Context, train, dev []*Sentence, opt TrainOptions) (*Trained, error) {
	opt.defaults()
	if len(train) == 0 {
		return nil, errors.New("parse: no training sentences")
	}
	if opt.MoveBits > 26 || opt.LabelBits > 26 || opt.MoveBits < 8 || opt.LabelBits < 8 {
		return nil, fmt.Errorf("parse: table sizes 2^%d, 2^%d out of range 2^8…2^26", opt.MoveBits, opt.LabelBits)
	}
	out := &Trained{Sentences: len(train)}
	golds := make([]*gold, len(train))
	for i, s := range train {
		if len(s.Tags) != len(s.Words) || len(s.Heads) != len(s.Words) || len(s.Labels) != len(s.Words) {
			return nil, fmt.Errorf("parse: training sentence %d (line %d): words, tags, heads and labels differ in length", i, s.Line)
		}
		heads, lifts := projectivize(s.Heads)
		if lifts > 0 {
			out.Lifted += lifts
			out.NonProj++
		}
		golds[i] = newGold(heads, s.Labels)
	}
	tr := &trainer{
		opt:   opt,
		w:     newWeights(sizes{opt.MoveBits, opt.LabelBits}),
		uMove: make([]int64, 1<<opt.MoveBits+int(numMoves)),
		uLab:  make([]int64, 1<<opt.LabelBits+int(numLabels)),
	}
	order := make([]int, len(train))
	for i := range order {
		order[i] = i
	}
	bestLAS := -1.0
	for epoch := 1; epoch <= opt.Epochs; epoch++ {
		start := time.Now()
		rng := rand.New(rand.NewPCG(opt.Seed, uint64(epoch)))
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		r := EpochResult{Epoch: epoch}
		explore := opt.Oracle == Dynamic && opt.Explore > 0 && epoch > opt.ExploreAfter
		for k, i := range order {
			if k%1000 == 0 && ctx.Err() != nil {
				return nil, ctx.Err()
			}
			tr.sentence(train[i], golds[i], rng, explore, &r)
		}
		p := tr.averaged()
		r.Dev = Evaluate(p, dev)
		r.Elapsed = time.Since(start)
		out.Epochs = append(out.Epochs, r)
		if opt.Epoch != nil {
			opt.Epoch(r)
		}
		if las := r.Dev.LAS(); las > bestLAS || out.Parser == nil {
			bestLAS, out.Parser, out.Best = las, p, epoch
		}
	}
	return out, nil
}

// trainer holds the perceptron's weights and, for averaging, each weight's sum of
// (update time × update): the average of w over all times t ≤ c is w − u/c (Daumé 2006),
// so no weight needs touching when it does not change.
type trainer struct {
	opt          TrainOptions
	w            weights
	uMove, uLab  []int64
	cMove, cLab  int64 // update clocks: move decisions and label decisions so far
	st           state
	words        words
	f            [numFeatures]uint64
	idx, lidx    [numFeatures]uint32
	labelScratch [numLabels]int32
}

// sentence trains on one sentence.
func (tr *trainer) sentence(s *Sentence, g *gold, rng *rand.Rand, explore bool, r *EpochResult) {
	st, w := &tr.st, &tr.w
	tr.words.reset(s.Words, s.Tags)
	st.reset(len(s.Words))
	for !st.terminal() {
		if st.forced() {
			st.applyForced()
			continue
		}
		st.features(&tr.words, &tr.f)
		w.moveIndex(&tr.f, &tr.idx)
		sc := w.moveScores(&tr.idx)
		ok := st.legal()
		pred := bestMove(sc, ok)
		var right move
		var wrong bool
		if tr.opt.Oracle == Static {
			right = st.staticMove(g)
			wrong = pred != right
		} else {
			cost := st.costs(g)
			right = cheapest(sc, cost)
			wrong = cost[pred] != 0
		}
		tr.cMove++
		r.Moves++
		if wrong {
			r.MoveErrors++
			tr.updateMove(right, 1)
			tr.updateMove(pred, -1)
		}
		next, follow := right, false
		if explore && rng.Float64() < tr.opt.Explore {
			next, follow = pred, true
		}
		l := NoLabel
		if next == leftArc || next == rightArc {
			h, d := st.s0(), st.b
			if next == leftArc {
				h, d = d, h
			}
			w.labelIndex(&tr.f, next, &tr.lidx)
			w.labelScores(&tr.lidx, &tr.labelScratch)
			l = bestLabel(&tr.labelScratch)
			if g.head[d] == h {
				tr.cLab++
				r.Labels++
				if gl := g.label[d]; l != gl {
					r.LabelErrors++
					tr.updateLabel(gl, 1)
					tr.updateLabel(l, -1)
					if !follow {
						l = gl
					}
				}
			}
		}
		st.apply(next, l)
	}
}

// cheapest returns the best-scoring move of least cost, ignoring illegal ones (cost -1).
// With the dynamic oracle that is the model's favourite among the optimal moves.
func cheapest(sc [numMoves]int32, cost [numMoves]int) move {
	best := numMoves
	for m := range numMoves {
		if cost[m] < 0 {
			continue
		}
		if best == numMoves || cost[m] < cost[best] || cost[m] == cost[best] && sc[m] > sc[best] {
			best = m
		}
	}
	return best
}

func (tr *trainer) updateMove(m move, delta int32) {
	for _, i := range tr.idx {
		j := i + uint32(m)
		tr.w.move[j] += delta
		tr.uMove[j] += tr.cMove * int64(delta)
	}
}

func (tr *trainer) updateLabel(l Label, delta int32) {
	for _, i := range tr.lidx {
		j := i + uint32(l)
		tr.w.label[j] += delta
		tr.uLab[j] += tr.cLab * int64(delta)
	}
}

// averaged returns the parser of the averaged weights, quantized as the shipped model is.
func (tr *trainer) averaged() *Parser {
	p := &Parser{w: newPacked(tr.w.sizes)}
	quantize(p.w.move, tr.w.move, tr.uMove, tr.cMove)
	quantize(p.w.label, tr.w.label, tr.uLab, tr.cLab)
	return p
}

// quantize stores the averaged weights w − u/c into table t, rounded to integers within
// ±weightMax, the largest magnitude mapped to weightMax. Only their order matters to the
// argmax.
func quantize(t []byte, w []int32, u []int64, c int64) {
	if c == 0 {
		return
	}
	avg := func(i int) float64 { return float64(w[i]) - float64(u[i])/float64(c) }
	maxAbs := 0.0
	for i := range w {
		maxAbs = max(maxAbs, math.Abs(avg(i)))
	}
	if maxAbs == 0 {
		return
	}
	scale := weightMax / maxAbs
	for i := range w {
		set(t, i, int16(math.Round(avg(i)*scale)))
	}
}
