// Package source reads article dumps: plain-text articles, JSON Lines and CSV, gzip or zstd
// compressed, single files, folders and stdin. A malformed record never stops a run: it is
// reported as a Record with Err set, carrying its file and line, and the next record follows.
package source

import (
	"errors"
	"fmt"
	"slices"
	"sync/atomic"

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

var reasons = []error{ErrMalformed, ErrInvalidUTF8, ErrEmptyText, ErrTooLarge, ErrBinary, ErrUnreadable, ErrTruncated}

// Reasons yields the skip reasons in the order summaries print them:
//
//	for _, reason := range source.Reasons { … }
//
// It is an iterator rather than a slice so that no importer can change the list.
func Reasons(yield func(int, error) bool) { slices.All(reasons)(yield) }

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

// DefaultMaxBytes bounds one record when Options.MaxBytes is zero. News articles are a few
// kilobytes; anything this large is almost surely a broken dump (a missing newline, an
// embedded file) and reading it whole would only risk memory.
const DefaultMaxBytes = 8 << 20

// Options tells Walk how to read dumps. The zero value reads every supported format with the
// default field names.
type Options struct {
	Fields     Fields   // JSON/CSV field names; empty lists take the defaults
	MaxBytes   int      // max bytes of one record or article; 0 means DefaultMaxBytes
	Extensions []string // file name endings picked up inside folders; nil means .txt .jsonl .json .ndjson .csv, plain, .gz or .zst
	// Counter, if set, is advanced by every raw (still compressed) byte read, so a progress
	// display can compare it with TotalSize.
	Counter *atomic.Int64
}

// Fields lists, for each article field, the JSON keys or CSV header names that may hold it,
// in order of preference: the first one present (and not null) wins. Names match exactly
// first, then case-insensitively, since CSV headers in the wild are often "Title" or "TEXT".
type Fields struct {
	ID, Title, Date, Text, URL, Source []string
}

// defaultFields are the names used for any list left empty in Options.Fields. Read-only.
var defaultFields = Fields{
	ID:     []string{"id"},
	Title:  []string{"title", "headline"},
	Date:   []string{"date", "published", "published_at", "publish_date"},
	Text:   []string{"text", "body", "content"},
	URL:    []string{"url", "link"},
	Source: []string{"source", "publisher"},
}

// defaultExtensions are the endings Walk picks up inside folders when Options.Extensions is
// nil: every supported format, plain or compressed. Read-only.
var defaultExtensions = []string{
	".txt", ".jsonl", ".json", ".ndjson", ".csv",
	".txt.gz", ".jsonl.gz", ".json.gz", ".ndjson.gz", ".csv.gz",
	".txt.zst", ".jsonl.zst", ".json.zst", ".ndjson.zst", ".csv.zst",
}

// withDefaults returns a copy of o with every zero field replaced by its default, so the
// readers never have to check for zero values themselves.
func (o Options) withDefaults() Options {
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.Extensions == nil {
		o.Extensions = defaultExtensions
	}
	f, d := &o.Fields, defaultFields
	for _, p := range []struct {
		dst *[]string
		def []string
	}{
		{&f.ID, d.ID}, {&f.Title, d.Title}, {&f.Date, d.Date},
		{&f.Text, d.Text}, {&f.URL, d.URL}, {&f.Source, d.Source},
	} {
		if len(*p.dst) == 0 {
			*p.dst = p.def
		}
	}
	return o
}
