package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore"
)

func pathCommand(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("path", flag.ContinueOnError)
	from := fs.String("from", "neo4j", "where the graph is: neo4j, or a `FILE` written by newsgraph run --json (- for stdin)")
	var rf reportFlags
	rf.registerFilters(fs)
	var nf neo4jFlags
	nf.register(fs)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: newsgraph path [flags] A B

Shows how the entities A and B (each an id, a name or an alias) are connected: the strongest
short path between them, over co-occurrence and stance edges in either direction, with
each hop's edges and the first evidence sentence of each.

"Strongest short": the fewest hops first (a direct link, however weak, is the answer);
among the paths that short, the one whose weakest hop is strongest (a hop weighs what its
strongest edge weighs; a chain is as strong as its weakest link, so a path through a hub
mentioned once in passing loses to one whose every hop is well attested); then the one
with the most weight in all; then the one whose entity ids sort first.

--kind, --type, --since, --until and --min-weight restrict the edges and entities the path
may use, as for export (A and B pass --type whatever their type). Flags go before A and B.

Exit codes: 0 a path was found, 1 fatal error or A and B are not connected, 2 usage error
(also: A or B names no entity, or more than one).

Flags:
`)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args, stderr); err != nil {
		return err
	}
	usageErr := usageError(fs, stderr)
	names := fs.Args()
	switch {
	case len(names) > 2 && strings.HasPrefix(names[2], "-"):
		return usageErr("flags go before A and B (got %q after them)", names[2])
	case len(names) != 2:
		return usageErr("want two entities, A and B; got %d arguments", len(names))
	}
	sel, err := rf.selection(fs)
	if err != nil {
		return usageErr("%v", err)
	}
	g, err := readGraph(ctx, *from, &nf, stdin)
	if err != nil {
		return err
	}
	p, err := graphstore.FindPath(g, names[0], names[1], sel)
	switch {
	case errors.Is(err, graphstore.ErrNoPath):
		return &exitError{code: exitFatal, err: err}
	case err != nil:
		return entityError(err)
	}
	writePath(stdout, p)
	return nil
}

// writePath prints p for people: a heading, then every hop with its edges, strongest first,
// each with its first evidence sentence.
func writePath(w io.Writer, p *graphstore.Path) {
	first, last := p.Nodes[0], p.Nodes[len(p.Nodes)-1]
	others := ""
	switch {
	case p.Count >= graphstore.MaxPathCount:
		others = fmt.Sprintf(", the strongest of over %d as short", graphstore.MaxPathCount)
	case p.Count > 1:
		others = fmt.Sprintf(", the strongest of %d as short", p.Count)
	}
	fmt.Fprintf(w, "%s to %s: %s%s (weakest hop %d, weight %d in all)\n", first.Name, last.Name,
		plural(len(p.Hops), "hop"), others, p.Weakest, p.Weight)
	for i, hop := range p.Hops {
		a, b := p.Nodes[i], p.Nodes[i+1]
		fmt.Fprintf(w, "\n%d. %s (%s) – %s (%s)\n", i+1, a.Name, a.Type, b.Name, b.Type)
		for _, e := range hop {
			switch e.Kind {
			case extract.Stance:
				actor, target := a, b
				if e.Source == b.ID {
					actor, target = b, a
				}
				fmt.Fprintf(w, "   stance %s → %s: %+.2f (%s), %s in %s\n", actor.Name, target.Name, e.Polarity,
					strings.Join(e.Cues, ", "), plural(e.Weight, "cue"), plural(e.Articles, "article"))
			default:
				fmt.Fprintf(w, "   co-occurrence: %s in %s\n", plural(e.Weight, "sentence"), plural(e.Articles, "article"))
			}
			if len(e.Evidence) > 0 {
				ev := e.Evidence[0]
				fmt.Fprintf(w, "     “%s” (%s, sentence %d)\n", strings.Join(strings.Fields(ev.Text), " "), ev.Article, ev.Sentence)
			}
		}
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
