package parse

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// clone copies a configuration, for searching its continuations.
func (s *state) clone() *state {
	c := &state{n: s.n, b: s.b}
	c.stack = slices.Clone(s.stack)
	c.head, c.label = slices.Clone(s.head), slices.Clone(s.label)
	c.lc1, c.lc2, c.rc1, c.rc2 = slices.Clone(s.lc1), slices.Clone(s.lc2), slices.Clone(s.rc1), slices.Clone(s.rc2)
	c.nl, c.nr, c.ls, c.rs = slices.Clone(s.nl), slices.Clone(s.nr), slices.Clone(s.ls), slices.Clone(s.rs)
	c.inStack = slices.Clone(s.inStack)
	return c
}

func (s *state) key() string { return fmt.Sprint(s.stack, s.b, s.head) }

// bestLoss is the fewest gold arcs any continuation of s misses, found by trying them all.
func bestLoss(s *state, g *gold, memo map[string]int) int {
	if s.terminal() {
		loss := 0
		for d, h := range g.head {
			if s.head[d] != h {
				loss++
			}
		}
		return loss
	}
	k := s.key()
	if v, ok := memo[k]; ok {
		return v
	}
	best := 1 << 30
	ok := s.legal()
	for m := range numMoves {
		if ok[m] {
			c := s.clone()
			c.apply(m, Dep)
			best = min(best, bestLoss(c, g, memo))
		}
	}
	memo[k] = best
	return best
}

// randomTree returns random heads (-1 for the root) of n words; any tree, or only
// projective ones.
func randomTree(rng *rand.Rand, n int, projective bool) []int {
	heads := make([]int, n)
	if projective {
		// every subtree a contiguous span: split a span into runs, give each run a head
		var span func(lo, hi, parent int)
		span = func(lo, hi, parent int) {
			for lo < hi {
				end := lo + 1 + rng.IntN(hi-lo)
				h := lo + rng.IntN(end-lo)
				heads[h] = parent
				span(lo, h, h)
				span(h+1, end, h)
				lo = end
			}
		}
		span(0, n, -1)
		return heads
	}
	order := rng.Perm(n)
	// attach each word to a word earlier in a random order (or the root): acyclic
	for i, d := range order {
		if i == 0 || rng.IntN(6) == 0 {
			heads[d] = -1
		} else {
			heads[d] = order[rng.IntN(i)]
		}
	}
	return heads
}

// TestOracleCostsExhaustive checks the dynamic oracle's closed-form costs against exhaustive
// search, on every configuration of random walks over random projective trees: a move's
// cost must be exactly how much it worsens the best reachable tree.
func TestOracleCostsExhaustive(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	checked := 0
	for trial := range 120 {
		n := 1 + rng.IntN(7)
		heads := randomTree(rng, n, true)
		g := newGold(heads, make([]Label, n))
		memo := map[string]int{}
		var s state
		s.reset(n)
		for !s.terminal() {
			costs := s.costs(g)
			base := bestLoss(&s, g, memo)
			ok := s.legal()
			zero := false
			for m := range numMoves {
				if !ok[m] {
					if costs[m] != -1 {
						t.Fatalf("tree %v, %v: illegal %v has cost %d, want -1", heads, s.key(), m, costs[m])
					}
					continue
				}
				c := s.clone()
				c.apply(m, Dep)
				want := bestLoss(c, g, memo) - base
				if costs[m] != want {
					t.Fatalf("trial %d tree %v, config %v: cost(%v) = %d, want %d", trial, heads, s.key(), m, costs[m], want)
				}
				zero = zero || want == 0
				checked++
			}
			if !zero {
				t.Fatalf("tree %v, config %v: no optimal move", heads, s.key())
			}
			var legal []move
			for m := range numMoves {
				if ok[m] {
					legal = append(legal, m)
				}
			}
			s.apply(legal[rng.IntN(len(legal))], Dep)
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d moves checked", checked)
	}
}

// TestOracleCosts spells out costs on hand-made configurations of "She saw the man"
// (gold: She ← saw → man, the ← man; saw is the root, which is word 4).
func TestOracleCosts(t *testing.T) {
	gold := newGold([]int{1, -1, 3, 1}, make([]Label, 4))
	tests := map[string]struct {
		moves []move
		want  [numMoves]int // shift, reduce, left-arc, right-arc; -1 illegal
	}{
		"start: only shift": {nil, [numMoves]int{0, -1, -1, -1}},
		// stack [She], buffer saw…: left-arc She ← saw is the right move; shift loses that
		// arc; right-arc She → saw loses it and saw's root arc
		"She on the stack": {[]move{shift}, [numMoves]int{1, -1, 0, 2}},
		// stack [She saw]: She ← saw is already lost. Left-arc the → saw loses saw's root
		// arc and saw → man; right-arc saw → the loses the ← man
		"after shift shift": {[]move{shift, shift}, [numMoves]int{0, -1, 2, 1}},
		// stack [saw], buffer the man: shift is right; right-arc saw → the loses the ← man
		"saw on the stack": {[]move{shift, leftArc, shift}, [numMoves]int{0, -1, 2, 1}},
		// stack [saw the], buffer man: left-arc the ← man is right; shift loses it and
		// saw → man; right-arc the → man loses the same two
		"the on the stack": {[]move{shift, leftArc, shift, shift}, [numMoves]int{2, -1, 0, 2}},
		// stack [saw], buffer man with the attached: right-arc saw → man is right
		"man next": {[]move{shift, leftArc, shift, shift, leftArc}, [numMoves]int{1, -1, 2, 0}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var s state
			s.reset(4)
			for _, m := range tc.moves {
				s.apply(m, Dep)
			}
			if got := s.costs(gold); got != tc.want {
				t.Errorf("costs = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestOracleDerivations: on projective trees, the canonical (static) derivation and any
// path of the dynamic oracle's zero-cost moves rebuild the gold tree, and the static
// oracle's every move costs zero.
func TestOracleDerivations(t *testing.T) {
	pickers := map[string]func(s *state, g *gold, rng *rand.Rand) (move, bool){
		"static": func(s *state, g *gold, _ *rand.Rand) (move, bool) {
			m := s.staticMove(g)
			return m, s.costs(g)[m] == 0
		},
		"any zero-cost move": func(s *state, g *gold, rng *rand.Rand) (move, bool) {
			c := s.costs(g)
			var zero []move
			for m := range numMoves {
				if c[m] == 0 {
					zero = append(zero, m)
				}
			}
			if len(zero) == 0 {
				return 0, false
			}
			return zero[rng.IntN(len(zero))], true
		},
	}
	for name, pick := range pickers {
		t.Run(name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(3, 4))
			for range 500 {
				n := 1 + rng.IntN(15)
				heads := randomTree(rng, n, true)
				g := newGold(heads, make([]Label, n))
				var s state
				s.reset(n)
				for !s.terminal() {
					m, ok := pick(&s, g, rng)
					if !ok {
						t.Fatalf("tree %v, config %v: no zero-cost move (costs %v)", heads, s.key(), s.costs(g))
					}
					s.apply(m, Dep)
				}
				for d, h := range g.head {
					if s.head[d] != h {
						t.Fatalf("tree %v: derivation gave heads %v", heads, s.head)
					}
				}
			}
		})
	}
}

func TestProjectivize(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	lifted := 0
	for range 2000 {
		n := 1 + rng.IntN(12)
		heads := randomTree(rng, n, false)
		p, lifts := projectivize(heads)
		if !isProjective(p) {
			t.Fatalf("projectivize(%v) = %v, not projective", heads, p)
		}
		if cycle(p) >= 0 {
			t.Fatalf("projectivize(%v) = %v has a cycle", heads, p)
		}
		if isProjective(heads) != (lifts == 0) || (lifts == 0 && !slices.Equal(heads, p)) {
			t.Fatalf("projectivize(%v) = %v after %d lifts", heads, p, lifts)
		}
		// every lifted word's new head dominates its old one
		for d := range heads {
			if p[d] != heads[d] && p[d] >= 0 && !dominates(heads, p[d], heads[d]) {
				t.Fatalf("projectivize(%v) = %v: word %d moved off its ancestor line", heads, p, d)
			}
		}
		lifted += lifts
	}
	if lifted == 0 {
		t.Fatal("no random tree was non-projective: the test checks nothing")
	}
	// "A hearing is scheduled on the issue today", issue a modifier of hearing: the arc
	// hearing → issue crosses is ← scheduled; lifted, issue hangs from scheduled.
	heads := []int{1, 3, 3, -1, 6, 6, 1, 3}
	p, lifts := projectivize(heads)
	want := []int{1, 3, 3, -1, 6, 6, 3, 3}
	if !slices.Equal(p, want) || lifts != 1 {
		t.Errorf("projectivize(%v) = %v after %d lifts, want %v after 1", heads, p, lifts, want)
	}
}
