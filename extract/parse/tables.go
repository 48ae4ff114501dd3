package parse

import "encoding/binary"

// A model's weights are two flat tables indexed by feature hashes. Moves and labels are
// scored apart: a move decision reads numMoves weights per feature, and a label, chosen
// only once a move has made an arc, numLabels. Scoring every labeled move jointly would read
// 2+2·51 weights per feature at every step instead.
//
// A feature's weights for all classes sit side by side from the index its hash picks, so a
// feature is one short contiguous read. Those runs overlap other features' runs; that
// collides no more than hashing each (feature, class) pair on its own would, since each
// weight's slot is still uniformly spread, and it keeps scoring cache-friendly.

// sizes are the two tables' sizes, as powers of two, and map features to offsets.
type sizes struct{ moveBits, labelBits uint8 }

func (z sizes) moveLen() int  { return 1<<z.moveBits + int(numMoves) }
func (z sizes) labelLen() int { return 1<<z.labelBits + int(numLabels) }

// Salts that keep a feature's weights for left-arc labels apart from its right-arc ones.
const (
	saltLeft  uint64 = 0x3c6ef372fe94f82b
	saltRight uint64 = 0xa54ff53a5f1d36f1
)

// moveIndex fills idx with the move-table offsets of features f.
func (z sizes) moveIndex(f *[numFeatures]uint64, idx *[numFeatures]uint32) {
	sh := 64 - z.moveBits
	for i, h := range f {
		idx[i] = uint32(finish(h) >> sh)
	}
}

// labelIndex fills idx with the label-table offsets of features f for an arc made by m.
func (z sizes) labelIndex(f *[numFeatures]uint64, m move, idx *[numFeatures]uint32) {
	salt := saltLeft
	if m == rightArc {
		salt = saltRight
	}
	sh := 64 - z.labelBits
	for i, h := range f {
		idx[i] = uint32(finish(h^salt) >> sh)
	}
}

// weights are the perceptron's tables while it trains: plain integers.
type weights struct {
	sizes
	move, label []int32
}

func newWeights(z sizes) weights {
	return weights{sizes: z, move: make([]int32, z.moveLen()), label: make([]int32, z.labelLen())}
}

func (w *weights) moveScores(idx *[numFeatures]uint32) (sc [numMoves]int32) {
	for _, i := range idx {
		r := w.move[i : i+4 : i+4]
		sc[0] += r[0]
		sc[1] += r[1]
		sc[2] += r[2]
		sc[3] += r[3]
	}
	return sc
}

func (w *weights) labelScores(idx *[numFeatures]uint32, sc *[numLabels]int32) {
	*sc = [numLabels]int32{}
	for _, i := range idx {
		r := w.label[i : i+uint32(numLabels) : i+uint32(numLabels)]
		for j := range sc {
			sc[j] += r[j]
		}
	}
}

// The shipped weights are small integers, −weightMax…weightMax: on dev, 9 bits score the
// same as 16 (docs/parse.md). Stored with weightBias added, as unsigned 16-bit lanes, four
// of them add as one uint64 without carrying into each other, since the sum of numFeatures
// weights stays below 1<<16.
const (
	weightMax  = 255
	weightBias = 256
)

var _ [1<<16 - numFeatures*(weightBias+weightMax)]struct{} // the lanes cannot overflow

// packed are a trained model's tables: little-endian 16-bit lanes, weight + weightBias.
type packed struct {
	sizes
	move, label []byte
}

func newPacked(z sizes) packed {
	p := packed{sizes: z, move: make([]byte, 2*z.moveLen()), label: make([]byte, 2*z.labelLen())}
	for _, t := range [][]byte{p.move, p.label} {
		for i := 0; i < len(t); i += 2 {
			binary.LittleEndian.PutUint16(t[i:], weightBias)
		}
	}
	return p
}

// at and set read and write the weight at offset i of table t.
func at(t []byte, i int) int16     { return int16(binary.LittleEndian.Uint16(t[2*i:])) - weightBias }
func set(t []byte, i int, v int16) { binary.LittleEndian.PutUint16(t[2*i:], uint16(v+weightBias)) }

// lanes returns the four 16-bit lanes of x as scores, less the bias of n features.
func lanes(x uint64, sc []int32) {
	const bias = int32(numFeatures * weightBias)
	sc[0] = int32(uint16(x)) - bias
	sc[1] = int32(uint16(x>>16)) - bias
	sc[2] = int32(uint16(x>>32)) - bias
	sc[3] = int32(uint16(x>>48)) - bias
}

func (p *packed) moveScores(idx *[numFeatures]uint32) (sc [numMoves]int32) {
	var acc uint64
	for _, i := range idx {
		acc += binary.LittleEndian.Uint64(p.move[2*i:])
	}
	lanes(acc, sc[:])
	return sc
}

// touchLabels reads both ends of the label rows idx names, in a loop too small to hold the
// processor up, so that the rows' cache misses overlap instead of coming one after another
// in labelScores, which then finds them in cache. (A row is 104 bytes: it spans two or
// three cache lines.) The sum only keeps the loads alive.
func (p *packed) touchLabels(idx *[numFeatures]uint32) uint64 {
	var sum uint64
	for _, i := range idx {
		r := p.label[2*i : 2*i+2*uint32(numLabels)]
		sum += uint64(r[0]) + uint64(r[len(r)/2]) + uint64(r[len(r)-1])
	}
	return sum
}

func (p *packed) labelScores(idx *[numFeatures]uint32, sc *[numLabels]int32) {
	var acc [numLabels / 4]uint64
	for _, i := range idx {
		r := p.label[2*i : 2*i+2*uint32(numLabels)]
		r = r[:len(acc)*8]
		for j := range acc {
			acc[j] += binary.LittleEndian.Uint64(r[8*j:])
		}
	}
	for j, x := range acc {
		lanes(x, sc[4*j:4*j+4])
	}
}

// bestMove returns the highest-scoring legal move, the first on ties.
func bestMove(sc [numMoves]int32, ok [numMoves]bool) move {
	best := numMoves
	for m := range numMoves {
		if ok[m] && (best == numMoves || sc[m] > sc[best]) {
			best = m
		}
	}
	return best
}

// bestLabel returns the highest-scoring label an arc between words can have: not NoLabel,
// not Root (only the root's arcs are labeled root, and those are not guessed).
func bestLabel(sc *[numLabels]int32) Label {
	best := Label(1)
	for l := Label(2); l < numLabels; l++ {
		if l != Root && sc[l] > sc[best] {
			best = l
		}
	}
	return best
}
