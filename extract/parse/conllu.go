package parse

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Sentence is one sentence of a treebank: its syntactic words (multiword tokens such as
// "don't" come as "do" "n't", the way UD splits them), the tags the parser reads, and the
// gold tree.
type Sentence struct {
	ID   string // the "# sent_id" comment, if any
	Text string // the "# text" comment, if any
	Line int    // line of the sentence's first word in its file

	Words []string
	// Tags are the Penn Treebank tags the parser reads. The reader fills them with the
	// file's XPOS column; the trainer replaces them with newsgraph's tagger's output, which
	// is what the parser sees at run time.
	Tags   []string
	Heads  []int // Heads[i] is the index of word i's head, -1 for the root
	Labels []Label
}

// Len returns the number of words.
func (s *Sentence) Len() int { return len(s.Words) }

// SyntaxError is a malformed sentence in a CoNLL-U file. The Reader has skipped the rest of
// that sentence when it returns one, so reading can go on.
type SyntaxError struct {
	Line int // 1-based line of the offending line
	Msg  string
}

func (e *SyntaxError) Error() string { return "line " + strconv.Itoa(e.Line) + ": " + e.Msg }

// maxLine bounds a CoNLL-U line; a longer one is an error, not an unbounded allocation.
const maxLine = 1 << 20

// Reader reads sentences from CoNLL-U (https://universaldependencies.org/format.html).
// Empty nodes (IDs like 8.1) and multiword-token lines (3-4) are skipped: the parser works
// on syntactic words.
type Reader struct {
	sc   *bufio.Scanner
	line int
	done bool
}

// NewReader returns a Reader of r.
func NewReader(r io.Reader) *Reader {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	return &Reader{sc: sc}
}

// Read returns the next sentence, or io.EOF after the last. A malformed sentence is a
// *SyntaxError, after which Read may be called again for the next sentence; any other error
// (reading r, an overlong line) ends the input.
func (r *Reader) Read() (*Sentence, error) {
	for !r.done {
		s, err := r.block()
		if err != nil || s != nil {
			return s, err
		}
	}
	return nil, io.EOF
}

// block reads lines up to the next blank line and parses them: a sentence, nil for a block
// of comments only, or an error.
func (r *Reader) block() (*Sentence, error) {
	s := &Sentence{}
	var bad *SyntaxError
	fail := func(format string, args ...any) {
		if bad == nil {
			bad = &SyntaxError{Line: r.line, Msg: fmt.Sprintf(format, args...)}
		}
	}
	var heads []string
	var headLines []int
	for {
		if !r.sc.Scan() {
			r.done = true
			if err := r.sc.Err(); err != nil {
				if errors.Is(err, bufio.ErrTooLong) {
					return nil, &SyntaxError{Line: r.line + 1, Msg: fmt.Sprintf("line longer than %d bytes", maxLine)}
				}
				return nil, fmt.Errorf("line %d: %w", r.line+1, err)
			}
			break
		}
		r.line++
		line := strings.TrimSuffix(r.sc.Text(), "\r")
		if strings.TrimSpace(line) == "" {
			if len(s.Words) > 0 || bad != nil {
				break
			}
			s = &Sentence{} // comments of a block with no words belong to nothing
			continue
		}
		if bad != nil {
			continue // skip the rest of a bad sentence
		}
		if line[0] == '#' {
			if v, ok := comment(line, "sent_id"); ok {
				s.ID = v
			} else if v, ok := comment(line, "text"); ok {
				s.Text = v
			}
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 10 {
			fail("want 10 tab-separated fields, got %d", len(f))
			continue
		}
		id := f[0]
		if strings.ContainsAny(id, "-.") {
			if !isRange(id) {
				fail("bad ID %q", id)
			}
			continue // multiword token or empty node
		}
		n, err := strconv.Atoi(id)
		if err != nil || n != len(s.Words)+1 {
			fail("ID %q out of sequence: want %d", id, len(s.Words)+1)
			continue
		}
		if f[1] == "" {
			fail("empty FORM")
			continue
		}
		label, ok := LabelOf(f[7])
		if !ok {
			fail("unknown DEPREL %q", f[7])
			continue
		}
		tag := f[4]
		if tag == "_" || tag == "" {
			tag = f[3] // no XPOS: the universal tag is better than nothing
		}
		if len(s.Words) == 0 {
			s.Line = r.line
		}
		s.Words = append(s.Words, f[1])
		s.Tags = append(s.Tags, tag)
		s.Labels = append(s.Labels, label)
		heads = append(heads, f[6])
		headLines = append(headLines, r.line)
	}
	if bad != nil {
		return nil, bad
	}
	if len(s.Words) == 0 {
		return nil, nil
	}
	s.Heads = make([]int, len(heads))
	for i, h := range heads {
		n, err := strconv.Atoi(h)
		if err != nil || n < 0 || n > len(heads) || n == i+1 {
			return nil, &SyntaxError{Line: headLines[i], Msg: fmt.Sprintf("bad HEAD %q for a sentence of %d words", h, len(heads))}
		}
		s.Heads[i] = n - 1
	}
	if i := cycle(s.Heads); i >= 0 {
		return nil, &SyntaxError{Line: headLines[i], Msg: fmt.Sprintf("word %d is in a cycle of heads", i+1)}
	}
	return s, nil
}

// comment returns the value of a "# key = value" line.
func comment(line, key string) (string, bool) {
	rest, ok := strings.CutPrefix(strings.TrimLeft(line[1:], " "), key)
	if !ok {
		return "", false
	}
	rest = strings.TrimLeft(rest, " ")
	if rest == "" || rest[0] != '=' {
		return "", false
	}
	return strings.TrimSpace(rest[1:]), true
}

// isRange reports whether id is a multiword-token range (3-4) or an empty node (8.1).
func isRange(id string) bool {
	for _, sep := range []string{"-", "."} {
		if a, b, ok := strings.Cut(id, sep); ok {
			_, err1 := strconv.Atoi(a)
			_, err2 := strconv.Atoi(b)
			return err1 == nil && err2 == nil
		}
	}
	return false
}

// cycle returns a word whose chain of heads never reaches the root, or -1.
func cycle(heads []int) int {
	// state: 0 unvisited, 1 on the current path, 2 reaches the root
	state := make([]uint8, len(heads))
	for i := range heads {
		j := i
		for j >= 0 && state[j] == 0 {
			state[j] = 1
			j = heads[j]
		}
		if j >= 0 && state[j] == 1 {
			return j
		}
		for j := i; j >= 0 && state[j] == 1; j = heads[j] {
			state[j] = 2
		}
	}
	return -1
}
