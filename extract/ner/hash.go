package ner

import (
	"unicode"
	"unicode/utf8"
)

// Features are 64-bit hashes of a template id and the values it reads, built by mixing
// integers: no feature string is ever formed. A weight row is picked by the hash's top bits.

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// mix combines two 64-bit values into a well-spread hash (the splitmix64 finalizer).
func mix(a, b uint64) uint64 {
	x := a*0x9E3779B97F4A7C15 ^ b
	x ^= x >> 31
	x *= 0xBF58476D1CE4E5B9
	x ^= x >> 27
	x *= 0x94D049BB133111EB
	x ^= x >> 31
	return x
}

// hashBytes is FNV-1a over b, never 0 (0 marks an empty slot in the tables below).
func hashBytes(b []byte) uint64 {
	h := uint64(fnvOffset)
	for _, c := range b {
		h ^= uint64(c)
		h *= fnvPrime
	}
	if h == 0 {
		h = 1
	}
	return h
}

// lowerInto writes the lower-case form of s into buf (reused) and returns it.
func lowerInto(buf []byte, s string) []byte {
	buf = buf[:0]
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf = append(buf, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		buf = utf8.AppendRune(buf, unicode.ToLower(r))
		i += n
	}
	return buf
}

// table is an open-addressing hash table from a non-zero 64-bit key to a uint32 value, in two
// flat arrays: built once, read by every worker without locks.
type table struct {
	keys []uint64
	vals []uint32
	mask uint64
}

func newTable(n int) *table {
	size := 16
	for size < 2*n {
		size <<= 1
	}
	return &table{keys: make([]uint64, size), vals: make([]uint32, size), mask: uint64(size - 1)}
}

// slot returns the slot of key: where it is, or the empty slot where it would go.
func (t *table) slot(key uint64) uint64 {
	i := key & t.mask
	for t.keys[i] != 0 && t.keys[i] != key {
		i = (i + 1) & t.mask
	}
	return i
}

func (t *table) get(key uint64) (uint32, bool) {
	i := t.slot(key)
	return t.vals[i], t.keys[i] != 0
}

// or sets key's value to value | bits; the table must have been sized for every key.
func (t *table) or(key, bits uint64) {
	i := t.slot(key)
	t.keys[i] = key
	t.vals[i] |= uint32(bits)
}

func (t *table) put(key uint64, v uint32) {
	i := t.slot(key)
	t.keys[i] = key
	t.vals[i] = v
}
