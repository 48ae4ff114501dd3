package ner

import (
	"github.com/newsgraph/newsgraph/internal/hashtab"

	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// featureVersion names the feature set. It is stored in every model file: a model trained on
// other features (or other list numbers) is refused instead of giving silent nonsense. Bump it
// whenever a template, a list or the hashing changes.
const featureVersion = "ner-features-v1"

// Feature templates. The number is hashed into the feature, so templates never collide with
// each other; keep the numbers stable within a featureVersion.
const (
	tBias            = 1
	tWord            = 2
	tLower           = 3
	tLowerPrev       = 4
	tLowerNext       = 5
	tLowerPrev2      = 6
	tLowerNext2      = 7
	tShape           = 8
	tShapePrev       = 9
	tShapeNext       = 10
	tShortTri        = 11
	tPrefix          = 12 // + n-1 for n = 1…4
	tSuffix          = 16 // + n-1
	tPOS             = 20
	tPOSPrev         = 21
	tPOSNext         = 22
	tPOSPrev2        = 23
	tPOSNext2        = 24
	tPOSBiPrev       = 25
	tPOSBiNext       = 26
	tLowerBiPrev     = 27
	tLowerBiNext     = 28
	tCluster         = 29 // + granularity 0…2 (64, 256, 1024 classes)
	tClusterPrev     = 32
	tClusterNext     = 33
	tClusterPrevFine = 34
	tClusterNextFine = 35
	tList            = 36
	tListPrev        = 37
	tListNext        = 38
	tAllCaps         = 39
	tAllCapsWord     = 40
	tHeadline        = 41
	tFirst           = 42
	tLowerPOS        = 43
	tPrevWordShape   = 44
	tShapeNextWord   = 45
	tHistory         = 46
	tHistoryShape    = 47
)

// pad is the number of padding tokens on each side of a sentence: windows reach ±2.
const pad = 2

// tokVals are the per-token values features combine, computed once per sentence.
type tokVals struct {
	word, lower, shape, short, pos uint64
	prefix, suffix                 [4]uint64
	cluster                        [3]uint64 // class+1, 0 when the word has no vector
	lists                          [numLists]uint8
	capital                        bool
}

// padVals stand for the words before and after a sentence.
var padVals = func() (p [2 * pad]tokVals) {
	for k := range p {
		h := mix(0xb05, uint64(k)+1)
		p[k] = tokVals{word: h, lower: h, shape: h, short: h, pos: h, cluster: [3]uint64{h, h, h}}
	}
	return p
}()

// valScratch is sentenceVals' reusable scratch space.
type valScratch struct {
	buf  []byte
	keys []uint64
	sink uint64 // touched slots, stored so that the compiler keeps their loads
}

// sentenceVals computes the token values of one sentence into vals (reused), with pad
// padding values on each side: word k of the sentence is vals[k+pad]. The word-cluster and
// gazetteer lookups are hashed first and their slots touched together, so that their
// cache misses overlap.
func (r *Resources) sentenceVals(words, tags []string, vals []tokVals, sc *valScratch) []tokVals {
	vals = append(vals[:0], padVals[:pad]...)
	sc.keys = sc.keys[:0]
	for i, w := range words {
		var v tokVals
		sc.buf = hashtab.Lower(sc.buf, w)
		v.lower = hashtab.Bytes(sc.buf)
		v.word = hashtab.String(w)
		v.pos = hashtab.String(tags[i])
		for n := 1; n <= 4; n++ {
			v.prefix[n-1] = hashtab.Bytes(prefixBytes(sc.buf, n))
			v.suffix[n-1] = hashtab.Bytes(suffixBytes(sc.buf, n))
		}
		v.shape, v.short = shapes(w)
		r, _ := utf8.DecodeRuneInString(w)
		v.capital = unicode.IsUpper(r)
		vals = append(vals, v)
		sc.keys = append(sc.keys, v.lower)
	}
	vals = append(vals, padVals[pad:]...)
	sc.sink += r.clusters.Touch(sc.keys)
	for i := range words {
		v := &vals[i+pad]
		if c, ok := r.clusters.Get(v.lower); ok {
			v.cluster = [3]uint64{uint64(c&63) + 1, uint64(c>>6&255) + 1, uint64(c>>14) + 1}
		}
	}
	// Gazetteer matches: every word sequence of up to maxListWords words that a list holds
	// marks its words B, I, L or U for that list.
	sc.keys = sc.keys[:0]
	for i := pad; i < len(vals)-pad; i++ {
		h := uint64(seqSeed)
		for j := i; j < len(vals)-pad && j-i < maxListWords; j++ {
			h = mix(h, vals[j].lower)
			sc.keys = append(sc.keys, h|1)
		}
	}
	sc.sink += r.lists.Touch(sc.keys)
	keys := sc.keys
	for i := pad; i < len(vals)-pad; i++ {
		for j := i; j < len(vals)-pad && j-i < maxListWords; j++ {
			bits, ok := r.lists.Get(keys[0])
			keys = keys[1:]
			if !ok {
				continue
			}
			for l := range numLists {
				if bits&(1<<l) == 0 {
					continue
				}
				if j == i {
					vals[i].lists[l] |= 1 << posU
					continue
				}
				vals[i].lists[l] |= 1 << posB
				for k := i + 1; k < j; k++ {
					vals[k].lists[l] |= 1 << posI
				}
				vals[j].lists[l] |= 1 << posL
			}
		}
	}
	return vals
}

// prefixBytes and suffixBytes cut n runes off a word (all of it when shorter).
func prefixBytes(b []byte, n int) []byte {
	i := 0
	for ; n > 0 && i < len(b); n-- {
		_, size := utf8.DecodeRune(b[i:])
		i += size
	}
	return b[:i]
}

func suffixBytes(b []byte, n int) []byte {
	i := len(b)
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRune(b[:i])
		i -= size
	}
	return b[i:]
}

// FNV-1a's constants, for hashing shapes as they are formed.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// shapes hashes a word's shape (X for upper case, x lower, d digit, other characters as
// they are; at most 12 characters) and its short shape (runs of one class folded: "Xx",
// "X.X.", "d,d").
func shapes(w string) (shape, short uint64) {
	shape, short = fnvOffset, fnvOffset
	var last rune = -1
	n := 0
	for _, r := range w {
		c := r
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLower(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = 'd'
		}
		if n < 12 {
			shape = (shape ^ uint64(c)) * fnvPrime
		}
		n++
		if c != last {
			short = (short ^ uint64(c)) * fnvPrime
			last = c
		}
	}
	return shape, short
}

// sentenceContext describes the whole sentence: all capitals (a wire headline, a sports
// table) or headline case (most words capitalized).
type sentenceContext struct{ allCaps, headline bool }

func contextOf(words []string) sentenceContext {
	letters, upper, capital := 0, 0, 0
	for _, w := range words {
		hasLetter, allUpper := false, true
		for _, r := range w {
			if unicode.IsLetter(r) {
				hasLetter = true
				if !unicode.IsUpper(r) {
					allUpper = false
				}
			}
		}
		if !hasLetter {
			continue
		}
		letters++
		if allUpper {
			upper++
		}
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
			capital++
		}
	}
	return sentenceContext{
		allCaps:  letters >= 2 && upper*10 >= letters*8,
		headline: letters >= 3 && capital*10 >= letters*7,
	}
}

// Groups is a set of feature groups. Every group is on in a shipped model; training with
// some off (train-ner --without) measures what each adds.
type Groups uint8

// Feature groups that can be switched off.
const (
	Clusters Groups = 1 << iota // word clusters of the word and its neighbours
	Lists                       // gazetteer list matches
	History                     // the document's earlier decisions about the same word
	Case                        // sentence capitalization (all caps, headline) and position
	POS                         // part-of-speech tags
)

var groupNames = []struct {
	name string
	g    Groups
}{{"clusters", Clusters}, {"lists", Lists}, {"history", History}, {"case", Case}, {"pos", POS}}

// ParseGroups reads a comma-separated list of group names.
func ParseGroups(s string) (Groups, error) {
	var g Groups
	for _, name := range strings.Split(s, ",") {
		if name = strings.TrimSpace(name); name == "" {
			continue
		}
		found := false
		for _, gn := range groupNames {
			if gn.name == name {
				g, found = g|gn.g, true
			}
		}
		if !found {
			return 0, fmt.Errorf("unknown feature group %q (want clusters, lists, history, case or pos)", name)
		}
	}
	return g, nil
}

func (g Groups) String() string {
	var names []string
	for _, gn := range groupNames {
		if g&gn.g != 0 {
			names = append(names, gn.name)
		}
	}
	return strings.Join(names, ",")
}

// featurizer appends the hashed features of a sentence's tokens to a flat buffer.
type featurizer struct {
	off   Groups // switched-off groups
	bits  uint
	split bool     // leave out the role features: the decoder adds them from its roleCaches
	feats []uint32 // every token's features, token after token
	offs  []int32  // token k's features are feats[offs[k]:offs[k+1]]
}

func (f *featurizer) add(h uint64) { f.feats = append(f.feats, bucket(h, f.bits)) }

// static appends the features that depend on the sentence alone (not on the document) for
// every word of vals (padded as sentenceVals leaves it).
func (f *featurizer) static(vals []tokVals, ctx sentenceContext) {
	f.feats, f.offs = f.feats[:0], f.offs[:0]
	for i := pad; i < len(vals)-pad; i++ {
		f.offs = append(f.offs, int32(len(f.feats)))
		v, p, n := &vals[i], &vals[i-1], &vals[i+1]
		p2, n2 := &vals[i-2], &vals[i+2]
		f.add(mix(tBias, 0))
		if !f.split {
			f.add(mix(tWord, v.word))
			f.add(mix(tLower, v.lower))
			f.add(mix(tLowerPrev, p.lower))
			f.add(mix(tLowerNext, n.lower))
			f.add(mix(tLowerPrev2, p2.lower))
			f.add(mix(tLowerNext2, n2.lower))
			f.add(mix(tShape, v.shape))
			f.add(mix(tShapePrev, p.shape))
			f.add(mix(tShapeNext, n.shape))
		}
		f.add(mix(mix(mix(tShortTri, p.short), v.short), n.short))
		if !f.split {
			for k := range 4 {
				f.add(mix(tPrefix+uint64(k), v.prefix[k]))
				f.add(mix(tSuffix+uint64(k), v.suffix[k]))
			}
		}
		if f.off&POS == 0 {
			if !f.split {
				f.add(mix(tPOS, v.pos))
				f.add(mix(tPOSPrev, p.pos))
				f.add(mix(tPOSNext, n.pos))
				f.add(mix(tPOSPrev2, p2.pos))
				f.add(mix(tPOSNext2, n2.pos))
			}
			f.add(mix(mix(tPOSBiPrev, p.pos), v.pos))
			f.add(mix(mix(tPOSBiNext, v.pos), n.pos))
			f.add(mix(mix(tLowerPOS, v.lower), v.pos))
		}
		f.add(mix(mix(tLowerBiPrev, p.lower), v.lower))
		f.add(mix(mix(tLowerBiNext, v.lower), n.lower))
		if f.off&Clusters == 0 && !f.split {
			for g := range 3 {
				f.add(mix(tCluster+uint64(g), v.cluster[g]))
			}
			f.add(mix(tClusterPrev, p.cluster[1]))
			f.add(mix(tClusterNext, n.cluster[1]))
			f.add(mix(tClusterPrevFine, p.cluster[2]))
			f.add(mix(tClusterNextFine, n.cluster[2]))
		}
		if f.off&Lists == 0 {
			capital := uint64(0)
			if v.capital {
				capital = 1
			}
			for l := range numLists {
				if ps := v.lists[l]; ps != 0 {
					f.add(mix(mix(mix(tList, uint64(l)), uint64(ps)), capital))
				}
				if p.lists[l] != 0 {
					f.add(mix(mix(tListPrev, uint64(l)), capital))
				}
				if n.lists[l] != 0 {
					f.add(mix(mix(tListNext, uint64(l)), capital))
				}
			}
		}
		if f.off&Case == 0 {
			if ctx.allCaps {
				f.add(mix(tAllCaps, v.short))
				f.add(mix(tAllCapsWord, v.lower))
			}
			if ctx.headline {
				f.add(mix(tHeadline, v.short))
			}
			if i == pad {
				f.add(mix(tFirst, v.shape))
			}
		}
		f.add(mix(mix(tPrevWordShape, p.lower), v.short))
		f.add(mix(mix(tShapeNextWord, v.short), n.lower))
	}
	f.offs = append(f.offs, int32(len(f.feats)))
}

// A word's role is where it stands relative to the token a feature is for: two before, one
// before, the token itself, one after, two after. Many features a word gives a token in one
// role depend on the word alone (its form, case, affixes and clusters: roleFeatures) or on its
// tag alone (tagRoleFeatures), never on its neighbours or the document, so their rows can be
// summed once per word or tag (roleCache).
const numRoles = 2*pad + 1

// roleFeatures appends the features word v gives the token in role r (0…numRoles-1) that
// depend on the word alone. With tagRoleFeatures, these are the features static leaves out
// when split, listed once more by role; TestRoleFeatures checks that the lists agree.
func roleFeatures(dst []uint32, v *tokVals, r int, bits uint, off Groups) []uint32 {
	add := func(h uint64) { dst = append(dst, bucket(h, bits)) }
	clusters := off&Clusters == 0
	switch r {
	case 0, 4: // two before, two after
		add(mix(farTemplates[r], v.lower))
	case 1, 3: // one before, one after
		t := &nearTemplates[r]
		add(mix(t[0], v.lower))
		add(mix(t[1], v.shape))
		if clusters {
			add(mix(t[2], v.cluster[1]))
			add(mix(t[3], v.cluster[2]))
		}
	case 2:
		add(mix(tWord, v.word))
		add(mix(tLower, v.lower))
		add(mix(tShape, v.shape))
		for k := range 4 {
			add(mix(tPrefix+uint64(k), v.prefix[k]))
			add(mix(tSuffix+uint64(k), v.suffix[k]))
		}
		if clusters {
			for g := range 3 {
				add(mix(tCluster+uint64(g), v.cluster[g]))
			}
		}
	}
	return dst
}

// The templates of a neighbour's word in roles 0 and 4 (lower case) and 1 and 3 (lower case,
// shape, coarse and fine cluster).
var (
	farTemplates  = [numRoles]uint64{0: tLowerPrev2, 4: tLowerNext2}
	nearTemplates = [numRoles][4]uint64{
		1: {tLowerPrev, tShapePrev, tClusterPrev, tClusterPrevFine},
		3: {tLowerNext, tShapeNext, tClusterNext, tClusterNextFine},
	}
)

// tagRoleFeatures appends the features word v gives the token in role r that depend on its
// part-of-speech tag alone.
func tagRoleFeatures(dst []uint32, v *tokVals, r int, bits uint, off Groups) []uint32 {
	if off&POS != 0 {
		return dst
	}
	t := [numRoles]uint64{tPOSPrev2, tPOSPrev, tPOS, tPOSNext, tPOSNext2}[r]
	return append(dst, bucket(mix(t, v.pos), bits))
}
