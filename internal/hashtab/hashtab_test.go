package hashtab

import "testing"

func TestTable(t *testing.T) {
	tb := New(100)
	for i := uint64(1); i <= 100; i++ {
		tb.Put(i*0x9E3779B97F4A7C15|1, uint32(i))
	}
	for i := uint64(1); i <= 100; i++ {
		if v, ok := tb.Get(i*0x9E3779B97F4A7C15 | 1); !ok || v != uint32(i) {
			t.Fatalf("Get(%d) = %d, %v", i, v, ok)
		}
	}
	if _, ok := tb.Get(12345); ok {
		t.Error("found a key never put")
	}
	tb.Or(7, 1)
	tb.Or(7, 4)
	if v, _ := tb.Get(7); v != 5 {
		t.Errorf("Or: %d, want 5", v)
	}
}

func TestLower(t *testing.T) {
	for in, want := range map[string]string{"Biden": "biden", "ÉLYSÉE": "élysée", "U.S.": "u.s.", "": ""} {
		if got := string(Lower(nil, in)); got != want {
			t.Errorf("Lower(%q) = %q, want %q", in, got, want)
		}
		if Bytes(Lower(nil, in)) != String(want) {
			t.Errorf("Bytes and String disagree on %q", want)
		}
	}
}
