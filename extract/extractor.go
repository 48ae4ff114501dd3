package extract

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/newsgraph/newsgraph/extract/ner"
	"github.com/newsgraph/newsgraph/extract/parse"
	"github.com/newsgraph/newsgraph/extract/stance"
)

// MaxEvidence bounds the evidence sentences an edge keeps (per article here, and after
// merging in graphstore).
const MaxEvidence = 3

// maxEvidenceText bounds one evidence sentence, in bytes.
const maxEvidenceText = 600

// Options tune an Extractor.
type Options struct {
	// LearnedStance adds the stance model's learned layer (trained on DSE) for pairs the
	// syntactic rules find nothing for. Off by default: on fixtures/eval it finds more
	// stances but fewer right ones (docs/stance.md).
	LearnedStance bool
	// NoStance skips the dependency parse, coreference and stance: the results hold
	// entities, mentions by name and co-occurrence edges only, the same as with stance. For
	// graphs that need no stance, in about 30% less time (README "Performance"). A store
	// keeps such a result as the article's version like any other (Result.Hash is the
	// article's), so a later run with stance over the same store does not revisit it.
	NoStance bool
}

// Extractor extracts results from articles. It is safe for concurrent use: the models are
// read-only, and each article gets its own entity tagger (pooled, so a worker reuses one).
type Extractor struct {
	model   *Model
	lex     *Lexicon
	opts    Options
	workers sync.Pool // *worker
}

// worker is the per-goroutine state of extraction: the entity tagger and the parser's and
// stance finder's scratch space, reused from article to article.
type worker struct {
	tagger      *ner.Tagger
	tree        parse.Tree
	scratch     stance.Scratch
	words, tags []string
	mentions    []stance.Mention
	clusters    []*cluster
}

// New returns an Extractor over a loaded model and lexicon.
func New(model *Model, lex *Lexicon, opts Options) *Extractor {
	x := &Extractor{model: model, lex: lex, opts: opts}
	x.workers.New = func() any { return &worker{tagger: model.ner.NewTagger()} }
	return x
}

// NewDefault returns an Extractor with the embedded models and the shipped lexicon.
func NewDefault() (*Extractor, error) {
	lex, err := DefaultLexicon()
	if err != nil {
		return nil, err
	}
	return New(LoadModel(), lex, Options{}), nil
}

// Extract extracts the mentions, entities and edge contributions of one article.
func (x *Extractor) Extract(a *Article) (*Result, error) {
	return x.extract(a, segment(a.Text))
}

// ExtractSentences is Extract for text that comes split into sentences already (gold sets,
// CoNLL data): each sentence is a [start, end) byte range of a.Text, in order, not
// overlapping. The text's segmentation (headings, datelines, boilerplate) is not applied.
func (x *Extractor) ExtractSentences(a *Article, bounds [][2]int) (*Result, error) {
	sents := make([]sentence, len(bounds))
	last := 0
	for i, b := range bounds {
		if b[0] < last || b[1] < b[0] || b[1] > len(a.Text) {
			return nil, fmt.Errorf("extract article %s: sentence %d [%d, %d) out of order or range", a.ID, i, b[0], b[1])
		}
		sents[i] = sentence{span: span{b[0], b[1]}, index: i}
		last = b[1]
	}
	return x.extract(a, sents)
}

func (x *Extractor) extract(a *Article, sents []sentence) (res *Result, err error) {
	defer func() {
		// prose is not ours; an input that trips it must cost one article, not the run.
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("extract article %s: internal error: %v", a.ID, r)
		}
	}()
	text := a.Text
	toks := make([][]token, len(sents))
	ms := make([][]*mention, len(sents))
	var all []*mention
	w := x.workers.Get().(*worker)
	defer x.workers.Put(w)
	w.tagger.Reset()
	var words, tags []string
	for i, raw := range x.model.tokenizeSentences(text, sents) {
		toks[i] = splitCompounds(fixTokens(raw), x.lex.known)
		words, tags = x.model.tag(toks[i], words, tags)
		ms[i] = x.lex.findMentions(text, toks[i], w.tagger.Tag(words, tags), i)
		all = append(all, ms[i]...)
	}
	clusters := x.lex.resolve(all)
	var refs [][]corefMention // by sentence; none without stance, which alone reads them
	if !x.opts.NoStance {
		refs = x.lex.coref(text, toks, ms)
	}

	res = &Result{
		ID: a.ID, Hash: a.Hash(), Title: a.Title, Date: a.Date, URL: a.URL, Source: a.Source,
		Words:    countWords(text),
		Mentions: []Mention{},
		Entities: []Entity{},
		Edges:    []Edge{},
	}
	for _, c := range clusters {
		e := Entity{ID: c.id, Name: c.name, Type: c.typ, Mentions: len(c.mentions), TypeVotes: c.votes}
		for _, m := range c.mentions {
			if m.place != "" {
				continue // "Israeli" is not a name of Israel
			}
			if s := foldSpace(m.text); s != c.name && !slices.Contains(e.Aliases, s) {
				e.Aliases = append(e.Aliases, s)
			}
		}
		slices.Sort(e.Aliases)
		res.Entities = append(res.Entities, e)
	}
	slices.SortFunc(res.Entities, func(a, b Entity) int { return cmp.Compare(a.ID, b.ID) })
	for _, m := range all {
		if m.cluster != nil {
			res.Mentions = append(res.Mentions, Mention{Start: m.start, End: m.end, Text: m.text, Type: m.typ(), Entity: m.cluster.id, Demonym: m.place != ""})
		}
	}
	for _, rs := range refs {
		for _, r := range rs {
			res.Mentions = append(res.Mentions, Mention{Start: r.start, End: r.end, Text: r.text, Type: r.cluster.typ, Entity: r.cluster.id, Coref: r.kind})
		}
	}
	slices.SortFunc(res.Mentions, func(a, b Mention) int { return cmp.Compare(a.Start, b.Start) })

	edges := map[Key]*Edge{}
	for i, s := range sents {
		ev := Evidence{Article: a.ID, Sentence: s.index, Text: evidenceText(text[s.start:s.end])}
		ids := sentenceEntities(ms[i])
		for p := range ids {
			for q := p + 1; q < len(ids); q++ {
				e := edge(edges, Key{ids[p], ids[q], CoOccurrence})
				e.Weight++
				addEvidence(e, ev)
			}
		}
		if x.opts.NoStance {
			continue
		}
		for _, st := range x.stances(w, toks[i], ms[i], refs[i]) {
			e := edge(edges, Key{st.source.id, st.target.id, Stance})
			e.Weight++
			switch {
			case st.Sign < 0:
				e.Negative++
			case st.Sign > 0:
				e.Positive++
			default:
				e.Neutral++
			}
			e.Cues[st.Cue]++
			e.Classes[st.Class]++
			cev := ev
			cev.Cue, cev.Rule = st.Cue, st.Rule
			addEvidence(e, cev)
		}
	}
	for _, e := range edges {
		if e.Kind == CoOccurrence {
			e.Cues, e.Classes = nil, nil
		}
		res.Edges = append(res.Edges, *e)
	}
	slices.SortFunc(res.Edges, func(a, b Edge) int {
		return cmp.Or(cmp.Compare(a.Source, b.Source), cmp.Compare(a.Target, b.Target), cmp.Compare(a.Kind, b.Kind))
	})
	return res, nil
}

func edge(edges map[Key]*Edge, k Key) *Edge {
	e := edges[k]
	if e == nil {
		e = &Edge{Source: k.Source, Target: k.Target, Kind: k.Kind, Cues: map[string]int{}, Classes: map[string]int{}}
		edges[k] = e
	}
	return e
}

func addEvidence(e *Edge, ev Evidence) {
	if len(e.Evidence) < MaxEvidence && !slices.Contains(e.Evidence, ev) {
		e.Evidence = append(e.Evidence, ev)
	}
}

// sentenceEntities returns the distinct entity ids of a sentence's mentions, sorted.
func sentenceEntities(ms []*mention) []string {
	var ids []string
	for _, m := range ms {
		if m.cluster != nil && !slices.Contains(ids, m.cluster.id) {
			ids = append(ids, m.cluster.id)
		}
	}
	slices.Sort(ids)
	return ids
}

// countWords is len(strings.Fields(s)) without the slice.
func countWords(s string) int {
	n, inWord := 0, false
	for _, r := range s {
		if unicode.IsSpace(r) {
			inWord = false
		} else if !inWord {
			n, inWord = n+1, true
		}
	}
	return n
}

// foldSpace folds runs of white space to one space and trims both ends, in text with a line
// break, tab or space in it. Most phrases are folded already (words and single spaces):
// those come back as they are, without a copy.
func foldSpace(s string) string {
	if !strings.ContainsAny(s, "\n\t\r ") || folded(s) {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// folded reports whether s's only white space is single ASCII spaces between words.
func folded(s string) bool {
	space := true // before the start counts as space: s may not start with one
	for _, r := range s {
		if !unicode.IsSpace(r) {
			space = false
			continue
		}
		if r != ' ' || space {
			return false
		}
		space = true
	}
	return !space || s == ""
}

// evidenceText is a sentence folded to one line and cut at a word boundary if long.
func evidenceText(s string) string {
	s = foldSpace(s)
	if len(s) <= maxEvidenceText {
		return s
	}
	cut := strings.LastIndexByte(s[:maxEvidenceText], ' ')
	if cut <= 0 {
		cut = maxEvidenceText
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
	}
	return s[:cut] + " …"
}

// ParseSentence tokenizes, tags and parses text as one sentence, as extraction does: the
// words, their tags, each word's byte range in text, and the tree. The stance model's
// trainer and scorer use it on DSE's sentences.
func (x *Extractor) ParseSentence(text string) (words, tags []string, spans [][2]int, tree *parse.Tree) {
	toks := splitCompounds(fixTokens(x.model.tokenize(text, span{0, len(text)})), x.lex.known)
	words, tags = x.model.tag(toks, nil, nil)
	for _, t := range toks {
		spans = append(spans, [2]int{t.start, t.end})
	}
	return words, tags, spans, x.model.parser.Parse(words, tags)
}
