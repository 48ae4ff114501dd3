package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"
)

// readIDs reads article ids, one a line. Each line is trimmed, as the dump readers trim ids;
// blank lines and lines starting with # are skipped. A line that is not UTF-8 is an error
// naming name and the line: a mangled id would silently retract nothing.
func readIDs(r io.Reader, name string) ([]string, error) {
	var ids []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for line := 1; sc.Scan(); line++ {
		id := strings.TrimSpace(sc.Text())
		switch {
		case id == "" || strings.HasPrefix(id, "#"):
		case !utf8.ValidString(id):
			return nil, fmt.Errorf("%s:%d: article id is not valid UTF-8", name, line)
		default:
			ids = append(ids, id)
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("%s: a line longer than 1 MiB is no article id", name)
		}
		return nil, fmt.Errorf("reading ids from %s: %w", name, err)
	}
	return ids, nil
}

// readIDsFile is readIDs on the file name, or on stdin for "-".
func readIDsFile(name string, stdin io.Reader) ([]string, error) {
	if name == "-" {
		return readIDs(stdin, "stdin")
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("reading ids: %w", err)
	}
	defer f.Close()
	return readIDs(f, name)
}
