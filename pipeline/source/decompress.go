package source

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"sync/atomic"

	"github.com/klauspost/compress/zstd"
)

// compression is how an input's bytes are encoded on disk.
type compression int

const (
	compressionSniff compression = iota // look at the magic number: no extension said
	compressionNone
	compressionGzip
	compressionZstd
)

func (c compression) String() string {
	switch c {
	case compressionGzip:
		return "gzip"
	case compressionZstd:
		return "zstd"
	}
	return "plain"
}

var (
	gzipMagic = []byte{0x1f, 0x8b}
	zstdMagic = []byte{0x28, 0xb5, 0x2f, 0xfd}
)

// zstdMaxWindow caps the memory a zstd frame may ask for. Dumps compressed with ordinary
// levels use a few MiB; a larger claim is a corrupt or hostile file.
const zstdMaxWindow = 64 << 20

// streamError is a read failure that ends an input, tagged with the skip reason it stands
// for, so the record reporting it says whether the file was unreadable, cut short or not
// decodable at all.
type streamError struct {
	reason error // one of the Reasons
	err    error
}

func (e *streamError) Error() string { return e.err.Error() }
func (e *streamError) Unwrap() error { return e.err }

// taggedReader marks the errors of a raw input as ErrUnreadable, so a failing disk is told
// apart from a decoder error further up.
// It also counts the raw bytes read into Options.Counter, for progress and ETA.
type taggedReader struct {
	r     io.Reader
	count *atomic.Int64
}

func (t *taggedReader) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if t.count != nil {
		t.count.Add(int64(n))
	}
	if err != nil && err != io.EOF {
		var se *streamError
		if !errors.As(err, &se) {
			err = &streamError{reason: ErrUnreadable, err: err}
		}
	}
	return n, err
}

// decodeReader classifies a decompressor's errors and makes them sticky: bufio.Reader
// hands an error out once and then reads again, and a decoder must not be asked to go on
// past corrupt data.
type decodeReader struct {
	r    io.Reader
	comp compression
	err  error
}

func (d *decodeReader) Read(p []byte) (int, error) {
	if d.err != nil {
		return 0, d.err
	}
	n, err := d.r.Read(p)
	if err != nil {
		d.err = classifyDecodeError(err, d.comp)
		err = d.err
	}
	return n, err
}

// classifyDecodeError tells a stream cut short (ErrTruncated) from one that is not valid
// compressed data at all (ErrBinary); errors of the file below keep their own tag.
func classifyDecodeError(err error, comp compression) error {
	var se *streamError
	switch {
	case err == io.EOF:
		return err
	case errors.As(err, &se):
		return err
	case errors.Is(err, io.ErrUnexpectedEOF):
		return &streamError{reason: ErrTruncated, err: fmt.Errorf("%s stream ends early", comp)}
	default:
		return &streamError{reason: ErrBinary, err: fmt.Errorf("corrupt %s data: %w", comp, err)}
	}
}

// nopCloser closes nothing: plain inputs have no decoder to release.
type nopCloser struct{ io.Reader }

func (nopCloser) Close() error { return nil }

// zstdCloser releases a zstd decoder's goroutines and buffers.
type zstdCloser struct {
	io.Reader
	d *zstd.Decoder
}

func (z zstdCloser) Close() error { z.d.Close(); return nil }

// decompress wraps in in the decoder comp names, or the one in's magic number names when
// comp is compressionSniff. A stream that ends before the decoder's header is ErrTruncated;
// one whose header is wrong is ErrBinary.
func decompress(in *bufio.Reader, comp compression) (io.ReadCloser, error) {
	if comp == compressionSniff {
		comp = compressionNone
		magic, _ := in.Peek(len(zstdMagic))
		switch {
		case bytes.HasPrefix(magic, gzipMagic):
			comp = compressionGzip
		case bytes.HasPrefix(magic, zstdMagic):
			comp = compressionZstd
		}
	}
	if comp != compressionNone {
		if _, err := in.Peek(1); err == io.EOF {
			// An empty compressed file is one cut before its header, not an empty dump.
			return nil, classifyDecodeError(io.ErrUnexpectedEOF, comp)
		}
	}
	switch comp {
	case compressionGzip:
		zr, err := gzip.NewReader(in)
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, classifyDecodeError(err, comp)
		}
		return struct {
			io.Reader
			io.Closer
		}{&decodeReader{r: zr, comp: comp}, zr}, nil
	case compressionZstd:
		zr, err := zstd.NewReader(in,
			zstd.WithDecoderConcurrency(1),
			zstd.WithDecoderLowmem(true),
			zstd.WithDecoderMaxWindow(zstdMaxWindow))
		if err != nil {
			return nil, classifyDecodeError(err, comp)
		}
		return zstdCloser{&decodeReader{r: zr, comp: comp}, zr}, nil
	}
	return nopCloser{&decodeReader{r: in, comp: comp}}, nil
}
