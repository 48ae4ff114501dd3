package source

import (
	"bufio"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
)

func TestNormalizeDate(t *testing.T) {
	tests := map[string]struct{ in, want string }{
		"date":                {"2024-03-20", "2024-03-20"},
		"RFC 3339 UTC":        {"2024-03-20T14:05:00Z", "2024-03-20"},
		"RFC 3339 offset":     {"2024-03-20T23:30:00-05:00", "2024-03-20"},
		"fractional seconds":  {"2024-03-20T23:30:00.123456Z", "2024-03-20"},
		"no zone":             {"1987-02-26T15:01:01", "1987-02-26"},
		"space separated":     {"2024-03-20 14:05:00", "2024-03-20"},
		"RFC 1123":            {"Wed, 20 Mar 2024 14:05:00 GMT", "2024-03-20"},
		"RFC 1123 offset":     {"Wed, 20 Mar 2024 14:05:00 +0200", "2024-03-20"},
		"padded":              {"  2024-03-20\n", "2024-03-20"},
		"not a date kept raw": {"spring 2004", "spring 2004"},
		"impossible date":     {"2024-02-30", "2024-02-30"},
		"empty":               {"", ""},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			if got := normalizeDate(tt.in); got != tt.want {
				t.Errorf("normalizeDate(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTextDate(t *testing.T) {
	tests := map[string]struct{ in, want string }{
		"seed article":        {" date 2024-03-20 In a recent development", "2024-03-20"},
		"own line":            {"date 2024-03-20\nText.", "2024-03-20"},
		"colon, capitalized":  {"\n\tDate: 2024-03-20\n", "2024-03-20"},
		"alone":               {"date 2024-03-20", "2024-03-20"},
		"BOM":                 {"\ufeffdate 2024-03-20 x", "2024-03-20"},
		"not at the start":    {"Text. date 2024-03-20", ""},
		"glued":               {"date2024-03-20 x", ""},
		"dated":               {"dated 2024-03-20 x", ""},
		"digits run on":       {"date 2024-03-201 x", ""},
		"not a calendar date": {"date 2024-13-01 x", ""},
		"short":               {"date 2024-03", ""},
		"empty":               {"", ""},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			if got := textDate(tt.in); got != tt.want {
				t.Errorf("textDate(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTextID(t *testing.T) {
	tests := map[string]struct{ in, want string }{
		"txt":          {"dumps/000_936bf6869ce0e766.txt", "000_936bf6869ce0e766"},
		"compressed":   {"a/b.txt.gz", "b"},
		"zstd":         {"b.TXT.ZST", "b"},
		"dots in name": {"reuters.1987.txt", "reuters.1987"},
		"no extension": {"README", "README"},
		"dot file":     {".hidden", ".hidden"},
		"stdin":        {"-", ""},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			if got := textID(tt.in); got != tt.want {
				t.Errorf("textID(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestContentID(t *testing.T) {
	// sha256("hello") = 2cf24dba5fb0a30e26e83b2ac5b9e29e...
	if got, want := contentID("hello"), "sha256-2cf24dba5fb0a30e"; got != want {
		t.Errorf("contentID = %q, want %q", got, want)
	}
}

// readAllCSV reads every record of in with csvReader, stopping at the first read error.
func readAllCSV(in string, max int) ([]csvRecord, error) {
	cr := newCSVReader(bufio.NewReader(strings.NewReader(in)), max)
	var recs []csvRecord
	for {
		rec, err := cr.next()
		if err == io.EOF {
			return recs, nil
		}
		if err != nil {
			return recs, err
		}
		recs = append(recs, rec)
	}
}

func TestCSVReader(t *testing.T) {
	type rec struct {
		line   int
		fields []string
		err    error
	}
	tests := map[string]struct {
		in   string
		max  int
		want []rec
	}{
		"simple":                  {in: "a,b\nc,d\n", want: []rec{{1, []string{"a", "b"}, nil}, {2, []string{"c", "d"}, nil}}},
		"no final newline":        {in: "a,b\nc,d", want: []rec{{1, []string{"a", "b"}, nil}, {2, []string{"c", "d"}, nil}}},
		"CRLF":                    {in: "a,b\r\nc,d\r\n", want: []rec{{1, []string{"a", "b"}, nil}, {2, []string{"c", "d"}, nil}}},
		"empty lines skipped":     {in: "\n\na\r\n\r\n\nb\n", want: []rec{{3, []string{"a"}, nil}, {6, []string{"b"}, nil}}},
		"quoted multi-line":       {in: "\"x\ny\r\nz\",\"\"\"q\"\"\"\nn\n", want: []rec{{1, []string{"x\ny\nz", `"q"`}, nil}, {4, []string{"n"}, nil}}},
		"empty fields":            {in: ",\n\"\",\n", want: []rec{{1, []string{"", ""}, nil}, {2, []string{"", ""}, nil}}},
		"bare quote is literal":   {in: "a\"b,c\n", want: []rec{{1, []string{`a"b`, "c"}, nil}}},
		"text after quote":        {in: "\"a\"b,c\nd\n", want: []rec{{1, nil, ErrMalformed}, {2, []string{"d"}, nil}}},
		"unterminated":            {in: "a\n\"b\nc\n", want: []rec{{1, []string{"a"}, nil}, {2, nil, ErrMalformed}}},
		"too large, then next":    {in: "\"" + strings.Repeat("x\n", 20) + "\",y\nz\n", max: 10, want: []rec{{1, nil, ErrTooLarge}, {22, []string{"z"}, nil}}},
		"many fields too large":   {in: strings.Repeat(",", 30) + "\nz\n", max: 10, want: []rec{{1, nil, ErrTooLarge}, {2, []string{"z"}, nil}}},
		"lone CR at end dropped":  {in: "a,b\r", want: []rec{{1, []string{"a", "b"}, nil}}},
		"CR inside a field":       {in: "a\rb,c\n", want: []rec{{1, []string{"a\rb", "c"}, nil}}},
		"trailing comma":          {in: "a,\nb,", want: []rec{{1, []string{"a", ""}, nil}, {2, []string{"b", ""}, nil}}},
		"quote then CRLF":         {in: "\"a\"\r\n\"b\"\n", want: []rec{{1, []string{"a"}, nil}, {2, []string{"b"}, nil}}},
		"quote at the end":        {in: "x,\"a\"", want: []rec{{1, []string{"x", "a"}, nil}}},
		"quote then lone CR":      {in: "\"a\"\r", want: []rec{{1, []string{"a"}, nil}}},
		"quote, CR, text":         {in: "\"a\"\rb\nc\n", want: []rec{{1, nil, ErrMalformed}, {2, []string{"c"}, nil}}},
		"exactly max bytes":       {in: "ab,c\n", max: 4, want: []rec{{1, []string{"ab", "c"}, nil}}},
		"one byte over max":       {in: "ab,c\nd\n", max: 3, want: []rec{{1, nil, ErrTooLarge}, {2, []string{"d"}, nil}}},
		"doubled quote is 1 byte": {in: "\"a\"\"\"\n", max: 3, want: []rec{{1, []string{`a"`}, nil}}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			if tt.max == 0 {
				tt.max = 1 << 20
			}
			got, err := readAllCSV(tt.in, tt.max)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d records %+v, want %d", len(got), got, len(tt.want))
			}
			for i, w := range tt.want {
				g := got[i]
				var gotErr error
				if g.skip != nil {
					gotErr = g.skip.reason
				}
				if g.line != w.line || !slices.Equal(g.fields, w.fields) || !errors.Is(gotErr, w.err) || (w.err == nil && gotErr != nil) {
					t.Errorf("record %d: got line %d %q %v, want line %d %q %v", i, g.line, g.fields, gotErr, w.line, w.fields, w.err)
				}
			}
		})
	}
}

// TestCSVReaderReadError: a read error ends the stream with that error; the records before
// it are whole, and the one it cut short is dropped rather than returned half read.
func TestCSVReaderReadError(t *testing.T) {
	broken := errors.New("disk on fire")
	in := io.MultiReader(strings.NewReader("a,b\n\"c,d"), iotest.ErrReader(broken))
	cr := newCSVReader(bufio.NewReader(in), 1<<20)
	rec, err := cr.next()
	if err != nil || !slices.Equal(rec.fields, []string{"a", "b"}) {
		t.Fatalf("first record: %+v, %v", rec, err)
	}
	if rec, err := cr.next(); !errors.Is(err, broken) || rec.fields != nil {
		t.Fatalf("cut-short record: %+v, %v; want no fields and %v", rec, err, broken)
	}
}

// csvAgrees checks csvReader against encoding/csv on input that encoding/csv reads without
// error: same records, same starting lines.
func csvAgrees(t *testing.T, in string) {
	t.Helper()
	std := csv.NewReader(strings.NewReader(in))
	std.FieldsPerRecord = -1
	std.ReuseRecord = false
	type stdRec struct {
		line   int
		fields []string
	}
	var want []stdRec
	for {
		fields, err := std.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return // encoding/csv rejects it; csvReader may be more lenient
		}
		line, _ := std.FieldPos(0)
		want = append(want, stdRec{line, fields})
	}
	got, err := readAllCSV(in, len(in)+1)
	if err != nil {
		t.Fatalf("csvReader(%q): %v", in, err)
	}
	if len(got) != len(want) {
		t.Fatalf("csvReader(%q): got %d records %+v, encoding/csv %d %+v", in, len(got), got, len(want), want)
	}
	for i := range want {
		if got[i].skip != nil || !slices.Equal(got[i].fields, want[i].fields) || got[i].line != want[i].line {
			t.Fatalf("csvReader(%q) record %d: got line %d %q %v, encoding/csv line %d %q",
				in, i, got[i].line, got[i].fields, got[i].skip, want[i].line, want[i].fields)
		}
	}
}

func TestCSVReaderAgreesWithEncodingCSV(t *testing.T) {
	for _, in := range []string{
		"id,text\na,b\n",
		"\"multi\nline\",x\r\n\r\ny,\"q\"\"\"\n",
		"a\r\nb\rc\r\n",
		"\"a\r\r\nb\"\n",
		",,\n,\n",
		"a\rb,c\n\"x\"\r\n",
	} {
		csvAgrees(t, in)
	}
}
