package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/newsgraph/newsgraph/graphstore"
	"github.com/newsgraph/newsgraph/graphstore/neo4j/bulk"
)

func exportCommand(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	from := fs.String("from", "neo4j", "where the graph is: neo4j, or a `FILE` written by newsgraph run --json (- for stdin)")
	dotFile := fs.String("dot", "", "write the graph as Graphviz DOT to `FILE`")
	jsonFile := fs.String("json", "", "write the graph as JSON to `FILE`")
	format := fs.String("format", "", "also write the graph in this format; neo4j-admin: CSV files for neo4j-admin database import (needs --out)")
	out := fs.String("out", "", "`DIR` for --format neo4j-admin")
	shards := fs.Int("shards", 1, "data files per node or relationship group for --format neo4j-admin (neo4j-admin reads them in parallel)")
	var rf reportFlags
	rf.register(fs)
	var nf neo4jFlags
	nf.register(fs)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: newsgraph export [--from neo4j|FILE.json] [--dot FILE] [--json FILE] [--svg FILE] [--png FILE]
                        [--format neo4j-admin --out DIR [--shards N]] [report flags]

Exports a stored graph: the one in Neo4j (--from neo4j; connection from $NEO4J_URI,
$NEO4J_USERNAME, $NEO4J_PASSWORD, $NEO4J_DATABASE or the flags below; the password only ever
from the environment), or the in-memory store's graph that newsgraph run --json wrote.

--format neo4j-admin writes CSV files that neo4j-admin database import full loads into an
empty database far faster than transactional writes, and prints the command. Exporting
from Neo4j keeps every vote; a JSON file has none, so the CSV carries the smallest votes
that give the same names, types and aliases.

`+reportHelp+`The same selection code runs on a graph from Neo4j and from a file; docs/neo4j.md has the
same selections in Cypher.

Exit codes: 0 success, 1 fatal error, 2 usage error (also: a --focus that names no entity,
or more than one).

Flags:
`)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args, stderr); err != nil {
		return err
	}
	usageErr := usageError(fs, stderr)
	switch {
	case fs.NArg() > 0:
		return usageErr("unexpected argument %q (the source is given with --from)", fs.Arg(0))
	case *format != "" && *format != "neo4j-admin":
		return usageErr("--format %q: want neo4j-admin", *format)
	case *format != "" && *out == "":
		return usageErr("--format neo4j-admin needs --out DIR")
	case *format == "" && (*out != "" || *shards != 1):
		return usageErr("--out and --shards go with --format neo4j-admin")
	case *shards < 1:
		return usageErr("--shards %d: want at least 1", *shards)
	case *dotFile == "" && *jsonFile == "" && *format == "" && !rf.wantsPictures():
		return usageErr("nothing to export: give --dot, --json, --svg, --png or --format neo4j-admin --out DIR")
	}
	sel, err := rf.selection(fs)
	switch {
	case err != nil:
		return usageErr("%v", err)
	case *format != "" && !sel.IsZero():
		return usageErr("--format neo4j-admin loads a store with the whole graph; the report flags go with --dot, --json, --svg and --png")
	}
	if err := rf.checkGraphviz(); err != nil {
		return err
	}

	whole, err := readGraph(ctx, *from, &nf, stdin)
	if err != nil {
		return err
	}
	g := whole
	if *dotFile != "" || *jsonFile != "" || rf.wantsPictures() {
		if g, err = exportGraph(whole, sel); err != nil {
			return err
		}
	}
	if err := writeExports(g, *dotFile, *jsonFile, stdout); err != nil {
		return err
	}
	if err := rf.writePictures(ctx, g, sel, stdout); err != nil {
		return err
	}
	if *format == "neo4j-admin" {
		// A store's content, unlinked: the store links on its own exports.
		im, err := bulk.Write(*out, whole, bulk.Options{Shards: *shards})
		if err != nil {
			return err
		}
		fmt.Fprint(stdout, im.Instructions())
	}
	fmt.Fprintf(stderr, "exported %d entities, %d edges from %s", len(g.Nodes), len(g.Edges), *from)
	if !sel.IsZero() {
		fmt.Fprintf(stderr, " (%s, of %d entities, %d edges)", sel, len(whole.Nodes), len(whole.Edges))
	}
	fmt.Fprintln(stderr)
	return nil
}

// readGraph reads the graph from Neo4j or from a JSON export.
func readGraph(ctx context.Context, from string, nf *neo4jFlags, stdin io.Reader) (*graphstore.Graph, error) {
	if from == "neo4j" {
		st, err := nf.open(ctx)
		if err != nil {
			return nil, err
		}
		defer st.Close(context.WithoutCancel(ctx))
		return st.Graph(ctx)
	}
	var r io.Reader = stdin
	if from != "-" {
		f, err := os.Open(from)
		if err != nil {
			return nil, fmt.Errorf("export: %w", err)
		}
		defer f.Close()
		r = f
	}
	g, err := graphstore.ReadJSON(r)
	if err != nil {
		return nil, fmt.Errorf("export: %s: %w", from, err)
	}
	return g, nil
}
