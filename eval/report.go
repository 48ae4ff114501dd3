package eval

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/jdkato/prose/v2"

	"github.com/newsgraph/newsgraph/extract"
)

// MarshalJSON writes the counts with their rates, for readers of the JSON report.
func (c PRF) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		TP int     `json:"tp"`
		FP int     `json:"fp"`
		FN int     `json:"fn"`
		P  float64 `json:"p"`
		R  float64 `json:"r"`
		F1 float64 `json:"f1"`
	}{c.TP, c.FP, c.FN, round(c.Precision()), round(c.Recall()), round(c.F1())})
}

func round(f float64) float64 { return float64(int(f*10000+0.5)) / 10000 }

// Report is the scores of every system on every split asked for.
type Report struct {
	Splits []SplitReport `json:"splits"`
}

// SplitReport is the scores of every system on one split.
type SplitReport struct {
	Split           string          `json:"split"`
	Articles        int             `json:"articles"`
	EntitySpans     int             `json:"entity_spans"`
	StanceSentences int             `json:"stance_sentences"`
	Systems         []*SystemReport `json:"systems"`
}

// SplitsFor expands a --split value: "all" reports dev, heldout and both together.
func SplitsFor(s string) ([]string, error) {
	switch s {
	case Dev, Heldout:
		return []string{s}, nil
	case All, "":
		return []string{Dev, Heldout, All}, nil
	}
	return nil, fmt.Errorf("split %q: want dev, heldout or all", s)
}

// Run predicts with newsgraph's extractor x and with prose's model m once, then scores
// both on each split.
func Run(g *Gold, x *extract.Extractor, m *prose.Model, match Matcher, splits []string) (*Report, error) {
	ng, err := PredictNewsgraph(x, g)
	if err != nil {
		return nil, err
	}
	base, err := PredictProse(m, g)
	if err != nil {
		return nil, err
	}
	rep := &Report{}
	for _, s := range splits {
		sr := SplitReport{Split: s}
		for _, a := range g.Articles {
			if InSplit(a.Split, s) {
				sr.Articles++
				sr.EntitySpans += len(a.Spans())
			}
		}
		seen := map[string]bool{}
		for _, r := range g.Stance {
			if InSplit(r.Split, s) && !seen[r.ID] {
				seen[r.ID] = true
				sr.StanceSentences++
			}
		}
		sr.Systems = []*SystemReport{Evaluate(g, ng, s, match), Evaluate(g, base, s, match)}
		rep.Splits = append(rep.Splits, sr)
	}
	return rep, nil
}

// WriteText writes the report as tables, one set per split; with errors it adds every
// NER false positive and negative and every stance sentence gotten wrong.
func WriteText(w io.Writer, r *Report, errors bool) error {
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', tabwriter.AlignRight)
	for i, sr := range r.Splits {
		if i > 0 {
			fmt.Fprintln(tw)
		}
		fmt.Fprintf(tw, "== split %s: %d articles, %d gold entity spans, %d stance sentences\n\n", sr.Split, sr.Articles, sr.EntitySpans, sr.StanceSentences)
		fmt.Fprintln(tw, "NER (exact span)\ttype\tP\tR\tF1\tTP\tFP\tFN\ttype errors\t")
		for _, s := range sr.Systems {
			for _, t := range Types {
				writePRF(tw, s.System, t, s.NER.Scores.ByType[t], "")
			}
			writePRF(tw, s.System, "micro", s.NER.Scores.Micro, fmt.Sprint(s.NER.Scores.TypeErrors))
		}
		fmt.Fprintln(tw, "\nResolution (gold mentions)\tB3 P\tB3 R\tB3 F1\tpair P\tpair R\tpair F1\tfound\t")
		for _, s := range sr.Systems {
			name := s.System
			if name == SystemProse {
				name = "same-string"
			}
			res := s.Resolution
			fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%d/%d\t\n", name, res.BCubed.P, res.BCubed.R, res.BCubed.F1,
				res.Pairwise.Precision(), res.Pairwise.Recall(), res.Pairwise.F1(), res.Found, res.Mentions)
		}
		for _, s := range sr.Systems {
			if s.Stance == nil {
				continue
			}
			fmt.Fprintf(tw, "\nStance (%s)\tsentences\tgold\tpredicted\tP\tR\tF1\taccuracy\tsign acc\treversed\t\n", s.System)
			writeStance(tw, "all", s.Stance)
			for _, c := range Categories {
				if cs := s.Stance.ByCategory[c]; cs != nil && cs.Sentences > 0 {
					writeStance(tw, c, cs)
				}
			}
		}
		if errors {
			if err := tw.Flush(); err != nil {
				return err
			}
			writeErrors(w, sr)
		}
	}
	return tw.Flush()
}

func writePRF(w io.Writer, system, typ string, c PRF, extra string) {
	fmt.Fprintf(w, "%s\t%s\t%.3f\t%.3f\t%.3f\t%d\t%d\t%d\t%s\t\n", system, typ, c.Precision(), c.Recall(), c.F1(), c.TP, c.FP, c.FN, extra)
}

func writeStance(w io.Writer, name string, s *StanceScores) {
	gold, pred := s.Edges.TP+s.Edges.FN, s.Edges.TP+s.Edges.FP
	fmt.Fprintf(w, "%s\t%d\t%d\t%d\t%s\t%s\t%s\t%.3f\t%s\t%d\t\n", name, s.Sentences, gold, pred,
		rate(s.Edges.Precision(), pred), rate(s.Edges.Recall(), gold), rate(s.Edges.F1(), gold*pred),
		s.Accuracy(), rate(s.SignAccuracy(), s.Directed), s.Reversed)
}

// rate formats a rate, or "-" where its denominator is zero and it means nothing.
func rate(f float64, denominator int) string {
	if denominator == 0 {
		return "-"
	}
	return fmt.Sprintf("%.3f", f)
}

func writeErrors(w io.Writer, sr SplitReport) {
	for _, s := range sr.Systems {
		fmt.Fprintf(w, "\n-- %s errors on %s\n", s.System, sr.Split)
		for _, l := range []struct {
			what  string
			spans []Span
		}{{"FP", s.NER.FalsePositives}, {"FN", s.NER.FalseNegatives}} {
			for _, sp := range l.spans {
				fmt.Fprintf(w, "%s\t%s\t%s\t%q\n", l.what, sp.Type, sp.Doc, sp.Text)
			}
		}
		for _, it := range s.StanceErrors {
			fmt.Fprintf(w, "stance %s (%s): %s\n", it.ID, it.Category, it.Sentence)
			fmt.Fprintf(w, "\tgold: %s\n\tpred: %s\n", goldString(it.Gold), predString(it.Pred))
		}
	}
}

func goldString(gs []GoldStance) string {
	if len(gs) == 0 {
		return "none"
	}
	var parts []string
	for _, g := range gs {
		parts = append(parts, fmt.Sprintf("%s -> %s (%+d)", g.Source, g.Target, g.Sign))
	}
	return strings.Join(parts, "; ")
}

func predString(ps []PredStance) string {
	if len(ps) == 0 {
		return "none"
	}
	var parts []string
	for _, p := range ps {
		parts = append(parts, fmt.Sprintf("%s -> %s (%+d)", p.Source.Name, p.Target.Name, p.Sign))
	}
	return strings.Join(parts, "; ")
}
