package main

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestBenchRounds runs the extraction benchmark on a few fixture articles in interleaved
// rounds: every mode gets a row with a positive ratio, newsgraph's rows the range of their
// rounds around it, and a bad round count is a usage error.
func TestBenchRounds(t *testing.T) {
	stdout, stderr, code := run(t, "", "bench", "--limit", "4", "--typical", "1", "--rounds", "3", "../../fixtures/articles")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "range (3 rounds)") {
		t.Fatalf("no range column:\n%s", stdout)
	}
	ratio := regexp.MustCompile(`\s(\d+\.\d+)x\s+(?:(\d+\.\d+)–(\d+\.\d+)x\s+)?\d+\s*$`)
	rows := 0
	for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "mode") || !strings.Contains(line, "prose") && !strings.Contains(line, "newsgraph extract") {
			continue
		}
		rows++
		m := ratio.FindStringSubmatch(line)
		if m == nil {
			t.Errorf("row without a ratio: %q", line)
			continue
		}
		r, _ := strconv.ParseFloat(m[1], 64)
		if r <= 0 {
			t.Errorf("ratio %v in %q", r, line)
		}
		isNewsgraph := strings.Contains(line, "newsgraph extract")
		if isNewsgraph != (m[2] != "") {
			t.Errorf("range column wrong in %q", line)
		}
		if m[2] != "" {
			lo, _ := strconv.ParseFloat(m[2], 64)
			hi, _ := strconv.ParseFloat(m[3], 64)
			if lo > r || r > hi {
				t.Errorf("median %v outside its range %v–%v in %q", r, lo, hi, line)
			}
		}
	}
	if rows != 4 {
		t.Errorf("%d rows, want 4 (prose twice, newsgraph twice):\n%s", rows, stdout)
	}
	if _, _, code := run(t, "", "bench", "--rounds", "0", "../../fixtures/articles"); code != 2 {
		t.Errorf("--rounds 0: exit %d, want 2", code)
	}
}
