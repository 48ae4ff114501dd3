package bulk

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// DefaultDatabase is the database neo4j-admin imports into: the only one Community serves.
const DefaultDatabase = "neo4j"

// PostImportFile is the name of the Cypher file written next to the CSV files when the
// import needs the post-import step.
const PostImportFile = "post-import.cypher"

// Import describes a set of CSV files written for neo4j-admin and how to import them.
type Import struct {
	// Dir is the absolute directory of the files.
	Dir string
	// Database is the database to import into.
	Database string
	// Shards is the number of data files per group.
	Shards int
	// Delimiter is the array delimiter, passed as --array-delimiter.
	Delimiter rune
	// Multiline means a value spans lines (--multiline-fields=true is passed).
	Multiline bool
	// PostImport means some property could only be written through the marker: the
	// statements of PostImportFile (see Finish) must run once after the first start.
	PostImport bool
	// Ledger means the Article nodes and MENTIONED_IN relationships are included.
	Ledger bool
	// Counts is the number of records written per group.
	Counts map[Group]int
	// SynthesizedVotes counts entities written with votes made up from their name, type and
	// aliases because the graph had none (see HasVotes).
	SynthesizedVotes int
}

// NewImport describes the files of an import under dir with shards data files per group, for
// records whose Usage is u. It chooses the array delimiter (or checks delim, when not 0).
func NewImport(dir string, shards int, u Usage, delim rune, ledger bool) (*Import, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("bulk: %w", err)
	}
	if strings.Contains(abs, ",") {
		// neo4j-admin separates the files of a group with commas.
		return nil, fmt.Errorf("bulk: the directory %q has a comma in its path, which neo4j-admin cannot read", abs)
	}
	if shards < 1 {
		shards = 1
	}
	if delim == 0 {
		if delim, err = u.Delimiter(); err != nil {
			return nil, err
		}
	} else if !u.Allows(delim) {
		return nil, fmt.Errorf("bulk: array delimiter %s occurs in the data or is not one of bulk.Delimiters", delimiterArg(delim))
	}
	return &Import{Dir: abs, Database: DefaultDatabase, Shards: shards, Delimiter: delim,
		Multiline: u.Multiline, PostImport: u.Marked, Ledger: ledger, Counts: map[Group]int{}}, nil
}

// Groups lists the groups the import holds, in order.
func (im *Import) Groups() []Group {
	if im.Ledger {
		return Groups()
	}
	return []Group{Entities, CoOccurs, Stances}
}

// Files are g's files, header first, as absolute paths.
func (im *Import) Files(g Group) []string {
	out := []string{filepath.Join(im.Dir, g.HeaderFile())}
	for i := range im.Shards {
		out = append(out, filepath.Join(im.Dir, g.PartFile(i, im.Shards)))
	}
	return out
}

// Args are the arguments of `neo4j-admin database import full`: the database first (the
// file options take several values, so a trailing name would be read as a file), then one
// option per group.
func (im *Import) Args() []string {
	args := []string{im.Database}
	for _, g := range im.Groups() {
		opt := "--relationships="
		if g.Nodes() {
			opt = "--nodes=" + groupInfos[g].label + "="
		}
		args = append(args, opt+strings.Join(im.Files(g), ","))
	}
	args = append(args, "--array-delimiter="+delimiterArg(im.Delimiter))
	if im.Multiline {
		args = append(args, "--multiline-fields=true")
	}
	return args
}

// Command is the neo4j-admin command line that imports the files, shell-quoted.
func (im *Import) Command() string {
	return "neo4j-admin database import full " + shellJoin(im.Args())
}

// ScriptCommand is the same import through this repository's scripts/neo4j.sh, which runs
// neo4j-admin from the jars it builds the server from.
func (im *Import) ScriptCommand() string {
	return "scripts/neo4j.sh admin-import " + shellJoin(im.Args())
}

// WriteHeaders writes every group's header file and, when needed, PostImportFile.
func (im *Import) WriteHeaders() error {
	if err := os.MkdirAll(im.Dir, 0o755); err != nil {
		return fmt.Errorf("bulk: %w", err)
	}
	for _, g := range im.Groups() {
		if err := os.WriteFile(filepath.Join(im.Dir, g.HeaderFile()), []byte(g.Header()), 0o644); err != nil {
			return fmt.Errorf("bulk: write header: %w", err)
		}
	}
	post := filepath.Join(im.Dir, PostImportFile)
	if !im.PostImport {
		if err := os.Remove(post); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("bulk: %w", err)
		}
		return nil
	}
	var b strings.Builder
	b.WriteString("// Run once after the first start of the imported database (cypher-shell -f FILE).\n")
	b.WriteString("// It sets the one-element arrays [\"\"] that CSV cannot express; it is idempotent.\n")
	for _, stmt := range PostImportStatements() {
		b.WriteString(stmt + ";\n")
	}
	if err := os.WriteFile(post, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("bulk: write %s: %w", PostImportFile, err)
	}
	return nil
}

// Instructions tell a person what was written and how to load it: the two import commands,
// the post-import step when needed, and what the files lack.
func (im *Import) Instructions() string {
	var b strings.Builder
	fmt.Fprintf(&b, "neo4j-admin CSV in %s: %d entities, %d CO_OCCURS, %d STANCE", im.Dir,
		im.Counts[Entities], im.Counts[CoOccurs], im.Counts[Stances])
	if im.Ledger {
		fmt.Fprintf(&b, ", %d articles, %d MENTIONED_IN", im.Counts[Articles], im.Counts[Mentions])
	}
	fmt.Fprintf(&b, " in %d shard(s), array delimiter %s\n", im.Shards, delimiterArg(im.Delimiter))
	fmt.Fprintf(&b, "\nImport into an empty database (server stopped; --overwrite-destination replaces one):\n  %s\n"+
		"or with this repository's launcher:\n  %s\n", im.Command(), im.ScriptCommand())
	if im.PostImport {
		fmt.Fprintf(&b, "\nThen start the server and run %s once (cypher-shell -f %s):\n"+
			"it sets the one-element arrays [\"\"] that CSV cannot express.\n", PostImportFile, filepath.Join(im.Dir, PostImportFile))
	}
	if !im.Ledger {
		b.WriteString("\nNote: no article ledger, so a later `newsgraph run --store neo4j` of the same articles would\n" +
			"count them again: add only new articles, or write the files with newsgraph-beam, which includes it.\n")
	}
	if im.SynthesizedVotes > 0 {
		fmt.Fprintf(&b, "Note: %d entities had no votes (a JSON export has none); each got one vote for its name, type\n"+
			"and aliases: the graph reads back the same, but weighs less against later additions.\n", im.SynthesizedVotes)
	}
	return b.String()
}

// shellJoin quotes each argument for a POSIX shell when it needs it.
func shellJoin(args []string) string {
	out := make([]string, len(args))
	for i, a := range args {
		if a != "" && strings.Trim(a, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=+.,/:@%") == "" {
			out[i] = a
		} else {
			out[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
	}
	return strings.Join(out, " ")
}
