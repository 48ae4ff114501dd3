package eval

import (
	"strings"
	"testing"
)

const goldDir = "../fixtures/eval"

func TestReadCoNLL(t *testing.T) {
	for _, tc := range []struct {
		name      string
		in        string
		docs      int
		sentences int
		tokens    int
		wantErr   string
	}{
		{"two docs", "-DOCSTART- a\n\nTony\tB-PER\nBlair\tI-PER\n.\tO\n\nHe\tO\n-DOCSTART- b\nUK\tB-LOC\n", 2, 3, 5, ""},
		{"CRLF and trailing blank lines", "-DOCSTART- a\r\nX\tO\r\n\r\n\r\n", 1, 1, 1, ""},
		{"hash is a token", "-DOCSTART- a\n#\tO\n", 1, 1, 1, ""},
		{"empty", "", 0, 0, 0, ""},
		{"token before docstart", "X\tO\n", 0, 0, 0, "before the first"},
		{"docstart without id", "-DOCSTART-\n", 0, 0, 0, "want -DOCSTART- ID"},
		{"no tab", "-DOCSTART- a\nTony B-PER\n", 0, 0, 0, "want token<TAB>tag"},
		{"bad type", "-DOCSTART- a\nTony\tB-MISC\n", 0, 0, 0, "is not O"},
		{"extra column", "-DOCSTART- a\nTony\tB-PER\tx\n", 0, 0, 0, "want token<TAB>tag"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			docs, err := ReadCoNLL(strings.NewReader(tc.in))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			s, n := 0, 0
			for _, d := range docs {
				s += len(d.Sentences)
				for _, sent := range d.Sentences {
					n += len(sent)
				}
			}
			if len(docs) != tc.docs || s != tc.sentences || n != tc.tokens {
				t.Errorf("got %d docs, %d sentences, %d tokens; want %d, %d, %d", len(docs), s, n, tc.docs, tc.sentences, tc.tokens)
			}
		})
	}
}

func TestAlign(t *testing.T) {
	doc := CoNLLDoc{ID: "a", Sentences: [][]Token{{{Text: "Israel", Tag: "B-LOC"}, {Text: "'s", Tag: "O"}}, {{Text: "Comissaria", Tag: "B-ORG"}, {Text: "Smith", Tag: "I-ORG"}}}}
	text := "Israel's\n  Comissaria\nSmith "
	toks, starts, err := Align(doc, text)
	if err != nil {
		t.Fatal(err)
	}
	if toks[1].Start != 6 || toks[2].Start != 11 || toks[3].End != 27 || len(starts) != 2 || starts[1] != 2 {
		t.Errorf("offsets %+v, sentence starts %v", toks, starts)
	}
	a := &Article{ID: "a", Text: text, Tokens: toks}
	sp := a.Spans()
	if len(sp) != 2 || sp[1].Text != "Comissaria\nSmith" || sp[1].Type != ORG {
		t.Errorf("spans %+v", sp)
	}
	for _, bad := range []string{"Israel is", "Israel's Comissaria Smith and more", "Israel"} {
		if _, _, err := Align(doc, bad); err == nil {
			t.Errorf("Align(%q): want an error", bad)
		}
	}
}

func TestReadStance(t *testing.T) {
	head := "id\tsplit\tsentence\tsource\ttarget\tsign\tcategory\torigin\n"
	for _, tc := range []struct {
		name    string
		rows    string
		n       int
		wantErr string
	}{
		{"stance and none", "a\tdev\tX hit Y.\tX\tY\t-1\tactive\tvariant\nb\tdev\tX and Y.\t\t\tnone\tnone\tvariant\n", 2, ""},
		{"two stances one sentence", "a\tdev\tX and Y hit Z.\tX\tZ\t-1\tactive\tv\na\tdev\tX and Y hit Z.\tY\tZ\t+1\tactive\tv\n", 2, ""},
		{"bad sign", "a\tdev\tX hit Y.\tX\tY\t2\tactive\tv\n", 0, "sign"},
		{"none with a source", "a\tdev\tX hit Y.\tX\t\tnone\tnone\tv\n", 0, "no source"},
		{"stance without target", "a\tdev\tX hit Y.\tX\t\t1\tactive\tv\n", 0, "needs a source and a target"},
		{"bad category", "a\tdev\tX hit Y.\tX\tY\t1\tsarcasm\tv\n", 0, "category"},
		{"bad split", "a\ttrain\tX hit Y.\tX\tY\t1\tactive\tv\n", 0, "split"},
		{"shared id, other sentence", "a\tdev\tX hit Y.\tX\tY\t1\tactive\tv\na\tdev\tZ.\tX\tY\t1\tactive\tv\n", 0, "share"},
		{"too few fields", "a\tdev\tX hit Y.\n", 0, "fields"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := ReadStance(strings.NewReader("# comment\n" + head + tc.rows))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != tc.n {
				t.Errorf("%d rows, want %d", len(rows), tc.n)
			}
		})
	}
}

func TestReadArticlesAndResolution(t *testing.T) {
	arts, err := ReadArticles(strings.NewReader("id\tsplit\ttext\na\tdev\t\"Tony Blair\\nspoke.\"\n"))
	if err != nil || len(arts) != 1 || arts[0].Text != "Tony Blair\nspoke." {
		t.Fatalf("ReadArticles: %+v, %v", arts, err)
	}
	for _, bad := range []string{"a\tdev\tnot json\n", "a\tdev\t\"\"\n", "a\tdev\t\"x\"\na\tdev\t\"y\"\n", "a\tx\t\"x\"\n"} {
		if _, err := ReadArticles(strings.NewReader(bad)); err == nil {
			t.Errorf("ReadArticles(%q): want an error", bad)
		}
	}
	ms, err := ReadResolution(strings.NewReader("article\tsplit\tstart\tend\ttext\tcluster\na\tdev\t0\t10\tTony Blair\tblair\n"))
	if err != nil || len(ms) != 1 || ms[0].End != 10 || ms[0].Cluster != "blair" {
		t.Fatalf("ReadResolution: %+v, %v", ms, err)
	}
	for _, bad := range []string{"a\tdev\t5\t5\tx\tc\n", "a\tdev\t-1\t2\tx\tc\n", "a\tdev\t0\t2\tx\t\n", "a\tdev\tx\t2\tx\tc\n"} {
		if _, err := ReadResolution(strings.NewReader(bad)); err == nil {
			t.Errorf("ReadResolution(%q): want an error", bad)
		}
	}
}

func TestSplitOf(t *testing.T) {
	// Pinned: moving an item between splits would leak tuning into heldout.
	for id, want := range map[string]string{
		"bbc-politics-007":      Dev,
		"seed-936bf6869ce0e766": Dev,
		"bbc-politics-015":      Heldout,
	} {
		if got := SplitOf(id); got != want {
			t.Errorf("SplitOf(%q) = %s, want %s", id, got, want)
		}
	}
}

// TestGoldFixtures checks the shipped gold sets: sizes the task asks for, both splits
// populated, every stance category present, and the cross-file invariants of LoadGold.
func TestGoldFixtures(t *testing.T) {
	g, err := LoadGold(goldDir)
	if err != nil {
		t.Fatal(err)
	}
	splits := map[string]int{}
	types := map[string]int{}
	for _, a := range g.Articles {
		splits[a.Split]++
		for _, s := range a.Spans() {
			types[s.Type]++
		}
	}
	if len(g.Articles) < 30 || splits[Dev] == 0 || splits[Heldout] == 0 {
		t.Errorf("%d articles (%v): want >= 30 in both splits", len(g.Articles), splits)
	}
	for _, typ := range Types {
		if types[typ] < 50 {
			t.Errorf("%d %s spans, want >= 50", types[typ], typ)
		}
	}
	ids := map[string]bool{}
	cats := map[string]int{}
	for _, r := range g.Stance {
		ids[r.ID] = true
		cats[r.Category]++
	}
	if len(ids) < 150 {
		t.Errorf("%d stance sentences, want >= 150", len(ids))
	}
	for _, c := range Categories {
		if cats[c] < 5 {
			t.Errorf("category %s has %d rows, want >= 5", c, cats[c])
		}
	}
}

func TestLoadGoldRejectsInconsistency(t *testing.T) {
	g, err := LoadGold(goldDir)
	if err != nil {
		t.Fatal(err)
	}
	// A resolution mention that is not a gold entity span must be rejected.
	a := g.Articles[0]
	bad := &Gold{Articles: g.Articles, Mentions: append([]Mention{{Article: a.ID, Split: a.Split, Start: 0, End: 1, Text: a.Text[:1], Cluster: "x"}}, g.Mentions...)}
	docs := make([]CoNLLDoc, 0, len(g.Articles))
	for _, art := range g.Articles {
		d := CoNLLDoc{ID: art.ID}
		for i, s := range art.Sentences {
			end := len(art.Tokens)
			if i+1 < len(art.Sentences) {
				end = art.Sentences[i+1]
			}
			d.Sentences = append(d.Sentences, art.Tokens[s:end])
		}
		docs = append(docs, d)
	}
	for _, art := range g.Articles {
		art.Tokens = nil
	}
	if err := bad.link(docs); err == nil || !strings.Contains(err.Error(), "not a gold entity span") {
		t.Errorf("link with a stray mention: err = %v", err)
	}
}
