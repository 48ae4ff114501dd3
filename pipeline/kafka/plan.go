package kafka

import "github.com/newsgraph/newsgraph/extract"

// op is one good record's effect on the store: an article version to add (a correction
// when the store holds another version of the id), or, from a tombstone, an id to delete.
type op struct {
	id     string
	result *extract.Result // nil for a delete
}

func (o op) delete() bool { return o.result == nil }

// step is one store call of a batch: Add(results) or Delete(ids), never both.
type step struct {
	results []*extract.Result
	ids     []string
}

// plan groups a batch's ops, given in record order, into as few store calls as keep every
// article's own ops in that order. Ops of different articles commute: the graph is that of
// each id's surviving version, and which version survives depends only on that id's ops. So
// the steps alternate Add, Delete, Add, … and each op joins the earliest step of its kind
// that is not before the step of the previous op of its id. A batch without tombstones is
// one Add, as before tombstones existed; [A, tombstone A, A′] is three steps.
func plan(ops []op) []step {
	var steps []step
	last := make(map[string]int, len(ops)) // id → index of the step of its latest op
	for _, o := range ops {
		// Even steps add, odd steps delete.
		i := 0
		if o.delete() {
			i = 1
		}
		if prev, ok := last[o.id]; ok {
			i = prev
			if (prev%2 == 1) != o.delete() {
				i++
			}
		}
		for len(steps) <= i {
			steps = append(steps, step{})
		}
		if o.delete() {
			steps[i].ids = append(steps[i].ids, o.id)
		} else {
			steps[i].results = append(steps[i].results, o.result)
		}
		last[o.id] = i
	}
	// Only the first Add step can be empty (a batch that starts with tombstones).
	if len(steps) > 0 && len(steps[0].results) == 0 {
		steps = steps[1:]
	}
	return steps
}
