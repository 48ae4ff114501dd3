// Package extract turns one news article into mentions, resolved entities and the article's
// contribution to the graph's edges. It is pure computation: no I/O, no global state beyond
// read-only models, safe for concurrent use.
package extract

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
