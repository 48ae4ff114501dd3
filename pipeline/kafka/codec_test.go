package kafka

import (
	"errors"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/pipeline/source"
)

func TestDecode(t *testing.T) {
	for _, tc := range []struct {
		name  string
		value string
		max   int
		want  error // nil: decodes
	}{
		{"article", `{"id":"a1","title":"T","date":"2024-03-20","text":"Biden met Netanyahu."}`, 0, nil},
		{"unknown fields are ignored", `{"id":"a1","text":"x","lang":"en"}`, 0, nil},
		{"leading space", " \n{\"id\":\"a1\",\"text\":\"x\"}\n", 0, nil},
		{"empty", ``, 0, source.ErrMalformed},
		{"not json", `hello`, 0, source.ErrMalformed},
		{"array", `[{"id":"a1","text":"x"}]`, 0, source.ErrMalformed},
		{"null", `null`, 0, source.ErrMalformed},
		{"trailing data", `{"id":"a1","text":"x"}{"id":"a2","text":"y"}`, 0, source.ErrMalformed},
		{"truncated", `{"id":"a1","text":"x`, 0, source.ErrMalformed},
		{"text not a string", `{"id":"a1","text":42}`, 0, source.ErrMalformed},
		{"no id", `{"text":"x"}`, 0, source.ErrMalformed},
		{"blank id", `{"id":"  ","text":"x"}`, 0, source.ErrMalformed},
		{"no text", `{"id":"a1"}`, 0, source.ErrEmptyText},
		{"blank text", `{"id":"a1","text":" \t\n"}`, 0, source.ErrEmptyText},
		{"invalid UTF-8", "{\"id\":\"a1\",\"text\":\"\xc3\x28\"}", 0, source.ErrInvalidUTF8},
		{"too large", `{"id":"a1","text":"` + strings.Repeat("x", 100) + `"}`, 64, source.ErrTooLarge},
		{"at the limit", `{"id":"a1","text":"xx"}`, 23, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := Decode([]byte(tc.value), tc.max)
			if tc.want == nil {
				if err != nil || a.ID != "a1" || a.Text == "" {
					t.Fatalf("Decode = %+v, %v; want an article", a, err)
				}
				return
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("Decode error = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	in := extract.Article{ID: "ng-1", Title: "Ünïcode “quotes”", Date: "2024-03-20", URL: "https://example.com/a?b=<c>",
		Source: "Wire", Text: "Line one.\n\nLine two with \"quotes\" and \\ backslash."}
	key, value, err := Encode(&in)
	if err != nil {
		t.Fatal(err)
	}
	if string(key) != in.ID {
		t.Errorf("key %q, want the id %q", key, in.ID)
	}
	out, err := Decode(value, 0)
	if err != nil || out != in {
		t.Errorf("Decode(Encode(a)) = %+v, %v; want %+v", out, err, in)
	}
	if _, _, err := Encode(&extract.Article{Text: "no id"}); !errors.Is(err, source.ErrMalformed) {
		t.Errorf("Encode without id: %v, want ErrMalformed", err)
	}
}

// FuzzDecode: messages are untrusted. Decode never panics, errors always carry a skip
// reason, and what it accepts has an id and text and survives Encode unchanged.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{`{"id":"a","text":"b"}`, `{"id":"a"}`, `[]`, `null`, "{\"id\":\"\xff\"}", `{"id":"a","text":"b","date":5}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, value []byte) {
		a, err := Decode(value, 1<<16)
		if err != nil {
			for _, r := range source.Reasons {
				if errors.Is(err, r) {
					return
				}
			}
			t.Fatalf("error %v wraps no skip reason", err)
		}
		if strings.TrimSpace(a.ID) == "" || strings.TrimSpace(a.Text) == "" {
			t.Fatalf("accepted %+v without id or text", a)
		}
		_, again, err := Encode(&a)
		if err != nil {
			t.Fatal(err)
		}
		if b, err := Decode(again, 1<<20); err != nil || b != a {
			t.Fatalf("re-encoded article decodes to %+v, %v; want %+v", b, err, a)
		}
	})
}

func TestDecodeTombstone(t *testing.T) {
	for _, tc := range []struct {
		name string
		key  []byte
		max  int
		want error // nil: the key is the id
	}{
		{"an id", []byte("ng-0001"), 0, nil},
		{"no key", nil, 0, source.ErrMalformed},
		{"a blank key", []byte(" \t"), 0, source.ErrMalformed},
		{"invalid UTF-8", []byte("ng-\xff"), 0, source.ErrInvalidUTF8},
		{"too large", []byte("ng-0001"), 4, source.ErrTooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id, err := DecodeTombstone(tc.key, tc.max)
			if tc.want == nil {
				if err != nil || id != string(tc.key) {
					t.Fatalf("DecodeTombstone = %q, %v; want %q", id, err, tc.key)
				}
				return
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("DecodeTombstone error = %v, want %v", err, tc.want)
			}
		})
	}
	if IsTombstone([]byte{}) || !IsTombstone(nil) {
		t.Error("IsTombstone: only a null value is a tombstone, not an empty one")
	}
}
