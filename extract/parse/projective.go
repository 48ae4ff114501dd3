package parse

// projectivize returns heads (-1 for the root) with every non-projective arc lifted until
// none is left, and how many lifts that took. A lift moves a word to its head's head (Nivre
// & Nilsson 2005, without encoding the lift in the label): the arc-eager oracle is exact
// only on projective trees, and a parser that attaches a displaced word one level too high
// loses one arc where one that learns from an impossible tree loses more. The original
// trees are still what dev is scored against.
func projectivize(heads []int) ([]int, int) {
	h := append([]int(nil), heads...)
	lifts := 0
	for {
		d := shortestCrossing(h)
		if d < 0 {
			return h, lifts
		}
		h[d] = h[h[d]]
		lifts++
	}
}

// shortestCrossing returns the dependent of the shortest non-projective arc, or -1. An arc
// h → d is projective if h dominates every word between them; the root dominates all.
func shortestCrossing(heads []int) int {
	best, bestLen := -1, 0
	for d, h := range heads {
		if h < 0 {
			continue
		}
		lo, hi := min(h, d), max(h, d)
		if best >= 0 && hi-lo >= bestLen {
			continue
		}
		for k := lo + 1; k < hi; k++ {
			if !dominates(heads, h, k) {
				best, bestLen = d, hi-lo
				break
			}
		}
	}
	return best
}

// dominates reports whether a is k or one of k's ancestors. heads must be acyclic.
func dominates(heads []int, a, k int) bool {
	for ; k >= 0; k = heads[k] {
		if k == a {
			return true
		}
	}
	return false
}

// isProjective reports whether the tree has no crossing arcs.
func isProjective(heads []int) bool { return shortestCrossing(heads) < 0 }
