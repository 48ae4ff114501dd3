package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// correctedDumps writes three dumps of the same article ids: the first version, a corrected
// version (every id with another fixture article's text and a 2025 date), and the corrected
// version without the ids in the returned deletion list: the clean load the other two plus
// the deletions must give.
func correctedDumps(t *testing.T, dir string, copies int) (first, corrected, survivors string, deleted []string) {
	t.Helper()
	first, corrected, survivors = filepath.Join(dir, "first.jsonl"), filepath.Join(dir, "corrected.jsonl"), filepath.Join(dir, "survivors.jsonl")
	writeDump(t, first, copies)
	b, err := os.ReadFile(first)
	if err != nil {
		t.Fatal(err)
	}
	var records []map[string]string
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var m map[string]string
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		records = append(records, m)
	}
	var fixed, kept bytes.Buffer
	for i, m := range records {
		c := map[string]string{"id": m["id"], "text": records[(i+1)%len(records)]["text"], "date": fmt.Sprintf("2025-01-%02d", 1+i%28)}
		line, _ := json.Marshal(c)
		fixed.Write(append(line, '\n'))
		if i%5 == 2 {
			deleted = append(deleted, m["id"])
		} else {
			kept.Write(append(line, '\n'))
		}
	}
	for name, data := range map[string][]byte{corrected: fixed.Bytes(), survivors: kept.Bytes()} {
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return first, corrected, survivors, deleted
}

// TestRunCorrections: in one memory run, a later version of an id replaces the earlier and
// --delete-ids retracts: the graph equals the clean load of the survivors. --on-change keep
// keeps the first versions instead.
func TestRunCorrections(t *testing.T) {
	dir := t.TempDir()
	first, corrected, survivors, deleted := correctedDumps(t, dir, 2)
	ids := filepath.Join(dir, "deleted.txt")
	if err := os.WriteFile(ids, []byte("# retracted\n"+strings.Join(deleted, "\n")+"\n\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	graph := func(args ...string) []byte {
		t.Helper()
		out := filepath.Join(dir, "g.json")
		if _, stderr, code := run(t, "", append([]string{"run", "--quiet", "--json", out}, args...)...); code != 0 {
			t.Fatalf("run %v: exit %d\n%s", args, code, stderr)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	want := graph(survivors)
	if got := graph("--delete-ids", ids, first, corrected); !bytes.Equal(got, want) {
		t.Fatalf("first + corrected − deleted differs from a clean load of the survivors:\n%s", diffHint(got, want))
	}
	if got, wantFirst := graph("--on-change", "keep", first, corrected), graph(first); !bytes.Equal(got, wantFirst) {
		t.Fatalf("--on-change keep did not keep the first versions:\n%s", diffHint(got, wantFirst))
	}
	if bytes.Equal(want, graph(first)) {
		t.Fatal("the corrected dump gives the same graph as the first: the test proves nothing")
	}
}

func TestDeleteUsage(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.txt")
	if err := os.WriteFile(bad, []byte("ok-id\n\xff\xfe\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"delete", "--store", "neo4j"}, "no article ids"},
		{[]string{"delete", "some-id"}, "the memory store keeps no graph between runs"},
		{[]string{"delete", "--store", "neo4j", "--ids", bad}, "bad.txt:2: article id is not valid UTF-8"},
		{[]string{"delete", "--store", "neo4j", "--ids", filepath.Join(dir, "missing.txt")}, "missing.txt"},
		{[]string{"run", "--delete-ids", bad, seedFile}, "bad.txt:2"},
	} {
		_, stderr, code := run(t, "", tc.args...)
		if code != exitUsage || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tc.args, code, stderr, exitUsage, tc.want)
		}
	}
}

// TestNeo4jCorrections: the first versions loaded into Neo4j, the corrected dump run over
// them and SIGKILLed half way through its replacements, run again, then deletions with
// newsgraph delete: the graph read back equals a clean memory load of the survivors.
func TestNeo4jCorrections(t *testing.T) {
	d := neo4jDriver(t)
	wipe(t, d)
	dir := t.TempDir()
	first, corrected, survivors, deleted := correctedDumps(t, dir, 8)
	if _, stderr, code := run(t, "", "run", "--quiet", "--store", "neo4j", first); code != 0 {
		t.Fatalf("loading the first versions: exit %d\n%s", code, stderr)
	}
	bin := filepath.Join(dir, "newsgraph")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	replaced := func() int64 { return count(t, d, "MATCH (a:Article) WHERE a.date STARTS WITH '2025' RETURN count(a)") }
	total := int64(8 * 6)
	killWhen(t, replaced, 6, total, bin, "run", "--quiet", "--store", "neo4j", "--batch", "2", "--workers", "1", corrected)
	if _, stderr, code := run(t, "", "run", "--quiet", "--store", "neo4j", corrected); code != 0 {
		t.Fatalf("re-run: exit %d\n%s", code, stderr)
	}
	ids := filepath.Join(dir, "deleted.txt")
	if err := os.WriteFile(ids, []byte(strings.Join(deleted[1:], "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := run(t, "", "delete", "--store", "neo4j", "--ids", ids, deleted[0], "never-stored")
	if code != 0 {
		t.Fatalf("delete: exit %d\n%s", code, stderr)
	}
	if want := fmt.Sprintf("deleted %d of %d articles (1 not in the store)", len(deleted), len(deleted)+1); !strings.Contains(stdout, want) {
		t.Errorf("delete said %q, want %q", stdout, want)
	}
	got, want := filepath.Join(dir, "neo4j.json"), filepath.Join(dir, "clean.json")
	if _, stderr, code := run(t, "", "export", "--from", "neo4j", "--json", got); code != 0 {
		t.Fatalf("export: exit %d\n%s", code, stderr)
	}
	if _, stderr, code := run(t, "", "run", "--quiet", "--json", want, survivors); code != 0 {
		t.Fatalf("clean memory run: exit %d\n%s", code, stderr)
	}
	a, _ := os.ReadFile(got)
	b, _ := os.ReadFile(want)
	if !bytes.Equal(a, b) {
		t.Fatalf("Neo4j after corrections and deletes differs from a clean load of the survivors:\n%s", diffHint(a, b))
	}
	if n := count(t, d, "MATCH (a:Article) RETURN count(a)"); n != total-int64(len(deleted)) {
		t.Errorf("%d articles in the ledger, want %d", n, total-int64(len(deleted)))
	}
}
