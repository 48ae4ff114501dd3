package eval

import (
	"sync"
	"testing"

	"github.com/newsgraph/newsgraph/extract"
)

func TestLocate(t *testing.T) {
	for _, tc := range []struct {
		text, phrase string
		from         int
		s, e         int
		ok           bool
	}{
		{"Tony Blair said", "Tony Blair", 0, 0, 10, true},
		{"Comissaria\nSmith said", "Comissaria Smith", 0, 0, 16, true},
		{"Israel’s army", "Israel 's", 0, 0, 10, true}, // prose folds the curly quote and splits 's
		{"USA and US", "US", 0, 8, 10, true},           // not inside USA
		{"Biden met Biden", "Biden", 1, 10, 15, true},  // from the cursor on
		{"Gaza", "Rafah", 0, 0, 0, false},
		{"the U.S. said", "U.S.", 0, 4, 8, true},
	} {
		s, e, ok := locate(tc.text, tc.from, tc.phrase)
		if ok != tc.ok || (ok && (s != tc.s || e != tc.e)) {
			t.Errorf("locate(%q, %d, %q) = %d, %d, %v; want %d, %d, %v", tc.text, tc.from, tc.phrase, s, e, ok, tc.s, tc.e, tc.ok)
		}
	}
}

var (
	harnessOnce sync.Once
	harnessRep  *Report
	harnessErr  error
)

// harness runs newsgraph and the prose baseline over the shipped gold sets once.
func harness(t *testing.T) *Report {
	t.Helper()
	harnessOnce.Do(func() {
		var g *Gold
		if g, harnessErr = LoadGold(goldDir); harnessErr != nil {
			return
		}
		lex, err := extract.DefaultLexicon()
		if err != nil {
			harnessErr = err
			return
		}
		x := extract.New(extract.LoadModel(), lex, extract.Options{}) // the default extractor
		harnessRep, harnessErr = Run(g, x, LoadProse(), NameMatcher(lex.Canonical), []string{Dev, Heldout, All})
	})
	if harnessErr != nil {
		t.Fatal(harnessErr)
	}
	return harnessRep
}

func systems(t *testing.T, sr SplitReport) (ng, base *SystemReport) {
	t.Helper()
	for _, s := range sr.Systems {
		switch s.System {
		case SystemNewsgraph:
			ng = s
		case SystemProse:
			base = s
		}
	}
	if ng == nil || base == nil {
		t.Fatalf("split %s: systems %v", sr.Split, sr.Systems)
	}
	return ng, base
}

// TestGoldSetScores is the quality gate CI runs: newsgraph must beat prose's NER by a clear
// margin on both halves and stay above floors set from the scores measured when the gold
// sets were made (docs/eval.md) minus a margin, so a rule change that costs quality fails.
func TestGoldSetScores(t *testing.T) {
	rep := harness(t)
	floors := map[string]struct{ ner, b3, stance float64 }{
		// Measured (docs/eval.md; entity model, its rules, parse-based stance): NER micro-F1
		// dev 0.988, heldout 0.925, all 0.950; B3 F1 0.993, 0.987, 0.989; stance F1 0.812,
		// 0.667, 0.741. Floors are those minus ~0.02-0.03 (stance ~0.04), so noise passes and a
		// real regression does not.
		Dev:     {0.96, 0.96, 0.77},
		Heldout: {0.90, 0.96, 0.63},
		All:     {0.93, 0.96, 0.70},
	}
	for _, sr := range rep.Splits {
		ng, base := systems(t, sr)
		f := floors[sr.Split]
		nf, bf := ng.NER.Scores.Micro.F1(), base.NER.Scores.Micro.F1()
		t.Logf("%s: NER micro-F1 newsgraph %.3f prose %.3f; B3 F1 %.3f (same-string %.3f); stance F1 %.3f",
			sr.Split, nf, bf, ng.Resolution.BCubed.F1, base.Resolution.BCubed.F1, ng.Stance.Edges.F1())
		if nf < bf+0.10 {
			t.Errorf("%s: newsgraph NER micro-F1 %.3f is not 0.10 above prose's %.3f", sr.Split, nf, bf)
		}
		if nf < f.ner {
			t.Errorf("%s: newsgraph NER micro-F1 %.3f below the floor %.2f", sr.Split, nf, f.ner)
		}
		for _, typ := range Types {
			if tf := ng.NER.Scores.ByType[typ].F1(); tf < 0.88 {
				t.Errorf("%s: newsgraph %s F1 %.3f below 0.88", sr.Split, typ, tf)
			}
		}
		if b3 := ng.Resolution.BCubed.F1; b3 < f.b3 || b3 < base.Resolution.BCubed.F1 {
			t.Errorf("%s: B3 F1 %.3f below the floor %.2f or the same-string baseline %.3f", sr.Split, b3, f.b3, base.Resolution.BCubed.F1)
		}
		if sf := ng.Stance.Edges.F1(); sf < f.stance {
			t.Errorf("%s: stance F1 %.3f below the floor %.2f", sr.Split, sf, f.stance)
		}
		if base.Stance != nil {
			t.Errorf("%s: the prose baseline has no stance, got %+v", sr.Split, base.Stance)
		}
	}
	all := rep.Splits[2]
	ng, _ := systems(t, all)
	if p := ng.Stance.Edges.Precision(); p < 0.55 {
		t.Errorf("stance precision %.3f below 0.55", p)
	}
	if acc := ng.Stance.ByCategory["none"].Accuracy(); acc < 0.5 {
		t.Errorf("no-stance sentences: accuracy %.3f below 0.5 (too many invented stances)", acc)
	}
	if acc := ng.Stance.ByCategory["passive"].Accuracy(); acc < 0.7 {
		t.Errorf("passive sentences: accuracy %.3f below 0.7", acc)
	}
}

// TestProseBaselineAligns checks that the baseline's entity texts were found in the
// articles: a lost entity is scored as a false positive, so many would unfairly sink prose.
func TestProseBaselineAligns(t *testing.T) {
	rep := harness(t)
	_, base := systems(t, rep.Splits[2])
	lost, total := 0, base.NER.Scores.Micro.TP+base.NER.Scores.Micro.FP
	for _, s := range base.NER.FalsePositives {
		if s.Start < 0 {
			lost++
		}
	}
	if total == 0 || lost > total/50 {
		t.Errorf("%d of %d prose entities could not be located in their article", lost, total)
	}
}

// TestSplitsPartition checks that dev and heldout add up to all.
func TestSplitsPartition(t *testing.T) {
	rep := harness(t)
	dev, held, all := rep.Splits[0], rep.Splits[1], rep.Splits[2]
	if dev.Articles+held.Articles != all.Articles || dev.StanceSentences+held.StanceSentences != all.StanceSentences ||
		dev.EntitySpans+held.EntitySpans != all.EntitySpans {
		t.Errorf("dev %+v + heldout %+v != all %+v", dev, held, all)
	}
	for i := range all.Systems {
		d, h, a := dev.Systems[i].NER.Scores.Micro, held.Systems[i].NER.Scores.Micro, all.Systems[i].NER.Scores.Micro
		if d.Add(h) != a {
			t.Errorf("%s: NER counts dev %+v + heldout %+v != all %+v", all.Systems[i].System, d, h, a)
		}
	}
}
