package bulk

import (
	"context"
	"fmt"
	"strings"

	neo4jdrv "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/newsgraph/newsgraph/extract"

	"github.com/newsgraph/newsgraph/graphstore/neo4j"
)

// stringLists are the names of the string-list properties of props: those that can hold
// [""], which CSV cannot express.
func stringLists[T any](props []neo4j.Property[T]) []string {
	var out []string
	for _, p := range props {
		if p.Type == neo4j.Strings {
			out = append(out, p.Name)
		}
	}
	return out
}

// PostImportStatements are the Cypher statements that finish an import whose Import has
// PostImport set: each sets the properties listed in MarkerProperty to [""] and removes the
// marker, in batches, so it scales to any number of marked nodes. They splice in only the
// constant property names, labels and types above, and are idempotent.
func PostImportStatements() []string {
	fix := func(v string, props []string) string {
		sets := make([]string, len(props))
		for i, p := range props {
			sets[i] = fmt.Sprintf("%s.%s = CASE WHEN '%s' IN %s.%s THEN [''] ELSE %s.%s END", v, p, p, v, MarkerProperty, v, p)
		}
		return fmt.Sprintf("CALL { WITH %s SET %s REMOVE %s.%s } IN TRANSACTIONS OF 10000 ROWS",
			v, strings.Join(sets, ", "), v, MarkerProperty)
	}
	out := []string{fmt.Sprintf("MATCH (n:Entity) WHERE n.%s IS NOT NULL %s", MarkerProperty, fix("n", stringLists(neo4j.EntityProperties())))}
	for _, kind := range []extract.EdgeKind{extract.CoOccurrence, extract.Stance} {
		rel, _ := neo4j.RelType(kind)
		out = append(out, fmt.Sprintf("MATCH ()-[r:%s]->() WHERE r.%s IS NOT NULL %s", rel, MarkerProperty, fix("r", stringLists(neo4j.EdgeProperties(kind)))))
	}
	return out
}

// Finish runs PostImportStatements against the server cfg names (started on the imported
// database). It is a no-op on a database that needs none.
func Finish(ctx context.Context, cfg neo4j.Config) error {
	auth := neo4jdrv.NoAuth()
	if cfg.Username != "" || cfg.Password != "" {
		user := cfg.Username
		if user == "" {
			user = "neo4j"
		}
		auth = neo4jdrv.BasicAuth(user, cfg.Password, "")
	}
	uri := cfg.URI
	if uri == "" {
		uri = neo4j.DefaultURI
	}
	d, err := neo4jdrv.NewDriverWithContext(uri, auth)
	if err != nil {
		return fmt.Errorf("bulk: finish: %w", err)
	}
	defer d.Close(context.WithoutCancel(ctx))
	// CALL … IN TRANSACTIONS needs an auto-commit transaction, i.e. session.Run.
	sess := d.NewSession(ctx, neo4jdrv.SessionConfig{DatabaseName: cfg.Database, AccessMode: neo4jdrv.AccessModeWrite})
	defer sess.Close(context.WithoutCancel(ctx))
	for _, stmt := range PostImportStatements() {
		res, err := sess.Run(ctx, stmt, nil)
		if err == nil {
			_, err = res.Consume(ctx)
		}
		if err != nil {
			return fmt.Errorf("bulk: finish: %w", err)
		}
	}
	return nil
}
