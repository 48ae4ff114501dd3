package pos

import (
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestTag(t *testing.T) {
	tg, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]string{
		"Mr Spicer criticized Joe Biden .":             "NNP NNP VBD NNP NNP .",
		"The talks were criticized by Hamas on Monday": "DT NNS VBD VBN IN NNP IN NNP",
	}
	for in, want := range tests {
		words := strings.Fields(in)
		tags := make([]string, len(words))
		tg.Tag(words, tags)
		if got := strings.Join(tags, " "); got != want {
			t.Errorf("Tag(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestTagDeterministic: prose's own tagger breaks ties in map order; this one must not.
func TestTagDeterministic(t *testing.T) {
	tg, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	words := strings.Fields("Private Eye editor Ian Hislop said the as yet unnamed firm was not as big as claimed .")
	first := make([]string, len(words))
	tg.Tag(words, first)
	for range 50 {
		again := make([]string, len(words))
		tg.Tag(words, again)
		if !slices.Equal(first, again) {
			t.Fatalf("tags changed between runs: %v vs %v", first, again)
		}
	}
}

func TestIsIntMatchesAtoi(t *testing.T) {
	for _, s := range []string{"", "+", "-", "1", "2024", "+202", "-202", "20a4", "1e10", "٣٤٥٦", " 123", "12 3", "0x1f", "++12", "-+12"} {
		_, err := strconv.Atoi(s)
		if got, want := isInt(s), err == nil; got != want {
			t.Errorf("isInt(%q) = %v, Atoi says %v", s, got, want)
		}
	}
}
