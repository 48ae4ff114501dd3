package source

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/extract"
)

// contentID is the id of an article that has none: stable across runs and dumps, so the
// same text read twice lands on the same graph node.
func contentID(text string) string {
	sum := sha256.Sum256([]byte(text))
	return "sha256-" + hex.EncodeToString(sum[:8])
}

// dateLayouts are the date forms normalized to YYYY-MM-DD, most common first. Dates are
// taken as written, in their own offset, not converted to UTC: a story dated the 3rd in
// Jerusalem is about the 3rd.
var dateLayouts = []string{
	time.DateOnly,
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04",
	"2006-01-02T15:04:05.999999999Z0700",
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"2006/01/02",
}

// normalizeDate returns s as YYYY-MM-DD when it parses as one of dateLayouts, else s
// trimmed: an odd date is still worth carrying into the graph as written.
func normalizeDate(s string) string {
	s = strings.TrimSpace(s)
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format(time.DateOnly)
		}
	}
	return s
}

// skip says why a record is skipped: one of the Reasons and a detail for the person reading
// the log.
type skip struct {
	reason error
	detail string
}

// validText returns why text cannot be an article, or nil.
func validText(text string) *skip {
	if !utf8.ValidString(text) {
		return &skip{ErrInvalidUTF8, "text is not valid UTF-8"}
	}
	if strings.TrimSpace(text) == "" {
		return &skip{ErrEmptyText, "text is empty or only white space"}
	}
	return nil
}

// finish validates an article read from a structured record (JSON or CSV) and fills in
// what can be derived: a content id when there is none, a normalized date.
func finish(a extract.Article) (extract.Article, *skip) {
	if sk := validText(a.Text); sk != nil {
		return extract.Article{}, sk
	}
	// Ids are matched across dumps; stray white space would split one article in two.
	if a.ID = strings.TrimSpace(a.ID); a.ID == "" {
		a.ID = contentID(a.Text)
	}
	a.Date = normalizeDate(a.Date)
	return a, nil
}
