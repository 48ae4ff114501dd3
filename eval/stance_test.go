package eval

import (
	"testing"

	"github.com/newsgraph/newsgraph/extract"
)

func TestNameMatcher(t *testing.T) {
	canon := func(s string) string {
		if s == "Britain" {
			return "United Kingdom"
		}
		return s
	}
	m := NameMatcher(canon)
	uk := EntityRef{ID: "united-kingdom", Name: "United Kingdom", Aliases: []string{"UK"}}
	biden := EntityRef{ID: "joe-biden", Name: "Joe Biden", Aliases: []string{"Biden"}}
	for _, tc := range []struct {
		e    EntityRef
		gold string
		want bool
	}{
		{uk, "United Kingdom", true},
		{uk, "U.K.", true},     // alias after folding punctuation
		{uk, "Britain", true},  // through the alias table
		{uk, "England", false}, // no link
		{biden, "Biden", true},
		{biden, "Joe", false}, // a first name alone is not the entity
		{biden, "", false},
		{EntityRef{ID: "us"}, "U.S.", true},
	} {
		if got := m(tc.e, tc.gold); got != tc.want {
			t.Errorf("match(%s, %q) = %v, want %v", tc.e.ID, tc.gold, got, tc.want)
		}
	}
}

func ref(name string) EntityRef { return EntityRef{ID: extract.ID(name), Name: name} }

func TestScoreStance(t *testing.T) {
	m := NameMatcher(nil)
	items := []StanceItem{
		// Right direction and sign.
		{ID: "1", Category: "active", Gold: []GoldStance{{"Germany", "France", -1}},
			Pred: []PredStance{{ref("Germany"), ref("France"), -1}}},
		// Right direction, wrong sign: FP and FN, directed but not sign-right.
		{ID: "2", Category: "active", Gold: []GoldStance{{"Germany", "France", -1}},
			Pred: []PredStance{{ref("Germany"), ref("France"), 1}}},
		// Reversed.
		{ID: "3", Category: "passive", Gold: []GoldStance{{"Nato", "Russia", -1}},
			Pred: []PredStance{{ref("Russia"), ref("Nato"), -1}}},
		// Missed.
		{ID: "4", Category: "reported", Gold: []GoldStance{{"Hamas", "Israel", -1}}},
		// None, correctly nothing.
		{ID: "5", Category: "none"},
		// None, but a stance predicted.
		{ID: "6", Category: "none", Pred: []PredStance{{ref("Italy"), ref("Paris"), -1}}},
		// Two gold stances, one found, one extra wrong edge.
		{ID: "7", Category: "active", Gold: []GoldStance{{"UK", "India", 1}, {"UK", "Pakistan", 1}},
			Pred: []PredStance{{ref("UK"), ref("India"), 1}, {ref("India"), ref("Pakistan"), 1}}},
	}
	s := ScoreStance(items, m)
	if want := (PRF{TP: 2, FP: 4, FN: 4}); s.Edges != want {
		t.Errorf("edges %+v, want %+v", s.Edges, want)
	}
	if s.Sentences != 7 || s.Correct != 2 {
		t.Errorf("sentences %d correct %d, want 7 and 2", s.Sentences, s.Correct)
	}
	if s.Directed != 3 || s.SignRight != 2 || s.Reversed != 1 {
		t.Errorf("directed %d sign right %d reversed %d, want 3, 2, 1", s.Directed, s.SignRight, s.Reversed)
	}
	none := s.ByCategory["none"]
	if none.Sentences != 2 || none.Correct != 1 || none.Edges.FP != 1 {
		t.Errorf("none category %+v", none)
	}
	if got := s.ByCategory["active"].Edges; got != (PRF{TP: 2, FP: 2, FN: 2}) {
		t.Errorf("active edges %+v", got)
	}
	if a := s.Accuracy(); !near(a, 2.0/7) {
		t.Errorf("accuracy %v", a)
	}
}

func TestNetSign(t *testing.T) {
	for _, tc := range []struct {
		e    extract.Edge
		want int
	}{
		{extract.Edge{Negative: 2, Positive: 1}, -1},
		{extract.Edge{Positive: 1}, 1},
		{extract.Edge{Neutral: 3}, 0},
		{extract.Edge{Positive: 1, Negative: 1}, 0},
	} {
		if got := netSign(tc.e); got != tc.want {
			t.Errorf("netSign(%+v) = %d, want %d", tc.e, got, tc.want)
		}
	}
}
