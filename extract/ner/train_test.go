package ner

import (
	"bytes"
	"os"
	"slices"
	"sync"
	"testing"

	"github.com/newsgraph/newsgraph/extract/pos"
)

var (
	resOnce sync.Once
	res     *Resources
	posT    *pos.Tagger
)

func mustResources(tb testing.TB) (*Resources, *pos.Tagger) {
	tb.Helper()
	resOnce.Do(func() {
		var err error
		if res, err = LoadResources(); err != nil {
			tb.Fatal(err)
		}
		if posT, err = pos.Load(); err != nil {
			tb.Fatal(err)
		}
	})
	if res == nil || posT == nil {
		tb.Fatal("resources failed to load")
	}
	return res, posT
}

func tiny(tb testing.TB) []Document {
	tb.Helper()
	f, err := os.Open("testdata/tiny.conll")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	docs, err := ReadCoNLL(f, "testdata/tiny.conll")
	if err != nil {
		tb.Fatal(err)
	}
	_, tg := mustResources(tb)
	TagPOS(docs, tg)
	return docs
}

// TestTrainLearns: on a small fixture, the perceptron's mistakes fall to none, the kept model
// finds the fixture's entities, and it generalizes a little: known names in a new sentence.
func TestTrainLearns(t *testing.T) {
	r, _ := mustResources(t)
	docs := tiny(t)
	res, err := Train(docs, docs, r, TrainOptions{Epochs: 8, Bits: 16, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if first, last := res.Mistakes[0], res.Mistakes[len(res.Mistakes)-1]; last >= first || last != 0 {
		t.Errorf("training mistakes per epoch %v: want falling to 0", res.Mistakes)
	}
	if f1 := res.Dev.Micro(PER, ORG, LOC, MISC).F1(); f1 < 0.95 {
		t.Errorf("F1 on the training fixture %.3f, want ≥ 0.95", f1)
	}
	tagger := res.Model.NewTagger()
	words := []string{"Maria", "Lopez", "criticised", "Nordbank", "in", "Berlin", "."}
	tags := make([]string, len(words))
	_, tg := mustResources(t)
	tg.Tag(words, tags)
	got := tagger.Tag(words, tags)
	want := []Span{{0, 2, PER}, {3, 4, ORG}, {5, 6, LOC}}
	if !slices.Equal(got, want) {
		t.Errorf("Tag(%v) = %v, want %v", words, got, want)
	}
}

// TestTrainDeterministic: same data and seed, same model bytes.
func TestTrainDeterministic(t *testing.T) {
	r, _ := mustResources(t)
	docs := tiny(t)
	var out [2]bytes.Buffer
	for i := range out {
		res, err := Train(docs, nil, r, TrainOptions{Epochs: 3, Bits: 14, Seed: 7})
		if err != nil {
			t.Fatal(err)
		}
		if err := res.Model.Write(&out[i]); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(out[0].Bytes(), out[1].Bytes()) {
		t.Error("two trainings with the same seed wrote different models")
	}
	// And the file reads back to a model that tags the same.
	back, err := Read(bytes.NewReader(out[0].Bytes()), r)
	if err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	if err := back.Write(&again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Bytes(), out[0].Bytes()) {
		t.Error("Read then Write changed the model")
	}
}

func TestTrainErrors(t *testing.T) {
	r, _ := mustResources(t)
	if _, err := Train(nil, nil, r, TrainOptions{}); err == nil {
		t.Error("no training documents: want an error")
	}
	untagged := []Document{{ID: "x", Sentences: []Sentence{{Words: []string{"a", "b"}}}}}
	if _, err := Train(untagged, nil, r, TrainOptions{}); err == nil {
		t.Error("sentences without tags: want an error")
	}
	if _, err := Train(tiny(t), nil, r, TrainOptions{Bits: 40}); err == nil {
		t.Error("40 bits: want an error")
	}
}

// TestTrainRuns: the mean of several runs is deterministic (whatever order the runs finish
// in), still learns the fixture, and Runs 1 is the plain single run.
func TestTrainRuns(t *testing.T) {
	r, _ := mustResources(t)
	docs := tiny(t)
	write := func(opt TrainOptions) ([]byte, *TrainResult) {
		res, err := Train(docs, docs, r, opt)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := res.Model.Write(&b); err != nil {
			t.Fatal(err)
		}
		return b.Bytes(), res
	}
	opt := TrainOptions{Epochs: 6, Bits: 14, Seed: 3, Runs: 3}
	a, res := write(opt)
	b, _ := write(opt)
	if !bytes.Equal(a, b) {
		t.Error("two trainings of 3 runs with the same seed wrote different models")
	}
	if len(res.RunEpochs) != 3 || len(res.RunDev) != 3 {
		t.Errorf("RunEpochs %v, RunDev %v: want 3 each", res.RunEpochs, res.RunDev)
	}
	if f1 := res.Dev.Micro(PER, ORG, LOC, MISC).F1(); f1 < 0.95 {
		t.Errorf("F1 of the mean of 3 runs on the training fixture %.3f, want ≥ 0.95", f1)
	}
	one, _ := write(TrainOptions{Epochs: 6, Bits: 14, Seed: 3, Runs: 1})
	plain, _ := write(TrainOptions{Epochs: 6, Bits: 14, Seed: 3})
	if !bytes.Equal(one, plain) {
		t.Error("Runs 1 differs from the plain single run")
	}
	if bytes.Equal(a, plain) {
		t.Error("the mean of 3 runs is the same model as one run")
	}
}
