// Package parse is a labeled dependency parser for English: arc-eager transitions decoded
// greedily, scored by an averaged perceptron over hashed Zhang & Nivre (2011) features,
// trained with Goldberg & Nivre's dynamic oracle on Universal Dependencies English EWT.
//
// It reads words and the Penn Treebank tags newsgraph's tagger (package extract/pos) gives
// them, and returns Universal Dependencies trees, relation subtypes included (nsubj:pass,
// obl:agent, acl:relcl, …). Default is the model shipped in the package; Train makes one.
// docs/parse.md has the data, its licence, the scores and the design decisions.
package parse

import (
	"bytes"
	_ "embed"
	"fmt"
	"sync"
)

// Parser is a trained model. It is read-only, so one Parser serves any number of
// goroutines.
type Parser struct {
	w packed
}

//go:embed data/model.bin.gz
var embedded []byte

var defaultParser = sync.OnceValue(func() *Parser {
	p, err := Load(bytes.NewReader(embedded))
	if err != nil {
		// The model is compiled in and tested: failing to decode it is a broken build.
		panic(fmt.Sprintf("parse: embedded model: %v", err))
	}
	return p
})

// Default returns the model shipped with the package, decoded on first use.
func Default() *Parser { return defaultParser() }

// Parse parses one sentence: words and their Penn Treebank tags, as newsgraph's tagger
// gives them. It allocates a new Tree; ParseInto reuses one.
func (p *Parser) Parse(words, tags []string) *Tree {
	t := new(Tree)
	p.ParseInto(t, words, tags)
	return t
}

// ParseInto parses one sentence into t, reusing t's memory: a goroutine that keeps one Tree
// parses without allocating once the Tree has grown to its longest sentence. t's previous
// tree, and slices from it, are overwritten. tags must be as long as words.
func (p *Parser) ParseInto(t *Tree, words, tags []string) {
	if len(tags) < len(words) {
		panic("parse: fewer tags than words")
	}
	t.words.reset(words, tags[:len(words)])
	t.st.reset(len(words))
	p.decode(&t.st, &t.words)
	t.build()
}

// decode runs the parser from the initial configuration to the end.
func (p *Parser) decode(st *state, w *words) {
	var (
		f   [numFeatures]uint64
		idx [numFeatures]uint32
		ls  [numLabels]int32
	)
	for !st.terminal() {
		if st.forced() {
			st.applyForced()
			continue
		}
		st.features(w, &f)
		p.w.moveIndex(&f, &idx)
		m := bestMove(p.w.moveScores(&idx), st.legal())
		l := NoLabel
		if m == leftArc || m == rightArc {
			p.w.labelIndex(&f, m, &idx)
			st.sink += p.w.touchLabels(&idx)
			p.w.labelScores(&idx, &ls)
			l = bestLabel(&ls)
		}
		st.apply(m, l)
	}
}

// applyForced makes the one move left once the buffer holds only the root: a word with a
// head is reduced, one without becomes a child of the root.
func (s *state) applyForced() {
	if s.head[s.s0()] >= 0 {
		s.apply(reduce, NoLabel)
	} else {
		s.apply(leftArc, Root)
	}
}

// Tree is a parsed sentence. Words are numbered from 0 in sentence order.
type Tree struct {
	heads    []int
	labels   []Label
	kidStart []int // children of i are kids[kidStart[i]:kidStart[i+1]]; the root's at n
	kids     []int

	// the parser's scratch, kept for reuse
	st    state
	words words
}

// Len returns the number of words.
func (t *Tree) Len() int { return len(t.heads) }

// Head returns the index of word i's head, or -1 if i is a root.
func (t *Tree) Head(i int) int { return t.heads[i] }

// Label returns the relation of word i to its head (Root for a root).
func (t *Tree) Label(i int) Label { return t.labels[i] }

// Children returns word i's dependents in sentence order. The slice belongs to the Tree:
// do not modify it; it is valid until the Tree is parsed into again.
func (t *Tree) Children(i int) []int { return t.kids[t.kidStart[i]:t.kidStart[i+1]] }

// Roots returns the words attached to the root, in sentence order: one, unless the parser
// left a fragment unattached (then each fragment's head). Same ownership as Children.
func (t *Tree) Roots() []int { return t.Children(len(t.heads)) }

// Root returns the first root word, or -1 for an empty sentence.
func (t *Tree) Root() int {
	if r := t.Roots(); len(r) > 0 {
		return r[0]
	}
	return -1
}

// build copies the final configuration into the tree.
func (t *Tree) build() {
	n := int(t.st.n)
	t.heads = fill(t.heads, n, -1)
	t.labels = fill(t.labels, n, NoLabel)
	t.kidStart = fill(t.kidStart, n+2, 0)
	t.kids = fill(t.kids, n, 0)
	for d := range n {
		h := int(t.st.head[d])
		t.labels[d] = t.st.label[d]
		if h != n {
			t.heads[d] = h
		}
		t.kidStart[h+1]++
	}
	for i := 1; i < len(t.kidStart); i++ {
		t.kidStart[i] += t.kidStart[i-1]
	}
	// Fill each head's run in sentence order, using kidStart[h] as the cursor and
	// shifting back afterwards.
	for d := range n {
		h := int(t.st.head[d])
		t.kids[t.kidStart[h]] = d
		t.kidStart[h]++
	}
	copy(t.kidStart[1:], t.kidStart[:n+1])
	t.kidStart[0] = 0
}
