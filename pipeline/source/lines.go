package source

import (
	"bufio"
	"bytes"
	"io"
)

// lineReader streams lines with a bound on their length. A line longer than max is
// consumed in buffer-sized chunks and dropped, so one 10 MB article costs 64 KiB of memory,
// not 10 MB, and the next line is read normally.
type lineReader struct {
	r    *bufio.Reader
	max  int
	line int   // number of the line last returned (1-based)
	off  int64 // offset just past the line last returned
	buf  []byte
}

func newLineReader(r *bufio.Reader, max int) *lineReader {
	return &lineReader{r: r, max: max}
}

// next returns the next line without its "\n" or "\r\n", the offset it starts at, and
// whether it was longer than max (then line is nil). err is io.EOF after the last line,
// or the read error that cut the input short; a partial line before such an error is
// dropped since its end is missing. The slice is valid until the next call.
func (lr *lineReader) next() (line []byte, start int64, tooLarge bool, err error) {
	lr.buf = lr.buf[:0]
	start = lr.off
	lr.line++
	for {
		chunk, err := lr.r.ReadSlice('\n')
		lr.off += int64(len(chunk))
		if !tooLarge {
			// +2 leaves room for the "\r\n" that is trimmed below.
			if len(lr.buf)+len(chunk) > lr.max+2 {
				tooLarge, lr.buf = true, lr.buf[:0]
			} else {
				lr.buf = append(lr.buf, chunk...)
			}
		}
		switch err {
		case bufio.ErrBufferFull:
			continue
		case nil:
		case io.EOF:
			if lr.off == start {
				return nil, start, false, io.EOF
			}
		default:
			return nil, start, false, err
		}
		if tooLarge {
			return nil, start, true, nil
		}
		line = bytes.TrimSuffix(lr.buf, []byte("\n"))
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(line) > lr.max {
			return nil, start, true, nil
		}
		return line, start, false, nil
	}
}
