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

// Key returns the record key of an article id: the id's bytes. Every message about one
// article, each version and its tombstone, carries this key, so all of them land on one
// partition, in the order they were sent, and log compaction keeps the last.
func Key(id string) ([]byte, error) {
	if strings.TrimSpace(id) == "" {
		return nil, fmt.Errorf("%w: no id", source.ErrMalformed)
	}
	return []byte(id), nil
}

// Encode returns the record key and value of an article: the key is Key(a.ID), and the
// value its JSON.
func Encode(a *extract.Article) (key, value []byte, err error) {
	key, err = Key(a.ID)
	if err != nil {
		return nil, nil, fmt.Errorf("encode article: %w", err)
	}
	value, err = json.Marshal(a)
	if err != nil {
		return nil, nil, fmt.Errorf("encode article %s: %w", a.ID, err)
	}
	return key, value, nil
}

// IsTombstone tells whether a record value is a tombstone: null, as Kafka means it. An
// empty value is not one; it is a malformed article.
func IsTombstone(value []byte) bool { return value == nil }

// DecodeTombstone returns the article id a tombstone retracts: its key, which must be what
// Key makes of an id (not blank, valid UTF-8, at most maxBytes; 0 means
// DefaultMaxMessageBytes). Errors wrap a skip reason of source, as Decode's do.
func DecodeTombstone(key []byte, maxBytes int) (string, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxMessageBytes
	}
	switch {
	case len(key) > maxBytes:
		return "", fmt.Errorf("%w: tombstone key of %d bytes, more than %d", source.ErrTooLarge, len(key), maxBytes)
	case !utf8.Valid(key):
		return "", fmt.Errorf("%w: tombstone key is not valid UTF-8", source.ErrInvalidUTF8)
	case strings.TrimSpace(string(key)) == "":
		return "", fmt.Errorf("%w: tombstone without an article id for a key", source.ErrMalformed)
	}
	return string(key), nil
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
