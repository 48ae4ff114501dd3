package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
)

// TestProduceDelete: produce --delete and --delete-ids send one tombstone per id, keyed
// exactly as produce keyed the article, so each lands on its article's partition.
func TestProduceDelete(t *testing.T) {
	cluster, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(6, "news"))
	if err != nil {
		t.Fatal(err)
	}
	defer cluster.Close()
	brokers := strings.Join(cluster.ListenAddrs(), ",")
	ids := filepath.Join(t.TempDir(), "ids.txt")
	if err := os.WriteFile(ids, []byte("# retracted on legal advice\n\n  ng-0002  \n"), 0o644); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		args []string
		want string // in the summary on stderr
	}{
		{[]string{"../../fixtures/dumps/sample.jsonl"}, "5 messages to news"},
		{[]string{"--delete", "ng-0001", "ng-0003"}, "2 tombstones to news"},
		{[]string{"--delete-ids", ids}, "1 tombstones to news"},
		{[]string{"--delete-ids", "-", "--delete", "ng-0001"}, "2 tombstones to news"}, // stdin: ng-0003
	} {
		args := append([]string{"produce", "--brokers", brokers, "--topic", "news"}, tc.args...)
		if _, stderr, code := run(t, "ng-0003\n", args...); code != 0 || !strings.Contains(stderr, tc.want) {
			t.Fatalf("%q: exit %d, want 0 and %q\n%s", args, code, tc.want, stderr)
		}
	}

	cl, err := kgo.NewClient(kgo.SeedBrokers(cluster.ListenAddrs()...), kgo.ConsumeTopics("news"),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	const want = 5 + 2 + 1 + 2 // the dump's articles, then the tombstones of the three commands
	var recs []*kgo.Record
	for len(recs) < want && ctx.Err() == nil {
		recs = append(recs, cl.PollFetches(ctx).Records()...)
	}
	if len(recs) != want {
		t.Fatalf("%d records on the topic, want %d", len(recs), want)
	}
	articleAt := map[string]int32{}
	tombstones := map[string]int{}
	for _, r := range recs {
		if r.Value != nil {
			articleAt[string(r.Key)] = r.Partition
		}
	}
	for _, r := range recs {
		if r.Value != nil {
			continue
		}
		id := string(r.Key)
		tombstones[id]++
		if p, ok := articleAt[id]; !ok || p != r.Partition {
			t.Errorf("tombstone of %q on partition %d, its article on %d (sent: %v)", id, r.Partition, p, ok)
		}
	}
	if tombstones["ng-0001"] != 2 || tombstones["ng-0002"] != 1 || tombstones["ng-0003"] != 2 || len(tombstones) != 3 {
		t.Errorf("tombstones by id %v, want ng-0001 and ng-0003 twice, ng-0002 once", tombstones)
	}
}

// TestProduceDeleteUsage: ids are arguments only with --delete, and there must be some.
func TestProduceDeleteUsage(t *testing.T) {
	empty := filepath.Join(t.TempDir(), "ids.txt")
	if err := os.WriteFile(empty, []byte("# nothing\n\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// No broker answers at this address: each case must fail before dialing one.
	base := []string{"produce", "--brokers", "127.0.0.1:1", "--topic", "news"}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no input", nil, "no INPUT given"},
		{"no ids", []string{"--delete"}, "no article ids"},
		{"an empty id file", []string{"--delete-ids", empty}, "no article ids"},
		{"a blank id", []string{"--delete", "ng-1", " "}, "blank article id"},
		{"arguments without --delete", []string{"--delete-ids", empty, "dump.jsonl"}, "ids only with --delete"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, code := run(t, "", append(base, tc.args...)...)
			if code != exitUsage || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, want %d with %q:\n%s", code, exitUsage, tc.want, stderr)
			}
		})
	}
	if _, stderr, code := run(t, "", append(base, "--delete-ids", filepath.Join(t.TempDir(), "missing"))...); code != exitFatal ||
		!strings.Contains(stderr, "reading ids") {
		t.Errorf("a missing id file: exit %d, want %d:\n%s", code, exitFatal, stderr)
	}
}
