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
	if g.Nodes == nil {
		g.Nodes = []*Node{}
	}
	if g.Edges == nil {
		g.Edges = []*Edge{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(g)
}

// ReadJSON reads a graph written by WriteJSON.
func ReadJSON(r io.Reader) (*Graph, error) {
	var g Graph
	if err := json.NewDecoder(r).Decode(&g); err != nil {
		return nil, fmt.Errorf("read graph json: %w", err)
	}
	return &g, nil
}

// DOT styling, one entry per allow-listed type.
var nodeStyle = map[extract.Type]string{
	extract.Person:       `shape=ellipse, fillcolor="#a6cee3"`,
	extract.Organization: `shape=box, fillcolor="#b2df8a"`,
	extract.Location:     `shape=hexagon, fillcolor="#fdbf6f"`,
}

// WriteDOT writes g in Graphviz DOT. It does not go through dominikbraun/graph's draw.DOT:
// that writes vertices in map order (different bytes run to run), does not escape quotes in
// names, and declares the graph "strict", which would fold a pair's co-occurrence and stance
// edges into one. Here every statement is written in the graph's canonical order and every
// string is escaped, so equal graphs give byte-identical DOT.
func WriteDOT(w io.Writer, g *Graph) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "digraph newsgraph {")
	fmt.Fprintln(bw, `  graph [overlap=false, splines=true, fontname="Helvetica"];`)
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
