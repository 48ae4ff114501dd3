package stance

import (
	"strings"
	"testing"
)

func TestReadDSE(t *testing.T) {
	in := "A [Los Angele]s news anchor praised [the United State]s.\tLos Angele\tthe United State\t1\n" +
		"\"[Hamm] said \"\"no\"\" to the [Obama] administration.\"\tHamm\tObama\t3\n" +
		"President [Trump] backed [Kasich’]s plan.\tTrump\tKasich’\t1\n" +
		"only [one] bracket\tone\t\t0\n" +
		"[A] and [B]\tA\tB\t9\n"
	exs, bad, err := ReadDSE(strings.NewReader(in), "train.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(exs) != 3 || len(bad) != 2 {
		t.Fatalf("%d examples, %d bad rows (%v); want 3 and 2", len(exs), len(bad), bad)
	}
	want := []struct{ p, q string }{{"Los Angeles", "the United States"}, {"Hamm", "Obama"}, {"Trump", "Kasich"}}
	for i, w := range want {
		ex := exs[i]
		if p, q := ex.Text[ex.P[0]:ex.P[1]], ex.Text[ex.Q[0]:ex.Q[1]]; p != w.p || q != w.q {
			t.Errorf("row %d: entities %q, %q; want %q, %q", i+1, p, q, w.p, w.q)
		}
	}
	if exs[1].Text != `Hamm said "no" to the Obama administration.` || exs[1].Label != NegPQ {
		t.Errorf("quoted row: %q %v", exs[1].Text, exs[1].Label)
	}
	if !strings.Contains(bad[0].Error(), "train.txt line 4") {
		t.Errorf("bad row error %q lacks file and line", bad[0])
	}
}

func FuzzReadDSE(f *testing.F) {
	f.Add("A [x] and [y].\tx\ty\t0\n")
	f.Add("\"[a\"\"b] [c]\"\ta\tc\t4\n")
	f.Fuzz(func(t *testing.T, in string) {
		exs, _, err := ReadDSE(strings.NewReader(in), "fuzz")
		if err != nil {
			return
		}
		for _, ex := range exs {
			for _, sp := range [][2]int{ex.P, ex.Q} {
				if sp[0] < 0 || sp[1] > len(ex.Text) || sp[0] >= sp[1] {
					t.Fatalf("span %v out of text of %d bytes", sp, len(ex.Text))
				}
			}
			if ex.Label >= numClasses {
				t.Fatalf("label %d", ex.Label)
			}
		}
	})
}
