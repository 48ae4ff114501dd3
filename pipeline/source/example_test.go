package source_test

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/newsgraph/newsgraph/pipeline/source"
)

// ExampleWalk reads a dump with bad lines and counts skipped records by reason, as the pipeline
// does: a bad line is reported with its position and the run goes on.
func ExampleWalk() {
	inputs := []string{"testdata/bad.jsonl"}
	skipped := map[error]int{}
	err := source.Walk(context.Background(), inputs, source.Options{}, os.Stdin, func(r source.Record) error {
		if r.Err != nil {
			for _, reason := range source.Reasons {
				if errors.Is(r.Err, reason) {
					skipped[reason]++
				}
			}
			fmt.Println("skip:", r.Err)
			return nil
		}
		fmt.Printf("%s %s %q\n", r.Pos, r.Article.ID, r.Article.Title)
		return nil
	})
	if err != nil {
		fmt.Println("error:", err)
	}
	for _, reason := range source.Reasons {
		if n := skipped[reason]; n > 0 {
			fmt.Printf("%s: %d\n", reason, n)
		}
	}
	// Output:
	// testdata/bad.jsonl line 1 bad-01 "Good: Blinken in Riyadh"
	// skip: testdata/bad.jsonl line 2: malformed record: unexpected end of JSON
	// skip: testdata/bad.jsonl line 3: malformed record: field "text" is a number, want a string
	// skip: testdata/bad.jsonl line 5: empty text: text is empty or only white space
	// testdata/bad.jsonl line 6 bad-05 "Good: UN agency chief"
	// skip: testdata/bad.jsonl line 7: malformed record: record is a JSON array, not an object
	// skip: testdata/bad.jsonl line 8: malformed record: no text field (tried text, body, content)
	// testdata/bad.jsonl line 9 bad-08 "Good: Netanyahu cabinet"
	// skip: testdata/bad.jsonl line 10: invalid UTF-8: record is not valid UTF-8
	// malformed record: 4
	// invalid UTF-8: 1
	// empty text: 1
}
