package eval

import (
	"math"
	"reflect"
	"testing"
)

func TestSpansFromBIO(t *testing.T) {
	for _, tc := range []struct {
		name    string
		tags    []string
		want    []Span
		wantErr bool
	}{
		{"empty", nil, nil, false},
		{"all O", []string{"O", "O"}, nil, false},
		{"one token", []string{"B-PER"}, []Span{{Doc: "d", Start: 0, End: 1, Type: PER}}, false},
		{"two spans touching", []string{"B-PER", "I-PER", "B-PER", "O"},
			[]Span{{Doc: "d", Start: 0, End: 2, Type: PER}, {Doc: "d", Start: 2, End: 3, Type: PER}}, false},
		{"span at end", []string{"O", "B-LOC", "I-LOC"}, []Span{{Doc: "d", Start: 1, End: 3, Type: LOC}}, false},
		{"I without B starts a span", []string{"O", "I-ORG", "I-ORG"}, []Span{{Doc: "d", Start: 1, End: 3, Type: ORG}}, false},
		{"type change inside I run", []string{"B-ORG", "I-LOC"},
			[]Span{{Doc: "d", Start: 0, End: 1, Type: ORG}, {Doc: "d", Start: 1, End: 2, Type: LOC}}, false},
		{"bad tag", []string{"B-PER", "X"}, nil, true},
		{"bare B", []string{"B-"}, nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := SpansFromBIO("d", tc.tags)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestPRF(t *testing.T) {
	for _, tc := range []struct {
		c       PRF
		p, r, f float64
	}{
		{PRF{}, 0, 0, 0},
		{PRF{TP: 1}, 1, 1, 1},
		{PRF{TP: 3, FP: 1, FN: 3}, 0.75, 0.5, 0.6},
		{PRF{FP: 2}, 0, 0, 0},
		{PRF{FN: 2}, 0, 0, 0},
	} {
		s := tc.c.Score()
		if !near(s.P, tc.p) || !near(s.R, tc.r) || !near(s.F1, tc.f) {
			t.Errorf("%+v: got %+v, want P=%v R=%v F1=%v", tc.c, s, tc.p, tc.r, tc.f)
		}
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestScoreBIO(t *testing.T) {
	for _, tc := range []struct {
		name       string
		gold, pred [][]string
		micro      PRF
		per        PRF
		typeErrors int
	}{
		{"perfect", [][]string{{"B-PER", "I-PER", "O", "B-LOC"}}, [][]string{{"B-PER", "I-PER", "O", "B-LOC"}},
			PRF{TP: 2}, PRF{TP: 1}, 0},
		{"boundary too short is FP and FN", [][]string{{"B-PER", "I-PER"}}, [][]string{{"O", "B-PER"}},
			PRF{FP: 1, FN: 1}, PRF{FP: 1, FN: 1}, 0},
		{"right span wrong type", [][]string{{"B-ORG"}}, [][]string{{"B-PER"}},
			PRF{FP: 1, FN: 1}, PRF{FP: 1}, 1},
		{"miss and spurious", [][]string{{"B-PER", "O", "O"}, {"B-LOC"}}, [][]string{{"O", "O", "B-PER"}, {"B-LOC"}},
			PRF{TP: 1, FP: 1, FN: 1}, PRF{FP: 1, FN: 1}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := ScoreBIO(tc.gold, tc.pred)
			if err != nil {
				t.Fatal(err)
			}
			if s.Micro != tc.micro || s.ByType[PER] != tc.per || s.TypeErrors != tc.typeErrors {
				t.Errorf("micro %+v PER %+v type errors %d; want %+v, %+v, %d", s.Micro, s.ByType[PER], s.TypeErrors, tc.micro, tc.per, tc.typeErrors)
			}
		})
	}
	if _, err := ScoreBIO([][]string{{"O"}}, [][]string{{"O", "O"}}); err == nil {
		t.Error("sequences of different length: want an error")
	}
	if _, err := ScoreBIO([][]string{{"O"}}, nil); err == nil {
		t.Error("different number of sequences: want an error")
	}
}

func TestBCubedAndPairwise(t *testing.T) {
	for _, tc := range []struct {
		name       string
		gold, pred map[string]string
		b3         Score
		pair       PRF
	}{
		{"identical", map[string]string{"a": "1", "b": "1", "c": "2"}, map[string]string{"a": "x", "b": "x", "c": "y"},
			Score{1, 1, 1}, PRF{TP: 1}},
		{"all split", map[string]string{"a": "1", "b": "1"}, map[string]string{"a": "x", "b": "y"},
			Score{1, 0.5, 2 * 0.5 / 1.5}, PRF{FN: 1}},
		{"all merged", map[string]string{"a": "1", "b": "2"}, map[string]string{"a": "x", "b": "x"},
			Score{0.5, 1, 2 * 0.5 / 1.5}, PRF{FP: 1}},
		{"missing mention is a singleton", map[string]string{"a": "1", "b": "1", "c": "1"}, map[string]string{"a": "x", "b": "x"},
			// a, b: P 1, R 2/3; c: P 1, R 1/3.
			Score{1, (2.0/3 + 2.0/3 + 1.0/3) / 3, f1(1, 5.0/9)}, PRF{TP: 1, FN: 2}},
		{"predicted mention outside gold is ignored", map[string]string{"a": "1"}, map[string]string{"a": "x", "z": "x"},
			Score{1, 1, 1}, PRF{}},
		{"empty gold", map[string]string{}, map[string]string{"a": "x"}, Score{}, PRF{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b3 := BCubed(tc.gold, tc.pred)
			if !near(b3.P, tc.b3.P) || !near(b3.R, tc.b3.R) || !near(b3.F1, tc.b3.F1) {
				t.Errorf("B3 %+v, want %+v", b3, tc.b3)
			}
			if p := Pairwise(tc.gold, tc.pred); p != tc.pair {
				t.Errorf("pairwise %+v, want %+v", p, tc.pair)
			}
		})
	}
}
