package parse

// gold is a training tree in the form the oracle reads: heads with the root at n, and each
// word's dependents.
type gold struct {
	head     []int32 // root = n
	label    []Label
	depStart []int32 // dependents of h are deps[depStart[h]:depStart[h+1]]
	deps     []int32
}

func newGold(heads []int, labels []Label) *gold {
	n := len(heads)
	g := &gold{head: make([]int32, n), label: labels, depStart: make([]int32, n+2), deps: make([]int32, n)}
	for d, h := range heads {
		if h < 0 {
			h = n
		}
		g.head[d] = int32(h)
		g.depStart[h+1]++
	}
	for h := 1; h < len(g.depStart); h++ {
		g.depStart[h] += g.depStart[h-1]
	}
	next := append([]int32(nil), g.depStart...)
	for d, h := range g.head {
		g.deps[next[h]] = int32(d)
		next[h]++
	}
	return g
}

func (g *gold) dependents(h int32) []int32 { return g.deps[g.depStart[h]:g.depStart[h+1]] }

// costs returns, for each legal move, how many gold arcs it makes unreachable: Goldberg &
// Nivre's (2012) dynamic oracle for arc-eager, which is arc-decomposable, so the best tree
// reachable from a configuration is every gold arc not yet lost, and a move's cost is the
// gold arcs it loses. A move is optimal if its cost is zero; one always is. The trees must
// be projective (see projectivize). Illegal moves get cost -1.
func (s *state) costs(g *gold) (c [numMoves]int) {
	ok := s.legal()
	for m := range c {
		if !ok[m] {
			c[m] = -1
		}
	}
	b, s0 := s.b, s.s0()
	if b < s.n {
		// b's dependents still on the stack without a head can only get b as head by a
		// left-arc from b; pushing b (shift, right-arc) ends that.
		lostDeps := 0
		for _, k := range g.dependents(b) {
			if s.inStack[k] && s.head[k] < 0 {
				lostDeps++
			}
		}
		h := g.head[b]
		if ok[shift] {
			c[shift] = lostDeps
			if s.inStack[h] { // only a right-arc from the stack could have made h → b
				c[shift]++
			}
		}
		if ok[rightArc] {
			c[rightArc] = lostDeps
			if h != s0 && (h > b || s.inStack[h]) {
				c[rightArc]++
			}
		}
	}
	if s0 >= 0 {
		// s0's dependents in the buffer can only get it as head while it is on the stack.
		lostDeps := 0
		for _, k := range g.dependents(s0) {
			if k >= b {
				lostDeps++
			}
		}
		if ok[reduce] {
			c[reduce] = lostDeps
		}
		if ok[leftArc] {
			c[leftArc] = lostDeps
			if h := g.head[s0]; h != b && h >= b {
				c[leftArc]++
			}
		}
	}
	return c
}

// staticMove is the canonical arc-eager oracle: the one gold derivation, used to compare
// the dynamic oracle against (and, with it, to check the cost function: every move it
// picks costs zero).
func (s *state) staticMove(g *gold) move {
	b, s0 := s.b, s.s0()
	if s0 >= 0 {
		if g.head[s0] == b && s.head[s0] < 0 {
			return leftArc
		}
		if b < s.n && g.head[b] == s0 {
			return rightArc
		}
		// reduce once s0 has its head and no dependents are left in the buffer, or when
		// some word on the stack below it is b's head or dependent
		if s.head[s0] >= 0 {
			done := true
			for _, k := range g.dependents(s0) {
				if k >= b {
					done = false
					break
				}
			}
			if done || b == s.n {
				return reduce
			}
		} else if b == s.n {
			return leftArc
		}
	}
	return shift
}
