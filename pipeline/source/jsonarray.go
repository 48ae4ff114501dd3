package source

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// arraySlack is how far past MaxBytes the JSON decoder may read ahead within one element:
// its buffer holds more than the element it is decoding.
const arraySlack = 64 << 10

// isJSONArray reports whether head, the start of an input, opens a JSON array of objects:
// '[' then '{' or ']' after optional white space. A plain-text article may well start with
// "[Reuters]", so '[' alone is not enough.
func isJSONArray(head []byte) bool {
	t := bytes.TrimLeft(head, " \t\r\n\ufeff")
	if len(t) == 0 || t[0] != '[' {
		return false
	}
	t = bytes.TrimLeft(t[1:], " \t\r\n")
	return len(t) > 0 && (t[0] == '{' || t[0] == ']')
}

// errArrayElementTooLarge stops the JSON decoder inside an element longer than MaxBytes.
var errArrayElementTooLarge = errors.New("array element too large")

// guardReader fails once more than limit bytes have been read, so the decoder cannot
// buffer a huge element whole.
type guardReader struct {
	r     io.Reader
	n     int64 // bytes read so far
	limit int64
}

func (g *guardReader) Read(p []byte) (int, error) {
	if g.n >= g.limit {
		return 0, errArrayElementTooLarge
	}
	if rest := g.limit - g.n; int64(len(p)) > rest {
		p = p[:rest]
	}
	n, err := g.r.Read(p)
	g.n += int64(n)
	return n, err
}

// readJSONArray reads a .json file holding one array of article objects, as many exports
// are, streaming it element by element. Positions are byte offsets: an array has no
// useful line numbers. Unlike JSON Lines, a syntax error or an oversized element ends the
// file, since there is no newline to resume at; elements before it are delivered.
func (w *walker) readJSONArray(name string, r *bufio.Reader) error {
	if bom, _ := r.Peek(3); bytes.Equal(bom, []byte("\ufeff")) {
		r.Discard(3)
	}
	max := int64(w.opts.MaxBytes)
	g := &guardReader{r: r, limit: max + arraySlack}
	dec := json.NewDecoder(g)
	at := func() Position { return Position{File: name, Offset: dec.InputOffset()} }
	// fatal reports the error that ends the array at pos.
	fatal := func(pos Position, err error) error {
		var se *streamError
		switch {
		case errors.Is(err, errArrayElementTooLarge):
			return w.fail(pos, ErrTooLarge, fmt.Sprintf("array element longer than %d bytes; rest of the file skipped", max))
		case errors.As(err, &se):
			pos.Offset = g.n
			return w.failStream(pos, err)
		default:
			return w.fail(pos, ErrMalformed, jsonErrorDetail(err)+"; rest of the file skipped")
		}
	}
	if _, err := dec.Token(); err != nil { // the opening '[', checked by isJSONArray
		return fatal(at(), err)
	}
	for dec.More() {
		pos := at()
		g.limit = g.n + max + arraySlack
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return fatal(pos, err)
		}
		if len(raw) > int(max) {
			if err := w.fail(pos, ErrTooLarge, fmt.Sprintf("array element longer than %d bytes", max)); err != nil {
				return err
			}
			continue
		}
		a, sk := parseJSONArticle(raw, w.opts.Fields)
		if err := w.emitArticle(pos, a, sk); err != nil {
			return err
		}
	}
	g.limit = g.n + arraySlack
	if _, err := dec.Token(); err != nil { // the closing ']'
		return fatal(at(), err)
	}
	return nil
}
