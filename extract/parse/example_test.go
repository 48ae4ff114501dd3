package parse_test

import (
	"fmt"
	"strings"

	"github.com/newsgraph/newsgraph/extract/parse"
	"github.com/newsgraph/newsgraph/extract/pos"
)

// The parser reads words and the tags newsgraph's tagger gives them.
func Example() {
	tagger, err := pos.Load()
	if err != nil {
		panic(err)
	}
	words := strings.Fields("The plan was criticized by Hamas on Monday .")
	tags := make([]string, len(words))
	tagger.Tag(words, tags)

	t := parse.Default().Parse(words, tags)
	for i, w := range words {
		head := "-"
		if h := t.Head(i); h >= 0 {
			head = words[h]
		}
		fmt.Printf("%-10s %-4s %-13v %s\n", w, tags[i], t.Label(i), head)
	}
	// Output:
	// The        DT   det           plan
	// plan       NN   nsubj:pass    criticized
	// was        VBD  aux:pass      criticized
	// criticized VBN  root          -
	// by         IN   case          Hamas
	// Hamas      NNP  obl:agent     criticized
	// on         IN   case          Monday
	// Monday     NNP  obl           criticized
	// .          .    punct         criticized
}

// In a worker's loop, one Tree per goroutine is reused: parsing then allocates nothing.
// The Parser itself is shared. Here, every word with dependents, and what they are.
func ExampleParser_ParseInto() {
	tagger, err := pos.Load()
	if err != nil {
		panic(err)
	}
	p := parse.Default()
	var t parse.Tree
	for _, s := range []string{
		"Spicer criticized Biden .",
		"Netanyahu , who has long opposed Hamas , said the talks failed .",
	} {
		words := strings.Fields(s)
		tags := make([]string, len(words))
		tagger.Tag(words, tags)
		p.ParseInto(&t, words, tags)
		for i := range t.Len() {
			if kids := t.Children(i); len(kids) > 0 {
				fmt.Print(words[i], ":")
				for _, c := range kids {
					fmt.Printf(" %v(%s)", t.Label(c), words[c])
				}
				fmt.Println()
			}
		}
	}
	// Output:
	// criticized: nsubj(Spicer) obj(Biden) punct(.)
	// Netanyahu: acl:relcl(opposed) punct(,)
	// opposed: punct(,) nsubj(who) aux(has) advmod(long) obj(Hamas)
	// said: nsubj(Netanyahu) ccomp(failed) punct(.)
	// talks: det(the)
	// failed: nsubj(talks)
}
