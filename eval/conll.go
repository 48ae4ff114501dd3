package eval

import (
	"fmt"
	"strings"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/extract/ner"
)

// CoNLLReport scores entity recognition on CoNLL-format data (use a dev split such as
// CoNLL-2003 eng.testa; never a test split). Model is the entity model alone on the gold
// tokens; System is the whole extractor (prose's tokenizer, the tagger, the model, the rules
// after it and resolution within each document) on the documents' text rebuilt from the
// tokens, one sentence per line, scored on PER, ORG and LOC only (newsgraph has no MISC;
// a demonym mention is a link to its place, not a name, and is not scored).
type CoNLLReport struct {
	Documents, Sentences int
	Model, System        ner.Scores
}

// ScoreCoNLL scores m and x on docs, whose sentences must carry part-of-speech tags
// (ner.TagPOS).
func ScoreCoNLL(m *ner.Model, x *extract.Extractor, docs []ner.Document) (*CoNLLReport, error) {
	rep := &CoNLLReport{Documents: len(docs), Model: ner.Evaluate(m, docs)}
	for di, d := range docs {
		var text strings.Builder
		bounds := make([][2]int, len(d.Sentences))
		starts := make([][]int, len(d.Sentences))
		for i, s := range d.Sentences {
			begin := text.Len()
			for k, w := range s.Words {
				if k > 0 {
					text.WriteByte(' ')
				}
				starts[i] = append(starts[i], text.Len())
				text.WriteString(w)
			}
			bounds[i] = [2]int{begin, text.Len()}
			text.WriteByte('\n')
		}
		res, err := x.ExtractSentences(&extract.Article{ID: fmt.Sprintf("conll-%d", di), Text: text.String()}, bounds)
		if err != nil {
			return nil, err
		}
		pred := make([][]ner.Span, len(d.Sentences))
		for _, mt := range res.Mentions {
			if mt.Demonym {
				continue
			}
			i, sp := tokenSpan(bounds, starts, d.Sentences, mt.Start, mt.End)
			if i < 0 {
				continue // cannot happen: mentions lie within sentences
			}
			t, _ := ner.ParseType(typeOf(mt.Type))
			sp.Type = t
			pred[i] = append(pred[i], sp)
		}
		for i, s := range d.Sentences {
			var gold []ner.Span
			for _, g := range s.Spans {
				if g.Type != ner.MISC {
					gold = append(gold, g)
				}
			}
			rep.System.Score(gold, pred[i])
			rep.Sentences++
		}
	}
	return rep, nil
}

// tokenSpan maps a byte range onto the sentence and word range it covers; a range that does
// not start and end on word boundaries gets Start = -1, so it matches no gold span.
func tokenSpan(bounds [][2]int, starts [][]int, sents []ner.Sentence, start, end int) (int, ner.Span) {
	for i, b := range bounds {
		if start < b[0] || end > b[1] {
			continue
		}
		sp := ner.Span{Start: -1, End: -1}
		for k, st := range starts[i] {
			if st == start {
				sp.Start = k
			}
			if st+len(sents[i].Words[k]) == end {
				sp.End = k + 1
			}
		}
		if sp.Start < 0 || sp.End < 0 {
			sp.Start = -1
		}
		return i, sp
	}
	return -1, ner.Span{}
}
