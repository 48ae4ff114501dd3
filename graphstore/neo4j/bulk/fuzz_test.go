package bulk_test

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore"
	"github.com/newsgraph/newsgraph/graphstore/neo4j/bulk"
)

// FuzzEntityCSV: any name and aliases survive encoding: the parser, which follows
// neo4j-admin's rules, gives back every string and array element, and the column count.
// Strings are UTF-8, as everything reaching the graph through JSON or the extractor is.
func FuzzEntityCSV(f *testing.F) {
	f.Add("Joe Biden", "Biden", "")
	f.Add(`"quoted", comma; semi`, "line\nbreak\r\n", "\x1f")
	f.Add("", "", "\x1e\x1f")
	f.Add("\ufeff", `""`, "\x00")
	f.Add("a\x1fb\x1ec\x1dd\x1ce\ue000f\ue001", "\ue002\ue003\ue004\ue005", "x")
	header := strings.Split(strings.TrimSuffix(bulk.Entities.Header(), "\n"), ",")
	f.Fuzz(func(t *testing.T, name, alias1, alias2 string) {
		if !utf8.ValidString(name + alias1 + alias2) {
			return
		}
		n := &graphstore.Node{ID: "id:" + name, Name: name, Type: extract.Person, Mentions: 1, Articles: 1,
			NameVotes:  map[string]int{name: 2},
			TypeVotes:  map[extract.Type]int{extract.Person: 1},
			AliasVotes: map[string]int{alias1: 1, alias2: 1},
			Aliases:    []string{alias1, alias2},
		}
		r, err := bulk.NodeRecord(n)
		if err != nil {
			t.Fatal(err)
		}
		var u bulk.Usage
		u.Add(r)
		d, err := u.Delimiter()
		if err != nil {
			for _, c := range bulk.Delimiters() {
				if !strings.ContainsRune(name+alias1+alias2, c) {
					t.Fatalf("no delimiter, but %U is free", c)
				}
			}
			return
		}
		if u.Multiline != strings.ContainsAny(name+alias1+alias2, "\r\n") {
			t.Errorf("multiline = %v", u.Multiline)
		}
		line := string(r.AppendCSV(nil, d))
		recs, err := parseCSV(line)
		if err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		if len(recs) != 1 || len(recs[0]) != len(header) {
			t.Fatalf("%q parsed as %d records, first of %d fields; want 1 of %d", line, len(recs), len(recs[0]), len(header))
		}
		rec := recs[0]
		if rec[0].s != n.ID || !rec[0].quoted || rec[2].s != name || !rec[2].quoted {
			t.Errorf("id %q, name %q", rec[0].s, rec[2].s)
		}
		keys := slices.Sorted(func(yield func(string) bool) {
			for k := range n.AliasVotes {
				if !yield(k) {
					return
				}
			}
		})
		got := splitArray(rec[13].s, d)
		if len(keys) == 1 && keys[0] == "" {
			// [""] is written absent and listed in the marker.
			if got != nil || !slices.Contains(splitArray(rec[15].s, d), "alias_votes_keys") {
				t.Errorf("[\"\"]: field %q, marker %q", rec[13].s, rec[15].s)
			}
		} else if !slices.Equal(got, keys) {
			t.Errorf("alias votes %q, want %q", got, keys)
		}
	})
}
