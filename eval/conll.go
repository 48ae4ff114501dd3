package eval

import (
	"fmt"
	"io"
	"sort"
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
	// Errors classifies the whole extractor's errors.
	Errors CoNLLErrors
}

// CoNLLErrors sorts the extractor's wrong spans: right boundaries and wrong type (by gold →
// predicted type), overlapping but different boundaries, and spans with no overlap at all.
type CoNLLErrors struct {
	Type                 map[string]int // "ORG→LOC"
	Boundary             int
	Spurious, Missed     int
	SpuriousBy, MissedBy map[string]int // by the span's text, for the commonest
	TypeBy, BoundaryBy   map[string]int // "ORG→PER Chelsea", "Banc One Corp. → Banc One"
}

// ScoreCoNLL scores m and x on docs, whose sentences must carry part-of-speech tags
// (ner.TagPOS).
func ScoreCoNLL(m *ner.Model, x *extract.Extractor, docs []ner.Document) (*CoNLLReport, error) {
	rep := &CoNLLReport{Documents: len(docs), Model: ner.Evaluate(m, docs)}
	rep.Errors = CoNLLErrors{Type: map[string]int{}, SpuriousBy: map[string]int{}, MissedBy: map[string]int{},
		TypeBy: map[string]int{}, BoundaryBy: map[string]int{}}
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
			if mt.Demonym || mt.Coref != "" {
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
			rep.Errors.add(s.Words, gold, pred[i])
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

func (e *CoNLLErrors) add(words []string, gold, pred []ner.Span) {
	text := func(s ner.Span) string {
		if s.Start < 0 {
			return "(not on word boundaries)"
		}
		return strings.Join(words[s.Start:s.End], " ")
	}
	overlaps := func(a, b ner.Span) bool { return a.Start < b.End && b.Start < a.End }
	for _, p := range pred {
		kind, other := "spurious", ner.Span{}
		for _, g := range gold {
			switch {
			case g == p:
				kind = "right"
			case g.Start == p.Start && g.End == p.End && kind != "right":
				kind = "type"
				e.Type[g.Type.String()+"→"+p.Type.String()]++
				e.TypeBy[g.Type.String()+"→"+p.Type.String()+" "+text(p)]++
			case overlaps(g, p) && kind == "spurious":
				kind, other = "boundary", g
			}
		}
		switch kind {
		case "spurious":
			e.Spurious++
			e.SpuriousBy[text(p)]++
		case "boundary":
			e.Boundary++
			e.BoundaryBy[text(other)+" → "+text(p)]++
		}
	}
	for _, g := range gold {
		hit := false
		for _, p := range pred {
			hit = hit || overlaps(g, p)
		}
		if !hit {
			e.Missed++
			e.MissedBy[text(g)]++
		}
	}
}

// Write prints the error classes, with the n commonest spurious and missed spans.
func (e *CoNLLErrors) Write(w io.Writer, n int) {
	fmt.Fprintf(w, "type errors (right span, gold→predicted type):")
	for _, k := range sortedKeys(e.Type) {
		fmt.Fprintf(w, " %s %d", k, e.Type[k])
	}
	fmt.Fprintf(w, "; commonest: %s\n", top(e.TypeBy, n))
	fmt.Fprintf(w, "boundary errors (overlapping, other boundaries): %d; commonest (gold → predicted): %s\n", e.Boundary, top(e.BoundaryBy, n))
	fmt.Fprintf(w, "spurious (no gold span overlaps): %d; commonest: %s\n", e.Spurious, top(e.SpuriousBy, n))
	fmt.Fprintf(w, "missed (no predicted span overlaps): %d; commonest: %s\n", e.Missed, top(e.MissedBy, n))
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return m[keys[i]] > m[keys[j]] || m[keys[i]] == m[keys[j]] && keys[i] < keys[j] })
	return keys
}

func top(m map[string]int, n int) string {
	var parts []string
	for _, k := range sortedKeys(m) {
		if len(parts) == n {
			break
		}
		parts = append(parts, fmt.Sprintf("%q %d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}
