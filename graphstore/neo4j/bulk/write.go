package bulk

import (
	"bufio"
	"cmp"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/newsgraph/newsgraph/graphstore"
)

// Options tune Write. The zero value writes one data file per group and picks the delimiter.
type Options struct {
	// Shards is the number of data files per group (1 when < 1). neo4j-admin reads the files
	// of a group in parallel unless --multiline-fields is needed.
	Shards int
	// Delimiter forces the array delimiter (one of Delimiters); 0 picks the first the data
	// lacks.
	Delimiter rune
	// Articles is the per-article ledger to import with the graph; without it, the imported
	// database has no record of which articles it holds, and a later graphstore/neo4j Add of
	// the same articles would count them twice.
	Articles []Article
}

// Write writes g (and opts.Articles) under dir as neo4j-admin CSV files and returns the
// import that loads them. Nodes and edges are written in canonical order, articles by id,
// each group split into opts.Shards contiguous parts, so equal graphs give equal files.
// Nothing is written when the graph is invalid: a type or kind outside the allow-lists, a
// repeated id, or an edge or mention naming an entity the graph lacks (ErrInvalid).
func Write(dir string, g *graphstore.Graph, opts Options) (*Import, error) {
	recs, synthesized, err := records(g, opts.Articles)
	if err != nil {
		return nil, err
	}
	var u Usage
	for _, rs := range recs {
		for _, r := range rs {
			u.Add(r)
		}
	}
	im, err := NewImport(dir, opts.Shards, u, opts.Delimiter, opts.Articles != nil)
	if err != nil {
		return nil, err
	}
	im.SynthesizedVotes = synthesized
	if err := im.WriteHeaders(); err != nil {
		return nil, err
	}
	for _, grp := range im.Groups() {
		rs := recs[grp]
		im.Counts[grp] = len(rs)
		for i := range im.Shards {
			part := rs[i*len(rs)/im.Shards : (i+1)*len(rs)/im.Shards]
			if err := WritePart(filepath.Join(im.Dir, grp.PartFile(i, im.Shards)), part, im.Delimiter); err != nil {
				return nil, err
			}
		}
	}
	return im, nil
}

// records builds and validates every record of g and articles, by group.
func records(g *graphstore.Graph, articles []Article) (map[Group][]Record, int, error) {
	invalid := func(format string, a ...any) error {
		return fmt.Errorf("bulk: %w", errors.Join(graphstore.ErrInvalid, fmt.Errorf(format, a...)))
	}
	nodes := slices.SortedFunc(slices.Values(g.Nodes), func(a, b *graphstore.Node) int { return cmp.Compare(a.ID, b.ID) })
	edges := slices.SortedFunc(slices.Values(g.Edges), func(a, b *graphstore.Edge) int {
		return graphstore.CompareKeys(a.Key(), b.Key())
	})
	recs := map[Group][]Record{}
	ids := make(map[string]bool, len(nodes))
	synthesized := 0
	for _, n := range nodes {
		if ids[n.ID] {
			return nil, 0, invalid("entity id %q appears twice", n.ID)
		}
		ids[n.ID] = true
		r, err := NodeRecord(n)
		if err != nil {
			return nil, 0, err
		}
		if !HasVotes(n) {
			synthesized++
		}
		recs[Entities] = append(recs[Entities], r)
	}
	for i, e := range edges {
		if i > 0 && edges[i-1].Key() == e.Key() {
			return nil, 0, invalid("edge %s→%s (%s) appears twice", e.Source, e.Target, e.Kind)
		}
		if !ids[e.Source] || !ids[e.Target] {
			return nil, 0, invalid("edge %s→%s (%s) joins an entity the graph lacks", e.Source, e.Target, e.Kind)
		}
		r, err := EdgeRecord(e)
		if err != nil {
			return nil, 0, err
		}
		recs[r.Group] = append(recs[r.Group], r)
	}
	arts := slices.SortedStableFunc(slices.Values(articles), func(a, b Article) int { return cmp.Compare(a.ID, b.ID) })
	for i, a := range arts {
		if i > 0 && arts[i-1].ID == a.ID {
			return nil, 0, invalid("article id %q appears twice", a.ID)
		}
		r, err := ArticleRecord(a)
		if err != nil {
			return nil, 0, err
		}
		recs[Articles] = append(recs[Articles], r)
		for _, m := range MentionRecords(a) {
			if id := m.vals[0].s; !ids[id] {
				return nil, 0, invalid("article %q mentions entity %q the graph lacks", a.ID, id)
			}
			recs[Mentions] = append(recs[Mentions], m)
		}
	}
	return recs, synthesized, nil
}

// WritePart writes recs as one data file (no header) at path, atomically (see WriteLines).
func WritePart(path string, recs []Record, delim rune) error {
	var line []byte
	return writeAtomic(path, func(w *bufio.Writer) error {
		for _, r := range recs {
			line = r.AppendCSV(line[:0], delim)
			if _, err := w.Write(line); err != nil {
				return err
			}
		}
		return nil
	})
}

// WriteLines writes lines encoded by Record.AppendCSV as one data file at path: into a
// temporary file renamed into place, so an interrupted or retried write (a distributed
// worker's) never leaves half a part behind.
func WriteLines(path string, lines [][]byte) error {
	return writeAtomic(path, func(w *bufio.Writer) error {
		for _, l := range lines {
			if _, err := w.Write(l); err != nil {
				return err
			}
		}
		return nil
	})
}

func writeAtomic(path string, write func(*bufio.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("bulk: %w", err)
	}
	defer os.Remove(f.Name())
	w := bufio.NewWriterSize(f, 1<<16)
	err = write(w)
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("bulk: write %s: %w", path, err)
	}
	return nil
}
