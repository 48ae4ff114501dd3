package source

import (
	"bufio"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/newsgraph/newsgraph/extract"
)

// readText reads a whole input as one article. The text is kept byte for byte, leading
// "date" line included, because mention offsets must point into the file as it is.
func (w *walker) readText(name string, r *bufio.Reader) error {
	pos := Position{File: name, Line: 1}
	// One byte past the limit tells "exactly MaxBytes" from "more".
	data, err := io.ReadAll(io.LimitReader(r, int64(w.opts.MaxBytes)+1))
	if err != nil {
		return w.failStream(Position{File: name, Offset: int64(len(data))}, err)
	}
	if len(data) > w.opts.MaxBytes {
		return w.fail(pos, ErrTooLarge, fmt.Sprintf("article longer than %d bytes", w.opts.MaxBytes))
	}
	a, sk := parseTextArticle(textID(name), data)
	return w.emitArticle(pos, a, sk)
}

// parseTextArticle makes an article of a plain-text file's content; an empty id is replaced
// by the content id (stdin has no file name). It is pure, for fuzzing.
func parseTextArticle(id string, data []byte) (extract.Article, *skip) {
	text := string(data)
	if sk := validText(text); sk != nil {
		return extract.Article{}, sk
	}
	if id == "" {
		id = contentID(text)
	}
	return extract.Article{ID: id, Date: textDate(text), Text: text}, nil
}

// textID is a text file's article id: its name without directory and extensions
// ("a/000_936bf6869ce0e766.txt.gz" → "000_936bf6869ce0e766"); "" for stdin.
func textID(name string) string {
	if name == "-" {
		return ""
	}
	base := filepath.Base(name)
	lower := strings.ToLower(base)
	for _, ext := range []string{".gz", ".zst"} {
		if strings.HasSuffix(lower, ext) {
			base, lower = base[:len(base)-len(ext)], lower[:len(lower)-len(ext)]
			break
		}
	}
	if ext := filepath.Ext(base); ext != "" && ext != base {
		base = strings.TrimSuffix(base, ext)
	}
	return base
}

// textDate returns the date of a text's leading "date YYYY-MM-DD" line, else "".
func textDate(text string) string {
	d, _ := extract.ParseDateline(text)
	return d
}
