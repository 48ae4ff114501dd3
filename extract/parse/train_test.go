package parse

import (
	"bytes"
	"context"
	"testing"
)

// adjacentBaseline is the UAS of attaching every word to its right neighbour (the last to
// the root), the better of the two trivial parsers on English.
func adjacentBaseline(sents []*Sentence) float64 {
	right, words := 0, 0
	for _, s := range sents {
		for i, h := range s.Heads {
			if h == i+1 || (i == s.Len()-1 && h == -1) {
				right++
			}
			words++
		}
	}
	return pct(right, words)
}

// TestTrainLearns trains on 300 EWT sentences: the model must fit them far better than a
// trivial parser, make fewer mistakes epoch by epoch, and come out byte-identical when
// trained again with the same seed.
func TestTrainLearns(t *testing.T) {
	train := readFile(t, "testdata/ewt-train-head.conllu")
	dev := readFile(t, "testdata/ewt-dev-head.conllu")[:50]
	opt := TrainOptions{Epochs: 5, Seed: 7, MoveBits: 18, LabelBits: 19}
	var logged []EpochResult
	opt.Epoch = func(r EpochResult) { logged = append(logged, r) }
	res, err := Train(context.Background(), train, dev, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(logged) != opt.Epochs || len(res.Epochs) != opt.Epochs {
		t.Fatalf("%d epochs logged, %d recorded, want %d", len(logged), len(res.Epochs), opt.Epochs)
	}
	fit := Evaluate(res.Parser, train)
	base := adjacentBaseline(train)
	t.Logf("training set: %v (adjacent-word baseline UAS %.2f); dev: %v", fit, base, res.Epochs[res.Best-1].Dev)
	if fit.UAS() < 90 || fit.LAS() < 85 || fit.UAS() < base+40 {
		t.Errorf("on its own training set: %v, want UAS ≥ 90 and LAS ≥ 85 (baseline UAS %.2f)", fit, base)
	}
	first, last := res.Epochs[0], res.Epochs[len(res.Epochs)-1]
	rate := func(r EpochResult) float64 { return pct(r.MoveErrors, r.Moves) }
	if rate(last) > rate(first)/2 {
		t.Errorf("move errors %.2f%% in epoch 1, %.2f%% in epoch %d: not learning", rate(first), rate(last), last.Epoch)
	}
	if last.LabelErrors*2 > first.LabelErrors {
		t.Errorf("label errors %d in epoch 1, %d in epoch %d: not learning", first.LabelErrors, last.LabelErrors, last.Epoch)
	}
	if d := res.Epochs[res.Best-1].Dev; d.UAS() < 50 {
		t.Errorf("dev after training on 300 sentences: %v, want UAS ≥ 50", d)
	}
	if res.Best < 1 || res.Best > opt.Epochs {
		t.Fatalf("best epoch %d", res.Best)
	}
	for _, r := range res.Epochs {
		if r.Dev.LAS() > res.Epochs[res.Best-1].Dev.LAS() {
			t.Errorf("epoch %d has dev LAS %.2f above the kept epoch %d's", r.Epoch, r.Dev.LAS(), res.Best)
		}
	}

	opt.Epoch = nil
	again, err := Train(context.Background(), train, dev, opt)
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	if err := res.Parser.Save(&a); err != nil {
		t.Fatal(err)
	}
	if err := again.Parser.Save(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("training twice with the same seed gave different models")
	}
}

// TestTrainStatic: the static oracle trains too (it is what the dynamic one is measured
// against).
func TestTrainStatic(t *testing.T) {
	train := readFile(t, "testdata/ewt-train-head.conllu")[:150]
	res, err := Train(context.Background(), train, train[:20], TrainOptions{Epochs: 3, Oracle: Static, MoveBits: 16, LabelBits: 17})
	if err != nil {
		t.Fatal(err)
	}
	if fit := Evaluate(res.Parser, train); fit.UAS() < 85 {
		t.Errorf("static oracle on its training set: %v, want UAS ≥ 85", fit)
	}
}

func TestTrainRejects(t *testing.T) {
	if _, err := Train(context.Background(), nil, nil, TrainOptions{}); err == nil {
		t.Error("no error for no sentences")
	}
	bad := &Sentence{Words: []string{"a", "b"}, Tags: []string{"DT"}, Heads: []int{-1, 0}, Labels: []Label{Root, Dep}}
	if _, err := Train(context.Background(), []*Sentence{bad}, nil, TrainOptions{}); err == nil {
		t.Error("no error for a sentence with fewer tags than words")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ok := &Sentence{Words: []string{"a"}, Tags: []string{"DT"}, Heads: []int{-1}, Labels: []Label{Root}}
	if _, err := Train(ctx, []*Sentence{ok}, nil, TrainOptions{MoveBits: 8, LabelBits: 8}); err != context.Canceled {
		t.Errorf("cancelled: %v, want context.Canceled", err)
	}
}
