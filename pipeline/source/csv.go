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

// next returns the next record. err is io.EOF after the last record, or the read error that
// cut the input short (a record cut short by it is dropped).
func (c *csvReader) next() (csvRecord, error) {
	if err := c.skipEmptyLines(); err != nil {
		return csvRecord{}, err
	}
	rec := csvRecord{line: c.line, off: c.off}
	buf := recordBuffer{max: c.max}
	for {
		var (
			end fieldEnd
			err error
		)
		if c.peekIs('"') {
			end, err = c.quotedField(&buf)
		} else {
			end, err = c.unquotedField(&buf)
		}
		if err != nil {
			return csvRecord{}, err
		}
		if end.malformed != "" {
			// The quoting is lost: resynchronize at the end of the line, a guess but the best
			// one available.
			if err := c.skipLine(); err != nil {
				return csvRecord{}, err
			}
			rec.skip = &skip{ErrMalformed, end.malformed}
			return rec, nil
		}
		buf.endField()
		if !end.comma {
			break
		}
		buf.count(1) // the comma counts towards the record's size
	}
	if buf.tooLarge {
		rec.skip = &skip{ErrTooLarge, fmt.Sprintf("record longer than %d bytes", c.max)}
	} else {
		rec.fields = buf.fields
	}
	return rec, nil
}

// fieldEnd says how a field ended: at a comma (another field follows), at the end of the
// line or input (the record is complete), or in a quoting error.
type fieldEnd struct {
	comma     bool
	malformed string // what is wrong, for the skip report
}

var (
	moreFields = fieldEnd{comma: true}
	endRecord  = fieldEnd{}
)

// skipEmptyLines skips the empty lines before a record, as encoding/csv does. It returns
// io.EOF when no record follows.
func (c *csvReader) skipEmptyLines() error {
	for {
		p, err := c.r.Peek(2)
		switch {
		case len(p) == 0:
			return err
		case p[0] == '\n':
			c.readByte()
		case p[0] == '\r' && len(p) == 2 && p[1] == '\n':
			c.readByte()
			c.readByte()
		case p[0] == '\r' && len(p) == 1 && err == io.EOF:
			c.readByte() // a lone "\r" at the very end
		default:
			return nil
		}
	}
}

// unquotedField reads a field that does not start with a quote, up to a comma or the end of
// the line. A quote inside it is taken literally.
func (c *csvReader) unquotedField(buf *recordBuffer) (fieldEnd, error) {
	for {
		b, err := c.readByte()
		switch {
		case err == io.EOF:
			return endRecord, nil
		case err != nil:
			return endRecord, err
		case b == ',':
			return moreFields, nil
		case b == '\n':
			return endRecord, nil
		case b == '\r' && c.crEndsLine():
			return endRecord, nil
		default:
			buf.add(b)
		}
	}
}

// crEndsLine reports whether the "\r" just read ends the line: "\r\n" (the "\n" is read
// too), or a "\r" at the very end, which encoding/csv drops. Any other "\r" is data.
func (c *csvReader) crEndsLine() bool {
	p, err := c.r.Peek(1)
	if err == nil && p[0] == '\n' {
		c.readByte()
		return true
	}
	return err == io.EOF
}

// quotedField reads a field from its opening quote to the closing one, and what follows: a
// comma, the end of the line, or the end of the input. A doubled quote is one quote of the
// field; "\r\n" inside it reads as "\n", as in encoding/csv.
func (c *csvReader) quotedField(buf *recordBuffer) (fieldEnd, error) {
	c.readByte() // the opening quote
	opened := c.line
	buf.count(1)
	for {
		b, err := c.readByte()
		switch {
		case err == io.EOF:
			return fieldEnd{malformed: fmt.Sprintf("quoted field opened on line %d never closed", opened)}, nil
		case err != nil:
			return endRecord, err
		case b == '\r' && c.peekIs('\n'):
			// dropped: the "\n" comes next
		case b != '"':
			buf.add(b)
		case c.peekIs('"'):
			c.readByte()
			buf.add('"')
		default:
			return c.afterClosingQuote()
		}
	}
}

// afterClosingQuote reads what ends a quoted field: a comma, "\n", "\r\n", a "\r" at the
// end, or the end of the input. Anything else is a quoting error.
func (c *csvReader) afterClosingQuote() (fieldEnd, error) {
	p, err := c.r.Peek(2)
	switch {
	case len(p) == 0 && err == io.EOF:
		return endRecord, nil
	case len(p) == 0:
		return endRecord, err
	case p[0] == ',':
		c.readByte()
		return moreFields, nil
	case p[0] == '\n':
		c.readByte()
		return endRecord, nil
	case p[0] == '\r' && len(p) == 1:
		c.readByte()
		return endRecord, nil
	case p[0] == '\r' && p[1] == '\n':
		c.readByte()
		c.readByte()
		return endRecord, nil
	default:
		return fieldEnd{malformed: fmt.Sprintf("line %d: unexpected %q after closing quote", c.line, p[0])}, nil
	}
}

// skipLine reads up to and including the next "\n", or to the end of the input.
func (c *csvReader) skipLine() error {
	for {
		b, err := c.readByte()
		if err == io.EOF || (err == nil && b == '\n') {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// recordBuffer collects the fields of one record. Once the record passes max bytes it
// stops storing them but keeps counting, so that the reader can go on to the record's end
// without holding it.
type recordBuffer struct {
	max      int
	size     int // bytes of the record so far
	tooLarge bool
	field    []byte // the field being read
	fields   []string
}

// count adds n bytes to the record's size.
func (r *recordBuffer) count(n int) {
	r.size += n
	if !r.tooLarge && r.size > r.max {
		r.tooLarge, r.field, r.fields = true, nil, nil
	}
}

// add appends b to the current field.
func (r *recordBuffer) add(b byte) {
	r.count(1)
	if !r.tooLarge {
		r.field = append(r.field, b)
	}
}

// endField closes the current field.
func (r *recordBuffer) endField() {
	if !r.tooLarge {
		r.fields = append(r.fields, string(r.field))
	}
	r.field = r.field[:0]
}
