package source

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/klauspost/compress/zstd"
)

// mustWalk runs Walk and returns every record; Walk itself must not fail.
func mustWalk(tb testing.TB, inputs []string, opts Options, stdin string) []Record {
	tb.Helper()
	var recs []Record
	err := Walk(context.Background(), inputs, opts, bytes.NewReader([]byte(stdin)), func(r Record) error {
		recs = append(recs, r)
		return nil
	})
	if err != nil {
		tb.Fatalf("Walk: %v", err)
	}
	return recs
}

// mustWriteFiles writes files (path relative to dir → content) under dir.
func mustWriteFiles(tb testing.TB, dir string, files map[string][]byte) {
	tb.Helper()
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

// mustGzip compresses data, flushing after each chunk so a prefix of the output decodes to
// a prefix of the input: truncation tests rely on records before the cut arriving.
func mustGzip(tb testing.TB, chunks ...string) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	for _, c := range chunks {
		if _, err := zw.Write([]byte(c)); err != nil {
			tb.Fatal(err)
		}
		if err := zw.Flush(); err != nil {
			tb.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// mustZstd compresses data like mustGzip, one flushed block per chunk.
func mustZstd(tb testing.TB, chunks ...string) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw, err := zstd.NewWriter(&buf)
	if err != nil {
		tb.Fatal(err)
	}
	for _, c := range chunks {
		if _, err := zw.Write([]byte(c)); err != nil {
			tb.Fatal(err)
		}
		if err := zw.Flush(); err != nil {
			tb.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// truncated returns the compressed form of chunks cut in the middle of the last chunk's
// data, so every chunk but the last decodes.
func truncated(tb testing.TB, compress func(testing.TB, ...string) []byte, chunks ...string) []byte {
	tb.Helper()
	whole := compress(tb, chunks...)
	prefix := compress(tb, chunks[:len(chunks)-1]...)
	// prefix ends with the end-of-stream trailer; the shared part is the flushed blocks.
	n := 0
	for n < len(prefix) && n < len(whole) && prefix[n] == whole[n] {
		n++
	}
	return whole[:n+(len(whole)-n)/3]
}

// jsonLine is one JSON Lines article with the given id and text.
func jsonLine(id, text string) string {
	return `{"id":"` + id + `","text":"` + text + `"}` + "\n"
}
