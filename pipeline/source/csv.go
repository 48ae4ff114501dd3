package source

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/extract"
)

// readCSV reads a CSV file with a header row naming its columns. A record that cannot be
// read (bad quoting, wrong field count, too large) is skipped with its starting line; the
// next record starts right after it, so one bad row costs one record.
func (w *walker) readCSV(name string, r *bufio.Reader) error {
	cr := newCSVReader(r, w.opts.MaxBytes)
	header, err := cr.next()
	if err == io.EOF {
		return nil // an empty file holds no articles
	}
	if err != nil {
		return w.failStream(Position{File: name, Line: cr.line, Offset: cr.off}, err)
	}
	hpos := Position{File: name, Line: header.line, Offset: header.off}
	if header.skip != nil {
		return w.fail(hpos, header.skip.reason, "header: "+header.skip.detail)
	}
	cols, sk := csvColumns(header.fields, w.opts.Fields)
	if sk != nil {
		return w.fail(hpos, sk.reason, sk.detail)
	}
	for {
		rec, err := cr.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return w.failStream(Position{File: name, Line: cr.line, Offset: cr.off}, err)
		}
		pos := Position{File: name, Line: rec.line, Offset: rec.off}
		var a extract.Article
		sk := rec.skip
		if sk == nil {
			a, sk = cols.article(rec.fields)
		}
		if err := w.emitArticle(pos, a, sk); err != nil {
			return err
		}
	}
}

// csvCols maps article fields to column indexes; -1 where the file has no such column.
type csvCols struct {
	n                                  int // number of columns in the header
	id, title, date, text, url, source int
}

// csvColumns finds the columns of the article fields in a header row. A file without a text
// column is skipped whole: none of its rows could be an article.
func csvColumns(header []string, f Fields) (csvCols, *skip) {
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff")
	}
	for _, h := range header {
		if !utf8.ValidString(h) {
			return csvCols{}, &skip{ErrInvalidUTF8, "header is not valid UTF-8"}
		}
	}
	find := func(names []string) int {
		for _, n := range names {
			for i, h := range header {
				if strings.TrimSpace(h) == n {
					return i
				}
			}
		}
		for _, n := range names {
			for i, h := range header {
				if strings.EqualFold(strings.TrimSpace(h), n) {
					return i
				}
			}
		}
		return -1
	}
	c := csvCols{
		n: len(header), id: find(f.ID), title: find(f.Title), date: find(f.Date),
		text: find(f.Text), url: find(f.URL), source: find(f.Source),
	}
	if c.text < 0 {
		return csvCols{}, &skip{ErrMalformed, fmt.Sprintf("header has no text column (tried %s)", strings.Join(f.Text, ", "))}
	}
	return c, nil
}

// article makes an article of one CSV row.
func (c csvCols) article(fields []string) (extract.Article, *skip) {
	if len(fields) != c.n {
		return extract.Article{}, &skip{ErrMalformed, fmt.Sprintf("record has %d fields, header has %d", len(fields), c.n)}
	}
	for _, f := range fields {
		if !utf8.ValidString(f) {
			return extract.Article{}, &skip{ErrInvalidUTF8, "record is not valid UTF-8"}
		}
	}
	get := func(i int) string {
		if i < 0 {
			return ""
		}
		return fields[i]
	}
	return finish(extract.Article{
		ID: get(c.id), Title: get(c.title), Date: get(c.date),
		URL: get(c.url), Source: get(c.source), Text: get(c.text),
	})
}

// csvRecord is one CSV record, or why it cannot be used.
type csvRecord struct {
	fields []string
	line   int   // line the record starts on
	off    int64 // offset the record starts at
	skip   *skip // non-nil: malformed or too large; fields is nil
}

// csvReader parses RFC 4180 CSV byte by byte. encoding/csv would do, but it holds a whole
// record in memory whatever its size and cannot resume after a runaway quoted field; this
// one keeps parsing an oversized record without storing it, so it finds where the record
// ends and the next one is read normally. On well-formed input it returns what
// encoding/csv returns (empty lines skipped, "\r\n" read as "\n"); it is lenient where
// encoding/csv is strict, taking a quote inside an unquoted field literally.
type csvReader struct {
	r    *bufio.Reader
	max  int
	line int   // line of the next byte (1-based)
	off  int64 // offset of the next byte
}

func newCSVReader(r *bufio.Reader, max int) *csvReader {
	return &csvReader{r: r, max: max, line: 1}
}

// readByte reads one byte, keeping line and offset up to date.
func (c *csvReader) readByte() (byte, error) {
	b, err := c.r.ReadByte()
	if err != nil {
		return 0, err
	}
	c.off++
	if b == '\n' {
		c.line++
	}
	return b, nil
}

// peekIs reports whether the next byte is b, without reading it.
func (c *csvReader) peekIs(b byte) bool {
	p, err := c.r.Peek(1)
	return err == nil && p[0] == b
}

// atEOF reports whether the input has no byte left. A read error other than io.EOF is left
// for the next read to return.
func (c *csvReader) atEOF() bool {
	_, err := c.r.Peek(1)
	return err == io.EOF
}

// next returns the next record. err is io.EOF after the last record, or the read error that
// cut the input short (a record cut short by it is dropped).
func (c *csvReader) next() (rec csvRecord, err error) {
	// Skip empty lines, as encoding/csv does.
	for {
		p, err := c.r.Peek(2)
		if len(p) == 0 {
			return rec, err
		}
		switch {
		case p[0] == '\n':
		case p[0] == '\r' && len(p) == 2 && p[1] == '\n':
			c.readByte()
		case p[0] == '\r' && len(p) == 1 && err == io.EOF:
		default:
			goto record
		}
		c.readByte()
	}
record:
	rec.line, rec.off = c.line, c.off
	var (
		field    []byte
		fields   []string
		size     int  // bytes of the record read so far
		tooLarge bool // size passed max: stop storing, keep parsing
	)
	// count adds one byte to the record's size and reports whether it is still stored.
	count := func() bool {
		size++
		if !tooLarge && size > c.max {
			tooLarge, field, fields = true, nil, nil
		}
		return !tooLarge
	}
	add := func(b byte) {
		if count() {
			field = append(field, b)
		}
	}
	endField := func() {
		if !tooLarge {
			fields = append(fields, string(field))
		}
		field = field[:0]
	}
	finish := func() (csvRecord, error) {
		endField()
		if tooLarge {
			rec.skip = &skip{ErrTooLarge, fmt.Sprintf("record longer than %d bytes", c.max)}
			return rec, nil
		}
		rec.fields = fields
		return rec, nil
	}
	malformed := func(detail string) (csvRecord, error) {
		// Resynchronize at the end of the current line: the quoting is lost, so this is a
		// guess, but the best one available.
		for {
			b, err := c.readByte()
			if err == io.EOF || (err == nil && b == '\n') {
				break
			}
			if err != nil {
				return rec, err
			}
		}
		rec.skip = &skip{ErrMalformed, detail}
		return rec, nil
	}
	for {
		// Start of a field.
		b, err := c.readByte()
		if err == io.EOF {
			return finish()
		}
		if err != nil {
			return rec, err
		}
		if b != '"' {
			// Unquoted field: up to ',' or the end of the line.
			for {
				switch {
				case b == ',':
					count()
					endField()
				case b == '\n':
					return finish()
				case b == '\r' && (c.peekIs('\n') || c.atEOF()):
					// "\r\n" ends the line; a "\r" at the very end is dropped like encoding/csv.
					if _, err := c.readByte(); err != nil && err != io.EOF {
						return rec, err
					}
					return finish()
				default:
					add(b)
				}
				if b == ',' {
					break
				}
				b, err = c.readByte()
				if err == io.EOF {
					return finish()
				}
				if err != nil {
					return rec, err
				}
			}
			continue
		}
		// Quoted field: up to a closing quote.
		quoteLine := c.line
		count()
		for {
			b, err := c.readByte()
			if err == io.EOF {
				return malformed(fmt.Sprintf("quoted field opened on line %d never closed", quoteLine))
			}
			if err != nil {
				return rec, err
			}
			if b == '\r' && c.peekIs('\n') {
				continue // "\r\n" in a quoted field reads as "\n", as in encoding/csv
			}
			if b != '"' {
				add(b)
				continue
			}
			// A quote: doubled, or the end of the field.
			next, err := c.r.Peek(2)
			switch {
			case len(next) == 0 && err == io.EOF:
				return finish()
			case len(next) == 0:
				return rec, err
			case next[0] == '"':
				c.readByte()
				add('"')
				continue
			case next[0] == ',':
				c.readByte()
				count()
				endField()
			case next[0] == '\n':
				c.readByte()
				return finish()
			case next[0] == '\r' && (len(next) == 1 || next[1] == '\n'):
				c.readByte()
				if len(next) == 2 {
					c.readByte()
				}
				return finish()
			default:
				return malformed(fmt.Sprintf("line %d: unexpected %q after closing quote", c.line, next[0]))
			}
			break
		}
	}
}
