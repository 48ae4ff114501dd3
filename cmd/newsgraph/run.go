package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore"
	"github.com/newsgraph/newsgraph/pipeline"
)

func runCommand(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	var c common
	c.register(fs)
	dotFile := fs.String("dot", "", "write the graph as Graphviz DOT to `FILE`")
	jsonFile := fs.String("json", "", "write the graph as JSON to `FILE`")
	batch := fs.Int("batch", 256, "articles per store write")
	writeBehind := fs.Int("write-behind", 1, "batches the store may write while the next are extracted (0: extract and write in turn)")
	var deleteFiles stringList
	fs.Var(&deleteFiles, "delete-ids", "after the run, retract the article ids listed in `FILE` (one per line; repeatable)")
	var rf reportFlags
	rf.register(fs)
	var sf storeFlags
	sf.register(fs)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: newsgraph run [flags] INPUT...

Extracts every article of INPUT (files, folders, - for stdin), merges the results into the
graph store (in memory by default, or Neo4j with --store neo4j) and writes the exports.
Every store holds one version of each article id: the same article again is a no-op, so
running a dump again, or resuming a run that was interrupted, gives the same graph as one
clean run; the same id with other content is a correction that replaces the stored version
(a later one in input order wins; --on-change keep keeps the first instead). --delete-ids
retracts articles after the run.

`+reportHelp+`The exports (--dot, --json, --svg, --png) are of the selection; the summary counts the
whole graph.

Exit codes: 0 success, 1 fatal error, 2 usage error (also: a --focus that names no entity,
or more than one), 3 some records skipped.

Flags:
`)
		fs.PrintDefaults()
	}
	inputs, err := parse(fs, args, stderr)
	if err != nil {
		return err
	}
	var retractIDs []string
	for _, f := range deleteFiles {
		ids, err := readIDsFile(f, stdin)
		if err != nil {
			return &exitError{code: exitUsage, err: err}
		}
		retractIDs = append(retractIDs, ids...)
	}
	sel, err := rf.selection(fs)
	if err != nil {
		return usageError(fs, stderr)("%v", err)
	}
	if err := rf.checkGraphviz(); err != nil {
		return err // before the run, not after it
	}
	x, err := c.extractor()
	if err != nil {
		return err
	}
	store, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close(context.WithoutCancel(ctx))

	cfg, prog := c.config(ctx, inputs, stderr)
	cfg.BatchSize = *batch
	// The store writes one batch while the next is extracted (Neo4j spends most of a write
	// on the server, a core the extraction can use meanwhile).
	cfg.WriteBehind = *writeBehind
	duplicates := 0
	stats, err := pipeline.Run(ctx, c.source(inputs, stdin), x, func(ctx context.Context, b []*extract.Result) error {
		added, err := store.Add(ctx, b)
		duplicates += len(b) - added
		return err
	}, cfg)
	prog.finish()
	if err != nil {
		summarize(stderr, stats, "")
		return err
	}
	extra := ""
	if len(retractIDs) > 0 {
		deleted, err := retract(ctx, store, retractIDs, *batch)
		if err != nil {
			return err
		}
		extra = fmt.Sprintf("%d articles retracted; ", deleted)
	}
	// Reading the graph back from Neo4j costs a full scan: only when an export wants it.
	if sf.kind == "memory" || *dotFile != "" || *jsonFile != "" || rf.wantsPictures() {
		whole, err := store.Graph(ctx)
		if err != nil {
			return err
		}
		g, err := exportGraph(whole, sel)
		if err != nil {
			return err
		}
		if err := writeExports(g, *dotFile, *jsonFile, stdout); err != nil {
			return err
		}
		if err := rf.writePictures(ctx, g, sel, stdout); err != nil {
			return err
		}
		extra += fmt.Sprintf("%d entities, %d edges; ", len(whole.Nodes), len(whole.Edges))
		if !sel.IsZero() {
			extra += fmt.Sprintf("exported %s: %d entities, %d edges; ", sel, len(g.Nodes), len(g.Edges))
		}
	}
	if duplicates > 0 {
		// Not an error: the same article in several files or formats, or a re-run.
		extra = fmt.Sprintf("%d articles already in the store (same version); %s", duplicates, extra)
	}
	return summarize(stderr, stats, extra)
}

// exportGraph is what the exports show of a store's graph: surname-only nodes linked to
// their dominant full name (graphstore.LinkSurnames), then the part sel selects (all of it
// for the zero Selection). whole, the store's view, is left as it is. A --focus that names
// no entity, or several, is a usage error.
func exportGraph(whole *graphstore.Graph, sel graphstore.Selection) (*graphstore.Graph, error) {
	g := whole.Clone()
	g.LinkSurnames(graphstore.DefaultLinks)
	if sel.IsZero() {
		return g, nil
	}
	g, err := sel.Apply(g)
	return g, entityError(err)
}

// writeExports writes the DOT and JSON files that were asked for and says where they went.
func writeExports(g *graphstore.Graph, dotFile, jsonFile string, stdout io.Writer) error {
	for _, out := range []struct {
		name  string
		write func(io.Writer, *graphstore.Graph) error
		what  string
	}{{dotFile, graphstore.WriteDOT, "DOT"}, {jsonFile, graphstore.WriteJSON, "JSON"}} {
		if out.name == "" {
			continue
		}
		if err := writeFile(out.name, func(w io.Writer) error { return out.write(w, g) }); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s written to %s\n", out.what, out.name)
	}
	return nil
}

// writeFile writes a file atomically: into a temporary file renamed into place, so an
// interrupted run never leaves half an export behind. "-" is stdout.
func writeFile(name string, write func(io.Writer) error) error {
	if name == "-" {
		return write(os.Stdout)
	}
	dir := filepath.Dir(name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(name)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(f.Name(), name)
}
