package eval

import (
	"strings"
	"testing"
)

func TestScoreCrossDoc(t *testing.T) {
	// Family "blair" is in the heldout split by hash, "bush" too: write them as SplitOf says.
	rows := "family\tsplit\tarticle\treferent\n" +
		"blair\t" + SplitOf("blair") + "\ta1\ttony-blair\n" +
		"blair\t" + SplitOf("blair") + "\ta2\ttony-blair\n" +
		"blair\t" + SplitOf("blair") + "\ta3\tother:cherie-blair\n" +
		"bush\t" + SplitOf("bush") + "\ta4\tnone\n"
	items, err := ReadCrossDoc(strings.NewReader(rows), "crossdoc.tsv")
	if err != nil {
		t.Fatal(err)
	}
	none := ScoreCrossDoc(items, nil, All)
	linked := ScoreCrossDoc(items, map[string]string{"blair": "tony-blair"}, All)
	if none.Items != 3 || linked.Items != 3 {
		t.Fatalf("items %d, %d; want 3 (the none row is not scored)", none.Items, linked.Items)
	}
	// Before: {a1, a2, a3} and {tony-blair}; gold: {a1, a2, tony-blair} and {a3}.
	if none.Before != linked.Before {
		t.Errorf("before-scores differ: %+v vs %+v", none.Before, linked.Before)
	}
	if !(linked.After.R > linked.Before.R) {
		t.Errorf("linking the right person must raise recall: %+v → %+v", linked.Before, linked.After)
	}
	if !(linked.After.P < 1) {
		t.Errorf("a3 (Cherie) joined Tony Blair: precision must fall below 1, got %+v", linked.After)
	}
	wrong := ScoreCrossDoc(items, map[string]string{"blair": "euan-blair"}, All)
	if !(wrong.After.F1 < wrong.Before.F1) {
		t.Errorf("a wrong link must lower F1: %+v → %+v", wrong.Before, wrong.After)
	}
}

func TestReadCrossDocErrors(t *testing.T) {
	wrongSplit := Dev
	if SplitOf("blair") == Dev {
		wrongSplit = Heldout
	}
	for name, in := range map[string]string{
		"short row":   "blair\tdev\ta1\n",
		"wrong split": "blair\t" + wrongSplit + "\ta1\ttony-blair\n",
		"empty":       "blair\t" + SplitOf("blair") + "\t\ttony-blair\n",
	} {
		if _, err := ReadCrossDoc(strings.NewReader(in), "crossdoc.tsv"); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
