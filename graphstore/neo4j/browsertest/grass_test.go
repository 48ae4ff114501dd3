package browsertest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	neo4jdrv "github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// grassFile is the Browser style sheet, relative to the repo root.
const grassFile = "graphstore/neo4j/newsgraph.grass"

// grassRule is one rule of a GraSS style sheet.
type grassRule struct {
	selector string // "node", "node.Person", "relationship.STANCE"
	props    map[string]string
	dropped  []string // declarations the Browser would silently ignore
}

// parseGrass reads a style sheet the way Neo4j Browser's parser does (grassUtils.ts): braces
// outside quotes open and close rules, quotes only toggle a string (and are dropped), each
// declaration is split on ";" and then ":", and one with more or fewer than one ":" is
// ignored. There are no comments: text outside braces becomes part of the next selector.
// Rules are returned in file order, which is the order the Browser applies them in.
func parseGrass(s string) []grassRule {
	var (
		rules                        []grassRule
		inString, inProps, inBinding bool
		selector, props              strings.Builder
		emit                         = func() {
			r := grassRule{selector: selector.String(), props: map[string]string{}}
			for _, decl := range strings.Split(props.String(), ";") {
				kv := strings.Split(decl, ":")
				switch {
				case len(kv) == 2 && strings.TrimSpace(kv[0]) != "" && strings.TrimSpace(kv[1]) != "":
					r.props[strings.TrimSpace(kv[0])] = strings.TrimSpace(kv[1])
				case strings.TrimSpace(decl) != "":
					r.dropped = append(r.dropped, strings.TrimSpace(decl))
				}
			}
			rules = append(rules, r)
			selector.Reset()
			props.Reset()
		}
	)
	for _, c := range s {
		switch {
		case c == '{' && !inString:
			if inProps {
				inBinding = true
			} else {
				inProps = true
			}
			continue
		case c == '}' && !inString:
			if inBinding {
				inBinding = false
			} else {
				inProps = false
				emit()
			}
			continue
		case c == '\'' || c == '"':
			inString = !inString
			continue
		}
		if inProps {
			props.WriteRune(c)
		} else if !strings.ContainsRune(" \t\r\n", c) {
			selector.WriteRune(c)
		}
	}
	return rules
}

// The labels and relationship types of the data model (graphstore/neo4j/store.go).
var (
	modelLabels = []string{"Entity", "Person", "Organization", "Location", "Article"}
	modelTypes  = []string{"CO_OCCURS", "STANCE", "MENTIONED_IN"}
)

func readGrass(t *testing.T) (string, map[string]grassRule) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(env.root, grassFile))
	if err != nil {
		t.Fatalf("style sheet: %v", err)
	}
	bySel := map[string]grassRule{}
	for _, r := range parseGrass(string(b)) {
		bySel[r.selector] = r
	}
	return string(b), bySel
}

// TestGrass checks the style sheet the way the Browser will read it: every rule parses with
// nothing dropped, every label and type of the data model is styled, the types are told
// apart by color, and every caption names a property the loaded data really has (a caption
// of a missing property renders as an empty label).
func TestGrass(t *testing.T) {
	need(t)
	text, bySel := readGrass(t)
	rules := parseGrass(text)
	selectorRE := regexp.MustCompile(`^(node|relationship)(\.[A-Za-z_][A-Za-z0-9_]*)?$`)
	for _, r := range rules {
		if !selectorRE.MatchString(r.selector) {
			// An empty or odd selector (stray text, a comment) crashes Browser 5 on render.
			t.Errorf("selector %q: the Browser cannot use it", r.selector)
		}
		if len(r.dropped) > 0 {
			t.Errorf("%s: the Browser ignores %q (a value with ':' or a missing ':')", r.selector, r.dropped)
		}
	}
	colors := map[string]string{}
	for _, l := range modelLabels {
		r, ok := bySel["node."+l]
		if !ok {
			t.Errorf("no rule for node.%s", l)
			continue
		}
		if l != "Entity" {
			if r.props["color"] == "" {
				t.Errorf("node.%s has no color", l)
			} else if other, dup := colors[r.props["color"]]; dup {
				t.Errorf("node.%s and %s share the color %s", l, other, r.props["color"])
			}
			colors[r.props["color"]] = "node." + l
		}
	}
	for _, typ := range modelTypes {
		if _, ok := bySel["relationship."+typ]; !ok {
			t.Errorf("no rule for relationship.%s", typ)
		}
	}
	if s, c := bySel["relationship.STANCE"].props["color"], bySel["relationship.CO_OCCURS"].props["color"]; s == "" || s == c {
		t.Errorf("STANCE (%q) and CO_OCCURS (%q) must have different colors", s, c)
	}
	for _, l := range []string{"Person", "Organization", "Location"} {
		if c := bySel["node."+l].props["caption"]; c != "{name}" {
			t.Errorf("node.%s caption %q, want {name}", l, c)
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	propRE := regexp.MustCompile(`\{([^{}<>]+)\}`)
	for _, r := range rules {
		kind, name, ok := strings.Cut(r.selector, ".")
		if !ok {
			continue
		}
		for _, m := range propRE.FindAllStringSubmatch(r.props["caption"], -1) {
			q := fmt.Sprintf("MATCH (x:`%s`) WHERE x[$p] IS NOT NULL RETURN count(x) AS n", name)
			if kind == "relationship" {
				q = fmt.Sprintf("MATCH ()-[x:`%s`]->() WHERE x[$p] IS NOT NULL RETURN count(x) AS n", name)
			}
			res, err := neo4jdrv.ExecuteQuery(ctx, env.driver, q, map[string]any{"p": m[1]}, neo4jdrv.EagerResultTransformer)
			if err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			if n, _ := res.Records[0].Get("n"); n.(int64) == 0 {
				t.Errorf("%s caption %q: no %s in the loaded data has %q", r.selector, r.props["caption"], name, m[1])
			}
		}
	}
}

// TestParseGrass pins the parser to the Browser's behavior on the cases that matter.
func TestParseGrass(t *testing.T) {
	for _, tc := range []struct {
		in        string
		selectors []string
		caption   string
		dropped   int
	}{
		{"node.Person { color: #4C8EDA; caption: '{name}'; }", []string{"node.Person"}, "{name}", 0},
		{"relationship.STANCE { caption: '{polarity} {cues}' }", []string{"relationship.STANCE"}, "{polarity} {cues}", 0},
		{"node { caption: {name}; }", []string{"node"}, "name", 0}, // unquoted: braces are eaten
		{"/* c */ node { color: red; }", []string{"/*c*/node"}, "", 0},
		{"node { caption: 'a: b'; }", []string{"node"}, "", 1},
		{"node { color: red; } }", []string{"node", ""}, "", 0},
	} {
		rules := parseGrass(tc.in)
		var sels []string
		dropped := 0
		for _, r := range rules {
			sels = append(sels, r.selector)
			dropped += len(r.dropped)
		}
		if strings.Join(sels, "|") != strings.Join(tc.selectors, "|") || rules[0].props["caption"] != tc.caption || dropped != tc.dropped {
			t.Errorf("%q: selectors %q caption %q dropped %d; want %q %q %d", tc.in, sels, rules[0].props["caption"], dropped, tc.selectors, tc.caption, tc.dropped)
		}
	}
}
