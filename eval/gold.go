package eval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Split names. Dev may be looked at to tune extraction rules; heldout never is.
const (
	Dev     = "dev"
	Heldout = "heldout"
	All     = "all"
)

// SplitOf is the split an article or sentence id belongs to: FNV-1a 64 of the id, even is
// dev. It is a function of the id alone, so adding gold items never moves old ones.
func SplitOf(id string) string {
	h := fnv.New64a()
	h.Write([]byte(id))
	if h.Sum64()%2 == 0 {
		return Dev
	}
	return Heldout
}

// InSplit reports whether an item of split s is selected by want (dev, heldout or all).
func InSplit(s, want string) bool { return want == All || want == "" || s == want }

// Gold file names inside a gold folder.
const (
	ArticlesFile   = "articles.tsv"
	NERFile        = "ner.conll"
	ResolutionFile = "resolution.tsv"
	StanceFile     = "stance.tsv"
)

// Token is one gold token with its BIO tag and byte offsets into its article's text.
type Token struct {
	Text  string
	Tag   string
	Start int
	End   int
}

// Article is one NER/resolution gold article: its exact text and its tagged tokens.
type Article struct {
	ID     string
	Split  string
	Text   string
	Tokens []Token
	// Sentences holds the index of each sentence's first token.
	Sentences []int
}

// Spans returns the article's gold entity spans in byte offsets.
func (a *Article) Spans() []Span {
	tags := make([]string, len(a.Tokens))
	for i, t := range a.Tokens {
		tags[i] = t.Tag
	}
	sp, _ := SpansFromBIO(a.ID, tags) // tags were validated when read
	for i := range sp {
		s, e := a.Tokens[sp[i].Start].Start, a.Tokens[sp[i].End-1].End
		sp[i].Start, sp[i].End, sp[i].Text = s, e, a.Text[s:e]
	}
	return sp
}

// Mention is one gold resolution mention: a byte span of an article and its cluster.
type Mention struct {
	Article string
	Split   string
	Start   int
	End     int
	Text    string
	Cluster string
}

// StanceRow is one row of the stance gold set; rows with the same id share a sentence.
type StanceRow struct {
	ID       string
	Split    string
	Sentence string
	Source   string
	Target   string
	Sign     int
	None     bool // the sentence expresses no stance between named entities
	Category string
	Origin   string
}

// Gold is a whole gold folder.
type Gold struct {
	Articles []*Article
	Mentions []Mention
	Stance   []StanceRow
}

// CoNLLDoc is one -DOCSTART- document of a CoNLL file: sentences of token/tag pairs.
type CoNLLDoc struct {
	ID        string
	Sentences [][]Token // Start/End unset: CoNLL has no offsets
}

const maxLine = 1 << 20

func scanner(r io.Reader) *bufio.Scanner {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	return sc
}

// ReadCoNLL reads a CoNLL file: "-DOCSTART- ID" opens a document, then one "token<TAB>tag"
// per line, a blank line between sentences. Tags are O, B-TYPE or I-TYPE with TYPE one of
// PER, ORG, LOC.
func ReadCoNLL(r io.Reader) ([]CoNLLDoc, error) {
	var docs []CoNLLDoc
	var sent []Token
	flush := func() {
		if len(sent) > 0 {
			d := &docs[len(docs)-1]
			d.Sentences = append(d.Sentences, sent)
			sent = nil
		}
	}
	sc := scanner(r)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimRight(sc.Text(), "\r")
		switch {
		case strings.HasPrefix(text, "-DOCSTART-"):
			if len(docs) > 0 {
				flush()
			}
			f := strings.Fields(text)
			if len(f) != 2 {
				return nil, fmt.Errorf("line %d: want -DOCSTART- ID", line)
			}
			docs = append(docs, CoNLLDoc{ID: f[1]})
		case strings.TrimSpace(text) == "":
			if len(docs) > 0 {
				flush()
			}
		default:
			if len(docs) == 0 {
				return nil, fmt.Errorf("line %d: token before the first -DOCSTART-", line)
			}
			tok, tag, ok := strings.Cut(text, "\t")
			if !ok || tok == "" || strings.ContainsAny(tok, " \t") || strings.Contains(tag, "\t") {
				return nil, fmt.Errorf("line %d: want token<TAB>tag, got %q", line, text)
			}
			if !validTag(tag) {
				return nil, fmt.Errorf("line %d: tag %q is not O, B-/I-PER, B-/I-ORG or B-/I-LOC", line, tag)
			}
			sent = append(sent, Token{Text: tok, Tag: tag})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read CoNLL: %w", err)
	}
	if len(docs) > 0 {
		flush()
	}
	return docs, nil
}

func validTag(t string) bool {
	if t == "O" {
		return true
	}
	if len(t) < 3 || (t[:2] != "B-" && t[:2] != "I-") {
		return false
	}
	switch t[2:] {
	case PER, ORG, LOC:
		return true
	}
	return false
}

// tsvRows calls fn with the fields of every row of a TSV file, skipping comments, blank
// lines and a header row (first field "id" or "article").
func tsvRows(r io.Reader, want int, fn func(line int, f []string) error) error {
	sc := scanner(r)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		f := strings.Split(text, "\t")
		if f[0] == "id" || f[0] == "article" {
			continue
		}
		if len(f) != want {
			return fmt.Errorf("line %d: want %d tab-separated fields, got %d", line, want, len(f))
		}
		if err := fn(line, f); err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
	}
	return sc.Err()
}

func checkSplit(s string) error {
	if s != Dev && s != Heldout {
		return fmt.Errorf("split %q: want dev or heldout", s)
	}
	return nil
}

// ReadArticles reads articles.tsv: id, split and the text as a JSON string (so it keeps its
// line breaks and exact bytes).
func ReadArticles(r io.Reader) ([]*Article, error) {
	var out []*Article
	seen := map[string]bool{}
	err := tsvRows(r, 3, func(_ int, f []string) error {
		if f[0] == "" || seen[f[0]] {
			return fmt.Errorf("article id %q empty or repeated", f[0])
		}
		seen[f[0]] = true
		if err := checkSplit(f[1]); err != nil {
			return err
		}
		var text string
		if err := json.Unmarshal([]byte(f[2]), &text); err != nil {
			return fmt.Errorf("article %s: text is not a JSON string: %w", f[0], err)
		}
		if !utf8.ValidString(text) || strings.TrimSpace(text) == "" {
			return fmt.Errorf("article %s: text empty or not UTF-8", f[0])
		}
		out = append(out, &Article{ID: f[0], Split: f[1], Text: text})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read articles: %w", err)
	}
	return out, nil
}

// ReadResolution reads resolution.tsv: article, split, start, end (byte offsets), text
// (white space folded to single spaces, as a mention may span a line break) and cluster id.
func ReadResolution(r io.Reader) ([]Mention, error) {
	var out []Mention
	err := tsvRows(r, 6, func(_ int, f []string) error {
		if err := checkSplit(f[1]); err != nil {
			return err
		}
		s, err1 := strconv.Atoi(f[2])
		e, err2 := strconv.Atoi(f[3])
		if err1 != nil || err2 != nil || s < 0 || e <= s {
			return fmt.Errorf("offsets %q, %q: want 0 <= start < end", f[2], f[3])
		}
		if f[0] == "" || f[4] == "" || f[5] == "" {
			return fmt.Errorf("article, text and cluster must not be empty")
		}
		out = append(out, Mention{Article: f[0], Split: f[1], Start: s, End: e, Text: f[4], Cluster: f[5]})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read resolution: %w", err)
	}
	return out, nil
}

// ReadStance reads stance.tsv: id, split, sentence, source, target, sign (-1, 0, 1 or
// none), category and origin. A none row has no source or target; rows sharing an id must
// share split and sentence.
func ReadStance(r io.Reader) ([]StanceRow, error) {
	var out []StanceRow
	byID := map[string]StanceRow{}
	err := tsvRows(r, 8, func(_ int, f []string) error {
		row := StanceRow{ID: f[0], Split: f[1], Sentence: f[2], Source: f[3], Target: f[4], Category: f[6], Origin: f[7]}
		if row.ID == "" || strings.TrimSpace(row.Sentence) == "" {
			return fmt.Errorf("id and sentence must not be empty")
		}
		if err := checkSplit(row.Split); err != nil {
			return err
		}
		switch f[5] {
		case "none":
			row.None = true
			if row.Source != "" || row.Target != "" {
				return fmt.Errorf("%s: a none row has no source or target", row.ID)
			}
		case "-1", "0", "1", "+1":
			row.Sign, _ = strconv.Atoi(strings.TrimPrefix(f[5], "+"))
			if row.Source == "" || row.Target == "" {
				return fmt.Errorf("%s: a stance row needs a source and a target", row.ID)
			}
		default:
			return fmt.Errorf("%s: sign %q: want -1, 0, 1 or none", row.ID, f[5])
		}
		if !validCategory(row.Category) {
			return fmt.Errorf("%s: category %q: want one of %s", row.ID, row.Category, strings.Join(categories, ", "))
		}
		if prev, ok := byID[row.ID]; ok {
			if prev.Sentence != row.Sentence || prev.Split != row.Split || prev.None || row.None {
				return fmt.Errorf("%s: rows sharing an id must share split and sentence, and none stands alone", row.ID)
			}
		}
		byID[row.ID] = row
		out = append(out, row)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read stance: %w", err)
	}
	return out, nil
}

func validCategory(c string) bool {
	return slices.Contains(categories, c)
}

// Align locates each CoNLL token in text, in order, allowing only white space between
// tokens, and returns the tokens with byte offsets and each sentence's first token index.
func Align(doc CoNLLDoc, text string) ([]Token, []int, error) {
	var toks []Token
	var starts []int
	pos := 0
	for _, s := range doc.Sentences {
		starts = append(starts, len(toks))
		for _, t := range s {
			for pos < len(text) {
				r, n := utf8.DecodeRuneInString(text[pos:])
				if !unicode.IsSpace(r) {
					break
				}
				pos += n
			}
			if !strings.HasPrefix(text[pos:], t.Text) {
				got := text[pos:min(len(text), pos+len(t.Text)+10)]
				return nil, nil, fmt.Errorf("article %s: token %q not found at byte %d (text there: %q)", doc.ID, t.Text, pos, got)
			}
			t.Start, t.End = pos, pos+len(t.Text)
			pos = t.End
			toks = append(toks, t)
		}
	}
	if strings.TrimSpace(text[pos:]) != "" {
		return nil, nil, fmt.Errorf("article %s: text after the last token: %q", doc.ID, text[pos:min(len(text), pos+40)])
	}
	return toks, starts, nil
}

// LoadGold reads and cross-checks a gold folder: every CoNLL document has its article
// text and aligns to it, resolution mentions are exactly the gold entity spans, and every
// recorded split is SplitOf the id.
func LoadGold(dir string) (*Gold, error) {
	g := &Gold{}
	var docs []CoNLLDoc
	for _, f := range []struct {
		name string
		read func(io.Reader) error
	}{
		{ArticlesFile, func(r io.Reader) (err error) { g.Articles, err = ReadArticles(r); return }},
		{NERFile, func(r io.Reader) (err error) { docs, err = ReadCoNLL(r); return }},
		{ResolutionFile, func(r io.Reader) (err error) { g.Mentions, err = ReadResolution(r); return }},
		{StanceFile, func(r io.Reader) (err error) { g.Stance, err = ReadStance(r); return }},
	} {
		path := filepath.Join(dir, f.name)
		fh, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("load gold: %w", err)
		}
		err = f.read(fh)
		fh.Close()
		if err != nil {
			return nil, fmt.Errorf("load gold %s: %w", path, err)
		}
	}
	if err := g.link(docs); err != nil {
		return nil, fmt.Errorf("load gold %s: %w", dir, err)
	}
	return g, nil
}

func (g *Gold) link(docs []CoNLLDoc) error {
	byID := map[string]*Article{}
	for _, a := range g.Articles {
		if SplitOf(a.ID) != a.Split {
			return fmt.Errorf("article %s: split %s, but SplitOf says %s", a.ID, a.Split, SplitOf(a.ID))
		}
		byID[a.ID] = a
	}
	if len(docs) != len(g.Articles) {
		return fmt.Errorf("%s has %d documents, %s %d articles", NERFile, len(docs), ArticlesFile, len(g.Articles))
	}
	for _, d := range docs {
		a := byID[d.ID]
		if a == nil {
			return fmt.Errorf("%s: document %s has no text in %s", NERFile, d.ID, ArticlesFile)
		}
		if a.Tokens != nil {
			return fmt.Errorf("%s: document %s repeated", NERFile, d.ID)
		}
		toks, starts, err := Align(d, a.Text)
		if err != nil {
			return err
		}
		a.Tokens, a.Sentences = toks, starts
	}
	spans := map[[3]any]bool{}
	for _, a := range g.Articles {
		for _, s := range a.Spans() {
			spans[s.key()] = true
		}
	}
	seen := map[[3]any]bool{}
	for _, m := range g.Mentions {
		a := byID[m.Article]
		if a == nil {
			return fmt.Errorf("%s: unknown article %s", ResolutionFile, m.Article)
		}
		if m.Split != a.Split {
			return fmt.Errorf("%s: mention %d-%d of %s has split %s, its article %s", ResolutionFile, m.Start, m.End, m.Article, m.Split, a.Split)
		}
		k := [3]any{m.Article, m.Start, m.End}
		if m.End > len(a.Text) || strings.Join(strings.Fields(a.Text[m.Start:m.End]), " ") != m.Text {
			return fmt.Errorf("%s: mention %d-%d of %s is not %q in the text", ResolutionFile, m.Start, m.End, m.Article, m.Text)
		}
		if !spans[k] || seen[k] {
			return fmt.Errorf("%s: mention %q at %d-%d of %s is not a gold entity span or is repeated", ResolutionFile, m.Text, m.Start, m.End, m.Article)
		}
		seen[k] = true
	}
	if len(seen) != len(spans) {
		return fmt.Errorf("%s has %d mentions, %s %d entity spans: every entity span needs a cluster", ResolutionFile, len(seen), NERFile, len(spans))
	}
	for _, r := range g.Stance {
		if SplitOf(r.ID) != r.Split {
			return fmt.Errorf("%s: %s has split %s, but SplitOf says %s", StanceFile, r.ID, r.Split, SplitOf(r.ID))
		}
		if !r.None && (!strings.Contains(r.Sentence, r.Source) || !strings.Contains(r.Sentence, r.Target)) {
			return fmt.Errorf("%s: %s: source %q and target %q must appear in the sentence", StanceFile, r.ID, r.Source, r.Target)
		}
	}
	return nil
}
