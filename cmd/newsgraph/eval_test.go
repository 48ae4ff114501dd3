package main

import (
	"encoding/json"
	"strings"
	"testing"
)

const evalGold = "../../fixtures/eval"

// TestEvalCommand runs "newsgraph eval" on the shipped gold sets: tables for each split by
// default, a JSON report with both systems under --json, usage errors as exit code 2.
func TestEvalCommand(t *testing.T) {
	out, errOut, code := run(t, "", "eval", "--gold", evalGold, "--split", "heldout", "--json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep struct {
		Splits []struct {
			Split   string `json:"split"`
			Systems []struct {
				System string `json:"system"`
				NER    struct {
					Scores struct {
						Micro struct {
							F1 float64 `json:"f1"`
							TP int     `json:"tp"`
						} `json:"micro"`
					} `json:"scores"`
				} `json:"ner"`
			} `json:"systems"`
		} `json:"splits"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("--json output is not JSON: %v", err)
	}
	if len(rep.Splits) != 1 || rep.Splits[0].Split != "heldout" || len(rep.Splits[0].Systems) != 2 {
		t.Fatalf("report %+v: want the heldout split with two systems", rep)
	}
	ng, base := rep.Splits[0].Systems[0], rep.Splits[0].Systems[1]
	if ng.System != "newsgraph" || base.System != "prose" || ng.NER.Scores.Micro.F1 <= base.NER.Scores.Micro.F1 || ng.NER.Scores.Micro.TP == 0 {
		t.Errorf("systems %+v, %+v: want newsgraph above prose", ng, base)
	}

	out, errOut, code = run(t, "", "eval", "--gold", evalGold, "--errors")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"== split dev", "== split heldout", "== split all", "NER (exact span)", "Resolution (gold mentions)", "Stance (newsgraph)", "same-string", "-- newsgraph errors on all"} {
		if !strings.Contains(out, want) {
			t.Errorf("table output lacks %q", want)
		}
	}

	for _, args := range [][]string{{"eval", "--split", "train"}, {"eval", "extra"}, {"eval", "--bogus"}} {
		if _, _, code := run(t, "", args...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
	if _, errOut, code := run(t, "", "eval", "--gold", t.TempDir()); code != exitFatal || !strings.Contains(errOut, "articles.tsv") {
		t.Errorf("missing gold: exit %d, stderr %q", code, errOut)
	}
}
