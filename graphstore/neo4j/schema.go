package neo4j

import (
	"context"
	"errors"
	"fmt"
	"time"

	neo4jdrv "github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// schema is created by Open. The uniqueness constraints come first and are what make Add
// correct under concurrency: MERGE on a constrained key takes the key's index lock, so two
// writers cannot both create the same Article (the per-article ledger) or the same Entity.
// Each statement runs in its own auto-commit transaction because Neo4j does not allow schema
// changes and data writes in one transaction.
var schema = []string{
	"CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
	"CREATE CONSTRAINT article_id IF NOT EXISTS FOR (a:Article) REQUIRE a.id IS UNIQUE",
	// Relationship keys (see EdgeKey): Add finds an edge by its key through these indexes,
	// at a cost that does not grow with the degree of its endpoints, and the constraint turns
	// a duplicate relationship into an error instead of a silently doubled edge.
	"CREATE CONSTRAINT co_occurs_key IF NOT EXISTS FOR ()-[r:CO_OCCURS]-() REQUIRE r.key IS UNIQUE",
	"CREATE CONSTRAINT stance_key IF NOT EXISTS FOR ()-[r:STANCE]-() REQUIRE r.key IS UNIQUE",
	// For queries on the graph (lookups by name, type, date; strongest or most hostile edges).
	"CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name)",
	"CREATE INDEX entity_type IF NOT EXISTS FOR (n:Entity) ON (n.type)",
	"CREATE INDEX entity_mentions IF NOT EXISTS FOR (n:Entity) ON (n.mentions)",
	"CREATE INDEX article_date IF NOT EXISTS FOR (a:Article) ON (a.date)",
	"CREATE INDEX stance_polarity IF NOT EXISTS FOR ()-[r:STANCE]-() ON (r.polarity)",
	"CREATE INDEX stance_weight IF NOT EXISTS FOR ()-[r:STANCE]-() ON (r.weight)",
	"CREATE INDEX co_occurs_weight IF NOT EXISTS FOR ()-[r:CO_OCCURS]-() ON (r.weight)",
	// Relationships written before they had keys (by an older newsgraph) get theirs, so Add
	// finds them instead of creating a second relationship for the same pair. A no-op scan
	// on a database written by this version.
	"MATCH (a:Entity)-[r:CO_OCCURS]->(b:Entity) WHERE r.key IS NULL " + setKey,
	"MATCH (a:Entity)-[r:STANCE]->(b:Entity) WHERE r.key IS NULL " + setKey,
	// Indexes are built in the background; wait so the first MERGE already uses (and locks
	// through) the constraint's index.
	"CALL db.awaitIndexes(300)",
}

// setKey sets r.key to EdgeKey(a.id, b.id), in batches (TestKeyMigration checks they agree).
const setKey = `CALL { WITH a, r, b SET r.key =
  replace(replace(a.id, '\\', '\\\\'), '\u001f', '\\u001f') + '\u001f' +
  replace(replace(b.id, '\\', '\\\\'), '\u001f', '\\u001f') } IN TRANSACTIONS OF 10000 ROWS`

// createSchema runs the schema statements, each in its own auto-commit transaction.
func (s *Store) createSchema(ctx context.Context) error {
	sess := s.session(ctx, neo4jdrv.AccessModeWrite)
	defer sess.Close(context.WithoutCancel(ctx))
	for _, stmt := range schema {
		err := runAutoCommit(ctx, sess, stmt)
		// Several processes opening a fresh database at once (a consumer group starting)
		// deadlock on the schema locks; Neo4j calls that transient: try again, briefly.
		for try := 1; err != nil && neo4jdrv.IsRetryable(err) && try < 5; try++ {
			select {
			case <-time.After(time.Duration(try*try) * 100 * time.Millisecond):
			case <-ctx.Done():
				return s.wrap(ctx, "create schema", ctx.Err())
			}
			err = runAutoCommit(ctx, sess, stmt)
		}
		if err != nil && alreadyExists(err) {
			// Another Open created it between our IF NOT EXISTS check and our write.
			err = nil
		}
		if err != nil {
			return s.wrap(ctx, "create schema", fmt.Errorf("%s: %w", stmt, err))
		}
	}
	return nil
}

func runAutoCommit(ctx context.Context, sess neo4jdrv.SessionWithContext, stmt string) error {
	res, err := sess.Run(ctx, stmt, nil)
	if err != nil {
		return err
	}
	_, err = res.Consume(ctx)
	return err
}

func alreadyExists(err error) bool {
	var dbErr *neo4jdrv.Neo4jError
	return errors.As(err, &dbErr) &&
		(dbErr.Code == "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists" ||
			dbErr.Code == "Neo.ClientError.Schema.ConstraintAlreadyExists" ||
			dbErr.Code == "Neo.ClientError.Schema.IndexAlreadyExists")
}
