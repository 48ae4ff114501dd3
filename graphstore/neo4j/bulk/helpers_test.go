package bulk_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore"
	"github.com/newsgraph/newsgraph/graphstore/memory"
	"github.com/newsgraph/newsgraph/graphstore/storetest"
)

// hostile are names that CSV, the array delimiter and Cypher could each get wrong.
var hostile = []string{
	`Robert'); MATCH (n) DETACH DELETE n; //`,
	`"double" and 'single' quotes, commas, and ""doubled""`,
	"a;semicolon;list",
	"unit\x1fseparator and record\x1eseparator", // the first two delimiter candidates
	"line one\nline two\r\nline three\rfour\ttab",
	`back\slash \\ \n \"`,
	"Zoë Ærøskøbing — 北京 — مرحبا — 🚀",
	" leading and trailing spaces ",
	"\ufeffBOM first",
	"nul\x00inside",
	"",
}

// hostileResults are synthetic articles whose ids, names, aliases, cues, classes and
// evidence are hostile, including every property that can end up as [""]: an entity named
// "" with the alias "", a cue and a class "", and single evidence with no cue or text.
func hostileResults() []*extract.Result {
	var rs []*extract.Result
	for i, h := range hostile {
		id := fmt.Sprintf("%s #%d", h, i)
		a, b := "ent:"+h, "ent2:"+h
		alias := h + " alias"
		if h == "" {
			alias = ""
		}
		rs = append(rs, storetest.Article(id, "2024-10-01").
			Entity(a, h, extract.Person, 1+i, alias).
			Entity(b, strings.ToUpper(h)+"!", extract.Organization, 1).
			Co(min(a, b), max(a, b), 1, storetest.Ev(id, i, h, "")).
			Stance(a, b, 1, 0, 0, map[string]int{h: 1}, map[string]int{h: 1}, storetest.Ev(id, i, "said: "+h, h)).
			Build())
	}
	// A second article merges into the first entities: several votes, evidence and dates.
	rs = append(rs, storetest.Article("merge", "2023-01-02").
		Entity("ent:"+hostile[0], "Bobby", extract.Location, 3, hostile[1], hostile[4]).
		Entity("ent:"+hostile[1], hostile[2], extract.Person, 1).
		Entity("ent2:"+hostile[0], "Second", extract.Organization, 1).
		Co(min("ent:"+hostile[0], "ent:"+hostile[1]), max("ent:"+hostile[0], "ent:"+hostile[1]), 2, storetest.Ev("merge", 0, hostile[3], ""), storetest.Ev("merge", 1, "", "")).
		Stance("ent:"+hostile[0], "ent2:"+hostile[0], 0, 1, 1, map[string]int{"criticize": 1, "": 1}, nil,
			storetest.Ev("merge", 2, "x", ""), storetest.Ev("merge", 3, "", "criticize")).
		Build())
	return rs
}

// memoryGraph merges results in the memory store, the reference every store agrees with.
func memoryGraph(t testing.TB, rs []*extract.Result) *graphstore.Graph {
	t.Helper()
	s := memory.New()
	if _, err := s.Add(context.Background(), rs); err != nil {
		t.Fatal(err)
	}
	g, err := s.Graph(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// csvField is one parsed CSV field.
type csvField struct {
	s      string
	quoted bool
}

// parseCSV reads data the way neo4j-admin does with --multiline-fields=true and its default
// quoting: fields split at commas, records at line feeds outside quotes; inside quotes a
// doubled quote is one quote and everything else, line breaks included, is literal. It is
// written from that specification, independently of the writer.
func parseCSV(data string) ([][]csvField, error) {
	var (
		recs [][]csvField
		rec  []csvField
	)
	for len(data) > 0 {
		var f csvField
		if data[0] == '"' {
			f.quoted = true
			var b strings.Builder
			i := 1
			for {
				j := strings.IndexByte(data[i:], '"')
				if j < 0 {
					return nil, fmt.Errorf("unterminated quote")
				}
				b.WriteString(data[i : i+j])
				i += j + 1
				if i < len(data) && data[i] == '"' {
					b.WriteByte('"')
					i++
					continue
				}
				break
			}
			f.s, data = b.String(), data[i:]
		} else {
			j := strings.IndexAny(data, ",\n")
			if j < 0 {
				return nil, fmt.Errorf("record without line end")
			}
			f.s, data = data[:j], data[j:]
		}
		rec = append(rec, f)
		switch {
		case strings.HasPrefix(data, ","):
			data = data[1:]
		case strings.HasPrefix(data, "\n"):
			data = data[1:]
			recs, rec = append(recs, rec), nil
		default:
			return nil, fmt.Errorf("garbage after field %q", f.s)
		}
	}
	if rec != nil {
		return nil, fmt.Errorf("record without line end")
	}
	return recs, nil
}

// splitArray is neo4j-admin's array rule: an empty field is no array, otherwise n
// delimiters separate n+1 elements.
func splitArray(s string, d rune) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, string(d))
}
