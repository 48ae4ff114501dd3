package extract

import (
	"slices"
	"strings"
	"testing"
)

func TestHasColumnGap(t *testing.T) {
	tests := map[string]bool{
		"  Wheat   2.55   2.40":         true,
		"Natl\tLoan":                    true,
		"    Distribution from April 1": false, // indentation
		"He left.  Then he came back":   false, // two spaces after a sentence
		"a plain line of text":          false,
		"":                              false,
	}
	for line, want := range tests {
		if got := hasColumnGap(line); got != want {
			t.Errorf("hasColumnGap(%q) = %v, want %v", line, got, want)
		}
	}
}

func TestTableRows(t *testing.T) {
	text := "The U.S. Agriculture Department\nreported prices -\n Wheat   2.55\n Corn    1.35\nfor the week."
	var got []string
	for _, s := range tableRows(text, span{0, len(text)}) {
		got = append(got, text[s.start:s.end])
	}
	want := []string{"The U.S. Agriculture Department\nreported prices -\n", " Wheat   2.55", " Corn    1.35", "for the week."}
	if !slices.Equal(got, want) {
		t.Errorf("tableRows = %q, want %q", got, want)
	}
}

func TestFoldSpace(t *testing.T) {
	for _, s := range []string{"", " ", "Joe Biden", "Joe  Biden", " Joe Biden", "Joe Biden ", "Joe\nBiden", "Joe\tBiden",
		"Joe\u00a0Biden", "Joe \u00a0Biden", "Joe\u2009Biden the  second", "a b c", "a\r\nb"} {
		want := s
		if strings.ContainsAny(s, "\n\t\r ") {
			want = strings.Join(strings.Fields(s), " ")
		}
		if got := foldSpace(s); got != want {
			t.Errorf("foldSpace(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestSignOff(t *testing.T) {
	for text, want := range map[string]string{
		"Profits rose.\n  Reuter\n":           "Profits rose.\n  ",
		"Jun 13.0, total 55.8.        REUTER": "Jun 13.0, total 55.8.        ",
		"Paul Reuter said so.":                "Paul Reuter said so.",
		"Dealers said.\n REUTER...^M":         "Dealers said.\n ",
		"A Reuter survey shows.":              "A Reuter survey shows.",
		"Reuter":                              "Reuter", // the whole text is not a credit
		"":                                    "",
	} {
		if got := text[:signOff(text)]; got != want {
			t.Errorf("signOff(%q) keeps %q, want %q", text, got, want)
		}
	}
}
