package eval

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/newsgraph/newsgraph/extract/data"
)

// CrossDocItem is one gold row of the cross-article set (fixtures/eval/crossdoc.tsv): in
// Article, the person named only by the surname Family (a node id) is Referent — the id of
// the full-name entity, "other:…" for a person the corpus has no full name for, or "none"
// when the word is no person there.
type CrossDocItem struct {
	Family, Split, Article, Referent string
}

// LoadCrossDoc reads the cross-article gold set; every row's split must be SplitOf(family).
func LoadCrossDoc(path string) ([]CrossDocItem, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadCrossDoc(f, path)
}

// ReadCrossDoc reads rows of family, split, article, referent (a header row is allowed).
func ReadCrossDoc(r io.Reader, file string) ([]CrossDocItem, error) {
	var items []CrossDocItem
	err := data.EachLine(r, file, func(f []string) error {
		if len(f) < 4 {
			return fmt.Errorf("want family, split, article, referent")
		}
		if f[0] == "family" {
			return nil
		}
		it := CrossDocItem{Family: f[0], Split: f[1], Article: f[2], Referent: f[3]}
		if it.Split != SplitOf(it.Family) {
			return fmt.Errorf("family %s is in split %s, not %s", it.Family, SplitOf(it.Family), it.Split)
		}
		if it.Article == "" || it.Referent == "" {
			return fmt.Errorf("empty article or referent")
		}
		items = append(items, it)
		return nil
	})
	return items, err
}

// CrossDocScore is B³ over the surname-only mentions of a split and one item per full-name
// entity they refer to, before and after linking.
type CrossDocScore struct {
	Split         string
	Items         int // surname-only mentions scored ("none" rows are not)
	Before, After Score
}

// ScoreCrossDoc scores links (surname node id → full-name id, graphstore.LinkSurnames's
// answer) on the items of split. Before linking, each surname is a node of its own; a
// full-name entity is always its own node.
func ScoreCrossDoc(items []CrossDocItem, links map[string]string, split string) CrossDocScore {
	gold, before, after := map[string]string{}, map[string]string{}, map[string]string{}
	sc := CrossDocScore{Split: split}
	for _, it := range items {
		if !InSplit(it.Split, split) || it.Referent == "none" {
			continue
		}
		sc.Items++
		key := it.Family + "@" + it.Article
		gold[key] = it.Referent
		before[key] = it.Family
		after[key] = it.Family
		if to, ok := links[it.Family]; ok {
			after[key] = to
		}
		// The full-name entities involved, one item each: the referent, and the entity the
		// surname was linked to, so that a wrong link costs precision.
		for _, full := range []string{it.Referent, links[it.Family]} {
			if full != "" && !strings.HasPrefix(full, "other:") {
				key := "entity:" + full
				gold[key], before[key], after[key] = full, full, full
			}
		}
	}
	sc.Before, sc.After = BCubed(gold, before), BCubed(gold, after)
	return sc
}
