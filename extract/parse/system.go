package parse

// The transition system is arc-eager (Nivre 2003) with the root at the end of the buffer
// (Ballesteros & Nivre 2013): a word is attached to the root only once the whole sentence
// has been read, by the only moves left then, instead of being guessed early.
//
// Words are 0…n-1 and the root is n. A configuration is a stack, the front b of the buffer
// b…n, and the arcs built so far. The moves:
//
//	shift     push b                          b < n
//	reduce    pop s0                          s0 has a head
//	leftArc   b → s0, pop s0                  s0 has no head
//	rightArc  s0 → b, push b                  b < n
//
// It ends with an empty stack and b = n. At b = n the only legal move is forced: the words
// left on the stack without a head become the root's children.

type move uint8

const (
	shift move = iota
	reduce
	leftArc
	rightArc
	numMoves
)

var moveNames = [numMoves]string{"shift", "reduce", "left-arc", "right-arc"}

func (m move) String() string { return moveNames[m] }

// state is a configuration, with what the features read about each word's children kept up
// to date as arcs are added. Slices are indexed by word, with the root at n; they are
// reused from sentence to sentence.
type state struct {
	n     int32
	b     int32
	stack []int32
	head  []int32 // -1: none yet
	label []Label

	// leftmost, second leftmost, rightmost and second rightmost child; -1 for none
	lc1, lc2, rc1, rc2 []int32
	nl, nr             []uint8  // number of left and right children (saturating)
	ls, rs             []uint64 // sets of the labels of left and right children
	inStack            []bool

	sink uint64 // touchLabels' sums, stored so that the compiler keeps their loads
}

// reset prepares s for a sentence of n words.
func (s *state) reset(n int) {
	s.n, s.b = int32(n), 0
	s.stack = s.stack[:0]
	m := n + 1
	s.head = fill(s.head, m, -1)
	s.lc1 = fill(s.lc1, m, -1)
	s.lc2 = fill(s.lc2, m, -1)
	s.rc1 = fill(s.rc1, m, -1)
	s.rc2 = fill(s.rc2, m, -1)
	s.label = fill(s.label, m, NoLabel)
	s.nl = fill(s.nl, m, 0)
	s.nr = fill(s.nr, m, 0)
	s.ls = fill(s.ls, m, 0)
	s.rs = fill(s.rs, m, 0)
	s.inStack = fill(s.inStack, m, false)
}

// fill returns a slice of n copies of v, reusing b's storage when it is large enough.
func fill[T any](b []T, n int, v T) []T {
	if cap(b) < n {
		b = make([]T, n)
	}
	b = b[:n]
	for i := range b {
		b[i] = v
	}
	return b
}

func (s *state) terminal() bool { return len(s.stack) == 0 && s.b == s.n }

// s0 returns the top of the stack, or -1.
func (s *state) s0() int32 {
	if len(s.stack) == 0 {
		return -1
	}
	return s.stack[len(s.stack)-1]
}

// legal reports which moves the configuration allows.
func (s *state) legal() (ok [numMoves]bool) {
	atRoot := s.b == s.n
	if len(s.stack) == 0 {
		ok[shift] = !atRoot
		return ok
	}
	hasHead := s.head[s.s0()] >= 0
	ok[shift] = !atRoot
	ok[rightArc] = !atRoot
	ok[reduce] = hasHead
	ok[leftArc] = !hasHead
	return ok
}

// forced reports whether the configuration allows one move only, which is then apply's to
// make without asking the model: at b = n every word left is reduced or attached to root.
func (s *state) forced() bool { return s.b == s.n }

// apply makes move m, with label l for an arc. The move must be legal.
func (s *state) apply(m move, l Label) {
	switch m {
	case shift:
		s.push(s.b)
		s.b++
	case reduce:
		s.pop()
	case leftArc:
		s.arc(s.b, s.pop(), l)
	case rightArc:
		s.arc(s.s0(), s.b, l)
		s.push(s.b)
		s.b++
	}
}

func (s *state) push(i int32) {
	s.stack = append(s.stack, i)
	s.inStack[i] = true
}

func (s *state) pop() int32 {
	i := s.stack[len(s.stack)-1]
	s.stack = s.stack[:len(s.stack)-1]
	s.inStack[i] = false
	return i
}

// arc adds h → d. Arc-eager adds a head's left children from the nearest outwards and its
// right children from left to right, so the newest left child is the leftmost and the
// newest right child the rightmost.
func (s *state) arc(h, d int32, l Label) {
	s.head[d] = h
	s.label[d] = l
	if d < h {
		s.lc2[h], s.lc1[h] = s.lc1[h], d
		s.nl[h] = min(s.nl[h]+1, 250)
		s.ls[h] |= 1 << l
	} else {
		s.rc2[h], s.rc1[h] = s.rc1[h], d
		s.nr[h] = min(s.nr[h]+1, 250)
		s.rs[h] |= 1 << l
	}
}
