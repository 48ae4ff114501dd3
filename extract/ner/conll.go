package ner

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/newsgraph/newsgraph/extract/pos"
)

// Document is a labelled document: its sentences in order (the model's history features
// carry from one sentence to the next, as they do within an article).
type Document struct {
	ID        string
	Sentences []Sentence
}

// Sentence is a tokenized sentence with part-of-speech tags and, for training and scoring,
// its gold entities.
type Sentence struct {
	Words []string
	Tags  []string
	Spans []Span
}

// ReadCoNLL reads CoNLL-style NER data: one token per line, the word in the first column and
// its entity tag in the last (O, B-X or I-X with X one of PER, ORG, LOC, MISC; IOB1 as in
// CoNLL-2003 or IOB2), a blank line after each sentence, and "-DOCSTART-" lines between
// documents (any text after it is the document's id). Columns are split on tabs when the
// line has one, else on spaces. A bad line is an error naming file and line.
func ReadCoNLL(r io.Reader, file string) ([]Document, error) {
	var (
		docs []Document
		sent Sentence
		open = -1 // start of the span being read, or -1
		typ  Type
	)
	flush := func() {
		if open >= 0 {
			sent.Spans = append(sent.Spans, Span{open, len(sent.Words), typ})
			open = -1
		}
		if len(sent.Words) == 0 {
			return
		}
		if len(docs) == 0 {
			docs = append(docs, Document{})
		}
		d := &docs[len(docs)-1]
		d.Sentences = append(d.Sentences, sent)
		sent = Sentence{}
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" {
			flush()
			continue
		}
		if strings.HasPrefix(text, "-DOCSTART-") {
			flush()
			id := strings.TrimSpace(strings.TrimPrefix(text, "-DOCSTART-"))
			if f := strings.Fields(id); len(f) > 0 && f[0] == "-X-" {
				id = "" // CoNLL-2003 writes "-DOCSTART- -X- O O"
			}
			docs = append(docs, Document{ID: id})
			continue
		}
		var fields []string
		if strings.Contains(text, "\t") {
			fields = strings.Split(text, "\t")
		} else {
			fields = strings.Fields(text)
		}
		if len(fields) < 2 || fields[0] == "" {
			return nil, fmt.Errorf("%s line %d: want word and entity tag", file, line)
		}
		word, tag := fields[0], strings.TrimSpace(fields[len(fields)-1])
		k := len(sent.Words)
		switch {
		case tag == "O":
			if open >= 0 {
				sent.Spans = append(sent.Spans, Span{open, k, typ})
				open = -1
			}
		case len(tag) > 2 && (tag[:2] == "B-" || tag[:2] == "I-"):
			t, ok := ParseType(tag[2:])
			if !ok {
				return nil, fmt.Errorf("%s line %d: unknown entity type %q", file, line, tag[2:])
			}
			if tag[0] == 'B' || open < 0 || t != typ {
				if open >= 0 {
					sent.Spans = append(sent.Spans, Span{open, k, typ})
				}
				open, typ = k, t
			}
		default:
			return nil, fmt.Errorf("%s line %d: bad entity tag %q", file, line, tag)
		}
		sent.Words = append(sent.Words, word)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	flush()
	out := docs[:0]
	for _, d := range docs {
		if len(d.Sentences) > 0 {
			out = append(out, d)
		}
	}
	return out, nil
}

// TagPOS sets every sentence's part-of-speech tags with t, the tagger the extractor runs, so
// that training sees the tags the model will see when it tags news.
func TagPOS(docs []Document, t *pos.Tagger) {
	for i := range docs {
		for j := range docs[i].Sentences {
			s := &docs[i].Sentences[j]
			s.Tags = make([]string, len(s.Words))
			t.Tag(s.Words, s.Tags)
		}
	}
}
