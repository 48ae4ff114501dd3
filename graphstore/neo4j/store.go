// Package neo4j is the graph store backed by a Neo4j 5 server. The merge rules stay in Go
// (graphstore.Node.Merge and Edge.Merge are the single source of truth): Add reads the nodes
// and edges a batch touches, merges in Go, and writes the result back, all in one retrying
// write transaction that also records the batch's articles, so every article is counted
// exactly once however often, and however concurrently, it is added.
//
// Data model:
//
//	(:Entity:Person|Organization|Location {id, name, type, aliases, mentions, articles,
//	    first_seen, last_seen, name_votes_keys, name_votes_counts, type_votes_keys, …})
//	(:Article {id, date, title, url, source, words})
//	(:Entity)-[:MENTIONED_IN {count}]->(:Article)
//	(:Entity)-[:CO_OCCURS {weight, articles, first_seen, last_seen, evidence_article, …}]->(:Entity)
//	(:Entity)-[:STANCE {weight, polarity, positive, negative, neutral, cues, cue_counts,
//	    classes, class_counts, articles, evidence_*, first_seen, last_seen}]->(:Entity)
//
// Vote maps and evidence are stored as parallel arrays (keys[i] has counts[i]), which Cypher
// can query directly. Labels and relationship types come only from the allow-lists below;
// every value reaches the server as a query parameter.
package neo4j

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"time"

	neo4jdrv "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore"
)

var _ graphstore.Store = (*Store)(nil)

// Timeouts that keep a down or unreachable server from hanging callers.
const (
	// connectTimeout bounds one TCP connect; a closed port fails at once, a black-holed
	// address after this.
	connectTimeout = 5 * time.Second
	// verifyTimeout bounds Open's connectivity check when ctx has no earlier deadline.
	verifyTimeout = 5 * time.Second
)

// Allow-lists: the only strings ever spliced into Cypher text. They are constants, so no
// data can reach a label or relationship type position. The bulk importer writes the same
// ones through Label and RelType.
var (
	labels = map[extract.Type]string{
		extract.Person:       "Person",
		extract.Organization: "Organization",
		extract.Location:     "Location",
	}
	relTypes = map[extract.EdgeKind]string{
		extract.CoOccurrence: "CO_OCCURS",
		extract.Stance:       "STANCE",
	}
	// kinds is relTypes reversed, for reading relationships back.
	kinds = map[string]extract.EdgeKind{"CO_OCCURS": extract.CoOccurrence, "STANCE": extract.Stance}
)

// Label returns the node label of an entity type, and false for a type outside the
// allow-list.
func Label(t extract.Type) (string, bool) {
	l, ok := labels[t]
	return l, ok
}

// RelType returns the relationship type of an edge kind, and false for a kind outside the
// allow-list.
func RelType(k extract.EdgeKind) (string, bool) {
	r, ok := relTypes[k]
	return r, ok
}

// Store implements graphstore.Store on Neo4j. It is safe for concurrent use, and any number
// of Stores (in any number of processes) may write to the same database at once.
type Store struct {
	driver neo4jdrv.DriverWithContext
	cfg    Config
	stats  statsCounter
}

// Open connects to the server cfg names, verifies it answers within a bounded time, and
// creates the schema (constraints and indexes) if missing. A server that cannot be reached
// gives an error wrapping graphstore.ErrUnavailable.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	auth := neo4jdrv.NoAuth()
	if cfg.username() != "" || cfg.Password != "" {
		auth = neo4jdrv.BasicAuth(cfg.username(), cfg.Password, "")
	}
	driver, err := neo4jdrv.NewDriverWithContext(cfg.uri(), auth, func(c *neo4jdrv.Config) {
		c.SocketConnectTimeout = connectTimeout
		c.ConnectionAcquisitionTimeout = verifyTimeout
		c.MaxTransactionRetryTime = cfg.retryTime()
	})
	if err != nil {
		return nil, fmt.Errorf("neo4j: open %s: %w", cfg.redactedURI(), err)
	}
	s := &Store{driver: driver, cfg: cfg}
	vctx, cancel := context.WithTimeout(ctx, verifyTimeout)
	defer cancel()
	if err := driver.VerifyConnectivity(vctx); err != nil {
		_ = driver.Close(context.WithoutCancel(ctx))
		if ctx.Err() != nil {
			return nil, fmt.Errorf("neo4j: connect to %s: %w", cfg.redactedURI(), ctx.Err())
		}
		return nil, fmt.Errorf("neo4j: connect to %s: %w: %w", cfg.redactedURI(), graphstore.ErrUnavailable, err)
	}
	if err := s.createSchema(ctx); err != nil {
		_ = driver.Close(context.WithoutCancel(ctx))
		return nil, err
	}
	return s, nil
}

// Close implements graphstore.Store.
func (s *Store) Close(ctx context.Context) error {
	if err := s.driver.Close(ctx); err != nil {
		return fmt.Errorf("neo4j: close: %w", err)
	}
	return nil
}

func (s *Store) session(ctx context.Context, mode neo4jdrv.AccessMode) neo4jdrv.SessionWithContext {
	return s.driver.NewSession(ctx, neo4jdrv.SessionConfig{
		AccessMode:   mode,
		DatabaseName: s.cfg.Database,
	})
}

// wrap adds the operation, and graphstore.ErrUnavailable when the server could not be
// reached, to an error from the driver. The driver's own error types do not unwrap, so the
// classification is done here rather than left to callers.
func (s *Store) wrap(ctx context.Context, op string, err error) error {
	switch {
	case errors.Is(err, graphstore.ErrInvalid), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("neo4j: %s: %w", op, err)
	case ctx.Err() != nil:
		return fmt.Errorf("neo4j: %s: %w: %w", op, ctx.Err(), err)
	case unavailable(err):
		return fmt.Errorf("neo4j: %s: %w: %w", op, graphstore.ErrUnavailable, err)
	}
	return fmt.Errorf("neo4j: %s: %w", op, err)
}

// unavailable reports whether err means the server could not be reached or went away.
func unavailable(err error) bool {
	var (
		conn  *neo4jdrv.ConnectivityError
		limit *neo4jdrv.TransactionExecutionLimit
		ne    net.Error
		dbErr *neo4jdrv.Neo4jError
	)
	switch {
	case errors.As(err, &conn), errors.As(err, &ne), errors.Is(err, io.EOF):
		return true
	case errors.As(err, &limit):
		return len(limit.Errors) > 0 && unavailable(limit.Errors[len(limit.Errors)-1])
	case errors.As(err, &dbErr):
		return dbErr.Code == "Neo.TransientError.General.DatabaseUnavailable"
	}
	return false
}

// Wipe deletes every node and relationship of the database (the schema stays), in
// batches so that it works on any size. For benchmarks and scratch databases only.
func (s *Store) Wipe(ctx context.Context) error {
	sess := s.session(ctx, neo4jdrv.AccessModeWrite)
	defer sess.Close(context.WithoutCancel(ctx))
	if err := runAutoCommit(ctx, sess, "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS"); err != nil {
		return s.wrap(ctx, "wipe", err)
	}
	return nil
}
