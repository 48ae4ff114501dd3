package weights

import (
	"bufio"
	"bytes"
	"errors"
	"slices"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	for _, w := range [][]int16{
		{},
		{0, 0, 0},
		{5},
		{0, -32768, 0, 32767, 1, 0, 0, -1},
		append(make([]int16, 5000), 7),
	} {
		var buf bytes.Buffer
		if err := Write(&buf, w); err != nil {
			t.Fatal(err)
		}
		got := make([]int16, len(w))
		if err := Read(bufio.NewReader(&buf), got); err != nil {
			t.Fatalf("%v: %v", w, err)
		}
		if !slices.Equal(got, w) {
			t.Errorf("got %v, want %v", got, w)
		}
	}
}

func TestReadRejects(t *testing.T) {
	for name, data := range map[string][]byte{
		"empty":          {},
		"count too high": {3},
		"zero gap":       {1, 0, 2},
		"past the end":   {1, 3, 2},
		"truncated":      {2, 1, 2, 1},
		"value too big":  {1, 1, 0x80, 0x80, 0x04}, // zigzag 32768 → 65536/2
	} {
		if err := Read(bufio.NewReader(bytes.NewReader(data)), make([]int16, 2)); !errors.Is(err, ErrFormat) {
			t.Errorf("%s: err = %v, want ErrFormat", name, err)
		}
	}
}

func FuzzRead(f *testing.F) {
	f.Add([]byte{1, 1, 2})
	f.Add([]byte{2, 1, 2, 1, 4})
	f.Fuzz(func(t *testing.T, data []byte) {
		w := make([]int16, 16)
		if err := Read(bufio.NewReader(bytes.NewReader(data)), w); err != nil {
			return
		}
		var buf bytes.Buffer
		if err := Write(&buf, w); err != nil {
			t.Fatal(err)
		}
		again := make([]int16, 16)
		if err := Read(bufio.NewReader(&buf), again); err != nil || !slices.Equal(again, w) {
			t.Fatalf("a table Read accepted does not round-trip: %v (%v vs %v)", err, again, w)
		}
	})
}

func TestHeader(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteHeader(&buf, "magic\n", "features-v1"); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	if v, err := ReadHeader(bufio.NewReader(bytes.NewReader(data)), "magic\n", 64); err != nil || v != "features-v1" {
		t.Errorf("ReadHeader = %q, %v", v, err)
	}
	for name, read := range map[string]func() (string, error){
		"other magic": func() (string, error) { return ReadHeader(bufio.NewReader(bytes.NewReader(data)), "other\n", 64) },
		"too long":    func() (string, error) { return ReadHeader(bufio.NewReader(bytes.NewReader(data)), "magic\n", 4) },
		"truncated": func() (string, error) {
			return ReadHeader(bufio.NewReader(bytes.NewReader(data[:len(data)-1])), "magic\n", 64)
		},
	} {
		if _, err := read(); !errors.Is(err, ErrFormat) {
			t.Errorf("%s: err = %v, want ErrFormat", name, err)
		}
	}
}
