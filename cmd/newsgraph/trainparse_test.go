package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	depparse "github.com/newsgraph/newsgraph/extract/parse"
)

const (
	ewtTrain = "../../extract/parse/testdata/ewt-train-head.conllu"
	ewtDev   = "../../extract/parse/testdata/ewt-dev-head.conllu"
)

// TestTrainParse runs the documented command on the EWT excerpts: it prints every epoch,
// writes a model that loads and parses, and writes the same bytes when run again; a
// malformed sentence is reported with file and line, skipped, and exits 3.
func TestTrainParse(t *testing.T) {
	dir := t.TempDir()
	args := func(out, train string) []string {
		return []string{"train-parse", "--train", train, "--dev", ewtDev, "--out", out,
			"--epochs", "2", "--seed", "3", "--move-bits", "16", "--label-bits", "17"}
	}
	a, b := filepath.Join(dir, "a.bin.gz"), filepath.Join(dir, "b.bin.gz")
	stdout, stderr, code := run(t, "", args(a, ewtTrain)...)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	for _, want := range []string{"epoch  1", "epoch  2", "best epoch", "model written to " + a, "300 sentences"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	f, err := os.Open(a)
	if err != nil {
		t.Fatal(err)
	}
	p, err := depparse.Load(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if tr := p.Parse([]string{"Spicer", "criticized", "Biden"}, []string{"NNP", "VBD", "NNP"}); tr.Len() != 3 {
		t.Errorf("parsed %d words", tr.Len())
	}
	if _, stderr, code := run(t, "", args(b, ewtTrain)...); code != 0 {
		t.Fatalf("second run: exit %d\n%s", code, stderr)
	}
	ab, _ := os.ReadFile(a)
	bb, _ := os.ReadFile(b)
	if !bytes.Equal(ab, bb) {
		t.Error("two runs with the same seed wrote different models")
	}

	// a malformed sentence in the middle of the training file
	good, err := os.ReadFile(ewtTrain)
	if err != nil {
		t.Fatal(err)
	}
	end := strings.Index(string(good), "\n\n") + 2 // after the first sentence
	bad := string(good[:end]) + "1\tbroken\n\n" + string(good[end:])
	line := strings.Count(string(good[:end]), "\n") + 1
	badFile := filepath.Join(dir, "bad.conllu")
	if err := os.WriteFile(badFile, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code = run(t, "", args(filepath.Join(dir, "c.bin.gz"), badFile)...)
	want := fmt.Sprintf("skip: %s:line %d: want 10 tab-separated fields", badFile, line)
	if code != exitSkipped || strings.Count(stderr, "skip:") != 1 || !strings.Contains(stderr, want) {
		t.Errorf("exit %d, stderr:\n%s\nwant exit 3 and the bad line reported", code, stderr)
	}
}

func TestTrainParseScoreAndUsage(t *testing.T) {
	stdout, stderr, code := run(t, "", "train-parse", "--score", ewtDev)
	if code != 0 || !strings.Contains(stdout, "UAS") {
		t.Errorf("--score: exit %d\n%s%s", code, stdout, stderr)
	}
	for name, args := range map[string][]string{
		"no files":   {"train-parse"},
		"no out":     {"train-parse", "--train", ewtTrain, "--dev", ewtDev},
		"bad oracle": {"train-parse", "--train", ewtTrain, "--dev", ewtDev, "--out", "x", "--oracle", "magic"},
		"bad bits":   {"train-parse", "--train", ewtTrain, "--dev", ewtDev, "--out", "x", "--move-bits", "40"},
		"argument":   {"train-parse", "--score", ewtDev, "extra"},
	} {
		if _, _, code := run(t, "", args...); code != exitUsage {
			t.Errorf("%s: exit %d, want %d", name, code, exitUsage)
		}
	}
	if _, _, code := run(t, "", "train-parse", "--score", "/nonexistent.conllu"); code != exitFatal {
		t.Errorf("missing file: exit %d, want %d", code, exitFatal)
	}
}
