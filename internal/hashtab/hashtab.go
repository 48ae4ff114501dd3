// Package hashtab holds the flat hash tables newsgraph's models look words up in: a 64-bit
// key (the FNV-1a hash of a word's lower-case bytes, or of a word sequence) to a uint32
// value, in two arrays built once and read by every worker without locks. Looking a word up
// builds no string and touches no Go map, so the taggers' hot loops stay allocation-free.
package hashtab

import (
	"unicode"
	"unicode/utf8"
)

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// Bytes is FNV-1a over b, never 0 (0 marks an empty slot).
func Bytes(b []byte) uint64 {
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

// String is Bytes of s's bytes.
func String(s string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	if h == 0 {
		h = 1
	}
	return h
}

// Lower writes the lower-case form of s into buf (reused) and returns it.
func Lower(buf []byte, s string) []byte {
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

// Table maps non-zero 64-bit keys to uint32 values by open addressing. A key and its value
// share a slot, so a lookup that misses the cache misses it once, not once per array.
type Table struct {
	slots []entry
	mask  uint64
}

type entry struct {
	key uint64
	val uint32
}

// New returns a table sized for n keys.
func New(n int) *Table {
	size := 16
	for size < 2*n {
		size <<= 1
	}
	return &Table{slots: make([]entry, size), mask: uint64(size - 1)}
}

// slot returns where key is, or the empty slot where it would go.
func (t *Table) slot(key uint64) *entry {
	i := key & t.mask
	for t.slots[i].key != 0 && t.slots[i].key != key {
		i = (i + 1) & t.mask
	}
	return &t.slots[i]
}

// Get returns key's value and whether it is there.
func (t *Table) Get(key uint64) (uint32, bool) {
	e := t.slot(key)
	return e.val, e.key != 0
}

// Touch loads the home slots of keys without using them, in a loop too small to hold the
// processor up, so that their cache misses overlap; the Gets that follow find them in
// cache. It returns a value only to keep the loads alive.
func (t *Table) Touch(keys []uint64) uint64 {
	var sum uint64
	for _, k := range keys {
		sum += t.slots[k&t.mask].key
	}
	return sum
}

// Put sets key's value. The table must have been sized for every key it is given; key must
// not be 0.
func (t *Table) Put(key uint64, v uint32) {
	e := t.slot(key)
	e.key, e.val = key, v
}

// Or sets key's value to its value | bits.
func (t *Table) Or(key uint64, bits uint32) {
	e := t.slot(key)
	e.key = key
	e.val |= bits
}

// Incremental FNV-1a, for hashing a key made of parts without joining them: Sum(AddString(
// AddByte(AddString(Start, "a"), ' '), "b")) == String("a b").
const Start = uint64(fnvOffset)

// AddString adds s's bytes to h.
func AddString(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

// AddByte adds one byte to h.
func AddByte(h uint64, b byte) uint64 { return (h ^ uint64(b)) * fnvPrime }

// Sum finishes h as String does (never 0).
func Sum(h uint64) uint64 {
	if h == 0 {
		return 1
	}
	return h
}

// Mix combines two 64-bit values into a well-spread hash (the splitmix64 finalizer), for
// feature hashes built from integers: a template id and the ids of the values it reads.
func Mix(a, b uint64) uint64 {
	x := a*0x9E3779B97F4A7C15 ^ b
	x ^= x >> 31
	x *= 0xBF58476D1CE4E5B9
	x ^= x >> 27
	x *= 0x94D049BB133111EB
	x ^= x >> 31
	return x
}
