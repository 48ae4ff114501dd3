package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/newsgraph/newsgraph/graphstore"
	"github.com/newsgraph/newsgraph/graphstore/memory"
	"github.com/newsgraph/newsgraph/graphstore/neo4j"
)

// neo4jFlags are the connection flags of every command that talks to Neo4j. They override
// NEO4J_URI, NEO4J_USERNAME and NEO4J_DATABASE; the password comes only from NEO4J_PASSWORD,
// so it never shows in a process list or shell history.
type neo4jFlags struct {
	uri, user, database string
	batch               int
	retry               time.Duration
	onChange            graphstore.OnChange // set by storeFlags
}

func (f *neo4jFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.uri, "neo4j-uri", "", "Neo4j `URI` (default $NEO4J_URI or "+neo4j.DefaultURI+")")
	fs.StringVar(&f.user, "neo4j-user", "", "Neo4j `user` (default $NEO4J_USERNAME; password only from $NEO4J_PASSWORD)")
	fs.StringVar(&f.database, "neo4j-database", "", "Neo4j `database` (default $NEO4J_DATABASE or the server's default)")
	fs.IntVar(&f.batch, "neo4j-batch", neo4j.DefaultBatchSize, "rows per Neo4j write statement")
	fs.DurationVar(&f.retry, "neo4j-retry", neo4j.DefaultRetryTime,
		"how long a Neo4j write is retried while the server is unreachable or busy (a restart) before the run fails")
}

func (f *neo4jFlags) config() neo4j.Config {
	cfg := neo4j.ConfigFromEnv()
	if f.uri != "" {
		cfg.URI = f.uri
	}
	if f.user != "" {
		cfg.Username = f.user
	}
	if f.database != "" {
		cfg.Database = f.database
	}
	cfg.BatchSize = f.batch
	cfg.RetryTime = f.retry
	cfg.OnChange = f.onChange
	return cfg
}

func (f *neo4jFlags) open(ctx context.Context) (*neo4j.Store, error) {
	st, err := neo4j.Open(ctx, f.config())
	if err != nil {
		// The error names the server without its credentials.
		return nil, fmt.Errorf("%w (is the server up? scripts/neo4j.sh up starts a local one)", err)
	}
	return st, nil
}

// storeFlags choose the graph store a command writes to.
type storeFlags struct {
	kind     string
	onChange string
	neo4j    neo4jFlags
}

func (f *storeFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.kind, "store", "memory", "graph store: memory (embedded) or neo4j")
	fs.StringVar(&f.onChange, "on-change", "replace",
		"an article id the store holds, with other content: replace (the correction wins) or keep (the first version stays)")
	f.neo4j.register(fs)
}

func (f *storeFlags) open(ctx context.Context) (graphstore.Store, error) {
	onChange, err := graphstore.ParseOnChange(f.onChange)
	if err != nil {
		return nil, &exitError{code: exitUsage, err: fmt.Errorf("--%w", err)}
	}
	switch f.kind {
	case "memory":
		return memory.NewWith(onChange), nil
	case "neo4j":
		f.neo4j.onChange = onChange
		return f.neo4j.open(ctx)
	default:
		return nil, &exitError{code: exitUsage, err: fmt.Errorf("--store %q: want memory or neo4j", f.kind)}
	}
}
