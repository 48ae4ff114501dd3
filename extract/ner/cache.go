package ner

// A roleCache keeps, for recently seen words (or tags), the sums of the weight rows of their
// features in each role (roleFeatures): a token then adds numRoles cached sums per cache
// instead of the rows of 29 features scattered over the 9 MB weight table, and on news most
// words are recent (the word cache holds the word 84% of the time on the BBC dump; the tag
// cache, all the time). Direct-mapped on the word's (or tag's) hash; one pair per Tagger, so
// per goroutine.
//
// Only for a frozen int16 model: its weights are whole numbers and every sum of a token's rows
// stays far below 2^24 (at most 79 rows, with every list matching, of |w| ≤ 32767: 2.6
// million), so float32 adds them exactly in any order, and the scores, hence the tags, are
// the same bits as without the caches.
type roleCache[W weight] struct {
	byTag bool      // keyed on the tag (tagRoleFeatures), not the word (roleFeatures)
	mask  uint64    // entries - 1
	keys  []uint64  // the word or tag hash held by each entry
	full  []bool    // whether the entry holds one yet
	sums  []float32 // entry e, role r: sums[(e*numRoles+r)*numLabels:][:numLabels]
	feats []uint32  // scratch: features of the entries being filled, role after role
	offs  []int32   // their bounds: fill i's role r is feats[offs[i*numRoles+r]:offs[i*numRoles+r+1]]
	fills []int32   // the entries being filled
}

// Cache sizes: 4,096 words (1.4 MB; 8,192 and 16,384 hold more words, 88% and 91%, but were
// not measurably faster) and 256 tags (87 KB; Penn Treebank has 45).
const (
	wordCacheBits = 12
	tagCacheBits  = 8
)

func newRoleCache[W weight](bits uint, byTag bool) *roleCache[W] {
	n := 1 << bits
	return &roleCache[W]{byTag: byTag, mask: uint64(n - 1), keys: make([]uint64, n), full: make([]bool, n),
		sums: make([]float32, n*numRoles*numLabels)}
}

func (c *roleCache[W]) key(v *tokVals) uint64 {
	if c.byTag {
		return v.pos
	}
	return v.word
}

func (c *roleCache[W]) features(dst []uint32, v *tokVals, r int, p *params[W]) []uint32 {
	if c.byTag {
		return tagRoleFeatures(dst, v, r, p.bits, p.off)
	}
	return roleFeatures(dst, v, r, p.bits, p.off)
}

// emit adds to out the role sums of the token whose window is vals[:numRoles] (the token is
// vals[pad]), filling any entry another word of the sentence took over since prepare.
func (c *roleCache[W]) emit(p *params[W], vals []tokVals, out []float32) {
	acc := (*[numLabels]float32)(out[:numLabels])
	for r := range numRoles {
		v := &vals[r]
		key := c.key(v)
		e := int(key & c.mask)
		if !c.full[e] || c.keys[e] != key {
			c.fill(p, e, v)
		}
		row := (*[numLabels]float32)(c.sums[(e*numRoles+r)*numLabels:])
		for l := range numLabels {
			acc[l] += row[l]
		}
	}
}

// prepare fills the entries of the sentence's words (vals, padded) that the cache does not
// hold: their features first, then their weight rows touched together so that the rows'
// cache misses overlap (as in params.touch), then the sums.
func (c *roleCache[W]) prepare(p *params[W], vals []tokVals) W {
	c.feats, c.offs, c.fills = c.feats[:0], c.offs[:0], c.fills[:0]
	for j := range vals {
		v := &vals[j]
		key := c.key(v)
		e := int(key & c.mask)
		if c.full[e] && c.keys[e] == key {
			continue
		}
		c.keys[e], c.full[e] = key, true
		c.fills = append(c.fills, int32(e))
		for r := range numRoles {
			c.offs = append(c.offs, int32(len(c.feats)))
			c.feats = c.features(c.feats, v, r, p)
		}
	}
	c.offs = append(c.offs, int32(len(c.feats)))
	sink := p.touch(c.feats)
	for i, e := range c.fills {
		c.sum(p, int(e), c.offs[i*numRoles:])
	}
	return sink
}

// fill computes entry e's sums for v in every role.
func (c *roleCache[W]) fill(p *params[W], e int, v *tokVals) {
	c.keys[e], c.full[e] = c.key(v), true
	c.feats, c.offs = c.feats[:0], c.offs[:0]
	for r := range numRoles {
		c.offs = append(c.offs, int32(len(c.feats)))
		c.feats = c.features(c.feats, v, r, p)
	}
	c.offs = append(c.offs, int32(len(c.feats)))
	c.sum(p, e, c.offs)
}

// sum sets entry e's role sums from the features c.feats[offs[r]:offs[r+1]] of each role.
func (c *roleCache[W]) sum(p *params[W], e int, offs []int32) {
	for r := range numRoles {
		sum := c.sums[(e*numRoles+r)*numLabels : (e*numRoles+r+1)*numLabels]
		clear(sum)
		p.emit(c.feats[offs[r]:offs[r+1]], sum)
	}
}
