package eval

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jdkato/prose/v2"

	"github.com/newsgraph/newsgraph/extract"
)

// System names in reports.
const (
	SystemNewsgraph = "newsgraph"
	// SystemProse is prose's NER as it comes (cached model), with a same-string
	// resolution baseline: gold mentions with the same text are one entity.
	SystemProse = "prose"
)

// Predictions are one system's outputs on a gold set, computed once and scored per split.
type Predictions struct {
	System string
	// Spans holds the predicted entity spans per article id, in byte offsets.
	Spans map[string][]Span
	// Clusters maps, per article id, a mention's "start:end" to its predicted entity.
	Clusters map[string]map[string]string
	// Stance holds the predicted stances per stance sentence id; nil if the system has
	// no stance.
	Stance map[string][]PredStance
}

func spanKey(s, e int) string { return strconv.Itoa(s) + ":" + strconv.Itoa(e) }

// typeOf maps newsgraph's entity types onto the gold set's.
func typeOf(t extract.Type) string {
	switch t {
	case extract.Person:
		return PER
	case extract.Organization:
		return ORG
	case extract.Location:
		return LOC
	}
	return ""
}

// PredictNewsgraph runs x over every gold article and stance sentence. Each stance
// sentence is extracted as an article of its own.
func PredictNewsgraph(x *extract.Extractor, g *Gold) (*Predictions, error) {
	p := &Predictions{System: SystemNewsgraph, Spans: map[string][]Span{}, Clusters: map[string]map[string]string{}, Stance: map[string][]PredStance{}}
	for _, a := range g.Articles {
		r, err := x.Extract(&extract.Article{ID: a.ID, Text: a.Text})
		if err != nil {
			return nil, fmt.Errorf("eval article %s: %w", a.ID, err)
		}
		cl := map[string]string{}
		for _, m := range r.Mentions {
			if m.Demonym || m.Coref != "" {
				continue // "Israeli" links to Israel, "he" to Biden, but neither is a name: O in the gold set
			}
			p.Spans[a.ID] = append(p.Spans[a.ID], Span{Doc: a.ID, Start: m.Start, End: m.End, Type: typeOf(m.Type), Text: m.Text})
			cl[spanKey(m.Start, m.End)] = m.Entity
		}
		p.Clusters[a.ID] = cl
	}
	for _, row := range g.Stance {
		if _, done := p.Stance[row.ID]; done {
			continue
		}
		r, err := x.Extract(&extract.Article{ID: row.ID, Text: row.Sentence})
		if err != nil {
			return nil, fmt.Errorf("eval stance %s: %w", row.ID, err)
		}
		p.Stance[row.ID] = append([]PredStance{}, predStances(r)...)
	}
	return p, nil
}

// LoadProse loads prose's English model once, as a caller that cares about speed would.
func LoadProse() *prose.Model {
	doc, _ := prose.NewDocument("", prose.WithSegmentation(false))
	return doc.Model
}

// proseTypes maps prose's entity labels onto the gold set's types; other labels are not
// entities of ours and are ignored.
var proseTypes = map[string]string{"PERSON": PER, "ORGANIZATION": ORG, "GPE": LOC, "LOCATION": LOC, "GSP": LOC, "FACILITY": LOC}

// PredictProse runs prose as it comes (its own tokenizer, segmenter and NER) over every
// gold article and maps each entity's text back to the article by sequential search. An
// entity whose text cannot be found stays a false positive. Resolution is the same-string
// baseline on the gold mentions; prose has no stance.
func PredictProse(m *prose.Model, g *Gold) (*Predictions, error) {
	p := &Predictions{System: SystemProse, Spans: map[string][]Span{}, Clusters: map[string]map[string]string{}}
	for _, a := range g.Articles {
		doc, err := prose.NewDocument(a.Text, prose.UsingModel(m))
		if err != nil {
			return nil, fmt.Errorf("prose article %s: %w", a.ID, err)
		}
		cursor, lost := 0, 0
		for _, e := range doc.Entities() {
			typ, ok := proseTypes[e.Label]
			if !ok {
				continue
			}
			s, end, found := locate(a.Text, cursor, e.Text)
			if !found {
				lost++
				p.Spans[a.ID] = append(p.Spans[a.ID], Span{Doc: a.ID, Start: -lost, End: -lost, Type: typ, Text: e.Text})
				continue
			}
			cursor = end
			p.Spans[a.ID] = append(p.Spans[a.ID], Span{Doc: a.ID, Start: s, End: end, Type: typ, Text: a.Text[s:end]})
		}
	}
	for _, m := range g.Mentions {
		if p.Clusters[m.Article] == nil {
			p.Clusters[m.Article] = map[string]string{}
		}
		p.Clusters[m.Article][spanKey(m.Start, m.End)] = m.Text
	}
	return p, nil
}

// locate finds phrase, prose's space-joined entity tokens, in text from byte from: its
// tokens in order with only white space between them, starting and ending at word
// boundaries, with curly quotes equal to straight ones (prose folds them).
func locate(text string, from int, phrase string) (int, int, bool) {
	parts := strings.Fields(phrase)
	if len(parts) == 0 {
		return 0, 0, false
	}
	for pos := from; pos < len(text); pos++ {
		if !utf8.RuneStart(text[pos]) || !boundaryBefore(text, pos, parts[0]) {
			continue
		}
		if end, ok := matchParts(text, pos, parts); ok && boundaryAfter(text, end, parts[len(parts)-1]) {
			return pos, end, true
		}
	}
	return 0, 0, false
}

func matchParts(text string, pos int, parts []string) (int, bool) {
	for i, part := range parts {
		if i > 0 {
			for pos < len(text) {
				r, n := utf8.DecodeRuneInString(text[pos:])
				if !unicode.IsSpace(r) {
					break
				}
				pos += n
			}
		}
		for _, want := range part {
			if pos >= len(text) {
				return 0, false
			}
			r, n := utf8.DecodeRuneInString(text[pos:])
			if foldQuote(r) != foldQuote(want) {
				return 0, false
			}
			pos += n
		}
	}
	return pos, true
}

func foldQuote(r rune) rune {
	switch r {
	case '‘', '’':
		return '\''
	case '“', '”':
		return '"'
	}
	return r
}

func wordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func boundaryBefore(text string, pos int, first string) bool {
	r, _ := utf8.DecodeRuneInString(first)
	if pos == 0 || !wordRune(r) {
		return true
	}
	prev, _ := utf8.DecodeLastRuneInString(text[:pos])
	return !wordRune(prev)
}

func boundaryAfter(text string, end int, last string) bool {
	r, _ := utf8.DecodeLastRuneInString(last)
	if end >= len(text) || !wordRune(r) {
		return true
	}
	next, _ := utf8.DecodeRuneInString(text[end:])
	return !wordRune(next)
}

// NERResult is a system's NER scores on a split with its errors, for error analysis.
type NERResult struct {
	Scores NERScores `json:"scores"`
	// FalsePositives and FalseNegatives list the predicted spans gold lacks and the gold
	// spans the prediction lacks (a type error appears in both), sorted by position.
	FalsePositives []Span `json:"false_positives"`
	FalseNegatives []Span `json:"false_negatives"`
}

// ResolutionResult is a system's resolution scores on a split, over the gold mentions.
type ResolutionResult struct {
	BCubed   Score `json:"b3"`
	Pairwise PRF   `json:"pairwise"`
	// Found counts gold mentions the system predicted with exact boundaries, of Mentions.
	Found    int `json:"found"`
	Mentions int `json:"mentions"`
}

// SystemReport is one system's scores on one split.
type SystemReport struct {
	System     string            `json:"system"`
	Split      string            `json:"split"`
	Articles   int               `json:"articles"`
	NER        *NERResult        `json:"ner"`
	Resolution *ResolutionResult `json:"resolution"`
	Stance     *StanceScores     `json:"stance,omitempty"`
	// StanceErrors lists the stance sentences the system got wrong.
	StanceErrors []StanceItem `json:"stance_errors,omitempty"`
}

// Evaluate scores p on the gold items of split (dev, heldout or all); match decides stance
// entity identity.
func Evaluate(g *Gold, p *Predictions, split string, match Matcher) *SystemReport {
	rep := &SystemReport{System: p.System, Split: split}
	var gold, pred []Span
	for _, a := range g.Articles {
		if !InSplit(a.Split, split) {
			continue
		}
		rep.Articles++
		gold = append(gold, a.Spans()...)
		pred = append(pred, p.Spans[a.ID]...)
	}
	rep.NER = nerResult(gold, pred)

	goldC, predC := map[string]string{}, map[string]string{}
	res := &ResolutionResult{}
	for _, m := range g.Mentions {
		if !InSplit(m.Split, split) {
			continue
		}
		k := m.Article + "\x00" + spanKey(m.Start, m.End)
		goldC[k] = m.Article + "\x00" + m.Cluster
		res.Mentions++
		if e, ok := p.Clusters[m.Article][spanKey(m.Start, m.End)]; ok {
			predC[k] = m.Article + "\x00" + e
			res.Found++
		}
	}
	res.BCubed, res.Pairwise = BCubed(goldC, predC), Pairwise(goldC, predC)
	rep.Resolution = res

	if p.Stance != nil {
		items := stanceItems(g, p, split)
		rep.Stance = ScoreStance(items, match)
		for _, it := range items {
			if scoreItem(it, match).Correct == 0 {
				rep.StanceErrors = append(rep.StanceErrors, it)
			}
		}
	}
	return rep
}

func nerResult(gold, pred []Span) *NERResult {
	r := &NERResult{Scores: ScoreSpans(gold, pred), FalsePositives: []Span{}, FalseNegatives: []Span{}}
	type k = [4]any
	key := func(s Span) k { return k{s.Doc, s.Start, s.End, s.Type} }
	g, p := map[k]bool{}, map[k]bool{}
	for _, s := range gold {
		g[key(s)] = true
	}
	for _, s := range pred {
		if !p[key(s)] && !g[key(s)] {
			r.FalsePositives = append(r.FalsePositives, s)
		}
		p[key(s)] = true
	}
	for _, s := range gold {
		if !p[key(s)] {
			r.FalseNegatives = append(r.FalseNegatives, s)
		}
	}
	for _, l := range [][]Span{r.FalsePositives, r.FalseNegatives} {
		sort.SliceStable(l, func(i, j int) bool {
			if l[i].Doc != l[j].Doc {
				return l[i].Doc < l[j].Doc
			}
			return l[i].Start < l[j].Start
		})
	}
	return r
}

// stanceItems groups the stance rows of split by sentence id, in file order.
func stanceItems(g *Gold, p *Predictions, split string) []StanceItem {
	var items []StanceItem
	index := map[string]int{}
	for _, row := range g.Stance {
		if !InSplit(row.Split, split) {
			continue
		}
		i, ok := index[row.ID]
		if !ok {
			i = len(items)
			index[row.ID] = i
			items = append(items, StanceItem{ID: row.ID, Sentence: row.Sentence, Category: row.Category, Pred: p.Stance[row.ID]})
		}
		if !row.None {
			items[i].Gold = append(items[i].Gold, GoldStance{Source: row.Source, Target: row.Target, Sign: row.Sign})
		}
	}
	return items
}
