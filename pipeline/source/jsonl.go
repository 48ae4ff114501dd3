package source

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/extract"
)

// readJSONL reads one JSON object per line. Blank lines are skipped; every other line gives
// exactly one record, so a record's line number is its line in the (decompressed) file.
func (w *walker) readJSONL(name string, r *bufio.Reader) error {
	lr := newLineReader(r, w.opts.MaxBytes)
	for {
		line, start, tooLarge, err := lr.next()
		pos := Position{File: name, Line: lr.line, Offset: start}
		if err != nil {
			if err == io.EOF {
				return nil
			}
			pos.Offset = lr.off
			return w.failStream(pos, err)
		}
		if tooLarge {
			if err := w.fail(pos, ErrTooLarge, fmt.Sprintf("line longer than %d bytes", w.opts.MaxBytes)); err != nil {
				return err
			}
			continue
		}
		if lr.line == 1 {
			line = bytes.TrimPrefix(line, []byte("\ufeff"))
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		a, sk := parseJSONArticle(line, w.opts.Fields)
		if err := w.emitArticle(pos, a, sk); err != nil {
			return err
		}
	}
}

// parseJSONArticle turns one JSON object into an article, or says why it cannot: the skip
// reason and a message naming the offending field. It is pure, for fuzzing.
func parseJSONArticle(line []byte, f Fields) (a extract.Article, sk *skip) {
	// encoding/json silently turns invalid UTF-8 into U+FFFD; check first so a mis-encoded
	// dump is reported instead of feeding mangled names into the graph.
	if !utf8.Valid(line) {
		return a, &skip{ErrInvalidUTF8, "record is not valid UTF-8"}
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(line, &obj); err != nil {
		return a, &skip{ErrMalformed, jsonErrorDetail(err)}
	}
	if obj == nil {
		return a, &skip{ErrMalformed, "record is null, not a JSON object"}
	}
	var err error
	str := func(names []string, allowNumber bool) string {
		if err != nil {
			return ""
		}
		var s string
		s, err = jsonString(obj, names, allowNumber)
		return s
	}
	a.ID = str(f.ID, true)
	a.Title = str(f.Title, false)
	a.Date = str(f.Date, false)
	a.URL = str(f.URL, false)
	a.Source = str(f.Source, false)
	a.Text = str(f.Text, false)
	if err != nil {
		return extract.Article{}, &skip{ErrMalformed, err.Error()}
	}
	if !hasAnyKey(obj, f.Text) {
		return extract.Article{}, &skip{ErrMalformed, fmt.Sprintf("no text field (tried %s)", strings.Join(f.Text, ", "))}
	}
	return finish(a)
}

// jsonErrorDetail rewords encoding/json's errors for a person looking at one line.
func jsonErrorDetail(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		if syn.Error() == "unexpected end of JSON input" {
			return "unexpected end of JSON"
		}
		return fmt.Sprintf("invalid JSON at byte %d: %v", syn.Offset, syn)
	case errors.As(err, &typ):
		return fmt.Sprintf("record is a JSON %s, not an object", typ.Value)
	}
	return "invalid JSON: " + err.Error()
}

// jsonString returns the first of names present and not null in obj, as a string. Numbers
// are accepted, verbatim, only where allowNumber says (ids are often numeric); any other
// type is an error naming the field, since guessing would put garbage in the graph.
func jsonString(obj map[string]json.RawMessage, names []string, allowNumber bool) (string, error) {
	key, raw, ok := lookup(obj, names)
	if !ok {
		return "", nil
	}
	switch kind := jsonKind(raw); {
	case kind == "string":
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", fmt.Errorf("field %q: %v", key, err)
		}
		return s, nil
	case kind == "number" && allowNumber:
		return string(raw), nil
	default:
		want := "string"
		if allowNumber {
			want = "string or number"
		}
		return "", fmt.Errorf("field %q is a %s, want a %s", key, kind, want)
	}
}

// jsonKind names the JSON type of a raw value by its first byte.
func jsonKind(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "nothing"
	}
	switch c := raw[0]; {
	case c == '"':
		return "string"
	case c == '{':
		return "object"
	case c == '[':
		return "array"
	case c == 't' || c == 'f':
		return "boolean"
	case c == 'n':
		return "null"
	default:
		return "number"
	}
}

// lookup finds the first of names in obj that is present and not null: exact names first,
// then names differing only in case (the smallest such key, for determinism).
func lookup(obj map[string]json.RawMessage, names []string) (key string, raw json.RawMessage, ok bool) {
	for _, n := range names {
		if v, found := obj[n]; found && jsonKind(v) != "null" {
			return n, v, true
		}
	}
	for _, n := range names {
		best := ""
		for k, v := range obj {
			if strings.EqualFold(k, n) && jsonKind(v) != "null" && (best == "" || k < best) {
				best = k
			}
		}
		if best != "" {
			return best, obj[best], true
		}
	}
	return "", nil, false
}

// hasAnyKey reports whether any of names is a key of obj, null or not, ignoring case: a
// null text is an empty article, a missing one a malformed record.
func hasAnyKey(obj map[string]json.RawMessage, names []string) bool {
	for k := range obj {
		for _, n := range names {
			if strings.EqualFold(k, n) {
				return true
			}
		}
	}
	return false
}
