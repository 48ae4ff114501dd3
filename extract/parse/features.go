package parse

import (
	"unicode"
	"unicode/utf8"
)

// Features are hashed: every word, tag and suffix is hashed once per sentence, and a
// feature is its template's number mixed with the hashes of its parts, so scoring a
// configuration builds no strings and reads no maps. The top bits of a feature's hash
// index the weight tables.

// Hashes of the values a position can have besides a word: nothing there, the root.
const (
	hashNone uint64 = 0x6a09e667f3bcc908
	hashRoot uint64 = 0xbb67ae8584caa73b
	mixK     uint64 = 0x9e3779b97f4a7c15
)

// mix folds x into the running hash h.
func mix(h, x uint64) uint64 { return (h ^ x) * mixK }

// finish is splitmix64's finalizer, so that every bit of the hash depends on every part.
func finish(h uint64) uint64 {
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	h ^= h >> 31
	return h
}

// hashBytes is FNV-1a.
func hashBytes[T string | []byte](b T) uint64 {
	h := uint64(0xcbf29ce484222325)
	for i := 0; i < len(b); i++ {
		h ^= uint64(b[i])
		h *= 0x100000001b3
	}
	return finish(h)
}

// normalize appends the form the features use for word w to dst: lower case, every digit
// a 0 ("1,200" and "3,500" look alike).
func normalize(dst []byte, w string) []byte {
	for i := 0; i < len(w); {
		c := w[i]
		if c < utf8.RuneSelf {
			switch {
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			case '0' <= c && c <= '9':
				c = '0'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(w[i:])
		i += size
		if unicode.IsDigit(r) {
			dst = append(dst, '0')
			continue
		}
		dst = utf8.AppendRune(dst, unicode.ToLower(r))
	}
	return dst
}

// suffix returns the last n runes of b.
func suffix(b []byte, n int) []byte {
	i := len(b)
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRune(b[:i])
		i -= size
	}
	return b[i:]
}

// words holds the per-word hashes of a sentence, with the root at n.
type words struct {
	word, tag, suf []uint64
	buf            []byte
}

func (w *words) reset(forms, tags []string) {
	n := len(forms)
	w.word = fill(w.word, n+1, hashRoot)
	w.tag = fill(w.tag, n+1, hashRoot)
	w.suf = fill(w.suf, n+1, hashRoot)
	for i, f := range forms {
		w.buf = normalize(w.buf[:0], f)
		w.word[i] = hashBytes(w.buf)
		w.suf[i] = hashBytes(suffix(w.buf, 3))
		w.tag[i] = hashBytes(tags[i])
	}
}

// atom is one part of a feature: some property of some position of the configuration.
type atom uint8

// The positions (Zhang & Nivre 2011): s0 the top of the stack, n0…n2 the buffer, s0h and
// s0h2 the head and grandparent of s0, s0l/s0l2 and s0r/s0r2 its leftmost and rightmost
// two children, n0l/n0l2 the leftmost two of n0. Per position: w word, p tag, l the label
// of the position's own arc; vl/vr the number of left/right children, sl/sr their label sets;
// d the distance from s0 to n0.
const (
	aNone atom = iota
	aS0w
	aS0p
	aS0l
	aS0s
	aS0vl
	aS0vr
	aS0sl
	aS0sr
	aN0w
	aN0p
	aN0s
	aN0vl
	aN0sl
	aN1w
	aN1p
	aN2w
	aN2p
	aS0hw
	aS0hp
	aS0hl
	aS0h2w
	aS0h2p
	aS0lw
	aS0lp
	aS0ll
	aS0rw
	aS0rp
	aS0rl
	aS0l2w
	aS0l2p
	aS0l2l
	aS0r2w
	aS0r2p
	aS0r2l
	aN0lw
	aN0lp
	aN0ll
	aN0l2w
	aN0l2p
	aN0l2l
	aS1w
	aS1p
	aS0Rw
	aS0Rp
	aN0Lw
	aN0Lp
	aN1s
	aDist
	numAtoms
)

// template lists a feature's atoms, up to four.
type template [4]atom

// templates are Zhang & Nivre's (2011) rich non-local feature set for arc-eager, plus a bias,
// the second word on the stack (s1), suffixes, and the words next to s0 and n0 in the
// sentence (s0R after s0, n0L before n0). docs/parse.md has what each group adds on dev.
var templates = [...]template{
	{}, // bias: the classes' prior
	// single words
	{aS0w, aS0p}, {aS0w}, {aS0p}, {aN0w, aN0p}, {aN0w}, {aN0p},
	{aN1w, aN1p}, {aN1w}, {aN1p}, {aN2w, aN2p}, {aN2w}, {aN2p},
	// word pairs
	{aS0w, aS0p, aN0w, aN0p}, {aS0w, aS0p, aN0w}, {aS0w, aN0w, aN0p}, {aS0w, aS0p, aN0p},
	{aS0p, aN0w, aN0p}, {aS0w, aN0w}, {aS0p, aN0p}, {aN0p, aN1p},
	// three words
	{aN0p, aN1p, aN2p}, {aS0p, aN0p, aN1p}, {aS0hp, aS0p, aN0p}, {aS0p, aS0lp, aN0p},
	{aS0p, aS0rp, aN0p}, {aS0p, aN0p, aN0lp},
	// distance
	{aS0w, aDist}, {aS0p, aDist}, {aN0w, aDist}, {aN0p, aDist}, {aS0w, aN0w, aDist}, {aS0p, aN0p, aDist},
	// valency
	{aS0w, aS0vr}, {aS0p, aS0vr}, {aS0w, aS0vl}, {aS0p, aS0vl}, {aN0w, aN0vl}, {aN0p, aN0vl},
	// unigrams
	{aS0hw}, {aS0hp}, {aS0l}, {aS0lw}, {aS0lp}, {aS0ll}, {aS0rw}, {aS0rp}, {aS0rl},
	{aN0lw}, {aN0lp}, {aN0ll},
	// third order
	{aS0h2w}, {aS0h2p}, {aS0hl}, {aS0l2w}, {aS0l2p}, {aS0l2l}, {aS0r2w}, {aS0r2p}, {aS0r2l},
	{aN0l2w}, {aN0l2p}, {aN0l2l}, {aS0p, aS0lp, aS0l2p}, {aS0p, aS0rp, aS0r2p},
	{aS0p, aS0hp, aS0h2p}, {aN0p, aN0lp, aN0l2p},
	// label sets
	{aS0w, aS0sr}, {aS0p, aS0sr}, {aS0w, aS0sl}, {aS0p, aS0sl}, {aN0w, aN0sl}, {aN0p, aN0sl},
	// s1
	{aS1w}, {aS1p}, {aS1p, aS0p, aN0p}, {aS1p, aS0p}, {aS1w, aS0w},
	// suffixes
	{aS0s}, {aN0s}, {aS0s, aN0s}, {aS0s, aN0p}, {aS0p, aN0s}, {aN0s, aN1p}, {aN1s}, {aN0p, aN1p, aN1s},
	// sentence neighbours
	{aS0Rp, aS0p}, {aN0Lp, aN0p}, {aS0p, aS0Rp, aN0p}, {aS0p, aN0Lp, aN0p}, {aN0Lw, aN0p}, {aS0Rw, aS0p},
}

const numFeatures = len(templates)

// features computes the hashed features of configuration s over sentence w into f.
func (s *state) features(w *words, f *[numFeatures]uint64) {
	var a [numAtoms]uint64
	word := func(i int32) uint64 {
		if i < 0 {
			return hashNone
		}
		return w.word[i]
	}
	tag := func(i int32) uint64 {
		if i < 0 {
			return hashNone
		}
		return w.tag[i]
	}
	lab := func(i int32) uint64 {
		if i < 0 {
			return hashNone
		}
		return uint64(s.label[i])
	}
	at := func(i int32, c []int32) int32 {
		if i < 0 {
			return -1
		}
		return c[i]
	}
	s0, n0 := s.s0(), s.b
	n1, n2 := int32(-1), int32(-1)
	if n0+1 < s.n {
		n1 = n0 + 1
	}
	if n0+2 < s.n {
		n2 = n0 + 2
	}
	s1 := int32(-1)
	if len(s.stack) > 1 {
		s1 = s.stack[len(s.stack)-2]
	}
	s0h := at(s0, s.head)
	s0h2 := at(s0h, s.head)
	s0l, s0l2 := at(s0, s.lc1), at(s0, s.lc2)
	s0r, s0r2 := at(s0, s.rc1), at(s0, s.rc2)
	n0l, n0l2 := s.lc1[n0], s.lc2[n0]

	a[aS0w], a[aS0p], a[aS0l] = word(s0), tag(s0), lab(s0)
	if s0 >= 0 {
		a[aS0s] = w.suf[s0]
		a[aS0vl], a[aS0vr] = uint64(s.nl[s0]), uint64(s.nr[s0])
		a[aS0sl], a[aS0sr] = s.ls[s0], s.rs[s0]
		a[aDist] = uint64(min(n0-s0, 10))
		if n0 == s.n {
			a[aDist] = 11
		}
	} else {
		a[aS0s], a[aDist] = hashNone, hashNone
	}
	a[aN0w], a[aN0p], a[aN0s] = w.word[n0], w.tag[n0], w.suf[n0]
	a[aN0vl], a[aN0sl] = uint64(s.nl[n0]), s.ls[n0]
	a[aN1w], a[aN1p] = word(n1), tag(n1)
	a[aN2w], a[aN2p] = word(n2), tag(n2)
	a[aS0hw], a[aS0hp], a[aS0hl] = word(s0h), tag(s0h), lab(s0h)
	a[aS0h2w], a[aS0h2p] = word(s0h2), tag(s0h2)
	a[aS0lw], a[aS0lp], a[aS0ll] = word(s0l), tag(s0l), lab(s0l)
	a[aS0rw], a[aS0rp], a[aS0rl] = word(s0r), tag(s0r), lab(s0r)
	a[aS0l2w], a[aS0l2p], a[aS0l2l] = word(s0l2), tag(s0l2), lab(s0l2)
	a[aS0r2w], a[aS0r2p], a[aS0r2l] = word(s0r2), tag(s0r2), lab(s0r2)
	a[aN0lw], a[aN0lp], a[aN0ll] = word(n0l), tag(n0l), lab(n0l)
	a[aN0l2w], a[aN0l2p], a[aN0l2l] = word(n0l2), tag(n0l2), lab(n0l2)
	a[aS1w], a[aS1p] = word(s1), tag(s1)
	s0R, n0L := int32(-1), n0-1
	if s0 >= 0 && s0+1 < s.n {
		s0R = s0 + 1
	}
	a[aS0Rw], a[aS0Rp] = word(s0R), tag(s0R)
	a[aN0Lw], a[aN0Lp] = word(n0L), tag(n0L)
	a[aN1s] = hashNone
	if n1 >= 0 {
		a[aN1s] = w.suf[n1]
	}

	for i := range templates {
		t := &templates[i]
		h := uint64(i+1) * mixK
		for _, x := range t {
			if x == aNone {
				break
			}
			h = mix(h, a[x])
		}
		f[i] = h
	}
}
