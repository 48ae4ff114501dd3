// Package weights stores the sparse int16 weight tables of newsgraph's linear models (the
// entity model and the stance model): most weights are zero, so a table is written as the
// count of non-zero weights, then for each a uvarint gap from the previous index (the first
// counted from -1) and its value as a zigzag varint. A model file starts with its magic and
// feature version (WriteHeader), so a model trained with other features is refused.
package weights

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
)

// ErrFormat is wrapped by every error Read returns for malformed data.
var ErrFormat = errors.New("malformed weight table")

// Write writes the non-zero weights of w.
func Write(bw io.Writer, w []int16) error {
	nonzero := 0
	for _, v := range w {
		if v != 0 {
			nonzero++
		}
	}
	buf := binary.AppendUvarint(make([]byte, 0, 4096), uint64(nonzero))
	last := -1
	for i, v := range w {
		if v == 0 {
			continue
		}
		buf = binary.AppendUvarint(buf, uint64(i-last))
		buf = binary.AppendVarint(buf, int64(v))
		last = i
		if len(buf) > 4000 {
			if _, err := bw.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	_, err := bw.Write(buf)
	return err
}

// Read fills w (which the caller sized) from a table Write wrote; weights it does not name
// are left as they are (zero in a fresh table). Indexes outside w, repeated indexes and
// values outside int16 are errors, never panics.
func Read(br io.ByteReader, w []int16) error {
	nonzero, err := binary.ReadUvarint(br)
	if err != nil || nonzero > uint64(len(w)) {
		return fmt.Errorf("%w: weight count", ErrFormat)
	}
	i := -1
	for range nonzero {
		d, err := binary.ReadUvarint(br)
		if err != nil {
			return fmt.Errorf("%w: weights: %v", ErrFormat, err)
		}
		v, err := binary.ReadVarint(br)
		if err != nil || d == 0 || d > uint64(len(w)) || v < math.MinInt16 || v > math.MaxInt16 {
			return fmt.Errorf("%w: bad weight", ErrFormat)
		}
		if i += int(d); i >= len(w) {
			return fmt.Errorf("%w: weight index out of range", ErrFormat)
		}
		w[i] = int16(v)
	}
	return nil
}

// WriteHeader writes the start of a model file: its magic, then the version of the
// features the weights belong to, as a uvarint length and the bytes.
func WriteHeader(w io.Writer, magic, version string) error {
	b := append([]byte(magic), binary.AppendUvarint(nil, uint64(len(version)))...)
	_, err := w.Write(append(b, version...))
	return err
}

// ReadHeader reads what WriteHeader wrote and returns the version, which the caller compares
// with its own: a wrong magic, a version longer than maxVersion bytes or a short read are
// ErrFormat.
func ReadHeader(r io.ByteReader, magic string, maxVersion int) (string, error) {
	for i := range len(magic) {
		if b, err := r.ReadByte(); err != nil || b != magic[i] {
			return "", fmt.Errorf("%w: not this kind of model", ErrFormat)
		}
	}
	n, err := binary.ReadUvarint(r)
	if err != nil || n > uint64(maxVersion) {
		return "", fmt.Errorf("%w: bad feature version", ErrFormat)
	}
	v := make([]byte, n)
	for i := range v {
		if v[i], err = r.ReadByte(); err != nil {
			return "", fmt.Errorf("%w: bad feature version", ErrFormat)
		}
	}
	return string(v), nil
}
