package parse

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// The model file is gzip over: a magic string, the signature of the feature set it was
// trained with, the two table sizes, the label names, then each table as its non-zero
// weights, each a uvarint gap from the previous one and a zigzag varint value. Most
// weights are zero, so the gaps make the file a fraction of the tables' size.

const modelMagic = "NGPARSE1"

// featureVersion changes whenever the features change meaning without the templates
// changing (normalization, hashing), so that an old model is refused rather than misread.
const featureVersion = 1

// signature identifies the feature set and label set a model's weights belong to.
func signature() uint64 {
	h := mix(uint64(featureVersion)*mixK, uint64(numFeatures))
	for _, t := range templates {
		for _, a := range t {
			h = mix(h, uint64(a))
		}
	}
	for _, name := range labelNames {
		h = mix(h, hashBytes(name))
	}
	return finish(h)
}

// Save writes the model. The same model always gives the same bytes.
func (p *Parser) Save(w io.Writer) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(zw)
	bw.WriteString(modelMagic)
	var buf [binary.MaxVarintLen64]byte
	binary.LittleEndian.PutUint64(buf[:8], signature())
	bw.Write(buf[:8])
	bw.WriteByte(p.w.moveBits)
	bw.WriteByte(p.w.labelBits)
	bw.WriteByte(byte(numLabels))
	for _, name := range labelNames {
		bw.WriteByte(byte(len(name)))
		bw.WriteString(name)
	}
	for _, table := range [][]byte{p.w.move, p.w.label} {
		n := len(table) / 2
		nonzero := 0
		for i := range n {
			if at(table, i) != 0 {
				nonzero++
			}
		}
		bw.Write(binary.AppendUvarint(buf[:0], uint64(nonzero)))
		last := -1
		for i := range n {
			v := at(table, i)
			if v == 0 {
				continue
			}
			b := binary.AppendUvarint(buf[:0], uint64(i-last-1))
			b = binary.AppendVarint(b, int64(v))
			bw.Write(b)
			last = i
		}
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

// Load reads a model written by Save. A file from another version of the features, or a
// damaged one, is an error.
func Load(r io.Reader) (*Parser, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("parse model: %w", err)
	}
	br := bufio.NewReader(zr)
	p, err := decodeModel(br)
	if err != nil {
		return nil, fmt.Errorf("parse model: %w", err)
	}
	if _, err := br.ReadByte(); err != io.EOF {
		return nil, errors.New("parse model: trailing data")
	}
	return p, nil
}

func decodeModel(br *bufio.Reader) (*Parser, error) {
	head := make([]byte, len(modelMagic)+8+3)
	if _, err := io.ReadFull(br, head); err != nil {
		return nil, fmt.Errorf("header: %w", noEOF(err))
	}
	if string(head[:len(modelMagic)]) != modelMagic {
		return nil, errors.New("not a newsgraph parser model")
	}
	head = head[len(modelMagic):]
	if binary.LittleEndian.Uint64(head) != signature() {
		return nil, errors.New("trained with other features or labels than this version of the parser")
	}
	moveBits, labelBits, nl := head[8], head[9], head[10]
	if moveBits < 8 || moveBits > 26 || labelBits < 8 || labelBits > 26 {
		return nil, fmt.Errorf("table sizes 2^%d, 2^%d out of range", moveBits, labelBits)
	}
	if nl != byte(numLabels) {
		return nil, fmt.Errorf("%d labels, want %d", nl, numLabels)
	}
	for i := range labelNames {
		n, err := br.ReadByte()
		if err != nil {
			return nil, fmt.Errorf("labels: %w", noEOF(err))
		}
		name := make([]byte, n)
		if _, err := io.ReadFull(br, name); err != nil {
			return nil, fmt.Errorf("labels: %w", noEOF(err))
		}
		if string(name) != labelNames[i] {
			return nil, fmt.Errorf("label %d is %q, want %q", i, name, labelNames[i])
		}
	}
	w := newPacked(sizes{moveBits, labelBits})
	for _, table := range [][]byte{w.move, w.label} {
		if err := readTable(br, table); err != nil {
			return nil, err
		}
	}
	return &Parser{w: w}, nil
}

func readTable(br *bufio.Reader, table []byte) error {
	n := len(table) / 2
	nonzero, err := binary.ReadUvarint(br)
	if err != nil {
		return fmt.Errorf("weights: %w", noEOF(err))
	}
	if nonzero > uint64(n) {
		return fmt.Errorf("%d weights for a table of %d", nonzero, n)
	}
	i := -1
	for range nonzero {
		gap, err := binary.ReadUvarint(br)
		if err != nil {
			return fmt.Errorf("weights: %w", noEOF(err))
		}
		v, err := binary.ReadVarint(br)
		if err != nil {
			return fmt.Errorf("weights: %w", noEOF(err))
		}
		if gap >= uint64(n-i-1) || v == 0 || v < -weightMax || v > weightMax {
			return fmt.Errorf("bad weight (gap %d, value %d) after index %d", gap, v, i)
		}
		i += int(gap) + 1
		set(table, i, int16(v))
	}
	return nil
}

func noEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}
