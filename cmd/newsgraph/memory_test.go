package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
)

// writeDump writes copies of the fixture articles under fresh ids: a dump whose text grows
// with copies while its graph (entities, edges) stays the same.
func writeDump(t *testing.T, file string, copies int) {
	t.Helper()
	seed, err := os.ReadFile(seedFile)
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{string(seed)}
	f, err := os.Open("../../fixtures/dumps/sample.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var m map[string]any
		if json.Unmarshal(sc.Bytes(), &m) == nil {
			for _, k := range []string{"text", "body"} {
				if s, ok := m[k].(string); ok {
					texts = append(texts, s)
				}
			}
		}
	}
	out, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(out)
	enc := json.NewEncoder(w)
	for c := range copies {
		for i, text := range texts {
			if err := enc.Encode(map[string]string{"id": fmt.Sprintf("copy%05d-%d", c, i), "text": text}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestMemoryBounded runs the binary over a dump and over the same dump 8x longer and
// compares peak RSS: streaming must keep memory flat in the size of the text; only the graph
// (here the same) may cost memory. A reader that slurped its input, or a pipeline whose
// buffers grew with the dump, would fail this.
func TestMemoryBounded(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "newsgraph")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	base := 60
	rss := map[int]int64{}
	sizes := map[int]int64{}
	for _, mult := range []int{1, 8} {
		dump := filepath.Join(dir, fmt.Sprintf("dump%d.jsonl", mult))
		writeDump(t, dump, base*mult)
		fi, err := os.Stat(dump)
		if err != nil {
			t.Fatal(err)
		}
		sizes[mult] = fi.Size()
		cmd := exec.Command(bin, "run", "--quiet", "--workers", "2", "--json", filepath.Join(dir, "g.json"), dump)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("run: %v\n%s", err, out)
		}
		rss[mult] = cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss // KiB on Linux
	}
	t.Logf("dump %d KiB: peak RSS %d KiB; dump %d KiB (8x): peak RSS %d KiB", sizes[1]>>10, rss[1], sizes[8]>>10, rss[8])
	// The text is 8x larger; allow 50% (GC timing, the article-id ledger) but not growth
	// with the text.
	if rss[8] > rss[1]*3/2 {
		t.Errorf("peak RSS grew from %d KiB to %d KiB on an 8x longer dump", rss[1], rss[8])
	}
}
