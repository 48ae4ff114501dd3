package main

import (
	"bytes"
	"encoding/xml"
	"flag"
	"image/png"
	"io"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore"
	"github.com/newsgraph/newsgraph/internal/golden"
	"github.com/newsgraph/newsgraph/internal/testenv"
)

// TestReportFlags: each selection flag, alone and together, becomes the Selection it says.
func TestReportFlags(t *testing.T) {
	co, st := extract.CoOccurrence, extract.Stance
	tests := map[string]struct {
		args []string
		want graphstore.Selection
	}{
		"none":                 {nil, graphstore.Selection{}},
		"focus, default depth": {[]string{"--focus", "Joe Biden"}, graphstore.Selection{Focus: []string{"Joe Biden"}, Depth: 1}},
		"focus and depth":      {[]string{"--focus", "x", "--depth", "3"}, graphstore.Selection{Focus: []string{"x"}, Depth: 3}},
		"depth 0":              {[]string{"--focus", "x", "--depth", "0"}, graphstore.Selection{Focus: []string{"x"}}},
		"two foci":             {[]string{"--focus", "x", "--focus", "y"}, graphstore.Selection{Focus: []string{"x", "y"}, Depth: 1}},
		"top":                  {[]string{"--top", "30"}, graphstore.Selection{Top: 30}},
		"kind":                 {[]string{"--kind", "stance"}, graphstore.Selection{Kinds: []extract.EdgeKind{st}}},
		"kinds, any spelling":  {[]string{"--kind", "Co-Occurrence, stance"}, graphstore.Selection{Kinds: []extract.EdgeKind{co, st}}},
		"type":                 {[]string{"--type", "person"}, graphstore.Selection{Types: []extract.Type{extract.Person}}},
		"types":                {[]string{"--type", "Person,Organization"}, graphstore.Selection{Types: []extract.Type{extract.Person, extract.Organization}}},
		"since":                {[]string{"--since", "2024-03"}, graphstore.Selection{Since: "2024-03"}},
		"until":                {[]string{"--until", "2024-03-20"}, graphstore.Selection{Until: "2024-03-20"}},
		"min-weight":           {[]string{"--min-weight", "2"}, graphstore.Selection{MinWeight: 2}},
		"all together": {
			[]string{"--focus", "Tony Blair", "--depth", "2", "--top", "30", "--kind", "co_occurrence", "--type", "Person",
				"--since", "2004", "--until", "2005", "--min-weight", "3"},
			graphstore.Selection{Focus: []string{"Tony Blair"}, Depth: 2, Top: 30, Kinds: []extract.EdgeKind{co},
				Types: []extract.Type{extract.Person}, Since: "2004", Until: "2005", MinWeight: 3},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := selectionOf(t, tc.args); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %#v\nwant %#v", got, tc.want)
			}
		})
	}
}

// selectionOf returns the Selection that the report flags args ask for.
func selectionOf(t *testing.T, args []string) graphstore.Selection {
	t.Helper()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	var rf reportFlags
	rf.register(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	sel, err := rf.selection(fs)
	if err != nil {
		t.Fatal(err)
	}
	return sel
}

// TestReportUsage: a bad selection is a usage error (exit 2) that says what is wrong, for
// run, export and path alike.
func TestReportUsage(t *testing.T) {
	tests := map[string]struct {
		args []string
		say  string
	}{
		"depth without focus":  {[]string{"--depth", "2"}, "--depth goes with --focus"},
		"negative depth":       {[]string{"--focus", "Biden", "--depth", "-1"}, "depth -1"},
		"negative top":         {[]string{"--top", "-3"}, "top -3"},
		"unknown kind":         {[]string{"--kind", "friendship"}, `--kind "friendship"`},
		"unknown type":         {[]string{"--type", "Robot"}, `--type "Robot"`},
		"bad date":             {[]string{"--since", "March"}, `since "March"`},
		"backwards window":     {[]string{"--since", "2025", "--until", "2024"}, "is after"},
		"negative weight":      {[]string{"--min-weight", "-1"}, "min-weight -1"},
		"unknown layout":       {[]string{"--svg", "x.svg", "--layout", "crayon"}, `--layout "crayon"`},
		"not a number":         {[]string{"--top", "many"}, "invalid value"},
		"unknown entity":       {[]string{"--focus", "Nobody Atall"}, `no such entity: "Nobody Atall"`},
		"entity with no match": {[]string{"--focus", "Netanyahu's cat"}, "no such entity"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			for _, cmd := range [][]string{
				{"export", "--from", goldenJSON, "--json", filepath.Join(t.TempDir(), "x.json")},
				{"run", "--quiet", "--json", filepath.Join(t.TempDir(), "x.json")},
			} {
				args := append(append(cmd, tc.args...), "../../fixtures/articles")
				if cmd[0] == "export" {
					args = args[:len(args)-1]
				}
				_, stderr, code := run(t, "", args...)
				if code != exitUsage || !strings.Contains(stderr, tc.say) {
					t.Errorf("%s: exit %d, want %d saying %q; stderr:\n%s", cmd[0], code, exitUsage, tc.say, stderr)
				}
			}
		})
	}
}

// TestReportGolden: the DOT and JSON of focused selections of the fixtures' graph, as files
// under fixtures/golden (go test -update rewrites them).
func TestReportGolden(t *testing.T) {
	for name, args := range map[string][]string{
		"report.biden-top12":       {"--focus", "Biden", "--top", "12"},
		"report.stance":            {"--kind", "stance"},
		"report.netanyahu-persons": {"--focus", "Netanyahu", "--depth", "2", "--type", "Person,Organization", "--min-weight", "2"},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			dot, js := filepath.Join(dir, "g.dot"), filepath.Join(dir, "g.json")
			if _, stderr, code := run(t, "", append([]string{"export", "--from", goldenJSON, "--dot", dot, "--json", js}, args...)...); code != 0 {
				t.Fatalf("exit %d\n%s", code, stderr)
			}
			golden.Check(t, "../../fixtures/golden/"+name+".dot.golden", readFile(t, dot))
			golden.Check(t, "../../fixtures/golden/"+name+".json.golden", readFile(t, js))
		})
	}
}

// TestRunSelectsLikeExport: run's selection, made by the memory store on its own network, is
// the same bytes as export's, made from the JSON file by Selection.Apply.
func TestRunSelectsLikeExport(t *testing.T) {
	dir := t.TempDir()
	whole, fromRun, fromExport := filepath.Join(dir, "whole.json"), filepath.Join(dir, "run.json"), filepath.Join(dir, "export.json")
	sel := []string{"--focus", "Israel", "--depth", "2", "--top", "15", "--kind", "co_occurrence"}
	if _, stderr, code := run(t, "", "run", "--quiet", "--json", whole, "../../fixtures"); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if _, stderr, code := run(t, "", append(append([]string{"run", "--quiet", "--json", fromRun}, sel...), "../../fixtures")...); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if _, stderr, code := run(t, "", append([]string{"export", "--from", whole, "--json", fromExport}, sel...)...); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	a, b := readFile(t, fromRun), readFile(t, fromExport)
	if !bytes.Equal(a, b) || bytes.Count(a, []byte(`"source"`)) != 15 {
		t.Errorf("run and export select differently, or not 15 edges:\n%s\n%s", a, b)
	}
}

// TestPictures: --svg and --png render the selection with its legend; the SVG is well-formed
// and names what it shows, the PNG decodes, and both are the same bytes on a second run.
func TestPictures(t *testing.T) {
	testenv.Command(t, "dot", "Graphviz")
	dir := t.TempDir()
	render := func(name string) (svg, pngData []byte) {
		t.Helper()
		s, p := filepath.Join(dir, name+".svg"), filepath.Join(dir, name+".png")
		stdout, stderr, code := run(t, "", "export", "--from", goldenJSON, "--focus", "biden", "--top", "8", "--svg", s, "--png", p)
		if code != 0 || !strings.Contains(stdout, "SVG written to "+s) || !strings.Contains(stdout, "PNG written to "+p) {
			t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
		}
		return readFile(t, s), readFile(t, p)
	}
	svg, pic := render("a")
	dec := xml.NewDecoder(bytes.NewReader(svg))
	var text strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the SVG is not well-formed: %v", err)
		}
		if c, ok := tok.(xml.CharData); ok {
			text.Write(c)
		}
	}
	for _, want := range []string{"Joe Biden", "Benjamin Netanyahu", "Legend", "Organization", "stance < 0", "focus Joe Biden, depth 1, top 8 edges · 9 entities, 8 edges"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("the SVG does not say %q", want)
		}
	}
	if _, err := png.Decode(bytes.NewReader(pic)); err != nil {
		t.Errorf("the PNG does not decode: %v", err)
	}
	svg2, pic2 := render("b")
	if !bytes.Equal(svg, svg2) || !bytes.Equal(pic, pic2) {
		t.Error("pictures differ between two runs")
	}
}

// TestPicturesWithoutGraphviz: without dot on the PATH, --svg fails at once with what to
// install, before any work; the DOT export needs no Graphviz.
func TestPicturesWithoutGraphviz(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	out := filepath.Join(t.TempDir(), "g.svg")
	_, stderr, code := run(t, "", "run", "--quiet", "--svg", out, "../../fixtures")
	if code != exitFatal || !strings.Contains(stderr, "install graphviz") || strings.Contains(stderr, "read ") {
		t.Errorf("exit %d, want %d naming graphviz before reading anything; stderr:\n%s", code, exitFatal, stderr)
	}
	if _, stderr, code := run(t, "", "export", "--from", goldenJSON, "--top", "3", "--dot", filepath.Join(t.TempDir(), "g.dot")); code != 0 {
		t.Errorf("--dot without graphviz: exit %d\n%s", code, stderr)
	}
}

// TestPath: the path command's output for the seed's critic and Hamas is golden; the usage
// and exit codes are the documented ones.
func TestPath(t *testing.T) {
	stdout, stderr, code := run(t, "", "path", "--from", goldenJSON, "Sean Spicer", "Hamas")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	golden.Check(t, "../../fixtures/golden/path.spicer-hamas.txt.golden", []byte(stdout))
	stdout, _, code = run(t, "", "path", "--from", goldenJSON, "--kind", "stance", "Sean Spicer", "Benjamin Netanyahu")
	if code != 0 || !strings.Contains(stdout, "stance Sean Spicer → Joe Biden") || !strings.Contains(stdout, "stance Joe Biden → Benjamin Netanyahu") {
		t.Errorf("stance path: exit %d\n%s", code, stdout)
	}

	for name, tc := range map[string]struct {
		args []string
		code int
		say  string
	}{
		"one name":        {[]string{"Hamas"}, exitUsage, "want two entities"},
		"flags after":     {[]string{"Hamas", "Rafah", "--kind", "stance"}, exitUsage, "flags go before"},
		"unknown entity":  {[]string{"Hamas", "Atlantis"}, exitUsage, `no such entity: "Atlantis"`},
		"same entity":     {[]string{"Biden", "Joe Biden"}, exitUsage, "the same entity"},
		"not connected":   {[]string{"--kind", "stance", "Qatar", "Hamas"}, exitFatal, "not connected"},
		"bad filter":      {[]string{"--since", "yesterday", "Rafah", "Hamas"}, exitUsage, `since "yesterday"`},
		"no focus here":   {[]string{"--focus", "x", "Rafah", "Hamas"}, exitUsage, "flag provided but not defined: -focus"},
		"help":            {[]string{"--help"}, exitOK, "Strongest short"},
		"missing graph":   {[]string{"--from", "nowhere.json", "Rafah", "Hamas"}, exitFatal, "no such file"},
		"directed? no":    {[]string{"Hamas", "Sean Spicer"}, exitOK, ""},
		"by id and alias": {[]string{"joe-biden", "Netanyahu"}, exitOK, ""},
	} {
		t.Run(name, func(t *testing.T) {
			args := tc.args
			if name != "missing graph" {
				args = append([]string{"--from", goldenJSON}, args...)
			}
			_, stderr, code := run(t, "", append([]string{"path"}, args...)...)
			if code != tc.code || !strings.Contains(stderr, tc.say) {
				t.Errorf("exit %d, want %d saying %q; stderr:\n%s", code, tc.code, tc.say, stderr)
			}
		})
	}
}
