package graphstore

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/newsgraph/newsgraph/extract"
)

// WriteJSON writes g as indented JSON. g must be sorted (see Graph.Sort); the output is then
// byte-identical for equal graphs, whatever store or engine built them.
func WriteJSON(w io.Writer, g *Graph) error {
	out := *g // a nil list is written as [], without changing g
	if out.Nodes == nil {
		out.Nodes = []*Node{}
	}
	if out.Edges == nil {
		out.Edges = []*Edge{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(&out)
}

// ReadJSON reads a graph written by WriteJSON (newsgraph run --json) and returns it in
// canonical order. The file is user input, so ReadJSON rejects, with ErrInvalid, what no store
// writes and what the exports and selections rely on never seeing: an entity without an id,
// with a type outside the allow-list or listed twice; an edge of an unknown kind, to an
// entity the graph lacks or to itself, listed twice, or a co-occurrence not stored as
// source < target. Whatever it accepts, WriteJSON writes back and ReadJSON reads as the same
// graph (FuzzReadJSON).
func ReadJSON(r io.Reader) (*Graph, error) {
	dec := json.NewDecoder(r)
	var g Graph
	if err := dec.Decode(&g); err != nil {
		return nil, fmt.Errorf("read graph json: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("read graph json: more data after the graph")
	}
	if err := g.check(); err != nil {
		return nil, fmt.Errorf("read graph json: %w", err)
	}
	g.normalize()
	g.Sort()
	return &g, nil
}

// check reports what makes g unusable; see ReadJSON.
func (g *Graph) check() error {
	ids := make(map[string]bool, len(g.Nodes))
	for i, n := range g.Nodes {
		switch {
		case n == nil:
			return fmt.Errorf("%w: entity %d is null", ErrInvalid, i)
		case n.ID == "":
			return fmt.Errorf("%w: entity %d (%q) has no id", ErrInvalid, i, n.Name)
		case !n.Type.Valid():
			return fmt.Errorf("%w: entity %q has type %q", ErrInvalid, n.ID, n.Type)
		case ids[n.ID]:
			return fmt.Errorf("%w: entity %q is listed twice", ErrInvalid, n.ID)
		}
		ids[n.ID] = true
	}
	keys := make(map[extract.Key]bool, len(g.Edges))
	for i, e := range g.Edges {
		if e == nil {
			return fmt.Errorf("%w: edge %d is null", ErrInvalid, i)
		}
		k := e.Key()
		switch {
		case e.Kind != extract.CoOccurrence && e.Kind != extract.Stance:
			return fmt.Errorf("%w: edge %s → %s has kind %q", ErrInvalid, e.Source, e.Target, e.Kind)
		case !ids[e.Source] || !ids[e.Target]:
			return fmt.Errorf("%w: edge %s → %s joins an entity the graph does not list", ErrInvalid, e.Source, e.Target)
		case e.Source == e.Target:
			return fmt.Errorf("%w: edge %s → itself", ErrInvalid, e.Source)
		case e.Kind == extract.CoOccurrence && e.Source > e.Target:
			return fmt.Errorf("%w: co-occurrence %s – %s not stored as source < target", ErrInvalid, e.Source, e.Target)
		case keys[k]:
			return fmt.Errorf("%w: %s edge %s → %s is listed twice", ErrInvalid, e.Kind, e.Source, e.Target)
		}
		keys[k] = true
	}
	return nil
}

// normalize gives a graph read from JSON the form WriteJSON writes: lists, never null, for
// the nodes and edges, and no empty maps (WriteJSON omits them, so they would not come back).
func (g *Graph) normalize() {
	if g.Nodes == nil {
		g.Nodes = []*Node{}
	}
	if g.Edges == nil {
		g.Edges = []*Edge{}
	}
	for _, e := range g.Edges {
		if len(e.CueCounts) == 0 {
			e.CueCounts = nil
		}
		if len(e.Classes) == 0 {
			e.Classes = nil
		}
	}
}

// DOT styling, one entry per allow-listed type.
var nodeStyle = map[extract.Type]string{
	extract.Person:       `shape=ellipse, fillcolor="#a6cee3"`,
	extract.Organization: `shape=box, fillcolor="#b2df8a"`,
	extract.Location:     `shape=hexagon, fillcolor="#fdbf6f"`,
}

// WriteDOT writes g in Graphviz DOT, for programs: DOT{}.Write.
func WriteDOT(w io.Writer, g *Graph) error { return DOT{}.Write(w, g) }

// DOT writes graphs in Graphviz DOT. The zero DOT writes the graph and nothing else.
type DOT struct {
	Title string // caption, for a picture
}

// Write writes g. It does not go through dominikbraun/graph's draw.DOT: that writes vertices
// in map order (different bytes run to run), does not escape quotes in names, and declares
// the graph "strict", which would fold a pair's co-occurrence and stance edges into one.
// Here every statement is written in the graph's canonical order and every string is
// escaped, so equal graphs give byte-identical DOT.
func (d DOT) Write(w io.Writer, g *Graph) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "digraph newsgraph {")
	fmt.Fprintln(bw, `  graph [overlap=false, splines=true, fontname="Helvetica"];`)
	if d.Title != "" {
		fmt.Fprintf(bw, "  graph [label=%s, labelloc=t, fontsize=16];\n", quote(d.Title))
	}
	fmt.Fprintln(bw, `  node [style=filled, fontname="Helvetica"];`)
	fmt.Fprintln(bw, `  edge [fontname="Helvetica", fontsize=10];`)
	for _, n := range g.Nodes {
		fmt.Fprintf(bw, "  %s [label=%s, %s, tooltip=%s];\n", quote(n.ID), quote(n.Name),
			nodeStyle[n.Type], quote(fmt.Sprintf("%s · %d mentions in %d articles", n.Type, n.Mentions, n.Articles)))
	}
	for _, e := range g.Edges {
		switch e.Kind {
		case extract.CoOccurrence:
			fmt.Fprintf(bw, "  %s -> %s [dir=none, color=\"#9e9e9e\", penwidth=%s, label=%s, tooltip=%s];\n",
				quote(e.Source), quote(e.Target), penwidth(e.Weight), quote(fmt.Sprint(e.Weight)),
				quote(fmt.Sprintf("co-occurrence: %d sentences in %d articles", e.Weight, e.Articles)))
		case extract.Stance:
			fmt.Fprintf(bw, "  %s -> %s [color=%s, fontcolor=%s, penwidth=%s, label=%s, tooltip=%s];\n",
				quote(e.Source), quote(e.Target), stanceColor(e.Polarity), stanceColor(e.Polarity), penwidth(e.Weight),
				quote(strings.Join(e.Cues, ", ")),
				quote(fmt.Sprintf("stance %+.2f over %d cues in %d articles", e.Polarity, e.Weight, e.Articles)))
		}
	}
	fmt.Fprintln(bw, "}")
	return bw.Flush()
}

// WriteLegend writes the key to WriteDOT's pictures as a DOT graph of its own, for dot's
// layout: a sample node of each entity type, then a sample edge for co-occurrence, for each
// sign of stance and for three weights. It is a graph of its own rather than a part of the
// picture's because force-directed layouts, the ones that suit a network, scatter a
// legend's pieces, and because a program reading the graph's DOT would take the samples
// for entities.
func WriteLegend(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "digraph legend {")
	fmt.Fprintln(bw, `  graph [label="Legend", labelloc=t, fontsize=16, fontname="Helvetica", nodesep=0.3, ranksep=0.2, margin=0.2];`)
	fmt.Fprintln(bw, `  node [style=filled, fontname="Helvetica"];`)
	fmt.Fprintln(bw, `  edge [fontname="Helvetica", fontsize=12, minlen=3];`)
	// One column: each sample in a rank of its own, kept in order by invisible edges.
	above := ""
	for _, t := range []extract.Type{extract.Person, extract.Organization, extract.Location} {
		fmt.Fprintf(bw, "  %s [%s];\n", quote(string(t)), nodeStyle[t])
		if above != "" {
			fmt.Fprintf(bw, "  %s -> %s [style=invis, minlen=1];\n", above, quote(string(t)))
		}
		above = quote(string(t))
	}
	fmt.Fprintln(bw, `  node [shape=point, width=0.04, label="", style=""];`)
	co := `dir=none, color="#9e9e9e"`
	samples := []struct{ label, attrs string }{
		{"co-occurrence: named in one sentence", co},
		{"stance < 0: criticize, accuse …", "color=" + stanceColor(-1) + ", fontcolor=" + stanceColor(-1)},
		{"stance > 0: praise, back …", "color=" + stanceColor(1) + ", fontcolor=" + stanceColor(1)},
		{"stance 0: meet, urge, or mixed", "color=" + stanceColor(0) + ", fontcolor=" + stanceColor(0)},
		{"weight 1 (sentences, or cues)", co + ", penwidth=" + penwidth(1)},
		{"weight 8", co + ", penwidth=" + penwidth(8)},
		{"weight 64 and more", co + ", penwidth=" + penwidth(64)},
	}
	for i, s := range samples {
		from, to := fmt.Sprintf("from%d", i), fmt.Sprintf("to%d", i)
		fmt.Fprintf(bw, "  { rank=same; %s; %s; }\n", from, to)
		fmt.Fprintf(bw, "  %s -> %s [%s, label=%s];\n", from, to, s.attrs, quote("  "+s.label+"  "))
		fmt.Fprintf(bw, "  %s -> %s [style=invis, minlen=1];\n", above, from)
		above = from
	}
	fmt.Fprintln(bw, "}")
	return bw.Flush()
}

func stanceColor(p float64) string {
	switch {
	case p < 0:
		return `"#d62728"`
	case p > 0:
		return `"#2ca02c"`
	default:
		return `"#1f77b4"`
	}
}

func penwidth(weight int) string {
	w := 1.0
	for n := weight; n > 1 && w < 6; n /= 2 {
		w += 0.75
	}
	return fmt.Sprintf("%.2f", w)
}

// quote makes s a DOT quoted string. Backslashes are doubled so that Graphviz's label escapes
// (\n, \l, \N …) cannot be smuggled in through a name.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
