package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore"
	"github.com/newsgraph/newsgraph/internal/graphviz"
)

// reportHelp explains the report flags in the --help of run and export.
const reportHelp = `Reports: the whole graph of a large dump is unreadable (the BBC dump's DOT has tens of
thousands of lines). These flags select the part a report needs; they compose, and the
result depends only on the graph and the flags:
  --focus NAME --depth K  what is at most K hops (default 1) from the entity NAME (its id,
                          name or an alias; repeatable), over either kind, in either direction
  --top N                 the N strongest edges: nearest the focus first, then by weight,
                          then by articles; the entities shown are those they join
  --kind K[,K]            stance, co_occurrence
  --type T[,T]            Person, Organization, Location (the focus shows whatever its type)
  --since D --until D     edges seen in articles dated D (YYYY, YYYY-MM or YYYY-MM-DD): an
                          edge is seen from its first_seen to its last_seen date
  --min-weight W          edges of weight at least W
--svg and --png render the selection with Graphviz (dot on the PATH) with a legend.
`

// reportFlags are the flags that make a report of a graph: which part of it to show
// (graphstore.Selection) and the pictures to render.
type reportFlags struct {
	focus        stringList
	depth        int
	top          int
	kinds        string
	types        string
	since, until string
	minWeight    int
	svg, png     string
	layout       string
	title        string
}

// register adds the selection and picture flags.
func (r *reportFlags) register(fs *flag.FlagSet) {
	fs.Var(&r.focus, "focus", "report on the entity `NAME` (id, name or alias) and what is around it; repeatable")
	fs.IntVar(&r.depth, "depth", 1, "with --focus: how many `hops` around the focus")
	fs.IntVar(&r.top, "top", 0, "keep the `N` strongest edges (nearest the focus first); 0: all")
	r.registerFilters(fs)
	fs.StringVar(&r.svg, "svg", "", "render the graph as SVG to `FILE` with Graphviz, with a legend")
	fs.StringVar(&r.png, "png", "", "render the graph as PNG to `FILE` with Graphviz, with a legend")
	fs.StringVar(&r.layout, "layout", "sfdp", "Graphviz `engine` for --svg and --png: sfdp, neato, fdp, dot, circo, twopi")
	fs.StringVar(&r.title, "title", "", "caption of --svg and --png (default: what was selected)")
}

// registerFilters adds the flags that filter edges and entities.
func (r *reportFlags) registerFilters(fs *flag.FlagSet) {
	fs.StringVar(&r.kinds, "kind", "", "keep only edges of these `kinds`: stance, co_occurrence (comma-separated)")
	fs.StringVar(&r.types, "type", "", "keep only entities of these `types`: Person, Organization, Location (comma-separated)")
	fs.StringVar(&r.since, "since", "", "keep only edges seen on or after `DATE` (YYYY, YYYY-MM or YYYY-MM-DD)")
	fs.StringVar(&r.until, "until", "", "keep only edges seen on or before `DATE` (YYYY, YYYY-MM or YYYY-MM-DD)")
	fs.IntVar(&r.minWeight, "min-weight", 0, "keep only edges of weight at least `W`")
}

// selection returns the Selection the parsed flags of fs ask for, or a usage error.
func (r *reportFlags) selection(fs *flag.FlagSet) (graphstore.Selection, error) {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	sel := graphstore.Selection{
		Focus: r.focus, Top: r.top, Since: r.since, Until: r.until, MinWeight: r.minWeight,
	}
	switch {
	case len(r.focus) > 0:
		sel.Depth = r.depth
	case set["depth"]:
		return sel, fmt.Errorf("--depth goes with --focus")
	}
	for _, k := range splitList(r.kinds) {
		kind := extract.EdgeKind(strings.ReplaceAll(strings.ToLower(k), "-", "_"))
		if kind != extract.Stance && kind != extract.CoOccurrence {
			return sel, fmt.Errorf("--kind %q: want %s or %s", k, extract.Stance, extract.CoOccurrence)
		}
		sel.Kinds = append(sel.Kinds, kind)
	}
	for _, t := range splitList(r.types) {
		typ, ok := entityType(t)
		if !ok {
			return sel, fmt.Errorf("--type %q: want %s, %s or %s", t, extract.Person, extract.Organization, extract.Location)
		}
		sel.Types = append(sel.Types, typ)
	}
	if engines := graphviz.Engines(); r.wantsPictures() && !slices.Contains(engines, r.layout) {
		return sel, fmt.Errorf("--layout %q: want one of %s", r.layout, strings.Join(engines, ", "))
	}
	if err := sel.Validate(); err != nil {
		return sel, err
	}
	return sel, nil
}

// entityType matches t to a type, ignoring case.
func entityType(t string) (extract.Type, bool) {
	for _, typ := range []extract.Type{extract.Person, extract.Organization, extract.Location} {
		if strings.EqualFold(t, string(typ)) {
			return typ, true
		}
	}
	return "", false
}

func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// wantsPictures reports whether --svg or --png was given.
func (r *reportFlags) wantsPictures() bool { return r.svg != "" || r.png != "" }

// checkGraphviz fails early, before a long run, when pictures are asked for and Graphviz is
// missing.
func (r *reportFlags) checkGraphviz() error {
	if !r.wantsPictures() {
		return nil
	}
	return graphviz.Check()
}

// entityError turns a bad selection, or a name that matched no entity or several, into a
// usage error.
func entityError(err error) error {
	if errors.Is(err, graphstore.ErrNoEntity) || errors.Is(err, graphstore.ErrAmbiguous) || errors.Is(err, graphstore.ErrSelection) {
		return &exitError{code: exitUsage, err: err}
	}
	return err
}

// writePictures renders g with Graphviz into the --svg and --png files: the DOT export's
// graph with a title, laid out with --layout, and the legend beside it.
func (r *reportFlags) writePictures(ctx context.Context, g *graphstore.Graph, sel graphstore.Selection, stdout io.Writer) error {
	if !r.wantsPictures() {
		return nil
	}
	title := r.title
	if title == "" {
		title = defaultTitle(g, sel)
	}
	var dot, legend bytes.Buffer
	if err := (graphstore.DOT{Title: title}).Write(&dot, g); err != nil {
		return err
	}
	if err := graphstore.WriteLegend(&legend); err != nil {
		return err
	}
	for _, pic := range []struct{ file, format string }{{r.svg, "svg"}, {r.png, "png"}} {
		if pic.file == "" {
			continue
		}
		b, err := graphviz.Render(ctx, dot.Bytes(), legend.Bytes(), r.layout, pic.format)
		if err != nil {
			return err
		}
		if err := writeFile(pic.file, func(w io.Writer) error { _, err := w.Write(b); return err }); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s written to %s\n", strings.ToUpper(pic.format), pic.file)
	}
	return nil
}

// defaultTitle describes a picture: what was selected, the focus by its entity's name rather
// than as typed, and how much the picture shows.
func defaultTitle(g *graphstore.Graph, sel graphstore.Selection) string {
	title := fmt.Sprintf("%d entities, %d edges", len(g.Nodes), len(g.Edges))
	if len(sel.Focus) > 0 {
		if n, err := graphstore.NetworkOf(g); err == nil {
			sel.Focus = slices.Clone(sel.Focus)
			for i, name := range sel.Focus {
				if e, err := n.Find(name); err == nil {
					sel.Focus[i] = e.Name
				}
			}
		}
	}
	if s := sel.String(); s != "" {
		title = s + " · " + title
	}
	return title
}
