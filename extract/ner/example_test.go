package ner_test

import (
	"fmt"
	"strings"

	"github.com/newsgraph/newsgraph/extract/ner"
	"github.com/newsgraph/newsgraph/extract/pos"
)

func ExampleTagger_Tag() {
	model, err := ner.Default() // embedded; load once, share between goroutines
	if err != nil {
		panic(err)
	}
	tagger, _ := pos.Load()
	t := model.NewTagger() // one per goroutine; Reset between documents
	words := strings.Fields("Sean Spicer criticized Joe Biden over Rafah .")
	tags := make([]string, len(words))
	tagger.Tag(words, tags)
	for _, s := range t.Tag(words, tags) {
		fmt.Println(s.Type, strings.Join(words[s.Start:s.End], " "))
	}
	// Output:
	// PER Sean Spicer
	// PER Joe Biden
	// LOC Rafah
}
