package testenv

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestIntegration(t *testing.T) {
	for _, tc := range []struct {
		value string
		want  bool
	}{
		{"", false},
		{"0", false},
		{"false", false},
		{"1", true},
		{"true", true},
		{"yes", true}, // unparsable: on, so a typo cannot skip CI's tests
	} {
		t.Setenv(Var, tc.value)
		if got := Integration(); got != tc.want {
			t.Errorf("%s=%q: Integration() = %v, want %v", Var, tc.value, got, tc.want)
		}
	}
}

// TestNeedSkips: without the variable a test that needs a service is skipped, and the
// reason names the variable; with it Need lets the test run (to fail without the service).
func TestNeedSkips(t *testing.T) {
	for _, tc := range []struct {
		value   string
		skipped bool
	}{{"", true}, {"0", true}, {"1", false}} {
		t.Setenv(Var, tc.value)
		ran, skipped := false, false
		t.Run("need", func(t *testing.T) {
			defer func() { skipped = t.Skipped() }()
			Need(t, "a test service")
			ran = true
		})
		if ran == tc.skipped || skipped != tc.skipped {
			t.Errorf("%s=%q: ran %v, skipped %v; want skipped %v", Var, tc.value, ran, skipped, tc.skipped)
		}
	}
	if r := SkipReason("a test service"); !strings.Contains(r, Var+"=1") || !strings.Contains(r, "a test service") {
		t.Errorf("the skip reason does not say what and %s=1: %q", Var, r)
	}
}

func TestCommand(t *testing.T) {
	dir := t.TempDir()
	tool := filepath.Join(dir, "newsgraph-test-tool")
	if err := os.WriteFile(tool, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	t.Setenv(Var, "")
	if got := Command(t, "newsgraph-test-tool", "a test tool"); got != tool {
		t.Errorf("Command found %q, want %q", got, tool)
	}
	ran := false
	t.Run("missing", func(t *testing.T) {
		Command(t, "newsgraph-no-such-tool", "nothing")
		ran = true
	})
	if ran {
		t.Error("a missing command did not skip the test")
	}
}

func TestFreePortRange(t *testing.T) {
	for _, tc := range []struct {
		value   string
		lo, hi  int
		wantErr bool
	}{
		{"", 1, 65535, false},
		{"37000-37010", 37000, 37010, false},
		{"37000", 0, 0, true},
		{"9-8", 0, 0, true},
		{"a-b", 0, 0, true},
		{"0-70000", 0, 0, true},
	} {
		t.Setenv(PortsVar, tc.value)
		p, err := FreePort()
		if (err != nil) != tc.wantErr {
			t.Errorf("%s=%q: err %v, want error %v", PortsVar, tc.value, err, tc.wantErr)
			continue
		}
		if err == nil && (p < tc.lo || p > tc.hi) {
			t.Errorf("%s=%q: port %d outside %d-%d", PortsVar, tc.value, p, tc.lo, tc.hi)
		}
	}
}

func TestRepoRoot(t *testing.T) {
	root, err := RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Errorf("RepoRoot %s has no go.mod: %v", root, err)
	}
	if want, _ := filepath.Abs("../.."); root != want {
		t.Errorf("RepoRoot = %s, want %s", root, want)
	}
}
