package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/newsgraph/newsgraph/extract/ner"
	"github.com/newsgraph/newsgraph/extract/pos"
)

// trainNERCommand trains the entity model: CoNLL-format training and dev files in, a model
// file out (the shipped one is extract/ner/data/model.bin.gz), with dev scores per epoch.
func trainNERCommand(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("train-ner", flag.ContinueOnError)
	train := fs.String("train", "", "training data, CoNLL format (e.g. CoNLL-2003 eng.train)")
	dev := fs.String("dev", "", "dev data, CoNLL format (e.g. eng.testa); the best epoch on it is kept")
	out := fs.String("out", "", "where to write the model (extract/ner/data/model.bin.gz to ship it)")
	epochs := fs.Int("epochs", 15, "passes over the training data")
	bits := fs.Uint("bits", 18, "log2 of the number of feature buckets")
	seed := fs.Uint64("seed", 1, "seed for the order of training documents")
	runs := fs.Int("runs", 1, "train this many models (seeds seed, seed+1, …, two at a time) and ship the mean of their weights")
	without := fs.String("without", "", "feature groups to switch off, to measure them: clusters,lists,history,case,pos")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: newsgraph train-ner --train FILE --dev FILE --out FILE [flags]

Trains the entity recognizer (an averaged structured perceptron over BILOU labels) and
prints per-epoch and final dev precision, recall and F1 per type. Same data, flags and
seed give the same model bytes. See docs/ner.md.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args, stderr); err != nil {
		return err
	}
	if *train == "" || *out == "" {
		fmt.Fprintln(stderr, "train-ner: --train and --out are required")
		fs.Usage()
		return &exitError{code: exitUsage}
	}
	off, err := ner.ParseGroups(*without)
	if err != nil {
		fmt.Fprintln(stderr, "train-ner:", err)
		return &exitError{code: exitUsage}
	}
	tagger, err := pos.Load()
	if err != nil {
		return err
	}
	read := func(file string) ([]ner.Document, error) {
		if file == "" {
			return nil, nil
		}
		f, err := os.Open(file)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		docs, err := ner.ReadCoNLL(f, file)
		if err != nil {
			return nil, err
		}
		ner.TagPOS(docs, tagger)
		return docs, nil
	}
	trainDocs, err := read(*train)
	if err != nil {
		return err
	}
	devDocs, err := read(*dev)
	if err != nil {
		return err
	}
	res, err := ner.LoadResources()
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "train-ner: %d training documents, %d dev documents\n", len(trainDocs), len(devDocs))
	r, err := ner.Train(trainDocs, devDocs, res, ner.TrainOptions{Epochs: *epochs, Bits: *bits, Seed: *seed, Runs: *runs, Without: off, Log: stdout})
	if err != nil {
		return err
	}
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	if err := r.Model.Write(f); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", *out, err)
	}
	if err := f.Close(); err != nil {
		return err
	}
	if len(r.RunEpochs) > 1 {
		fmt.Fprintf(stdout, "kept epochs %v (dev micro-F1 %.4f), mean of %d runs; model written to %s\n", r.RunEpochs, r.RunDev, len(r.RunEpochs), *out)
	} else {
		fmt.Fprintf(stdout, "kept epoch %d; model written to %s\n", r.BestEpoch, *out)
	}
	if len(devDocs) > 0 {
		fmt.Fprintln(stdout, "dev scores of the written model (exact span):")
		r.Dev.Write(stdout)
	}
	return ctx.Err()
}
