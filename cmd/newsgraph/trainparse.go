package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	depparse "github.com/newsgraph/newsgraph/extract/parse"
	"github.com/newsgraph/newsgraph/extract/pos"
)

// trainParseCommand trains the dependency parser on CoNLL-U treebanks (UD English EWT), or
// with --score scores a model on one.
func trainParseCommand(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("train-parse", flag.ContinueOnError)
	trainFile := fs.String("train", "", "training treebank `FILE` (CoNLL-U), e.g. en_ewt-ud-train.conllu")
	devFile := fs.String("dev", "", "dev treebank `FILE` (CoNLL-U): picks the best epoch")
	out := fs.String("out", "", "write the model to `FILE` (extract/parse/data/model.bin.gz is the shipped one)")
	score := fs.String("score", "", "only score a model on treebank `FILE` (no training)")
	model := fs.String("model", "", "with --score: the model `FILE` to score (default: the shipped model)")
	goldTags := fs.Bool("gold-tags", false, "read the treebank's XPOS tags instead of re-tagging with newsgraph's tagger (a reference: run time has no gold tags)")
	var opt depparse.TrainOptions
	fs.IntVar(&opt.Epochs, "epochs", 15, "training epochs (the best on dev is kept)")
	fs.Uint64Var(&opt.Seed, "seed", 1, "random seed (shuffling, exploration)")
	moveBits := fs.Uint("move-bits", 22, "log2 of the move weight table's size")
	labelBits := fs.Uint("label-bits", 23, "log2 of the label weight table's size")
	oracle := fs.String("oracle", "dynamic", "training oracle: dynamic or static")
	explore := fs.Float64("explore", 0.9, "with the dynamic oracle: probability of following the model's mistakes (0: never)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: newsgraph train-parse --train FILE --dev FILE --out FILE [flags]
       newsgraph train-parse --score FILE [--model FILE]

Trains extract/parse's dependency parser on a CoNLL-U treebank, re-tagging its words with
newsgraph's part-of-speech tagger so that training sees the tags run time sees. Prints the
dev scores of every epoch and keeps the best (LAS); the same files and seed give the same
model, byte for byte. Dev sentences that also occur in the training file are not scored.
With --score, scores a model on a treebank instead (report a test split's score once; never
tune on it). docs/parse.md has the data and the reference run.

Malformed sentences are reported with their line and skipped (exit code 3 at the end).

Flags:
`)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args, stderr); err != nil {
		return err
	}
	usageErr := func(msg string) error {
		fmt.Fprintf(stderr, "train-parse: %s\n", msg)
		fs.Usage()
		return &exitError{code: exitUsage}
	}
	switch {
	case fs.NArg() > 0:
		return usageErr(fmt.Sprintf("unexpected argument %q", fs.Arg(0)))
	case *score == "" && (*trainFile == "" || *devFile == "" || *out == ""):
		return usageErr("--train, --dev and --out are required")
	case *oracle != "dynamic" && *oracle != "static":
		return usageErr(fmt.Sprintf("--oracle is dynamic or static, not %q", *oracle))
	case *moveBits < 8 || *moveBits > 26 || *labelBits < 8 || *labelBits > 26:
		return usageErr("--move-bits and --label-bits are between 8 and 26")
	}
	if *oracle == "static" {
		opt.Oracle = depparse.Static
	}
	opt.MoveBits, opt.LabelBits = uint8(*moveBits), uint8(*labelBits)
	opt.Explore = *explore
	if *explore <= 0 {
		opt.Explore = depparse.NoExplore
	}

	tagger, err := pos.Load()
	if err != nil {
		return err
	}
	skipped := 0
	read := func(name string) ([]*depparse.Sentence, error) {
		sents, bad, err := readTreebank(name, stderr)
		skipped += bad
		if err != nil {
			return nil, err
		}
		agree, words := 0, 0
		for _, s := range sents {
			gold := append([]string(nil), s.Tags...)
			if !*goldTags {
				tagger.Tag(s.Words, s.Tags)
			}
			for i := range gold {
				if gold[i] == s.Tags[i] {
					agree++
				}
			}
			words += len(gold)
		}
		fmt.Fprintf(stdout, "%s: %d sentences, %d words; tagger agrees with its XPOS on %.2f%%\n",
			name, len(sents), words, 100*float64(agree)/float64(max(words, 1)))
		return sents, ctx.Err()
	}
	finish := func() error {
		if skipped > 0 {
			return &exitError{code: exitSkipped, err: fmt.Errorf("%d malformed sentences skipped", skipped)}
		}
		return nil
	}

	if *score != "" {
		p := depparse.Default()
		if *model != "" {
			if p, err = loadParser(*model); err != nil {
				return err
			}
		}
		sents, err := read(*score)
		if err != nil {
			return err
		}
		start := time.Now()
		s := depparse.Evaluate(p, sents)
		el := time.Since(start)
		fmt.Fprintf(stdout, "%s: %v\n", *score, s)
		fmt.Fprintf(stdout, "parsed %d words in %.2fs (%.0f words/s)\n", s.Words, el.Seconds(), float64(s.Words)/el.Seconds())
		return finish()
	}

	train, err := read(*trainFile)
	if err != nil {
		return err
	}
	dev, err := read(*devFile)
	if err != nil {
		return err
	}
	dedup, repeated := unseen(dev, train)
	fmt.Fprintf(stdout, "dev: %d sentences also in the training file are not scored (%d left)\n", repeated, len(dedup))
	opt.Epoch = func(r depparse.EpochResult) {
		fmt.Fprintf(stdout, "epoch %2d  train errors: moves %.2f%% labels %.2f%%  dev %v  %.0fs\n", r.Epoch,
			100*float64(r.MoveErrors)/float64(max(r.Moves, 1)), 100*float64(r.LabelErrors)/float64(max(r.Labels, 1)),
			r.Dev, r.Elapsed.Seconds())
	}
	start := time.Now()
	res, err := depparse.Train(ctx, train, dedup, opt)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "trained in %.0fs; %d of %d training sentences were non-projective (%d arcs lifted)\n",
		time.Since(start).Seconds(), res.NonProj, res.Sentences, res.Lifted)
	fmt.Fprintf(stdout, "best epoch %d: dev %v\n", res.Best, res.Epochs[res.Best-1].Dev)
	fmt.Fprintf(stdout, "best epoch %d: all of dev %v\n", res.Best, depparse.Evaluate(res.Parser, dev))
	if err := saveParser(res.Parser, *out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "model written to %s\n", *out)
	return finish()
}

// readTreebank reads a CoNLL-U file, reporting each malformed sentence on stderr with its
// file and line and skipping it.
func readTreebank(name string, stderr io.Writer) (sents []*depparse.Sentence, bad int, err error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	r := depparse.NewReader(f)
	for {
		s, err := r.Read()
		var se *depparse.SyntaxError
		switch {
		case err == io.EOF:
			return sents, bad, nil
		case errors.As(err, &se):
			fmt.Fprintf(stderr, "skip: %s:%v\n", name, se)
			bad++
		case err != nil:
			return nil, bad, fmt.Errorf("%s: %w", name, err)
		default:
			sents = append(sents, s)
		}
	}
}

// unseen returns the sentences of dev whose words are not a sentence of train, and how many
// were: repeated sentences ("Thanks .") measure memory, not parsing.
func unseen(dev, train []*depparse.Sentence) ([]*depparse.Sentence, int) {
	seen := make(map[string]bool, len(train))
	for _, s := range train {
		seen[strings.Join(s.Words, "\x00")] = true
	}
	var out []*depparse.Sentence
	for _, s := range dev {
		if !seen[strings.Join(s.Words, "\x00")] {
			out = append(out, s)
		}
	}
	return out, len(dev) - len(out)
}

func loadParser(name string) (*depparse.Parser, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	p, err := depparse.Load(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return p, nil
}

func saveParser(p *depparse.Parser, name string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if err := p.Save(f); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", name, err)
	}
	return f.Close()
}
