package extract

import "testing"

// TestCanonicalLegalForm: a company's legal form joins the organization the lexicon knows
// without it, and nothing else.
func TestCanonicalLegalForm(t *testing.T) {
	l, err := DefaultLexicon()
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"CBS Inc.":                 "CBS",
		"British Petroleum Co Plc": "BP",               // through the alias British Petroleum
		"Acme Widgets Inc":         "Acme Widgets Inc", // not in the lexicon: as written
		"Siemens AG":               "Siemens",
		"BBC AG":                   "BBC Brown Boveri", // its own entry, not the broadcaster
		"USA Inc":                  "USA Inc",          // a place is no company's name
		"Inc":                      "Inc",
		"Siemens and":              "Siemens and", // "and" alone is no legal form
	} {
		if got := l.Canonical(name); got != want {
			t.Errorf("Canonical(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestWithoutLegalForm(t *testing.T) {
	for name, want := range map[string]string{
		"Merrill Lynch and Co Inc":  "Merrill Lynch",
		"Honda Motor Co Ltd":        "Honda Motor",
		"Johnson and Johnson Co":    "Johnson and Johnson",
		"Marsh & McLennan Cos":      "Marsh & McLennan Cos",
		"Unilever Plc, Ltd":         "Unilever",
		"Co":                        "Co",
		"Standard and Poor's Corp.": "Standard and Poor's",
	} {
		if got := withoutLegalForm(name); got != want {
			t.Errorf("withoutLegalForm(%q) = %q, want %q", name, got, want)
		}
	}
}
