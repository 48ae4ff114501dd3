package beam

import (
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/newsgraph/newsgraph/graphstore"
	"github.com/newsgraph/newsgraph/graphstore/neo4j/bulk"
)

func init() {
	register.Combiner1[*graphstore.Node](&nodeCombineFn{})
	register.Combiner1[*graphstore.Edge](&edgeCombineFn{})
	register.Combiner1[bulk.Usage](&usageCombineFn{})
}

// nodeCombineFn merges the contributions to one entity with graphstore's rules, the same
// the memory store applies. The accumulator starts nil and owns a copy of the first input,
// so no element the runner may still hold is ever changed.
type nodeCombineFn struct{}

func (nodeCombineFn) CreateAccumulator() *graphstore.Node { return nil }

func (nodeCombineFn) AddInput(acc, n *graphstore.Node) *graphstore.Node {
	return nodeCombineFn{}.MergeAccumulators(acc, n)
}

func (nodeCombineFn) MergeAccumulators(a, b *graphstore.Node) *graphstore.Node {
	return mergeInto(a, b)
}

func (nodeCombineFn) ExtractOutput(acc *graphstore.Node) *graphstore.Node { return acc }

// edgeCombineFn is nodeCombineFn for edges.
type edgeCombineFn struct{}

func (edgeCombineFn) CreateAccumulator() *graphstore.Edge { return nil }

func (edgeCombineFn) AddInput(acc, e *graphstore.Edge) *graphstore.Edge {
	return edgeCombineFn{}.MergeAccumulators(acc, e)
}

func (edgeCombineFn) MergeAccumulators(a, b *graphstore.Edge) *graphstore.Edge {
	return mergeInto(a, b)
}

// mergeInto merges b into the accumulator a, which starts nil and then owns a copy of the
// first input: elements the runner may still hold are never changed.
func mergeInto[T any, P interface {
	*T
	Clone() *T
	Merge(*T)
}](a, b P) P {
	switch {
	case b == nil:
		return a
	case a == nil:
		return b.Clone()
	}
	a.Merge(b)
	return a
}

func (edgeCombineFn) ExtractOutput(acc *graphstore.Edge) *graphstore.Edge { return acc }

// usageCombineFn merges the bulk.Usage of every CSV record: which delimiters occur, whether
// a value spans lines, whether the post-import step is needed.
type usageCombineFn struct{}

func (usageCombineFn) MergeAccumulators(a, b bulk.Usage) bulk.Usage {
	a.Merge(b)
	return a
}
