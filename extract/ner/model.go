// Package ner is newsgraph's named-entity recognizer: a linear-chain model over BILOU labels
// for PER, ORG, LOC and MISC, trained as an averaged structured perceptron and decoded with
// Viterbi. Features (words, shapes, affixes, part-of-speech tags, word clusters, gazetteer
// lists, the sentence's capitalization and the document's earlier decisions) are hashed into
// a flat weight table, so tagging builds no strings and consults no maps.
//
// The shipped model is embedded (data/model.bin.gz), trained on CoNLL-2003 English by
// `newsgraph train-ner` (docs/ner.md). Load it once with Default and share it: a Model is
// read-only; each goroutine tags with a Tagger of its own.
package ner

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"sync"

	"github.com/newsgraph/newsgraph/internal/weights"
)

//go:embed data/model.bin.gz
var modelGz []byte

// Model is a trained entity recognizer. It is read-only and safe for concurrent use.
type Model struct {
	p   *params[int16]
	res *Resources
}

var (
	defaultOnce  sync.Once
	defaultModel *Model
	defaultErr   error
)

// Default returns the embedded model, loading it on first use.
func Default() (*Model, error) {
	defaultOnce.Do(func() {
		res, err := LoadResources()
		if err != nil {
			defaultErr = err
			return
		}
		defaultModel, defaultErr = Read(bytes.NewReader(modelGz), res)
		if defaultErr != nil {
			defaultErr = fmt.Errorf("embedded entity model: %w", defaultErr)
		}
	})
	return defaultModel, defaultErr
}

// Tagger tags the sentences of one document at a time. It carries what the document has said
// so far (a name keeps its type within an article), so call Reset between documents. A
// Tagger belongs to one goroutine.
type Tagger struct {
	d     *decoder[int16]
	spans []Span
}

// NewTagger returns a Tagger on m, ready for a first document.
func (m *Model) NewTagger() *Tagger {
	t := &Tagger{d: m.decoder()}
	t.Reset()
	return t
}

// decoder returns a decoder for m that adds the role features from caches (roleCache).
func (m *Model) decoder() *decoder[int16] {
	d := newDecoder(m.p, m.res)
	d.fz.split = true
	d.wordSums, d.tagSums = newRoleCache[int16](wordCacheBits, false), newRoleCache[int16](tagCacheBits, true)
	return d
}

// Reset starts a new document.
func (t *Tagger) Reset() { t.d.hist.reset() }

// Tag returns the entities of one sentence, given its words and their Penn Treebank
// part-of-speech tags (package extract/pos), as spans of word indices in order. The slice is
// reused by the next call.
func (t *Tagger) Tag(words, tags []string) []Span {
	if len(tags) < len(words) {
		panic("ner: fewer tags than words")
	}
	t.spans = decode(t.d.tag(words, tags[:len(words)]), t.spans[:0])
	return t.spans
}

const magic = "newsgraph-ner\n"

// ErrFormat means a model file is not one this code can read.
var ErrFormat = errors.New("not a newsgraph entity model")

// Write stores the model: gzip over a header, the transition scores and the non-zero
// weights as (index delta, value) varints. Equal models give equal bytes.
func (m *Model) Write(w io.Writer) error {
	zw, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
	bw := bufio.NewWriter(zw)
	weights.WriteHeader(bw, magic, featureVersion)
	bw.WriteByte(byte(m.p.bits))
	bw.WriteByte(byte(m.p.off))
	bw.WriteByte(numLabels)
	for _, t := range m.p.trans {
		binary.Write(bw, binary.LittleEndian, math.Float32bits(t))
	}
	if err := weights.Write(bw, m.p.w); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

// Read loads a model written by Write, over the given resources (the features read them, so
// they must be the ones the model was trained with).
func Read(r io.Reader, res *Resources) (*Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	br := bufio.NewReader(zr)
	version, err := weights.ReadHeader(br, magic, 1<<10)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	if version != featureVersion {
		return nil, fmt.Errorf("model has features %q, this build computes %q: retrain it (newsgraph train-ner)", version, featureVersion)
	}
	bits, err := br.ReadByte()
	if err != nil || bits < 8 || bits > 26 {
		return nil, fmt.Errorf("%w: bad hash size", ErrFormat)
	}
	off, err := br.ReadByte()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	if n, err := br.ReadByte(); err != nil || n != numLabels {
		return nil, fmt.Errorf("%w: label count %d, want %d", ErrFormat, n, numLabels)
	}
	p := newParams[int16](uint(bits), Groups(off))
	for i := range p.trans {
		var u uint32
		if err := binary.Read(br, binary.LittleEndian, &u); err != nil {
			return nil, fmt.Errorf("%w: transitions: %v", ErrFormat, err)
		}
		p.trans[i] = math.Float32frombits(u)
	}
	if err := weights.Read(br, p.w); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	return &Model{p: p, res: res}, nil
}

// quantize turns trained float weights into a shipped model: int16 weights on one scale (the
// decoder only compares sums, so one scale for emissions and transitions changes nothing but
// rounding).
func quantize(p *params[float32], res *Resources) *Model {
	maxAbs := float32(0)
	for _, v := range p.w {
		maxAbs = max(maxAbs, abs(v))
	}
	for _, v := range p.trans {
		maxAbs = max(maxAbs, abs(v))
	}
	scale := float32(1)
	if maxAbs > 0 {
		scale = 32000 / maxAbs
	}
	q := newParams[int16](p.bits, p.off)
	for i, v := range p.w {
		q.w[i] = int16(math.Round(float64(v * scale)))
	}
	for i, v := range p.trans {
		q.trans[i] = float32(math.Round(float64(v * scale)))
	}
	return &Model{p: q, res: res}
}

func abs(v float32) float32 {
	if v < 0 {
		return -v
	}
	return v
}
