// Command newsgraph turns dumps of news articles into a knowledge graph of people,
// organizations and places, linked by co-occurrence and by stance.
//
// Usage:
//
//	newsgraph run [flags] INPUT...      build the graph and write DOT/JSON exports
//	newsgraph extract [flags] INPUT...  per-article results as JSON Lines on stdout
//	newsgraph export [flags]            a stored graph, or the part a report needs, as DOT, JSON, SVG, PNG
//	newsgraph path [flags] A B          how two entities are connected, with the evidence
//	newsgraph delete [flags] ID...      retract articles from a stored graph
//
// Run "newsgraph COMMAND --help" for a command's flags.
//
// Exit codes: 0 success; 1 fatal error; 2 usage error; 3 finished, but some input records
// were skipped (each reported on stderr with its file and line); 130 interrupted (SIGINT or
// SIGTERM): run the same command again to finish.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// Exit codes, documented in the package comment, --help and the README.
const (
	exitOK      = 0
	exitFatal   = 1
	exitUsage   = 2
	exitSkipped = 3
	// exitInterrupted is the shell's code for SIGINT (128+2); SIGTERM exits the same way.
	exitInterrupted = 130
)

// exitError carries an exit code out of Run.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

const usage = `newsgraph turns dumps of news articles into a knowledge graph.

Usage:
  newsgraph run [flags] INPUT...      build the graph, write DOT and JSON exports
  newsgraph extract [flags] INPUT...  per-article results as JSON Lines on stdout
  newsgraph export [flags]            export a stored graph (Neo4j, JSON), or the part a report
                                      needs (--focus, --top …), as DOT, JSON, SVG, PNG or neo4j-admin CSV
  newsgraph path [flags] A B          how two entities are connected: the strongest short path,
                                      with each edge's evidence sentence
  newsgraph eval [flags]              score extraction against the gold sets in fixtures/eval
  newsgraph bench [flags] INPUT...    extraction speed against prose on the same articles
  newsgraph produce [flags] INPUT...  send articles to a Kafka topic (--delete ID...: tombstones)
  newsgraph consume [flags]           keep a graph store current from a Kafka topic
  newsgraph delete [flags] ID...      retract articles from a stored graph (Neo4j)
  newsgraph train-ner [flags]         train the entity model (CoNLL data in, model file out)
  newsgraph train-parse [flags]       train the dependency parser on a UD treebank
  newsgraph train-stance [flags]      train the stance model's learned layer (DSE data in)

INPUT is a file (.txt article, .jsonl/.json/.ndjson, .csv, optionally .gz or .zst), a folder
(read recursively) or - for stdin. Run "newsgraph COMMAND --help" for a command's flags.

Exit codes:
  0  success
  1  fatal error
  2  usage error
  3  finished, but some input records were skipped (reported on stderr)
  130  interrupted (Ctrl-C, SIGTERM): run the same command again to finish
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// Run runs the command line args; main only maps its error to an exit code.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return &exitError{code: exitUsage}
	}
	switch args[0] {
	case "run":
		return runCommand(ctx, args[1:], stdin, stdout, stderr)
	case "extract":
		return extractCommand(ctx, args[1:], stdin, stdout, stderr)
	case "bench":
		return benchCommand(ctx, args[1:], stdin, stdout, stderr)
	case "export":
		return exportCommand(ctx, args[1:], stdin, stdout, stderr)
	case "path":
		return pathCommand(ctx, args[1:], stdin, stdout, stderr)
	case "eval":
		return evalCommand(ctx, args[1:], stdin, stdout, stderr)
	case "produce":
		return produceCommand(ctx, args[1:], stdin, stdout, stderr)
	case "consume":
		return consumeCommand(ctx, args[1:], stdin, stdout, stderr)
	case "delete":
		return deleteCommand(ctx, args[1:], stdin, stdout, stderr)
	case "train-ner":
		return trainNERCommand(ctx, args[1:], stdin, stdout, stderr)
	case "train-parse":
		return trainParseCommand(ctx, args[1:], stdin, stdout, stderr)
	case "train-stance":
		return trainStanceCommand(ctx, args[1:], stdin, stdout, stderr)
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprintf(stderr, "newsgraph: unknown command %q\n\n%s", args[0], usage)
		return &exitError{code: exitUsage}
	}
}

func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(stderr, "newsgraph: interrupted; run the same command again to finish (every store counts an article once)")
		return exitInterrupted
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintln(stderr, "newsgraph:", ee.err)
		}
		return ee.code
	}
	fmt.Fprintln(stderr, "newsgraph:", err)
	return exitFatal
}
