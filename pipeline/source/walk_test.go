package source

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

const (
	bidenText = "President Joe Biden met Israeli Prime Minister Benjamin Netanyahu in Washington."
	natoText  = "NATO allies agreed on Thursday to send more air defence systems to Ukraine."
	unText    = "The UN Security Council demanded an immediate ceasefire in Gaza."
)

// TestWalk checks every format and every kind of bad input: each bad case gives exactly one
// error record, with the right reason and position, and every good record still arrives, in
// order.
func TestWalk(t *testing.T) {
	huge := strings.Repeat("Hamas ", 10<<20/6+1) // over the 8 MiB default
	goodJSONL := jsonLine("a", bidenText) + jsonLine("b", natoText) + jsonLine("c", unText)
	tests := map[string]struct {
		files   map[string][]byte
		inputs  []string // relative to the test folder; nil means the folder itself
		stdin   string
		opts    Options
		wantIDs []string
		wantErr error  // nil: no error record
		errFile string // file of the error record, relative to the folder
		errLine int    // line of the error record (0 for whole-file errors)
	}{
		"txt": {
			files:   map[string][]byte{"000_936bf6869ce0e766.txt": []byte(" date 2024-03-20 " + bidenText)},
			wantIDs: []string{"000_936bf6869ce0e766"},
		},
		"txt.gz": {
			files:   map[string][]byte{"a.txt.gz": mustGzip(t, natoText)},
			wantIDs: []string{"a"},
		},
		"txt.zst": {
			files:   map[string][]byte{"a.txt.zst": mustZstd(t, natoText)},
			wantIDs: []string{"a"},
		},
		"jsonl": {
			files:   map[string][]byte{"d.jsonl": []byte(goodJSONL)},
			wantIDs: []string{"a", "b", "c"},
		},
		"jsonl with CRLF, blank lines, BOM, no final newline": {
			files: map[string][]byte{"d.jsonl": []byte("\ufeff" + strings.ReplaceAll(
				jsonLine("a", bidenText)+"\n  \n"+jsonLine("b", natoText), "\n", "\r\n") + strings.TrimSuffix(jsonLine("c", unText), "\n"))},
			wantIDs: []string{"a", "b", "c"},
		},
		"jsonl.gz": {
			files:   map[string][]byte{"d.jsonl.gz": mustGzip(t, goodJSONL)},
			wantIDs: []string{"a", "b", "c"},
		},
		"jsonl.zst": {
			files:   map[string][]byte{"d.jsonl.zst": mustZstd(t, goodJSONL)},
			wantIDs: []string{"a", "b", "c"},
		},
		"ndjson and json": {
			files:   map[string][]byte{"1.ndjson": []byte(jsonLine("a", bidenText)), "2.json": []byte(jsonLine("b", natoText))},
			wantIDs: []string{"a", "b"},
		},
		"csv": {
			files: map[string][]byte{"d.csv": []byte("id,title,text\r\n" +
				"a,Biden,\"" + bidenText + "\n\n\"\"Quoted\"\", he said.\"\r\n" +
				"b,NATO," + natoText + "\r\n")},
			wantIDs: []string{"a", "b"},
		},
		"csv.gz": {
			files:   map[string][]byte{"d.csv.gz": mustGzip(t, "text,id\n"+unText+",c\n")},
			wantIDs: []string{"c"},
		},
		"folder: recursive, sorted, other extensions ignored": {
			files: map[string][]byte{
				"b/2.txt":     []byte(unText),
				"b/1.jsonl":   []byte(jsonLine("b1", natoText)),
				"a.txt":       []byte(bidenText),
				"notes.md":    []byte("not a dump"),
				"c/d/e.jsonl": []byte(jsonLine("e", unText)),
			},
			wantIDs: []string{"a", "b1", "2", "e"},
		},
		"explicit file with unknown extension is sniffed": {
			files:   map[string][]byte{"dump.data": []byte(jsonLine("a", bidenText)), "article.md": []byte(natoText)},
			inputs:  []string{"dump.data", "article.md"},
			wantIDs: []string{"a", "article"},
		},
		"custom extensions": {
			files:   map[string][]byte{"a.news": []byte(bidenText), "b.txt": []byte(natoText)},
			opts:    Options{Extensions: []string{".news"}},
			wantIDs: []string{"a"},
		},
		"custom fields": {
			files:   map[string][]byte{"d.jsonl": []byte(`{"uid":"x","story":"` + natoText + `","text":"ignored"}` + "\n")},
			opts:    Options{Fields: Fields{ID: []string{"uid"}, Text: []string{"story"}}},
			wantIDs: []string{"x"},
		},
		"stdin JSON Lines": {
			inputs:  []string{"-"},
			stdin:   "\n  " + goodJSONL,
			wantIDs: []string{"a", "b", "c"},
		},
		"stdin text": {
			inputs:  []string{"-"},
			stdin:   bidenText,
			wantIDs: []string{contentID(bidenText)},
		},
		"stdin gzip": {
			inputs:  []string{"-"},
			stdin:   string(mustGzip(t, goodJSONL)),
			wantIDs: []string{"a", "b", "c"},
		},
		"numeric id, missing id, null fields": {
			files: map[string][]byte{"d.jsonl": []byte(`{"id":17,"text":"` + bidenText + `"}` + "\n" +
				`{"title":null,"date":null,"text":"` + natoText + `"}` + "\n")},
			wantIDs: []string{"17", contentID(natoText)},
		},

		"malformed JSON line": {
			files:   map[string][]byte{"d.jsonl": []byte(jsonLine("a", bidenText) + `{"id":"x","text":"NATO lea` + "\n" + jsonLine("c", unText))},
			wantIDs: []string{"a", "c"},
			wantErr: ErrMalformed, errFile: "d.jsonl", errLine: 2,
		},
		"trailing garbage after the object": {
			files:   map[string][]byte{"d.jsonl": []byte(jsonLine("a", bidenText) + `{"id":"x","text":"t"} x` + "\n")},
			wantIDs: []string{"a"},
			wantErr: ErrMalformed, errFile: "d.jsonl", errLine: 2,
		},
		"wrong field type: text is a number": {
			files:   map[string][]byte{"d.jsonl": []byte(`{"id":"x","text":42}` + "\n" + jsonLine("b", natoText))},
			wantIDs: []string{"b"},
			wantErr: ErrMalformed, errFile: "d.jsonl", errLine: 1,
		},
		"wrong field type: id is an object": {
			files:   map[string][]byte{"d.jsonl": []byte(jsonLine("a", bidenText) + `{"id":{"n":1},"text":"t"}` + "\n")},
			wantIDs: []string{"a"},
			wantErr: ErrMalformed, errFile: "d.jsonl", errLine: 2,
		},
		"not an object": {
			files:   map[string][]byte{"d.jsonl": []byte("[1,2]\n" + jsonLine("b", natoText))},
			wantIDs: []string{"b"},
			wantErr: ErrMalformed, errFile: "d.jsonl", errLine: 1,
		},
		"no text field": {
			files:   map[string][]byte{"d.jsonl": []byte(jsonLine("a", bidenText) + `{"id":"x","summary":"s"}` + "\n")},
			wantIDs: []string{"a"},
			wantErr: ErrMalformed, errFile: "d.jsonl", errLine: 2,
		},
		"invalid UTF-8 in a JSON line": {
			files:   map[string][]byte{"d.jsonl": []byte(jsonLine("a", bidenText) + jsonLine("x", "Caf\xe9") + jsonLine("c", unText))},
			wantIDs: []string{"a", "c"},
			wantErr: ErrInvalidUTF8, errFile: "d.jsonl", errLine: 2,
		},
		"invalid UTF-8 in a text file": {
			files:   map[string][]byte{"a.txt": []byte(bidenText), "b.txt": []byte("Caf\xe9 " + natoText)},
			wantIDs: []string{"a"},
			wantErr: ErrInvalidUTF8, errFile: "b.txt", errLine: 1,
		},
		"invalid UTF-8 in a CSV record": {
			files:   map[string][]byte{"d.csv": []byte("id,text\nx,Caf\xe9\nb," + natoText + "\n")},
			wantIDs: []string{"b"},
			wantErr: ErrInvalidUTF8, errFile: "d.csv", errLine: 2,
		},
		"empty text in a JSON line": {
			files:   map[string][]byte{"d.jsonl": []byte(jsonLine("x", " \\n\\t ") + jsonLine("b", natoText))},
			wantIDs: []string{"b"},
			wantErr: ErrEmptyText, errFile: "d.jsonl", errLine: 1,
		},
		"null text": {
			files:   map[string][]byte{"d.jsonl": []byte(`{"id":"x","text":null}` + "\n" + jsonLine("b", natoText))},
			wantIDs: []string{"b"},
			wantErr: ErrEmptyText, errFile: "d.jsonl", errLine: 1,
		},
		"empty text file": {
			files:   map[string][]byte{"a.txt": []byte(" \n\n\t"), "b.txt": []byte(natoText)},
			wantIDs: []string{"b"},
			wantErr: ErrEmptyText, errFile: "a.txt", errLine: 1,
		},
		"empty text in a CSV record": {
			files:   map[string][]byte{"d.csv": []byte("id,text\nx,\"  \"\nb," + natoText + "\n")},
			wantIDs: []string{"b"},
			wantErr: ErrEmptyText, errFile: "d.csv", errLine: 2,
		},
		"10 MB JSON line": {
			files:   map[string][]byte{"d.jsonl": []byte(jsonLine("a", bidenText) + jsonLine("x", huge) + jsonLine("c", unText))},
			wantIDs: []string{"a", "c"},
			wantErr: ErrTooLarge, errFile: "d.jsonl", errLine: 2,
		},
		"10 MB text file": {
			files:   map[string][]byte{"a.txt": []byte(huge), "b.txt": []byte(natoText)},
			wantIDs: []string{"b"},
			wantErr: ErrTooLarge, errFile: "a.txt", errLine: 1,
		},
		"10 MB CSV record": {
			files:   map[string][]byte{"d.csv": []byte("id,text\nx,\"" + huge + "\n\"\nb," + natoText + "\n")},
			wantIDs: []string{"b"},
			wantErr: ErrTooLarge, errFile: "d.csv", errLine: 2,
		},
		"record over a custom MaxBytes": {
			files:   map[string][]byte{"d.jsonl": []byte(jsonLine("a", "Short.") + jsonLine("x", bidenText))},
			opts:    Options{MaxBytes: 40},
			wantIDs: []string{"a"},
			wantErr: ErrTooLarge, errFile: "d.jsonl", errLine: 2,
		},
		"binary text file": {
			files:   map[string][]byte{"a.txt": []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "b.txt": []byte(natoText)},
			wantIDs: []string{"b"},
			wantErr: ErrBinary, errFile: "a.txt",
		},
		"binary JSON Lines file": {
			files:   map[string][]byte{"a.jsonl": []byte("\x00\x01\x02{\n\x00"), "b.jsonl": []byte(jsonLine("b", natoText))},
			wantIDs: []string{"b"},
			wantErr: ErrBinary, errFile: "a.jsonl",
		},
		"file named .gz that is not gzip": {
			files:   map[string][]byte{"a.jsonl.gz": []byte(goodJSONL), "b.jsonl": []byte(jsonLine("b", natoText))},
			wantIDs: []string{"b"},
			wantErr: ErrBinary, errFile: "a.jsonl.gz",
		},
		"missing file": {
			files:   map[string][]byte{"b.txt": []byte(natoText)},
			inputs:  []string{"nope.jsonl", "b.txt"},
			wantIDs: []string{"b"},
			wantErr: ErrUnreadable, errFile: "nope.jsonl",
		},
		"truncated gzip": {
			files: map[string][]byte{"d.jsonl.gz": truncated(t, mustGzip,
				jsonLine("a", bidenText), jsonLine("b", natoText), jsonLine("c", unText))},
			wantIDs: []string{"a", "b"},
			wantErr: ErrTruncated, errFile: "d.jsonl.gz", errLine: 3,
		},
		"truncated zstd": {
			files: map[string][]byte{"d.jsonl.zst": truncated(t, mustZstd,
				jsonLine("a", bidenText), jsonLine("b", natoText), jsonLine("c", unText))},
			wantIDs: []string{"a", "b"},
			wantErr: ErrTruncated, errFile: "d.jsonl.zst", errLine: 3,
		},
		"truncated gzip text": {
			files:   map[string][]byte{"a.txt.gz": truncated(t, mustGzip, bidenText, natoText), "b.txt": []byte(unText)},
			wantIDs: []string{"b"},
			wantErr: ErrTruncated, errFile: "a.txt.gz",
		},
		"empty gzip file": {
			files:   map[string][]byte{"a.jsonl.gz": nil, "b.jsonl": []byte(jsonLine("b", natoText))},
			wantIDs: []string{"b"},
			wantErr: ErrTruncated, errFile: "a.jsonl.gz",
		},
		"CSV record with the wrong number of fields": {
			files:   map[string][]byte{"d.csv": []byte("id,text\nx,a,b\nb," + natoText + "\n")},
			wantIDs: []string{"b"},
			wantErr: ErrMalformed, errFile: "d.csv", errLine: 2,
		},
		"CSV quote error": {
			files:   map[string][]byte{"d.csv": []byte("id,text\na," + bidenText + "\nx,\"bad\"quote\nb," + natoText + "\n")},
			wantIDs: []string{"a", "b"},
			wantErr: ErrMalformed, errFile: "d.csv", errLine: 3,
		},
		"CSV quote never closed": {
			files:   map[string][]byte{"d.csv": []byte("id,text\na," + bidenText + "\nx,\"open\n")},
			wantIDs: []string{"a"},
			wantErr: ErrMalformed, errFile: "d.csv", errLine: 3,
		},
		"JSON array": {
			files: map[string][]byte{"d.json": []byte("\ufeff[\n " + strings.TrimSuffix(jsonLine("a", bidenText), "\n") + ",\n" +
				strings.TrimSuffix(jsonLine("b", natoText), "\n") + "\n]\n")},
			wantIDs: []string{"a", "b"},
		},
		"stdin JSON array": {
			inputs:  []string{"-"},
			stdin:   "[" + strings.TrimSuffix(jsonLine("a", bidenText), "\n") + "]",
			wantIDs: []string{"a"},
		},
		"text starting with a bracket is text": {
			files:   map[string][]byte{"a.md": []byte("[Reuters] " + bidenText)},
			inputs:  []string{"a.md"},
			wantIDs: []string{"a"},
		},
		"JSON array with a bad element": {
			files: map[string][]byte{"d.json": []byte("[" + strings.TrimSuffix(jsonLine("a", bidenText), "\n") + `,{"text":7},` +
				strings.TrimSuffix(jsonLine("b", natoText), "\n") + "]")},
			wantIDs: []string{"a", "b"},
			wantErr: ErrMalformed, errFile: "d.json",
		},
		"JSON array cut short": {
			files:   map[string][]byte{"d.json": []byte("[" + strings.TrimSuffix(jsonLine("a", bidenText), "\n") + `,{"text":"Hamas sa`)},
			wantIDs: []string{"a"},
			wantErr: ErrMalformed, errFile: "d.json",
		},
		"JSON array with a 10 MB element": {
			files: map[string][]byte{"d.json": []byte("[" + strings.TrimSuffix(jsonLine("a", bidenText), "\n") + "," +
				strings.TrimSuffix(jsonLine("x", huge), "\n") + "]")},
			wantIDs: []string{"a"},
			wantErr: ErrTooLarge, errFile: "d.json",
		},
		"empty zstd file": {
			files:   map[string][]byte{"a.jsonl.zst": nil, "b.jsonl": []byte(jsonLine("b", natoText))},
			wantIDs: []string{"b"},
			wantErr: ErrTruncated, errFile: "a.jsonl.zst",
		},
		"file named .zst that is not zstd": {
			files:   map[string][]byte{"a.jsonl.zst": []byte(goodJSONL), "b.jsonl": []byte(jsonLine("b", natoText))},
			wantIDs: []string{"b"},
			wantErr: ErrBinary, errFile: "a.jsonl.zst",
		},
		"corrupt gzip checksum": {
			files: map[string][]byte{"a.jsonl.gz": func() []byte {
				z := mustGzip(t, goodJSONL)
				z[len(z)-8] ^= 0xff // the CRC-32 of the trailer
				return z
			}(), "b.jsonl": []byte(jsonLine("b", natoText))},
			wantIDs: []string{"a", "b", "c", "b"}, // the damage shows only at the end
			wantErr: ErrBinary, errFile: "a.jsonl.gz", errLine: 4,
		},
		"CSV without a text column": {
			files:   map[string][]byte{"a.csv": []byte("id,summary\nx,s\n"), "b.txt": []byte(natoText)},
			wantIDs: []string{"b"},
			wantErr: ErrMalformed, errFile: "a.csv", errLine: 1,
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			mustWriteFiles(t, dir, tt.files)
			inputs := []string{dir}
			if tt.inputs != nil {
				inputs = nil
				for _, in := range tt.inputs {
					if in != "-" {
						in = filepath.Join(dir, in)
					}
					inputs = append(inputs, in)
				}
			}
			var gotIDs []string
			var errs []Record
			for _, r := range mustWalk(t, inputs, tt.opts, tt.stdin) {
				if r.Pos.File == "" {
					t.Errorf("record %+v has no position", r)
				}
				if r.Err != nil {
					errs = append(errs, r)
					continue
				}
				gotIDs = append(gotIDs, r.Article.ID)
			}
			if !slices.Equal(gotIDs, tt.wantIDs) {
				t.Errorf("got ids %q, want %q", gotIDs, tt.wantIDs)
			}
			if tt.wantErr == nil {
				for _, r := range errs {
					t.Errorf("got error record %v, want none", r.Err)
				}
				return
			}
			if len(errs) != 1 {
				t.Fatalf("got %d error records %v, want 1", len(errs), errs)
			}
			r := errs[0]
			if !errors.Is(r.Err, tt.wantErr) {
				t.Errorf("got error %v, want %v", r.Err, tt.wantErr)
			}
			if want := filepath.Join(dir, tt.errFile); r.Pos.File != want || r.Pos.Line != tt.errLine {
				t.Errorf("got position %s line %d, want %s line %d", r.Pos.File, r.Pos.Line, want, tt.errLine)
			}
			if !strings.HasPrefix(r.Err.Error(), r.Pos.File) {
				t.Errorf("error %q does not start with its file", r.Err)
			}
			if r.Article != (Record{}).Article {
				t.Errorf("error record carries an article: %+v", r.Article)
			}
		})
	}
}

// TestWalkArticleFields checks the fields of articles read from each format, not just ids.
func TestWalkArticleFields(t *testing.T) {
	dir := t.TempDir()
	mustWriteFiles(t, dir, map[string][]byte{
		"1.jsonl": []byte(`{"id":"j","headline":"Biden in Warsaw","published_at":"2024-03-20T23:30:00-05:00",` +
			`"body":"` + bidenText + `","link":"https://example.com/j","publisher":"Wire"}` + "\n"),
		"2.csv": []byte("Link,Title,TEXT,Date,Source\nhttps://example.com/c,UN vote,\"" + unText + "\",2024-03-25,Wire\n"),
		"3.txt": []byte("\n\tDate: 2024-04-04\n" + natoText),
	})
	got := mustWalk(t, []string{dir}, Options{}, "")
	want := []Record{
		{Pos: Position{File: filepath.Join(dir, "1.jsonl"), Line: 1}},
		{Pos: Position{File: filepath.Join(dir, "2.csv"), Line: 2, Offset: int64(len("Link,Title,TEXT,Date,Source\n"))}},
		{Pos: Position{File: filepath.Join(dir, "3.txt"), Line: 1}},
	}
	want[0].Article.ID, want[0].Article.Title, want[0].Article.Date = "j", "Biden in Warsaw", "2024-03-20"
	want[0].Article.URL, want[0].Article.Source, want[0].Article.Text = "https://example.com/j", "Wire", bidenText
	want[1].Article.ID, want[1].Article.Title, want[1].Article.Date = contentID(unText), "UN vote", "2024-03-25"
	want[1].Article.URL, want[1].Article.Source, want[1].Article.Text = "https://example.com/c", "Wire", unText
	want[2].Article.ID, want[2].Article.Date, want[2].Article.Text = "3", "2024-04-04", "\n\tDate: 2024-04-04\n"+natoText
	if len(got) != len(want) {
		t.Fatalf("got %d records, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i].Err != nil || got[i].Article != want[i].Article || got[i].Pos != want[i].Pos {
			t.Errorf("record %d:\ngot  %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

// TestWalkFixtures reads the shipped sample dumps: every compressed and CSV copy of the
// sample gives the same articles as sample.jsonl, and bad.jsonl gives its good lines and
// one error per bad line.
func TestWalkFixtures(t *testing.T) {
	const dumps = "../../fixtures/dumps/"
	read := func(name string) ([]string, []error) {
		var ids []string
		var errs []error
		for _, r := range mustWalk(t, []string{dumps + name}, Options{}, "") {
			if r.Err != nil {
				errs = append(errs, r.Err)
				continue
			}
			ids = append(ids, r.Article.ID+"|"+r.Article.Date+"|"+r.Article.Text)
		}
		return ids, errs
	}
	want, errs := read("sample.jsonl")
	if len(want) != 5 || len(errs) != 0 {
		t.Fatalf("sample.jsonl: got %d articles and errors %v, want 5 and none", len(want), errs)
	}
	for _, name := range []string{"sample.jsonl.gz", "sample.jsonl.zst"} {
		if got, errs := read(name); !slices.Equal(got, want) || errs != nil {
			t.Errorf("%s: got %q %v, want %q", name, got, errs, want)
		}
	}
	csvIDs, errs := read("sample.csv")
	if len(csvIDs) != 5 || errs != nil {
		t.Errorf("sample.csv: got %d articles and errors %v, want 5 and none", len(csvIDs), errs)
	}
	good, errs := read("../../pipeline/source/testdata/bad.jsonl")
	wantReasons := []error{ErrMalformed, ErrMalformed, ErrEmptyText, ErrMalformed, ErrMalformed, ErrInvalidUTF8}
	if len(good) != 3 || len(errs) != len(wantReasons) {
		t.Fatalf("bad.jsonl: got %d articles and %d errors %v, want 3 and %d", len(good), len(errs), errs, len(wantReasons))
	}
	for i, want := range wantReasons {
		if !errors.Is(errs[i], want) {
			t.Errorf("bad.jsonl error %d: got %v, want %v", i, errs[i], want)
		}
	}
}

// TestWalkBrokenSymlink stands in for an unreadable file (tests run as root, so chmod 000
// would not do): a folder entry whose target is gone.
func TestWalkBrokenSymlink(t *testing.T) {
	dir := t.TempDir()
	mustWriteFiles(t, dir, map[string][]byte{"a.txt": []byte(bidenText), "c.txt": []byte(natoText)})
	if err := os.Symlink(filepath.Join(dir, "gone.txt"), filepath.Join(dir, "b.txt")); err != nil {
		t.Fatal("symlink:", err)
	}
	recs := mustWalk(t, []string{dir}, Options{}, "")
	if len(recs) != 3 {
		t.Fatalf("got %d records, want 3: %v", len(recs), recs)
	}
	if recs[0].Err != nil || recs[2].Err != nil {
		t.Errorf("good records failed: %v, %v", recs[0].Err, recs[2].Err)
	}
	if !errors.Is(recs[1].Err, ErrUnreadable) || recs[1].Pos.File != filepath.Join(dir, "b.txt") {
		t.Errorf("got %+v, want ErrUnreadable for b.txt", recs[1])
	}
}

// TestWalkTruncatedPosition checks that a truncated input says how far it got.
func TestWalkTruncatedPosition(t *testing.T) {
	dir := t.TempDir()
	lines := []string{jsonLine("a", bidenText), jsonLine("b", natoText), jsonLine("c", unText)}
	mustWriteFiles(t, dir, map[string][]byte{"d.jsonl.gz": truncated(t, mustGzip, lines...)})
	recs := mustWalk(t, []string{dir}, Options{}, "")
	last := recs[len(recs)-1]
	if min := int64(len(lines[0]) + len(lines[1])); last.Pos.Offset < min {
		t.Errorf("got offset %d, want at least %d", last.Pos.Offset, min)
	}
	if !strings.Contains(last.Err.Error(), "line 3") {
		t.Errorf("error %q does not name line 3", last.Err)
	}
}

// TestWalkStops checks that Walk returns fn's error at once, and ctx's when cancelled.
func TestWalkStops(t *testing.T) {
	dir := t.TempDir()
	mustWriteFiles(t, dir, map[string][]byte{"d.jsonl": []byte(jsonLine("a", bidenText) + jsonLine("b", natoText))})
	stop := errors.New("stop")
	calls := 0
	err := Walk(context.Background(), []string{dir, dir}, Options{}, nil, func(Record) error {
		calls++
		return stop
	})
	if err != stop || calls != 1 {
		t.Errorf("got %v after %d calls, want %v after 1", err, calls, stop)
	}

	ctx, cancel := context.WithCancel(context.Background())
	calls = 0
	err = Walk(ctx, []string{dir, dir}, Options{}, nil, func(Record) error {
		calls++
		cancel()
		return nil
	})
	if !errors.Is(err, context.Canceled) || calls != 1 {
		t.Errorf("got %v after %d calls, want %v after 1", err, calls, context.Canceled)
	}
}

// TestWalkNilStdin checks that "-" without a reader is an empty input, not a panic.
func TestWalkNilStdin(t *testing.T) {
	err := Walk(context.Background(), []string{"-"}, Options{}, nil, func(r Record) error {
		if !errors.Is(r.Err, ErrEmptyText) {
			t.Errorf("got %+v, want ErrEmptyText", r)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestTooLargeBoundedMemory checks that skipping a huge line does not hold it in memory.
func TestTooLargeBoundedMemory(t *testing.T) {
	dir := t.TempDir()
	huge := strings.Repeat("x", 32<<20)
	mustWriteFiles(t, dir, map[string][]byte{"d.jsonl": []byte(jsonLine("x", huge) + jsonLine("b", natoText))})
	huge = ""
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	recs := mustWalk(t, []string{dir}, Options{MaxBytes: 1 << 20}, "")
	runtime.ReadMemStats(&after)
	if len(recs) != 2 || !errors.Is(recs[0].Err, ErrTooLarge) || recs[1].Err != nil {
		t.Fatalf("got %v, want ErrTooLarge then a good record", recs)
	}
	// The line buffer grows by doubling up to the limit: a few MiB in all, not 32.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8<<20 {
		t.Errorf("reading a 32 MiB line allocated %d bytes, want under 8 MiB for a 1 MiB limit", alloc)
	}
}
