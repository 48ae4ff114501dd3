package source

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// addFixtureSeeds adds the shipped sample dumps to a fuzz corpus.
func addFixtureSeeds(f *testing.F, names ...string) {
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, 0)
	}
}

// checkRecords checks what must hold for any record stream: every record has a position,
// error records wrap exactly one reason and start with their file, good ones carry a usable
// article, and line numbers only grow.
func checkRecords(t *testing.T, recs []Record) {
	t.Helper()
	lastLine := 0
	for _, r := range recs {
		if r.Pos.File == "" {
			t.Fatalf("record without a file: %+v", r)
		}
		if r.Pos.Line < lastLine {
			t.Fatalf("line went back from %d to %d", lastLine, r.Pos.Line)
		}
		lastLine = r.Pos.Line
		if r.Err != nil {
			n := 0
			for _, reason := range Reasons {
				if errors.Is(r.Err, reason) {
					n++
				}
			}
			if n != 1 {
				t.Fatalf("error %q wraps %d reasons, want 1", r.Err, n)
			}
			if !strings.HasPrefix(r.Err.Error(), r.Pos.File) {
				t.Fatalf("error %q does not start with %q", r.Err, r.Pos.File)
			}
			continue
		}
		a := r.Article
		if a.ID == "" || strings.TrimSpace(a.Text) == "" || !utf8.ValidString(a.Text) {
			t.Fatalf("bad article accepted: %+v", a)
		}
	}
}

// walkFormat runs one reader of walker over data, as Walk would after decompressing.
func walkFormat(t *testing.T, data []byte, max int, read func(*walker, string, *bufio.Reader) error) []Record {
	t.Helper()
	var recs []Record
	w := &walker{ctx: context.Background(), opts: Options{MaxBytes: max}.withDefaults(), fn: func(r Record) error {
		recs = append(recs, r)
		return nil
	}}
	if err := read(w, "fuzz", bufio.NewReaderSize(bytes.NewReader(data), 16)); err != nil {
		t.Fatalf("reader returned %v", err)
	}
	return recs
}

// FuzzJSONL feeds arbitrary bytes to the JSON Lines and JSON array readers, with a small record limit half
// the time so the too-large path is exercised. An accepted article must survive a round
// trip: written back as JSON and read again, it is the same article.
func FuzzJSONL(f *testing.F) {
	addFixtureSeeds(f, "../../fixtures/dumps/sample.jsonl", "testdata/bad.jsonl")
	f.Add([]byte(`{"id":1e3,"text":"x","date":"2024-01-02T03:04:05+09:00"}`), 0)
	f.Add([]byte("{\"text\":\"a\"}\r\n\n{\"text\":\"\\u0000\"}\n{"), 20)
	f.Add([]byte(`[{"id":"a","text":"x"}, {"text":1}, {"text":"yy"}]`), 0)
	f.Fuzz(func(t *testing.T, data []byte, max int) {
		if max < 0 || max > 1<<16 {
			max = 0
		}
		checkRecords(t, walkFormat(t, data, max, (*walker).readJSONArray))
		recs := walkFormat(t, data, max, (*walker).readJSONL)
		checkRecords(t, recs)
		if len(recs) > bytes.Count(data, []byte("\n"))+1 {
			t.Fatalf("%d records from %d lines", len(recs), bytes.Count(data, []byte("\n"))+1)
		}
		for _, r := range recs {
			if r.Err != nil {
				continue
			}
			line, err := json.Marshal(r.Article)
			if err != nil {
				t.Fatal(err)
			}
			again, sk := parseJSONArticle(line, defaultFields)
			if sk != nil || again != r.Article {
				t.Fatalf("round trip of %+v gave %+v, %v", r.Article, again, sk)
			}
		}
	})
}

// FuzzCSV feeds arbitrary bytes to the CSV reader: whatever encoding/csv reads cleanly must
// read the same, and nothing may panic or lose its place.
func FuzzCSV(f *testing.F) {
	addFixtureSeeds(f, "../../fixtures/dumps/sample.csv")
	f.Add([]byte("id,text\n\"a\"\"\",\"b\r\nc\"\n\n\"open"), 0)
	f.Add([]byte("text\r\n\"x\"y\r\nz\r"), 8)
	f.Fuzz(func(t *testing.T, data []byte, max int) {
		if max < 0 || max > 1<<16 {
			max = 0
		}
		csvAgrees(t, string(data))
		recs := walkFormat(t, data, max, (*walker).readCSV)
		checkRecords(t, recs)
	})
}

// FuzzText feeds arbitrary bytes to the plain-text path: the text is kept byte for byte and
// a date is only found where the file starts with one.
func FuzzText(f *testing.F) {
	addFixtureSeeds(f, "../../fixtures/dumps/001_sample_rafah.txt")
	f.Add([]byte(" date 2024-03-20 In a recent development"), 0)
	f.Add([]byte("\ufeffDATE:\t2024-02-29\r\nx"), 0)
	f.Add([]byte("date 2023-02-29 x"), 0)
	f.Fuzz(func(t *testing.T, data []byte, max int) {
		if max < 0 || max > 1<<16 {
			max = 0
		}
		recs := walkFormat(t, data, max, (*walker).readText)
		checkRecords(t, recs)
		if len(recs) != 1 {
			t.Fatalf("got %d records, want 1", len(recs))
		}
		a := recs[0].Article
		if recs[0].Err != nil {
			return
		}
		if a.Text != string(data) {
			t.Fatalf("text changed: %q → %q", data, a.Text)
		}
		if a.Date == "" {
			return
		}
		if _, err := time.Parse(time.DateOnly, a.Date); err != nil {
			t.Fatalf("date %q is not YYYY-MM-DD", a.Date)
		}
		head := strings.ToLower(strings.TrimLeft(a.Text, " \t\r\n\ufeff"))
		if !strings.HasPrefix(head, "date") || !strings.Contains(head[:min(len(head), 32)], a.Date) {
			t.Fatalf("date %q found in %q", a.Date, a.Text)
		}
	})
}
