// Package graphstore holds the knowledge graph's domain: merged nodes and edges, the rules that
// merge per-article contributions (commutative and associative, so every engine gets the same
// graph), the Store interface every backend implements, and the JSON and DOT exports.
package graphstore

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/newsgraph/newsgraph/extract"
)

// Sentinel errors callers branch on.
var (
	// ErrUnavailable means the backend cannot be reached (server down, bad address).
	ErrUnavailable = errors.New("graph store unavailable")
	// ErrInvalid means a result carried a type or kind outside the allow-list; nothing of the
	// batch was written.
	ErrInvalid = errors.New("invalid graph data")
	// ErrCorruptLedger means a stored article contribution could not be read back; nothing
	// was changed.
	ErrCorruptLedger = errors.New("corrupt article ledger")
)

// Store persists the merged graph.
//
// A store keeps every article's content hash (HashOf) and contribution (Contribution). Add
// is idempotent per article version: a result whose id and hash the store holds is skipped,
// so re-running a dump, or replaying a stream, never counts anything twice. The same id with
// another hash is a correction: under Replace (the default) its stored contribution is taken
// out and the new one added, in the same atomic step; under Keep it is skipped. After any
// sequence of adds, replaces and deletes the graph is that of a clean load of the surviving
// versions.
type Store interface {
	// Add merges the results of a batch of articles, in order (a later result of the same
	// id is a later version), and returns how many articles it added or replaced. It returns
	// ErrInvalid for data outside the allow-list and ErrUnavailable when the backend is down.
	Add(ctx context.Context, results []*extract.Result) (written int, err error)
	// Delete retracts the articles with the given ids, taking their contributions out of the
	// graph: an entity or edge no remaining article supports disappears. It returns how many
	// of the ids the store held; unknown ids are not an error.
	Delete(ctx context.Context, ids []string) (deleted int, err error)
	// Graph returns the whole graph in canonical order.
	Graph(ctx context.Context) (*Graph, error)
	// Close releases the store's resources.
	Close(ctx context.Context) error
}

// Validate checks r against the allow-lists stores rely on for labels and relationship types.
func Validate(r *extract.Result) error {
	if r.ID == "" {
		return fmt.Errorf("%w: result without article id", ErrInvalid)
	}
	for _, e := range r.Entities {
		if !e.Type.Valid() || e.ID == "" {
			return fmt.Errorf("%w: article %s: entity %q has type %q", ErrInvalid, r.ID, e.ID, e.Type)
		}
	}
	ids := make(map[string]bool, len(r.Entities))
	for _, e := range r.Entities {
		ids[e.ID] = true
	}
	for _, e := range r.Edges {
		switch {
		case e.Kind != extract.CoOccurrence && e.Kind != extract.Stance:
			return fmt.Errorf("%w: article %s: edge kind %q", ErrInvalid, r.ID, e.Kind)
		case !ids[e.Source] || !ids[e.Target]:
			return fmt.Errorf("%w: article %s: edge %s → %s joins an entity the article does not have", ErrInvalid, r.ID, e.Source, e.Target)
		case e.Source == e.Target:
			return fmt.Errorf("%w: article %s: edge %s → itself", ErrInvalid, r.ID, e.Source)
		case slices.ContainsFunc(e.Evidence, func(ev extract.Evidence) bool { return ev.Article != r.ID }):
			// Stores rely on it: evidence sorts by article, so the supporters with the
			// smallest ids hold an edge's kept sentences.
			return fmt.Errorf("%w: article %s: edge %s → %s has evidence from another article", ErrInvalid, r.ID, e.Source, e.Target)
		case e.Kind == extract.CoOccurrence && e.Source > e.Target:
			// One canonical direction, so every store keys the pair the same way.
			return fmt.Errorf("%w: article %s: co-occurrence %s – %s not in canonical order", ErrInvalid, r.ID, e.Source, e.Target)
		}
	}
	return nil
}
