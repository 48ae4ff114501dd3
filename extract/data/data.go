// Package data holds the word lists newsgraph ships: the gazetteer, aliases, demonyms,
// titles, given names, stance cues, and the public place and name lists behind the entity
// model's gazetteer features. They are embedded, read-only, and shared by extract and its
// model packages; each file's header says where it comes from.
package data

import (
	"bufio"
	"embed"
	"fmt"
	"io"
	"strings"
)

// FS holds every shipped list, by file name.
//
//go:embed *.tsv *.txt
var FS embed.FS

// EachLine calls fn with the tab-separated fields of every line of r that is neither blank
// nor a "#" comment; an error from fn comes back with the file name and line number.
func EachLine(r io.Reader, file string, fn func(fields []string) error) error {
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		if err := fn(strings.Split(text, "\t")); err != nil {
			return fmt.Errorf("%s line %d: %w", file, line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	return nil
}
