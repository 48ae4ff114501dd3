// Package extract turns one news article into mentions, resolved entities and the article's
// contribution to the graph's edges. It is pure computation: no I/O, no global state beyond
// read-only models, safe for concurrent use.
package extract

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
)

// Article is one news article as read from a dump. Text is the body the offsets of every
// Mention refer to; the other fields are metadata carried into the graph.
type Article struct {
	ID     string `json:"id"`
	Title  string `json:"title,omitempty"`
	Date   string `json:"date,omitempty"` // YYYY-MM-DD when known
	URL    string `json:"url,omitempty"`
	Source string `json:"source,omitempty"`
	Text   string `json:"text"`
}

// Hash is the article's content hash: the same id with the same hash is the same version,
// a different hash a correction. It covers every field that reaches the graph; each field is
// length-prefixed, so no two different articles can run together into one input.
func (a *Article) Hash() string {
	h := sha256.New()
	for _, f := range [...]string{a.ID, a.Title, a.Date, a.URL, a.Source, a.Text} {
		h.Write(strconv.AppendInt(nil, int64(len(f)), 10))
		h.Write([]byte{':'})
		h.Write([]byte(f))
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}
