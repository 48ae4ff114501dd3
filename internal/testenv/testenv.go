// Package testenv decides, in one place, whether the tests that need something outside Go
// run: a Neo4j server, a Kafka broker, neo4j-admin, Chromium, Graphviz.
//
// Plain `go test ./...` needs none of them: those tests skip, and the skip message names the
// variable that turns them on. `make test` (scripts/test.sh) installs everything and sets
// NEWSGRAPH_INTEGRATION=1; then a missing service FAILS the test, never skips it, so CI
// cannot go green by testing nothing.
//
// Neo4j tests do not share a server: each package starts its own (StartNeo4j: a temporary
// run dir, free ports, a small heap) and stops it at the end, so packages run in parallel.
package testenv

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"testing"
)

// Var is the environment variable that turns the integration tests on.
const Var = "NEWSGRAPH_INTEGRATION"

// Integration reports whether Var is set to a true value (1, true, …; see strconv.ParseBool).
// Anything unparsable counts as on, so a typo does not silently skip CI's tests.
func Integration() bool {
	v := os.Getenv(Var)
	if v == "" {
		return false
	}
	on, err := strconv.ParseBool(v)
	return on || err != nil
}

// SkipReason is the message a test that needs what is skipped with.
func SkipReason(what string) string {
	return fmt.Sprintf("needs %s: set %s=1 to run it (make test does)", what, Var)
}

// Need skips t unless the integration tests are on. what names the service ("a Neo4j
// server"). With them on it returns, and the test must fail if the service is missing.
func Need(t testing.TB, what string) {
	t.Helper()
	if !Integration() {
		t.Skip(SkipReason(what))
	}
}

// Command returns the path of the executable name that t needs (what says which package
// provides it). A test that finds it runs whatever Var says, since running it costs no
// service; without it the test skips, or fails when the integration tests are on.
func Command(t testing.TB, name, what string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	if !Integration() {
		t.Skipf("%s is not on the PATH (%s; scripts/deps.sh installs it); with %s=1 this fails", name, what, Var)
	}
	t.Fatalf("%s is not on the PATH (%s; scripts/deps.sh installs it): %v", name, what, err)
	return ""
}
