package kafka

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	neo4jdrv "github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/twmb/franz-go/pkg/kadm"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore/neo4j"
	"github.com/newsgraph/newsgraph/internal/testenv"
)

// TestProcessesSIGKILL is the end-to-end proof with separate newsgraph processes: three
// `newsgraph consume` members of one group on a six-partition topic of a real broker,
// writing to Neo4j. One is killed with SIGKILL in the middle of its partitions; the group
// hands them to the others, which finish the topic; SIGTERM stops them cleanly. The graph in
// Neo4j is then exactly the one `newsgraph run` makes of the same dump: nothing lost,
// nothing counted twice.
func TestProcessesSIGKILL(t *testing.T) {
	brokers := realBrokers(t)
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "newsgraph")
	// Its own Neo4j (testenv.StartNeo4j: free ports, a temporary home): other packages'
	// tests run in parallel with their own servers.
	var wg sync.WaitGroup
	var buildErr, neoErr error
	var srv *testenv.Neo4j
	wg.Go(func() {
		// Without -race: the members extract several times faster, and go vet (run before the
		// tests by scripts/test.sh) leaves the dependencies compiled, so this is mostly a link.
		cmd := exec.Command("go", "build", "-o", bin, "./cmd/newsgraph")
		cmd.Dir = root
		out, err := cmd.CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	wg.Go(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
		defer cancel()
		srv, neoErr = testenv.StartNeo4j(ctx, testenv.Neo4jOptions{})
	})
	wg.Wait()
	if srv != nil {
		t.Cleanup(func() {
			if err := srv.Stop(); err != nil {
				t.Errorf("stopping the test's Neo4j: %v", err)
			}
		})
	}
	if buildErr != nil || neoErr != nil {
		t.Fatalf("setup: %v %v", buildErr, neoErr)
	}
	uri := srv.URI
	clearNeo4j(t, uri)

	dir := t.TempDir()
	dump := writeDump(t, 60)
	bad := filepath.Join(dir, "bad.jsonl")
	if err := os.WriteFile(bad, []byte("{\"id\": \"broken\", \"text\": \n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ref := filepath.Join(dir, "run.json")
	if out, code := ng(t, bin, "run", "--quiet", "--json", ref, dump); code != 0 {
		t.Fatalf("newsgraph run: exit %d\n%s", code, out)
	}

	topic := fmt.Sprintf("proc-%d", time.Now().UnixNano())
	out, code := ng(t, bin, "produce", "--brokers", strings.Join(brokers, ","), "--topic", topic, "--partitions", "6", dump, bad)
	if code != 3 || !strings.Contains(out, "skip: "+bad+" line 1: malformed record") || !strings.Contains(out, "60 messages to "+topic) {
		t.Fatalf("newsgraph produce with one bad record: exit %d, want 3 with the skip reported\n%s", code, out)
	}

	// Member 0 is the victim: one record per batch, so it is still busy when it is killed.
	members := make([]*member, 3)
	for i := range members {
		batch, inFlight := "4", "2"
		if i == 0 {
			batch, inFlight = "1", "1"
		}
		members[i] = startConsumer(t, bin, brokers, topic, uri, fmt.Sprintf("ng-%d", i), batch, inFlight)
	}

	adm := kadm.NewClient(newClient(t, brokers))
	var victimParts []int32
	waitFor(t, 120*time.Second, "member ng-0 to be part way through its partitions", func() bool {
		victimParts = assigned(t, adm, topic, "ng-0")
		committed, end := groupProgress(t, adm, topic, topic)
		var done, all int64
		for _, p := range victimParts {
			done, all = done+committed[p], all+end[p]
		}
		return done > 0 && done < all
	})
	if err := members[0].cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	committedAtKill, end := groupProgress(t, adm, topic, topic)
	t.Logf("killed ng-0 holding partitions %v at committed %v of %v", victimParts, committedAtKill, end)
	checkMetricsEndpoint(t, members[1])

	waitFor(t, 120*time.Second, "the other members to finish every partition", func() bool {
		return caughtUp(t, adm, topic, topic)
	})
	for _, m := range members[1:] {
		if err := m.cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
	}
	for i, m := range members {
		code := m.wait(t)
		switch {
		case i == 0 && code != -1:
			t.Errorf("ng-0 exited %d, want killed by SIGKILL", code)
		case i > 0 && (code != 0 || !strings.Contains(m.out.String(), "consumed ")):
			t.Errorf("ng-%d exited %d after SIGTERM, want 0 and its summary:\n%s", i, code, m.out.String())
		}
	}
	took := 0
	for _, m := range members[1:] {
		for _, p := range victimParts {
			if regexp.MustCompile(fmt.Sprintf(`partitions assigned.*%s\[[0-9 ]*\b%d\b`, topic, p)).MatchString(m.out.String()) {
				took++
			}
		}
	}
	if took < len(victimParts) {
		t.Errorf("the survivors' logs show %d assignments of the victim's %d partitions", took, len(victimParts))
	}

	st, err := neo4j.Open(context.Background(), neo4j.Config{URI: uri})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(context.Background())
	if n, err := st.Articles(context.Background()); err != nil || n != 60 {
		t.Errorf("Neo4j holds %d articles (%v), want 60", n, err)
	}
	want, err := os.ReadFile(ref)
	if err != nil {
		t.Fatal(err)
	}
	sameGraph(t, graphJSON(t, st), want)
	if !t.Failed() {
		processCorrections(t, bin, uri, brokers, topic, st)
	}
}

// processCorrections goes on with TestProcessesSIGKILL's stream, in which the group has
// committed every article of the dump: newsgraph produce sends changed versions of 24
// articles, tombstones for 12 (four of them corrected just before) and an id never sent
// (--delete-ids), then brings two retracted articles back. A new member, one record per
// batch, is SIGKILLed part way through; another finishes. Neo4j then holds exactly the
// graph `newsgraph run` makes of the last version of every surviving article.
func processCorrections(t *testing.T, bin, uri string, brokers []string, topic string, st *neo4j.Store) {
	dir := t.TempDir()
	arts := synthArticles(t, 60)
	final := map[string]extract.Article{}
	for _, a := range arts {
		final[a.ID] = a
	}
	var fixed, back []extract.Article
	for i := range 24 {
		a := arts[i]
		a.Text, a.Date = arts[59-i].Text, "2025-01-01"
		fixed = append(fixed, a)
		final[a.ID] = a
	}
	ids := "# retractions\n\nnever-sent\n"
	for _, a := range arts[20:32] {
		ids += a.ID + "\n"
		delete(final, a.ID)
	}
	for _, a := range arts[30:32] {
		back = append(back, a)
		final[a.ID] = a
	}
	write := func(name string, as []extract.Article) string {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		for _, a := range as {
			if err := enc.Encode(a); err != nil {
				t.Fatal(err)
			}
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	idFile := filepath.Join(dir, "retract.txt")
	if err := os.WriteFile(idFile, []byte(ids), 0o644); err != nil {
		t.Fatal(err)
	}
	ref := filepath.Join(dir, "final.json")
	finalDump := write("final.jsonl", slices.SortedFunc(maps.Values(final), func(a, b extract.Article) int { return strings.Compare(a.ID, b.ID) }))
	if out, code := ng(t, bin, "run", "--quiet", "--json", ref, finalDump); code != 0 {
		t.Fatalf("newsgraph run: exit %d\n%s", code, out)
	}

	adm := kadm.NewClient(newClient(t, brokers))
	_, before := groupProgress(t, adm, topic, topic)
	kafkaFlags := []string{"--brokers", strings.Join(brokers, ","), "--topic", topic}
	for _, step := range []struct {
		args []string
		want string
	}{
		{[]string{write("fixed.jsonl", fixed)}, "24 messages to " + topic},
		{[]string{"--delete-ids", idFile}, "13 tombstones to " + topic},
		{[]string{write("back.jsonl", back)}, "2 messages to " + topic},
	} {
		if out, code := ng(t, bin, append(append([]string{"produce"}, kafkaFlags...), step.args...)...); code != 0 || !strings.Contains(out, step.want) {
			t.Fatalf("newsgraph produce %q: exit %d, want 0 and %q\n%s", step.args, code, step.want, out)
		}
	}
	const sent = 24 + 13 + 2

	victim := startConsumer(t, bin, brokers, topic, uri, "ng-3", "1", "1")
	waitFor(t, 120*time.Second, "member ng-3 to be part way through the corrections", func() bool {
		committed, _ := groupProgress(t, adm, topic, topic)
		var done int64
		for p, at := range committed {
			done += at - before[p]
		}
		return done > 0 && done < sent
	})
	if err := victim.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	committedAtKill, end := groupProgress(t, adm, topic, topic)
	t.Logf("killed ng-3 at committed %v of %v (before the corrections: %v)", committedAtKill, end, before)
	survivor := startConsumer(t, bin, brokers, topic, uri, "ng-4", "4", "2")
	waitFor(t, 120*time.Second, "ng-4 to finish every partition", func() bool { return caughtUp(t, adm, topic, topic) })
	if err := survivor.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := victim.wait(t); code != -1 {
		t.Errorf("ng-3 exited %d, want killed by SIGKILL", code)
	}
	if code := survivor.wait(t); code != 0 || !strings.Contains(survivor.out.String(), "consumed ") {
		t.Errorf("ng-4 exited %d after SIGTERM, want 0 and its summary:\n%s", code, survivor.out.String())
	}
	if n, err := st.Articles(context.Background()); err != nil || n != len(final) {
		t.Errorf("Neo4j holds %d articles (%v), want %d", n, err, len(final))
	}
	want, err := os.ReadFile(ref)
	if err != nil {
		t.Fatal(err)
	}
	sameGraph(t, graphJSON(t, st), want)
}

// startConsumer starts a `newsgraph consume --store neo4j` member of the group named like
// topic.
func startConsumer(t *testing.T, bin string, brokers []string, topic, uri, clientID, batch, inFlight string) *member {
	t.Helper()
	return startMember(t, bin, clientID, "consume", "--brokers", strings.Join(brokers, ","),
		"--topic", topic, "--group", topic, "--client-id", clientID, "--store", "neo4j", "--neo4j-uri", uri,
		"--workers", "1", "--batch", batch, "--max-in-flight", inFlight,
		"--session-timeout", "6s", "--log-every", "1s", "--metrics", "127.0.0.1:0")
}

// clearNeo4j empties the database. It opens the store first, so the schema exists before
// the members open it at the same moment.
func clearNeo4j(t *testing.T, uri string) {
	t.Helper()
	ctx := context.Background()
	st, err := neo4j.Open(ctx, neo4j.Config{URI: uri})
	if err != nil {
		t.Fatalf("opening the test's Neo4j: %v", err)
	}
	_ = st.Close(ctx)
	drv, err := neo4jdrv.NewDriverWithContext(uri, neo4jdrv.NoAuth())
	if err != nil {
		t.Fatal(err)
	}
	defer drv.Close(ctx)
	if _, err := neo4jdrv.ExecuteQuery(ctx, drv, "MATCH (n) DETACH DELETE n", nil, neo4jdrv.EagerResultTransformer); err != nil {
		t.Fatalf("clearing the test's Neo4j: %v", err)
	}
}

// ng runs the newsgraph binary to the end and returns its output and exit code.
func ng(t *testing.T, bin string, args ...string) (string, int) {
	t.Helper()
	out, err := exec.Command(bin, args...).CombinedOutput()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return string(out), ee.ExitCode()
	}
	if err != nil {
		t.Fatalf("%s: %v", bin, err)
	}
	return string(out), 0
}

// member is a `newsgraph consume` process.
type member struct {
	cmd  *exec.Cmd
	out  *logBuffer
	done chan struct{}
}

func startMember(t *testing.T, bin, name string, args ...string) *member {
	t.Helper()
	m := &member{cmd: exec.Command(bin, args...), out: &logBuffer{}, done: make(chan struct{})}
	m.cmd.Stdout, m.cmd.Stderr = m.out, m.out
	if err := m.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = m.cmd.Wait(); close(m.done) }()
	t.Cleanup(func() {
		_ = m.cmd.Process.Kill()
		<-m.done
		if t.Failed() {
			t.Logf("output of %s:\n%s", name, m.out.String())
		}
	})
	return m
}

// wait returns the exit code, -1 for a process ended by a signal.
func (m *member) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-m.done:
	case <-time.After(90 * time.Second):
		t.Fatalf("%s did not exit", m.cmd.Args)
	}
	return m.cmd.ProcessState.ExitCode()
}

// assigned returns the partitions of topic the group's member with clientID holds.
func assigned(t *testing.T, adm *kadm.Client, group, clientID string) []int32 {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	groups, err := adm.DescribeGroups(ctx, group)
	if err == nil {
		err = groups.Error()
	}
	if err != nil {
		// A broker that has just started answers COORDINATOR_NOT_AVAILABLE for a while;
		// callers poll, so "nothing assigned yet" is the right answer.
		t.Logf("describing group %s (will ask again): %v", group, err)
		return nil
	}
	var ps []int32
	for _, m := range groups[group].Members {
		if c, ok := m.Assigned.AsConsumer(); ok && m.ClientID == clientID {
			for _, tp := range c.Topics {
				ps = append(ps, tp.Partitions...)
			}
		}
	}
	return ps
}

var metricsURL = regexp.MustCompile(`msg=metrics url=(\S+)`)

// checkMetricsEndpoint reads a member's --metrics endpoint.
func checkMetricsEndpoint(t *testing.T, m *member) {
	t.Helper()
	match := metricsURL.FindStringSubmatch(m.out.String())
	if match == nil {
		t.Fatalf("no metrics address in the log:\n%s", m.out.String())
	}
	resp, err := http.Get(match[1])
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for _, want := range []string{"newsgraph_consume_articles_stored_total ", "newsgraph_consume_lag_records ", "newsgraph_consume_articles_per_second "} {
		if !bytes.Contains(body, []byte("\n"+want)) {
			t.Errorf("metrics endpoint lacks %q:\n%s", want, body)
		}
	}
}
