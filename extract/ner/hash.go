package ner

// Features are 64-bit hashes of a template id and the values it reads, built by mixing
// integers: no feature string is ever formed. A weight row is picked by the hash's top bits.
// Words are hashed and looked up with package hashtab.

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
