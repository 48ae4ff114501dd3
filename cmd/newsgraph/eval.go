package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/newsgraph/newsgraph/eval"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/extract/ner"
	"github.com/newsgraph/newsgraph/extract/pos"
	"github.com/newsgraph/newsgraph/graphstore"
	"github.com/newsgraph/newsgraph/graphstore/memory"
	"github.com/newsgraph/newsgraph/pipeline"
)

// evalCommand scores extraction against the hand-made gold sets (NER, resolution, stance)
// next to prose's own NER, per split, so a rule change shows up as a number.
func evalCommand(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	gold := fs.String("gold", "fixtures/eval", "gold folder (`DIR` with articles.tsv, ner.conll, resolution.tsv, stance.tsv)")
	split := fs.String("split", eval.All, "`SPLIT` to score: dev, heldout, or all (all also reports dev and heldout)")
	asJSON := fs.Bool("json", false, "write the report as JSON (with every error) instead of tables")
	showErrors := fs.Bool("errors", false, "list every NER false positive/negative and wrong stance sentence")
	crossdoc := fs.String("crossdoc", "", "instead, score surname linking across articles on the gold `FILE` (fixtures/eval/crossdoc.tsv) over the dumps given as arguments")
	conll := fs.String("conll", "", "instead, score entity recognition on CoNLL-format `FILE` (a dev split such as CoNLL-2003 eng.testa; never a test split)")
	var c common
	fs.BoolVar(&c.learnedStance, "learned-stance", false, "score the extractor with the learned stance layer")
	fs.Var(&c.gazetteer, "gazetteer", "extra gazetteer `FILE` (TSV: name, type, |-separated aliases); repeatable")
	fs.Var(&c.aliases, "aliases", "extra alias `FILE` (TSV: alias, canonical name); repeatable")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: newsgraph eval [flags]

Scores newsgraph's extraction on the gold sets of --gold: entity-level exact-span NER
precision/recall/F1 per type, B3 and pairwise resolution scores over the gold mentions, and
stance direction+sign precision/recall/accuracy per category; next to prose's NER as it
comes (with a same-string resolution baseline). Tune rules on dev; report heldout.

Exit codes: 0 success, 1 fatal error (bad gold files), 2 usage error.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args, stderr); err != nil {
		return err
	}
	if fs.NArg() > 0 && *crossdoc == "" {
		fmt.Fprintf(stderr, "eval: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return &exitError{code: exitUsage}
	}
	if *conll != "" {
		return evalCoNLL(*conll, &c, *showErrors, stdout)
	}
	if *crossdoc != "" {
		return evalCrossDoc(ctx, *crossdoc, fs.Args(), &c, stdout)
	}
	splits, err := eval.SplitsFor(*split)
	if err != nil {
		fmt.Fprintf(stderr, "eval: %v\n", err)
		return &exitError{code: exitUsage}
	}
	g, err := eval.LoadGold(*gold)
	if err != nil {
		return err
	}
	lex, err := c.lexicon()
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	x := extract.New(extract.LoadModel(), lex, extract.Options{LearnedStance: c.learnedStance})
	rep, err := eval.Run(g, x, eval.LoadProse(), eval.NameMatcher(lex.Canonical), splits)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	return eval.WriteText(stdout, rep, *showErrors)
}

// evalCoNLL prints the entity model's and the whole extractor's scores on a CoNLL file.
func evalCoNLL(file string, c *common, showErrors bool, stdout io.Writer) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	docs, err := ner.ReadCoNLL(f, file)
	if err != nil {
		return err
	}
	tagger, err := pos.Load()
	if err != nil {
		return err
	}
	ner.TagPOS(docs, tagger)
	lex, err := c.lexicon()
	if err != nil {
		return err
	}
	m, err := ner.Default()
	if err != nil {
		return err
	}
	rep, err := eval.ScoreCoNLL(m, extract.New(extract.LoadModel(), lex, extract.Options{}), docs)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %d documents, %d sentences\n\nentity model alone, gold tokens (exact span):\n", file, rep.Documents, rep.Sentences)
	rep.Model.Write(stdout)
	fmt.Fprintln(stdout, "\nwhole extractor on the rebuilt text (tokenizer, model, rules, resolution; PER/ORG/LOC):")
	rep.System.Write(stdout)
	if showErrors {
		fmt.Fprintln(stdout)
		rep.Errors.Write(stdout, 25)
	}
	return nil
}

// evalCrossDoc builds the graph of the dumps in memory and prints B³ of surname linking
// before and after, per split, with the default thresholds and, on dev, a grid of others.
func evalCrossDoc(ctx context.Context, file string, inputs []string, c *common, stdout io.Writer) error {
	items, err := eval.LoadCrossDoc(file)
	if err != nil {
		return err
	}
	if len(inputs) == 0 {
		return &exitError{code: exitUsage, err: fmt.Errorf("eval: --crossdoc needs the dumps the gold set was made from as arguments")}
	}
	x, err := c.extractor()
	if err != nil {
		return err
	}
	st := memory.New()
	cfg := pipeline.Config{Workers: c.workers}
	if _, err := pipeline.Run(ctx, c.source(inputs, nil), x, func(ctx context.Context, b []*extract.Result) error {
		_, err := st.Add(ctx, b)
		return err
	}, cfg); err != nil {
		return err
	}
	g, err := st.Graph(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "surname linking on %s (%d rows) over %d entities\n\n", file, len(items), len(g.Nodes))
	fmt.Fprintf(stdout, "%-8s %-22s %5s %6s %6s %6s   %6s %6s %6s\n", "split", "options", "items", "B3 P", "R", "F1", "after P", "R", "F1")
	row := func(split string, o graphstore.LinkOptions) {
		links := g.Clone().LinkSurnames(o)
		sc := eval.ScoreCrossDoc(items, links, split)
		fmt.Fprintf(stdout, "%-8s share≥%.2f articles≥%d %5d %6.3f %6.3f %6.3f   %6.3f %6.3f %6.3f\n", split, o.MinShare, o.MinArticles,
			sc.Items, sc.Before.P, sc.Before.R, sc.Before.F1, sc.After.P, sc.After.R, sc.After.F1)
	}
	for _, split := range []string{eval.Dev, eval.Heldout, eval.All} {
		row(split, graphstore.DefaultLinks)
	}
	fmt.Fprintln(stdout, "\ndev only, other thresholds (tune here, never on heldout):")
	for _, share := range []float64{0.5, 0.6, 0.7, 0.8, 0.9, 1} {
		for _, n := range []int{1, 2, 3, 5} {
			row(eval.Dev, graphstore.LinkOptions{MinShare: share, MinArticles: n})
		}
	}
	return nil
}
