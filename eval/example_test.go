package eval_test

import (
	"fmt"

	"github.com/newsgraph/newsgraph/eval"
)

// Entity-level scoring: a span counts only with exact boundaries and type.
func ExampleScoreBIO() {
	gold := [][]string{{"B-PER", "I-PER", "O", "B-LOC"}}
	pred := [][]string{{"O", "B-PER", "O", "B-LOC"}} // "Blair" for "Tony Blair"
	s, err := eval.ScoreBIO(gold, pred)
	if err != nil {
		panic(err)
	}
	fmt.Printf("P=%.2f R=%.2f F1=%.2f\n", s.Micro.Precision(), s.Micro.Recall(), s.Micro.F1())
	// Output: P=0.50 R=0.50 F1=0.50
}

// B³ over four mentions: the prediction merged two gold entities.
func ExampleBCubed() {
	gold := map[string]string{"Tony Blair": "blair", "Blair": "blair", "Dan Brown": "dbrown", "Brown": "gbrown"}
	pred := map[string]string{"Tony Blair": "1", "Blair": "1", "Dan Brown": "2", "Brown": "2"}
	s := eval.BCubed(gold, pred)
	fmt.Printf("P=%.2f R=%.2f\n", s.P, s.R)
	// Output: P=0.75 R=1.00
}
