package ner

import (
	"github.com/newsgraph/newsgraph/internal/hashtab"

	"bytes"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
)

func mustDefault(tb testing.TB) *Model {
	tb.Helper()
	m, err := Default()
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// tagText tags whitespace-separated words with the shipped model.
func tagText(tb testing.TB, t *Tagger, text string) []string {
	tb.Helper()
	_, tg := mustResources(tb)
	words := strings.Fields(text)
	tags := make([]string, len(words))
	tg.Tag(words, tags)
	var out []string
	for _, s := range t.Tag(words, tags) {
		out = append(out, s.Type.String()+":"+strings.Join(words[s.Start:s.End], " "))
	}
	return out
}

// TestDefault: the shipped model on sentences of kinds the issue lists — names it has never
// seen in CoNLL, a sports team named after its city, an all-caps headline, a title.
func TestDefault(t *testing.T) {
	m := mustDefault(t)
	tests := map[string]struct{ in, want string }{
		"seed":         {"Former White House press secretary Sean Spicer criticized President Joe Biden .", "LOC:White House|PER:Sean Spicer|PER:Joe Biden"},
		"places":       {"Israel plans a ground invasion of Rafah in southern Gaza .", "LOC:Israel|LOC:Rafah|LOC:Gaza"},
		"organization": {"Hamas rejected the proposal , the group said .", "ORG:Hamas"},
		"headline":     {"GERMANY BEATS FRANCE IN PARIS", "LOC:GERMANY|LOC:FRANCE|LOC:PARIS"},
		"no names":     {"The market rose on Monday after a quiet week .", ""},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			got := strings.Join(tagText(t, m.NewTagger(), tt.in), "|")
			if got != tt.want {
				t.Errorf("Tag(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestHistory: the document remembers the types its entities were tagged with, and Reset
// forgets them.
func TestHistory(t *testing.T) {
	m := mustDefault(t)
	tg := m.NewTagger()
	key := hashtab.Bytes([]byte("halvorsen"))
	tagText(t, tg, "Officials at Halvorsen Industries said profits rose .")
	if got := tg.d.hist.typeOf(key); got != ORG {
		t.Errorf("history of halvorsen = %v, want ORG", got)
	}
	if got := tg.d.hist.typeOf(hashtab.Bytes([]byte("officials"))); got != None {
		t.Errorf("history of a word outside entities = %v, want O", got)
	}
	tg.Reset()
	if got := tg.d.hist.typeOf(key); got != None {
		t.Errorf("after Reset, history of halvorsen = %v, want O", got)
	}
}

// TestHistoryFull: a document with more words than the table holds keeps working.
func TestHistoryFull(t *testing.T) {
	var h history
	h.reset()
	for i := range histSize * 2 {
		h.add(uint64(i)*0x9E3779B97F4A7C15|1, PER)
	}
	if h.used > histSize*3/4 {
		t.Errorf("history holds %d words, more than its bound %d", h.used, histSize*3/4)
	}
	if got := h.typeOf(1*0x9E3779B97F4A7C15 | 1); got != PER {
		t.Errorf("an early word lost its type: %v", got)
	}
}

// TestConcurrent: one model, many taggers at once (run with -race), same answers as alone.
func TestConcurrent(t *testing.T) {
	m := mustDefault(t)
	sentences := []string{
		"Tony Blair met Gordon Brown in London .",
		"Microsoft shares fell in New York .",
		"The United Nations warned Sudan .",
	}
	want := make([][]string, len(sentences))
	for i, s := range sentences {
		want[i] = tagText(t, m.NewTagger(), s)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tg := m.NewTagger()
			for k := range 20 {
				i := (g + k) % len(sentences)
				tg.Reset()
				if got := tagText(t, tg, sentences[i]); !slices.Equal(got, want[i]) {
					errs <- strings.Join(got, "|")
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Errorf("concurrent tagging gave %q", e)
	}
}

func TestReadRejects(t *testing.T) {
	var good bytes.Buffer
	if err := mustDefault(t).Write(&good); err != nil {
		t.Fatal(err)
	}
	r, _ := mustResources(t)
	for name, in := range map[string][]byte{
		"not gzip":  []byte("hello"),
		"truncated": good.Bytes()[:len(good.Bytes())/2],
		"empty":     nil,
	} {
		if _, err := Read(bytes.NewReader(in), r); err == nil {
			t.Errorf("%s: Read succeeded", name)
		} else if name != "truncated" && !errors.Is(err, ErrFormat) {
			t.Errorf("%s: err = %v, want ErrFormat", name, err)
		}
	}
}

// FuzzRead: a model file is user input (train-ner --out, a --model flag one day): reading
// one never panics, and a model that reads writes back to bytes that read again.
func FuzzRead(f *testing.F) {
	var good bytes.Buffer
	if err := mustDefault(f).Write(&good); err != nil {
		f.Fatal(err)
	}
	f.Add(good.Bytes()[:200])
	f.Add([]byte{0x1f, 0x8b})
	r, _ := mustResources(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		m, err := Read(bytes.NewReader(in), r)
		if err != nil {
			return
		}
		var out bytes.Buffer
		if err := m.Write(&out); err != nil {
			t.Fatal(err)
		}
		if _, err := Read(&out, r); err != nil {
			t.Fatalf("a model that read does not read back: %v", err)
		}
	})
}

func BenchmarkTag(b *testing.B) {
	m := mustDefault(b)
	_, tg := mustResources(b)
	words := strings.Fields("At the heart of this controversy is Netanyahu 's firm intention to conduct a ground invasion of Rafah in southern Gaza , a plan that has met with Biden 's stark opposition .")
	tags := make([]string, len(words))
	tg.Tag(words, tags)
	t := m.NewTagger()
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		t.Tag(words, tags)
		n += len(words)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "words/s")
}
