package extract_test

import (
	"fmt"

	"github.com/newsgraph/newsgraph/extract"
)

func ExampleExtractor_Extract() {
	x, err := extract.NewDefault()
	if err != nil {
		panic(err)
	}
	r, err := x.Extract(&extract.Article{
		ID:   "example",
		Text: "Former press secretary Sean Spicer criticized President Joe Biden on Tuesday.",
	})
	if err != nil {
		panic(err)
	}
	for _, e := range r.Entities {
		fmt.Println(e.ID, e.Type)
	}
	for _, e := range r.Edges {
		fmt.Println(e.Source, "->", e.Target, e.Kind, e.Cues)
	}
	// Output:
	// joe-biden Person
	// sean-spicer Person
	// joe-biden -> sean-spicer co_occurrence map[]
	// sean-spicer -> joe-biden stance map[criticize:1]
}
