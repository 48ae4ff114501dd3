package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"github.com/newsgraph/newsgraph/eval"
	"github.com/newsgraph/newsgraph/extract"
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
	var c common
	fs.BoolVar(&c.proseNER, "prose-ner", false, "score the extractor with prose's NER stage")
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
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "eval: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return &exitError{code: exitUsage}
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
	x := extract.New(extract.LoadModel(), lex, extract.Options{ProseNER: c.proseNER})
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
