package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
)

// readIDs reads article ids, one a line. Each line is trimmed, as the dump readers trim ids;
// blank lines and lines starting with # are skipped. name is for errors.
func readIDs(r io.Reader, name string) ([]string, error) {
	var ids []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		id := strings.TrimSpace(sc.Text())
		if id == "" || strings.HasPrefix(id, "#") {
			continue
		}
		ids = append(ids, id)
	}
	if err := sc.Err(); err != nil {
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
