// Package source reads article dumps: plain-text articles, JSON Lines and CSV, gzip or zstd
// compressed, single files, folders and stdin. A malformed record never stops a run: it is
// reported as a Record with Err set, carrying its file and line, and the next record follows.
package source

import (
	"errors"
	"fmt"

	"github.com/newsgraph/newsgraph/extract"
)

// Reasons a record is skipped. Record.Err wraps exactly one of them, so callers can count
// skips by reason with errors.Is.
var (
	ErrMalformed   = errors.New("malformed record")
	ErrInvalidUTF8 = errors.New("invalid UTF-8")
	ErrEmptyText   = errors.New("empty text")
	ErrTooLarge    = errors.New("record too large")
	ErrBinary      = errors.New("binary file")
	ErrUnreadable  = errors.New("unreadable input")
	ErrTruncated   = errors.New("truncated input")
)

// Reasons lists the skip reasons in the order summaries print them.
var Reasons = []error{ErrMalformed, ErrInvalidUTF8, ErrEmptyText, ErrTooLarge, ErrBinary, ErrUnreadable, ErrTruncated}

// Position locates a record in its input: the line for line-based formats, else the byte
// offset.
type Position struct {
	File   string // "-" for stdin
	Line   int    // 1-based; 0 when unknown
	Offset int64  // byte offset of the record's start in the decompressed stream
}

func (p Position) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s line %d", p.File, p.Line)
	}
	return fmt.Sprintf("%s offset %d", p.File, p.Offset)
}

// Record is one article read from a dump, or the error that stands in its place.
type Record struct {
	Article extract.Article
	Pos     Position
	Err     error // non-nil: the record is skipped; wraps one of the Reasons
}
