package ner

import (
	"slices"
	"testing"
)

func TestEncodeDecode(t *testing.T) {
	tests := map[string]struct {
		n     int
		spans []Span
		want  []string
	}{
		"empty":      {3, nil, []string{"O", "O", "O"}},
		"unit":       {3, []Span{{1, 2, LOC}}, []string{"O", "U-LOC", "O"}},
		"multi":      {4, []Span{{0, 3, PER}}, []string{"B-PER", "I-PER", "L-PER", "O"}},
		"adjacent":   {4, []Span{{0, 2, ORG}, {2, 3, ORG}}, []string{"B-ORG", "L-ORG", "U-ORG", "O"}},
		"all types":  {4, []Span{{0, 1, PER}, {1, 2, ORG}, {2, 3, LOC}, {3, 4, MISC}}, []string{"U-PER", "U-ORG", "U-LOC", "U-MISC"}},
		"whole line": {2, []Span{{0, 2, MISC}}, []string{"B-MISC", "L-MISC"}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			labels := make([]label, tt.n)
			encode(tt.spans, labels)
			var got []string
			for _, l := range labels {
				got = append(got, l.String())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("encode = %v, want %v", got, tt.want)
			}
			if back := decode(labels, nil); !slices.Equal(back, tt.spans) {
				t.Errorf("decode(encode) = %v, want %v", back, tt.spans)
			}
			for k, l := range labels {
				prev := numLabels
				if k > 0 {
					prev = int(labels[k-1])
				}
				if !allowed[prev][l] {
					t.Errorf("encoded %v after %v, which BILOU forbids", l, label(prev))
				}
			}
			if !final[labels[len(labels)-1]] {
				t.Errorf("encoded sequence ends in %v", labels[len(labels)-1])
			}
		})
	}
}

// TestAllowed spells out the BILOU grammar the decoder enforces.
func TestAllowed(t *testing.T) {
	tests := []struct {
		prev, cur label
		want      bool
	}{
		{0, mkLabel(PER, posB), true},
		{0, mkLabel(PER, posI), false},
		{0, mkLabel(PER, posL), false},
		{mkLabel(PER, posB), mkLabel(PER, posI), true},
		{mkLabel(PER, posB), mkLabel(PER, posL), true},
		{mkLabel(PER, posB), mkLabel(ORG, posL), false},
		{mkLabel(PER, posB), 0, false},
		{mkLabel(PER, posI), mkLabel(PER, posU), false},
		{mkLabel(PER, posL), mkLabel(ORG, posU), true},
		{mkLabel(LOC, posU), mkLabel(LOC, posB), true},
	}
	for _, tt := range tests {
		if got := allowed[tt.prev][tt.cur]; got != tt.want {
			t.Errorf("allowed[%v][%v] = %v, want %v", tt.prev, tt.cur, got, tt.want)
		}
	}
	if allowed[numLabels][mkLabel(MISC, posI)] {
		t.Error("a sentence may not start inside an entity")
	}
}
