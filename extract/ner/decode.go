package ner

// weight is the element type of a weight table: float32 while training, int16 in a shipped
// model (quantized; see Model).
type weight interface{ ~float32 | ~int16 }

// params are a linear model's weights: one row of numLabels weights per feature bucket, and a
// transition score for every (previous label, label) pair, row numLabels being the start.
type params[W weight] struct {
	bits uint
	off  Groups // feature groups switched off

	w     []W
	trans [(numLabels + 1) * numLabels]float32
}

func newParams[W weight](bits uint, off Groups) *params[W] {
	return &params[W]{bits: bits, off: off, w: make([]W, (1<<bits)*numLabels)}
}

// emit adds the rows of feats to out, one score per label.
func (p *params[W]) emit(feats []uint32, out []float32) {
	acc := (*[numLabels]float32)(out[:numLabels])
	for _, f := range feats {
		row := (*[numLabels]W)(p.w[int(f)*numLabels:])
		for l := range numLabels {
			acc[l] += float32(row[l])
		}
	}
}

// touch reads the first and last weight of every row feats name, in a loop too small to
// hold the processor up, so that the rows' cache misses overlap instead of coming one after
// another inside emit, which then finds the rows in cache. (A row is 17 weights: it often
// straddles two cache lines, hence both ends.) The sum only keeps the loads alive.
func (p *params[W]) touch(feats []uint32) W {
	var sum W
	w := p.w
	for _, f := range feats {
		i := int(f) * numLabels
		row := w[i : i+numLabels : i+numLabels]
		sum += row[0] + row[numLabels-1]
	}
	return sum
}

// decoder holds one document's decoding state: scratch buffers reused from sentence to
// sentence, and the prediction history that makes a name keep its type within the document.
// It belongs to one goroutine.
type decoder[W weight] struct {
	p      *params[W]
	res    *Resources
	fz     featurizer
	vals   []tokVals
	vs     valScratch
	dyn    []uint32 // per token: up to dynPerToken document features, 0 = none
	scores []float32
	back   []uint8
	labels []label
	hist   history
	// The role sums of recent words and tags (roleCache); nil while training, when the
	// weights change under them.
	wordSums, tagSums *roleCache[W]
	sink              W // touch's sum, stored so the compiler keeps its loads
}

// dynPerToken bounds the document-level (history) features of a token.
const dynPerToken = 2

func newDecoder[W weight](p *params[W], res *Resources) *decoder[W] {
	return &decoder[W]{p: p, res: res, fz: featurizer{bits: p.bits, off: p.off}}
}

// prepare computes the sentence's values and static features.
func (d *decoder[W]) prepare(words, tags []string) {
	d.vals = d.res.sentenceVals(words, tags, d.vals, &d.vs)
	d.fz.static(d.vals, contextOf(words))
}

// history features of every token, from what the document said about the same words before.
func (d *decoder[W]) document(n int) {
	d.dyn = d.dyn[:0]
	for k := range n {
		v := &d.vals[k+pad]
		var a, b uint32
		if t := d.hist.typeOf(v.lower); t != None && d.p.off&History == 0 {
			a = bucket(mix(tHistory, uint64(t)), d.p.bits)
			b = bucket(mix(mix(tHistoryShape, uint64(t)), v.short), d.p.bits)
		}
		d.dyn = append(d.dyn, a, b)
	}
}

// feats returns token k's features: static, then document features (0 = none).
func (d *decoder[W]) feats(k int) (static, dyn []uint32) {
	return d.fz.feats[d.fz.offs[k]:d.fz.offs[k+1]], d.dyn[k*dynPerToken : (k+1)*dynPerToken]
}

// viterbi finds the best BILOU labelling of the prepared sentence of n tokens into d.labels.
func (d *decoder[W]) viterbi(n int) []label {
	d.scores = grow(d.scores, n*numLabels)
	d.back = grow(d.back, n*numLabels)
	d.labels = grow(d.labels, n)
	if n == 0 {
		return d.labels
	}
	d.sink += d.p.touch(d.fz.feats)
	if d.wordSums != nil {
		d.sink += d.wordSums.prepare(d.p, d.vals) + d.tagSums.prepare(d.p, d.vals)
	}
	for k := range n {
		s := d.scores[k*numLabels : (k+1)*numLabels]
		clear(s)
		if d.wordSums != nil {
			d.wordSums.emit(d.p, d.vals[k:], s)
			d.tagSums.emit(d.p, d.vals[k:], s)
		}
		static, dyn := d.feats(k)
		d.p.emit(static, s)
		for j, f := range dyn {
			if f != 0 {
				d.p.emit(dyn[j:j+1], s)
			}
		}
	}
	const minusInf = float32(-1e30)
	var prev, cur [numLabels]float32
	for c := range numLabels {
		if allowed[numLabels][c] {
			prev[c] = d.scores[c] + d.p.trans[numLabels*numLabels+c]
		} else {
			prev[c] = minusInf
		}
	}
	for k := 1; k < n; k++ {
		em := d.scores[k*numLabels : (k+1)*numLabels]
		bk := d.back[k*numLabels : (k+1)*numLabels]
		for c := range numLabels {
			best, arg := minusInf, 0
			for _, p := range preds[c] {
				if prev[p] <= minusInf {
					continue
				}
				if s := prev[p] + d.p.trans[int(p)*numLabels+c]; s > best {
					best, arg = s, int(p)
				}
			}
			cur[c] = best + em[c]
			if best <= minusInf {
				cur[c] = minusInf
			}
			bk[c] = uint8(arg)
		}
		prev = cur
	}
	best, arg := minusInf, 0
	for c := range numLabels {
		if final[c] && prev[c] > best {
			best, arg = prev[c], c
		}
	}
	for k := n - 1; k >= 0; k-- {
		d.labels[k] = label(arg)
		arg = int(d.back[k*numLabels+arg])
	}
	return d.labels[:n]
}

// tag labels one sentence and records its entities in the document's history.
func (d *decoder[W]) tag(words, tags []string) []label {
	d.prepare(words, tags)
	d.document(len(words))
	labels := d.viterbi(len(words))
	d.remember(labels)
	return labels
}

// remember adds the capitalized words of the sentence's entities to the history.
func (d *decoder[W]) remember(labels []label) {
	for k, l := range labels {
		if v := &d.vals[k+pad]; l != 0 && v.capital {
			d.hist.add(v.lower, l.typ())
		}
	}
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// history counts, per word of the document, the entity types it was tagged with: an
// open-addressing table in flat arrays, emptied in O(1) by a new generation number.
type history struct {
	keys   [histSize]uint64
	gen    [histSize]uint32
	counts [histSize][numTypes]uint16
	cur    uint32
	used   int
}

const histSize = 4096

// reset forgets the previous document.
func (h *history) reset() { h.cur++; h.used = 0 }

func (h *history) find(key uint64) (int, bool) {
	i := int(key & (histSize - 1))
	for h.gen[i] == h.cur && h.cur != 0 {
		if h.keys[i] == key {
			return i, true
		}
		i = (i + 1) & (histSize - 1)
	}
	return i, false
}

func (h *history) add(key uint64, t Type) {
	if h.cur == 0 {
		h.cur = 1
	}
	i, ok := h.find(key)
	if !ok {
		if h.used >= histSize*3/4 {
			return // a huge document: stop learning new words, keep the ones we have
		}
		h.keys[i], h.gen[i], h.counts[i] = key, h.cur, [numTypes]uint16{}
		h.used++
	}
	if c := &h.counts[i][t-1]; *c < 1<<15 {
		*c++
	}
}

// typeOf returns the type the word was tagged with most often (ties to the lower type), or
// None when it was never part of an entity.
func (h *history) typeOf(key uint64) Type {
	i, ok := h.find(key)
	if !ok {
		return None
	}
	best, n := None, uint16(0)
	for t, c := range h.counts[i] {
		if c > n {
			best, n = Type(t+1), c
		}
	}
	return best
}
