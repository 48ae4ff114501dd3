package ner

import "github.com/newsgraph/newsgraph/internal/hashtab"

// Features are 64-bit hashes of a template id and the values it reads, built by mixing
// integers: no feature string is ever formed. A weight row is picked by the hash's top bits.
// Words are hashed and looked up with package hashtab.

// mix is hashtab.Mix, short for the feature code below.
func mix(a, b uint64) uint64 { return hashtab.Mix(a, b) }

// bucket is the weight row of feature hash h in a table of 2^bits rows: its top bits.
func bucket(h uint64, bits uint) uint32 { return uint32(h >> (64 - bits)) }
