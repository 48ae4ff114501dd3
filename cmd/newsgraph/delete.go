package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/newsgraph/newsgraph/graphstore"
)

func deleteCommand(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("delete", flag.ContinueOnError)
	var sf storeFlags
	sf.register(fs)
	var idFiles stringList
	fs.Var(&idFiles, "ids", "read article ids from `FILE` (- for stdin), one per line (blank lines and # comments skipped; repeatable)")
	batch := fs.Int("batch", 256, "articles per store transaction")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: newsgraph delete --store neo4j [flags] [ID...]

Retracts articles from a stored graph: each article's contribution is taken out (counts and
weights subtract; names, types, aliases, evidence and first/last seen are recomputed from the
articles that remain; an entity or edge nothing supports any more disappears), so the graph
is the one a clean load without them would give. Ids the store does not hold are reported
and skipped. The memory store lives for one run only: there, use run --delete-ids FILE.

Exit codes: 0 success, 1 fatal error, 2 usage error.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args, stderr); err != nil {
		return err
	}
	ids := fs.Args()
	for _, f := range idFiles {
		more, err := readIDsFile(f, stdin)
		if err != nil {
			return &exitError{code: exitUsage, err: err}
		}
		ids = append(ids, more...)
	}
	if len(ids) == 0 {
		return usageError(fs, stderr)("no article ids: give them as arguments or with --ids FILE")
	}
	if sf.kind == "memory" {
		return usageError(fs, stderr)("the memory store keeps no graph between runs: use --store neo4j, or run --delete-ids FILE")
	}
	store, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close(context.WithoutCancel(ctx))
	deleted, err := retract(ctx, store, ids, *batch)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "deleted %d of %d articles", deleted, len(ids))
	if missing := len(ids) - deleted; missing > 0 {
		fmt.Fprintf(stdout, " (%d not in the store)", missing)
	}
	fmt.Fprintln(stdout)
	return nil
}

// retract deletes ids from store, batch ids per transaction, and returns how many the
// store held. Repeated ids count once.
func retract(ctx context.Context, store graphstore.Store, ids []string, batch int) (int, error) {
	batch = max(batch, 1)
	deleted := 0
	for start := 0; start < len(ids); start += batch {
		n, err := store.Delete(ctx, ids[start:min(start+batch, len(ids))])
		deleted += n
		if err != nil {
			return deleted, fmt.Errorf("delete: %w", err)
		}
	}
	return deleted, nil
}
