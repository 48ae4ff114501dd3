package graphstore_test

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"testing"

	"github.com/newsgraph/newsgraph/graphstore"
)

// FuzzReadJSON feeds arbitrary bytes to ReadJSON, the reader of user-supplied graph files.
// Whatever it accepts must survive a round trip (WriteJSON writes it, ReadJSON reads back the
// same graph, and writing that gives the same bytes) and must export without error; what it
// rejects it rejects with an error, never a panic.
func FuzzReadJSON(f *testing.F) {
	// Small seeds: the fuzzer minimizes every input it finds interesting, which takes ages on
	// a graph the size of the fixtures'.
	var nasty bytes.Buffer
	if err := graphstore.WriteJSON(&nasty, nastyGraph()); err != nil {
		f.Fatal(err)
	}
	f.Add(nasty.Bytes())
	for _, s := range []string{
		`null`, `{}`, `{"nodes":[null]}`, `{"edges":[null]}`, `{"nodes":[],"edges":[]} {}`,
		`{"nodes":[{"id":"a","type":"Person"},{"id":"a","type":"Person"}]}`,
		`{"nodes":[{"id":"a","type":"Person"},{"id":"b","type":"Location"}],"edges":[{"source":"a","target":"b","kind":"stance","cue_counts":{},"evidence":null}]}`,
		`{"nodes":[{"id":"b","type":"Person"},{"id":"a","type":"Location","aliases":[]}],"edges":[{"source":"b","target":"a","kind":"co_occurrence"}]}`,
		`{"nodes":[{"id":"a","type":"Person","name":"\xff"}],"edges":[{"source":"a","target":"z","kind":"stance"}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := graphstore.ReadJSON(bytes.NewReader(data))
		if err != nil {
			return
		}
		var first bytes.Buffer
		if err := graphstore.WriteJSON(&first, g); err != nil {
			t.Fatalf("WriteJSON of an accepted graph: %v", err)
		}
		back, err := graphstore.ReadJSON(bytes.NewReader(first.Bytes()))
		if err != nil {
			t.Fatalf("ReadJSON rejects what WriteJSON wrote: %v\n%s", err, first.Bytes())
		}
		if !reflect.DeepEqual(g, back) {
			t.Fatalf("round trip changed the graph:\n%s", first.Bytes())
		}
		var second bytes.Buffer
		if err := graphstore.WriteJSON(&second, back); err != nil || !bytes.Equal(first.Bytes(), second.Bytes()) {
			t.Fatalf("JSON changed on a second round trip (%v):\n%s\n%s", err, first.Bytes(), second.Bytes())
		}
		if err := graphstore.WriteDOT(io.Discard, g); err != nil {
			t.Fatalf("WriteDOT of an accepted graph: %v", err)
		}
		if _, err := (graphstore.Selection{Top: 3, MinWeight: 1}).Apply(g); err != nil {
			t.Fatalf("selection of an accepted graph: %v", err)
		}
		if len(g.Nodes) == 0 {
			return
		}
		// Any entity can be named by its id, whatever else the graph holds.
		a, z := g.Nodes[0].ID, g.Nodes[len(g.Nodes)-1].ID
		if _, err := (graphstore.Selection{Focus: []string{a}, Depth: 2, Top: 5}).Apply(g); err != nil {
			t.Fatalf("focus on %q: %v", a, err)
		}
		_, err = graphstore.FindPath(g, a, z, graphstore.Selection{})
		if err != nil && !errors.Is(err, graphstore.ErrNoPath) && (a != z || !errors.Is(err, graphstore.ErrSelection)) {
			t.Fatalf("path %q to %q: %v", a, z, err)
		}
	})
}

// TestReadJSONRejects: each thing ReadJSON refuses, refused with ErrInvalid or a JSON error.
func TestReadJSONRejects(t *testing.T) {
	const ab = `{"id":"a","type":"Person"},{"id":"b","type":"Person"}`
	for name, in := range map[string]string{
		"null entity":             `{"nodes":[null]}`,
		"null edge":               `{"edges":[null]}`,
		"entity without id":       `{"nodes":[{"name":"x","type":"Person"}]}`,
		"type outside allow-list": `{"nodes":[{"id":"x","type":"Robot"}]}`,
		"entity twice":            `{"nodes":[{"id":"a","type":"Person"},{"id":"a","type":"Location"}]}`,
		"unknown kind":            `{"nodes":[` + ab + `],"edges":[{"source":"a","target":"b","kind":"likes"}]}`,
		"dangling edge":           `{"nodes":[` + ab + `],"edges":[{"source":"a","target":"c","kind":"stance"}]}`,
		"self loop":               `{"nodes":[` + ab + `],"edges":[{"source":"a","target":"a","kind":"stance"}]}`,
		"co-occurrence reversed":  `{"nodes":[` + ab + `],"edges":[{"source":"b","target":"a","kind":"co_occurrence"}]}`,
		"edge twice":              `{"nodes":[` + ab + `],"edges":[{"source":"a","target":"b","kind":"stance"},{"source":"a","target":"b","kind":"stance"}]}`,
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := graphstore.ReadJSON(bytes.NewReader([]byte(in))); !errors.Is(err, graphstore.ErrInvalid) {
				t.Errorf("err %v, want ErrInvalid", err)
			}
		})
	}
	for name, in := range map[string]string{"not JSON": `nodes:`, "trailing data": `{} {}`, "wrong shape": `{"nodes":{}}`} {
		t.Run(name, func(t *testing.T) {
			if _, err := graphstore.ReadJSON(bytes.NewReader([]byte(in))); err == nil {
				t.Error("accepted")
			}
		})
	}
}
