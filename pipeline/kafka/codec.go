package kafka

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/pipeline/source"
)

// DefaultMaxMessageBytes bounds one message the consumer accepts and the producer sends. It
// is just under Kafka's default max.message.bytes (1 MiB plus a little), so what the
// producer sends fits a broker with default settings; longer articles are skipped and
// counted as too large, as the dump readers do past their own limit.
const DefaultMaxMessageBytes = 1000000

// Encode returns the record key and value of an article: the key is the article id, so
// every copy of an article goes to the same partition, and the value its JSON.
func Encode(a *extract.Article) (key, value []byte, err error) {
	if strings.TrimSpace(a.ID) == "" {
		return nil, nil, fmt.Errorf("encode article: %w: no id", source.ErrMalformed)
	}
	value, err = json.Marshal(a)
	if err != nil {
		return nil, nil, fmt.Errorf("encode article %s: %w", a.ID, err)
	}
	return []byte(a.ID), value, nil
}

// Decode parses a message value written by Encode. Messages are untrusted input, so every
// way one can be wrong is an error wrapping one of source's skip reasons: larger than
// maxBytes (0 means DefaultMaxMessageBytes), not UTF-8, not one JSON object, without an id,
// or without text. The article is returned as encoded: ids and dates were normalized when
// the dump was read, and changing them here would make the stream disagree with a batch run.
func Decode(value []byte, maxBytes int) (extract.Article, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxMessageBytes
	}
	switch {
	case len(value) > maxBytes:
		return extract.Article{}, fmt.Errorf("%w: %d bytes, more than %d", source.ErrTooLarge, len(value), maxBytes)
	case !utf8.Valid(value):
		// encoding/json would quietly replace the bad bytes; say so instead.
		return extract.Article{}, fmt.Errorf("%w: message is not valid UTF-8", source.ErrInvalidUTF8)
	}
	trimmed := bytes.TrimSpace(value)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return extract.Article{}, fmt.Errorf("%w: not a JSON object", source.ErrMalformed)
	}
	var a extract.Article
	if err := json.Unmarshal(trimmed, &a); err != nil {
		return extract.Article{}, fmt.Errorf("%w: %v", source.ErrMalformed, err)
	}
	if strings.TrimSpace(a.ID) == "" {
		return extract.Article{}, fmt.Errorf("%w: no id", source.ErrMalformed)
	}
	if strings.TrimSpace(a.Text) == "" {
		return extract.Article{}, fmt.Errorf("%w: text is missing or only white space", source.ErrEmptyText)
	}
	return a, nil
}
