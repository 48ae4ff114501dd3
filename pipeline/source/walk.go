package source

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/newsgraph/newsgraph/extract"
)

// sniffLen is how much of a decompressed input is looked at before reading it: enough to
// spot a binary file by its NUL bytes and to tell JSON from plain text.
const sniffLen = 8 << 10

// bufSize is the read buffer of every input. Lines longer than this are still read whole (up
// to MaxBytes); it only sets how much is fetched per system call.
const bufSize = 64 << 10

// format is how the decompressed bytes of an input are parsed.
type format int

const (
	formatSniff     format = iota // decide from the content: JSON Lines if it starts with '{'
	formatText                    // the whole input is one article
	formatJSONL                   // one JSON object per line
	formatCSV                     // a header row, then one article per record
	formatJSONArray               // one JSON array of objects (sniffed, never named)
)

// Walk reads every input in order and calls fn once per record, good or bad. An input is a
// file, a folder (its files with one of Options.Extensions, recursively, sorted by path) or
// "-" for stdin, whose format is sniffed: JSON Lines if the first non-space byte is '{', else
// one plain-text article. A .json file (or stdin) holding one JSON array of objects is read
// element by element. Compression is told by the extension (.gz, .zst) or, failing that,
// by the magic number. The order of records is deterministic.
//
// Walk returns only fn's error or ctx's. A bad input (missing, unreadable, truncated,
// binary) is passed to fn as a Record with Err, like a bad record, so one broken file in a
// folder of thousands never stops a run.
func Walk(ctx context.Context, inputs []string, opts Options, stdin io.Reader, fn func(Record) error) error {
	w := &walker{ctx: ctx, opts: opts.withDefaults(), fn: fn}
	for _, in := range inputs {
		if err := ctx.Err(); err != nil {
			return err
		}
		var err error
		if in == "-" {
			if stdin == nil {
				stdin = bytes.NewReader(nil)
			}
			err = w.read("-", io.NopCloser(stdin), formatSniff, compressionSniff)
		} else {
			err = w.path(in)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// walker carries what every reader needs; one per Walk call, so Walk is safe for concurrent
// use.
type walker struct {
	ctx  context.Context
	opts Options
	fn   func(Record) error
}

// emit hands one record to fn, first checking ctx so a cancelled run stops between records.
func (w *walker) emit(rec Record) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	return w.fn(rec)
}

// fail emits an error record at pos wrapping reason, with detail for the person reading
// the log. An error about a whole file (no line, no offset) names just the file.
func (w *walker) fail(pos Position, reason error, detail string) error {
	where := pos.String()
	if pos.Line == 0 && pos.Offset == 0 {
		where = pos.File
	}
	return w.emit(Record{Pos: pos, Err: fmt.Errorf("%s: %w: %s", where, reason, detail)})
}

// emitArticle emits a good article, or the error record sk stands for.
func (w *walker) emitArticle(pos Position, a extract.Article, sk *skip) error {
	if sk != nil {
		return w.fail(pos, sk.reason, sk.detail)
	}
	return w.emit(Record{Article: a, Pos: pos})
}

// failStream emits the record standing for a read error that ends an input at pos, whose
// Offset is how far the input was read.
func (w *walker) failStream(pos Position, err error) error {
	reason := ErrUnreadable
	var se *streamError
	if errors.As(err, &se) {
		reason = se.reason
	}
	detail := errDetail(err)
	if reason == ErrTruncated {
		detail = fmt.Sprintf("%s after %d bytes", detail, pos.Offset)
	}
	return w.fail(pos, reason, detail)
}

// errDetail is err's message without the file name a *fs.PathError repeats: the record's
// message already starts with it.
func errDetail(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Op + ": " + pe.Err.Error()
	}
	return err.Error()
}

// path reads one named input: a folder is expanded, anything else opened as a file.
func (w *walker) path(name string) error {
	info, err := os.Stat(name)
	if err != nil {
		return w.fail(Position{File: name}, ErrUnreadable, errDetail(err))
	}
	if !info.IsDir() {
		return w.file(name)
	}
	entries, err := w.list(name)
	if err != nil {
		return w.fail(Position{File: name}, ErrUnreadable, errDetail(err))
	}
	for _, e := range entries {
		if e.err != nil {
			if err := w.fail(Position{File: e.path}, ErrUnreadable, errDetail(e.err)); err != nil {
				return err
			}
			continue
		}
		if err := w.file(e.path); err != nil {
			return err
		}
	}
	return nil
}

// TotalSize returns the bytes on disk of every file Walk would read, for an ETA. It is
// false when an input's size cannot be known in advance (stdin).
func TotalSize(ctx context.Context, inputs []string, opts Options) (int64, bool) {
	w := &walker{ctx: ctx, opts: opts.withDefaults()}
	var total int64
	for _, in := range inputs {
		if in == "-" {
			return 0, false
		}
		info, err := os.Stat(in)
		if err != nil {
			continue // Walk reports it; it adds nothing to read
		}
		if !info.IsDir() {
			total += info.Size()
			continue
		}
		entries, err := w.list(in)
		if err != nil {
			continue
		}
		for _, e := range entries {
			if fi, err := os.Stat(e.path); err == nil && e.err == nil {
				total += fi.Size()
			}
		}
	}
	return total, true
}

// entry is a file found in a folder, or a subfolder that could not be listed.
type entry struct {
	path string
	err  error
}

// list returns the files under root whose names end in one of the extensions, sorted by
// path so runs are reproducible whatever order the file system returns. Symlinks to files
// are kept (opening follows them); symlinks to folders are not followed, which rules out
// cycles.
func (w *walker) list(root string) ([]entry, error) {
	var out []entry
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == root {
				return err
			}
			out = append(out, entry{path: path, err: err})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if err := w.ctx.Err(); err != nil {
			return err
		}
		if !d.IsDir() && hasExtension(d.Name(), w.opts.Extensions) {
			out = append(out, entry{path: path})
		}
		return nil
	})
	slices.SortFunc(out, func(a, b entry) int { return strings.Compare(a.path, b.path) })
	return out, err
}

// hasExtension reports whether name ends with one of exts, ignoring case.
func hasExtension(name string, exts []string) bool {
	lower := strings.ToLower(name)
	for _, e := range exts {
		if strings.HasSuffix(lower, strings.ToLower(e)) {
			return true
		}
	}
	return false
}

// file opens and reads one file. Its format comes from its extension; a file named
// explicitly with an unknown extension is sniffed like stdin.
func (w *walker) file(name string) error {
	f, err := os.Open(name)
	if err != nil {
		return w.fail(Position{File: name}, ErrUnreadable, errDetail(err))
	}
	comp, form := classify(name)
	return w.read(name, f, form, comp)
}

// classify tells an input's compression and format from its name.
func classify(name string) (compression, format) {
	lower := strings.ToLower(filepath.Base(name))
	comp := compressionSniff
	switch {
	case strings.HasSuffix(lower, ".gz"):
		comp, lower = compressionGzip, strings.TrimSuffix(lower, ".gz")
	case strings.HasSuffix(lower, ".zst"):
		comp, lower = compressionZstd, strings.TrimSuffix(lower, ".zst")
	}
	switch filepath.Ext(lower) {
	case ".txt":
		return comp, formatText
	case ".jsonl", ".json", ".ndjson":
		return comp, formatJSONL
	case ".csv":
		return comp, formatCSV
	}
	return comp, formatSniff
}

// read decompresses, sniffs and parses one input, closing it when done.
func (w *walker) read(name string, raw io.ReadCloser, form format, comp compression) error {
	defer raw.Close()
	in := bufio.NewReaderSize(&taggedReader{r: raw, count: w.opts.Counter}, bufSize)
	dec, err := decompress(in, comp)
	if err != nil {
		return w.failStream(Position{File: name}, err)
	}
	defer dec.Close()
	r := bufio.NewReaderSize(dec, bufSize)
	head, err := r.Peek(sniffLen)
	if len(head) == 0 && err != nil && err != io.EOF {
		return w.failStream(Position{File: name}, err) // not one byte: a whole-file error
	}
	// Otherwise a read error shows up again, sticky, when the reader gets to it.
	if bytes.IndexByte(head, 0) >= 0 {
		return w.fail(Position{File: name}, ErrBinary, "NUL byte in the first bytes")
	}
	sniffed := form == formatSniff
	if sniffed {
		form = formatText
		if t := bytes.TrimLeft(head, " \t\r\n\ufeff"); len(t) > 0 && t[0] == '{' {
			form = formatJSONL
		}
	}
	if (sniffed || form == formatJSONL) && isJSONArray(head) {
		form = formatJSONArray
	}
	switch form {
	case formatJSONL:
		return w.readJSONL(name, r)
	case formatJSONArray:
		return w.readJSONArray(name, r)
	case formatCSV:
		return w.readCSV(name, r)
	default:
		return w.readText(name, r)
	}
}
