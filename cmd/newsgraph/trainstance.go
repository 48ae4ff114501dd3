package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/extract/stance"
)

// trainStanceCommand trains the stance model's learned layer on DSE (directed sentiment
// between entities in news) and prints its dev scores.
func trainStanceCommand(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("train-stance", flag.ContinueOnError)
	train := fs.String("train", "", "DSE training file (bywords/directed_sentiment_analysis dataset/train.txt)")
	dev := fs.String("dev", "", "DSE dev file (dataset/valid.txt); only its rows absent from --train are scored")
	out := fs.String("out", "", "where to write the model (extract/stance/data/model.bin.gz to ship it)")
	epochs := fs.Int("epochs", 10, "passes over the training pairs")
	bits := fs.Uint("bits", 18, "log2 of the number of feature buckets")
	seed := fs.Uint64("seed", 1, "seed for the order of training pairs")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: newsgraph train-stance --train FILE --dev FILE --out FILE [flags]

Trains the stance pair classifier (averaged perceptron over dependency-path, cue,
sentiment and rule features) on DSE and prints per-epoch and final dev macro-F1 and
polar precision/recall on the dev rows whose sentence is not in the training file.
Never give it DSE's test.txt. See docs/stance.md.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args, stderr); err != nil {
		return err
	}
	if *train == "" || *out == "" {
		fmt.Fprintln(stderr, "train-stance: --train and --out are required")
		fs.Usage()
		return &exitError{code: exitUsage}
	}
	x, err := extract.NewDefault()
	if err != nil {
		return err
	}
	trainEx, err := readDSE(*train, stderr)
	if err != nil {
		return err
	}
	var devEx []stance.Example
	if *dev != "" {
		all, err := readDSE(*dev, stderr)
		if err != nil {
			return err
		}
		devEx = stance.Unseen(all, trainEx)
		fmt.Fprintf(stderr, "train-stance: %d of %d dev rows are not in the training file; scoring those\n", len(devEx), len(all))
	}
	trainP, devP := dsePairs(x, trainEx), dsePairs(x, devEx)
	fmt.Fprintf(stderr, "train-stance: %d training pairs, %d dev pairs\n", len(trainP), len(devP))
	lex, err := stance.DefaultLexicon()
	if err != nil {
		return err
	}
	sent, err := stance.DefaultSentiment()
	if err != nil {
		return err
	}
	r, err := stance.Train(lex, sent, trainP, devP, stance.TrainOptions{Epochs: *epochs, Bits: *bits, Seed: *seed, Log: stdout})
	if err != nil {
		return err
	}
	if err := writeFile(*out, r.Model.Write); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "kept epoch %d; model written to %s\n", r.BestEpoch, *out)
	if len(devP) > 0 {
		fmt.Fprintln(stdout, "dev scores of the written model:")
		r.Dev.Write(stdout)
		var rules stance.Confusion
		f, sc := stance.NewFinder(lex, sent), &stance.Scratch{}
		for _, p := range devP {
			rules.Add(p.Label, stance.RuleLabel(f, p.Sentence, sc))
		}
		fmt.Fprintln(stdout, "dev scores of the rules alone, for comparison:")
		rules.Write(stdout)
		for _, mg := range []float32{0, 1000, 2000, 4000, 8000, 16000} {
			var sys stance.Confusion
			for _, p := range devP {
				sys.Add(p.Label, stance.SystemLabel(r.Model, f, p.Sentence, sc, mg))
			}
			fmt.Fprintf(stdout, "rules, then the model for the rest (margin >= %g):\n", mg)
			sys.Write(stdout)
		}
	}
	return ctx.Err()
}

func readDSE(file string, stderr io.Writer) ([]stance.Example, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	exs, bad, err := stance.ReadDSE(f, file)
	if err != nil {
		return nil, err
	}
	if len(bad) > 0 {
		fmt.Fprintf(stderr, "train-stance: %s: %d rows skipped (first: %v)\n", file, len(bad), bad[0])
	}
	return exs, nil
}

// dsePairs parses each example's sentence and maps its two spans onto word ranges; an
// example whose spans cover no word, or the same words, is left out.
func dsePairs(x *extract.Extractor, exs []stance.Example) []stance.Pair {
	var out []stance.Pair
	for _, ex := range exs {
		words, tags, spans, tree := x.ParseSentence(ex.Text)
		p, q := wordRange(spans, ex.P), wordRange(spans, ex.Q)
		if p[0] < 0 || q[0] < 0 || p[0] < q[1] && q[0] < p[1] {
			continue
		}
		s := &stance.Sentence{Words: words, Tags: tags, Tree: tree,
			Mentions: []stance.Mention{{Start: p[0], End: p[1], Entity: 0}, {Start: q[0], End: q[1], Entity: 1}}}
		out = append(out, stance.Pair{Sentence: s, Label: ex.Label})
	}
	return out
}

// wordRange returns the words whose bytes overlap sp, or {-1, -1}.
func wordRange(spans [][2]int, sp [2]int) [2]int {
	r := [2]int{-1, -1}
	for i, w := range spans {
		if w[1] > sp[0] && w[0] < sp[1] {
			if r[0] < 0 {
				r[0] = i
			}
			r[1] = i + 1
		}
	}
	return r
}
