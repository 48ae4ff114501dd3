package browsertest

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	neo4jdrv "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore"
)

// recipe is one query of the Cypher cookbook in docs/neo4j.md. The query text there must be
// exactly this one (TestCookbookInDocs), so the documented queries are the tested ones.
type recipe struct {
	name   string
	params map[string]any // shown in the docs as ":param k => 'v'"
	query  string
	// check compares the rows with what the store's own Graph (or the extraction results)
	// says they must be.
	check func(t *testing.T, rows []row)
}

type row = map[string]any

// Parameters of the recipes: entities of the seed article.
var (
	biden     = map[string]any{"name": "Joe Biden"}
	netanyahu = map[string]any{"name": "Benjamin Netanyahu"}
	pair      = map[string]any{"source": "Joe Biden", "target": "Benjamin Netanyahu"}
)

var recipes = []recipe{
	{
		name: "nodes per label",
		query: `MATCH (n)
RETURN labels(n) AS labels, count(*) AS nodes
ORDER BY nodes DESC, labels`,
		check: checkLabels,
	},
	{
		name: "who criticizes whom",
		query: `MATCH (critic:Entity)-[s:STANCE]->(target:Entity)
WHERE s.polarity < 0
RETURN critic.name AS critic, target.name AS target, s.polarity AS polarity,
       s.negative AS negative_cues, s.cues AS cues, s.articles AS articles
ORDER BY polarity, negative_cues DESC, critic, target
LIMIT 50`,
		check: checkCritics,
	},
	{
		name: "most criticized",
		query: `MATCH (critic:Entity)-[s:STANCE]->(target:Entity)
WHERE s.negative > 0
WITH target, critic, s
ORDER BY critic.name
RETURN target.name AS target, count(critic) AS critics, sum(s.negative) AS negative_cues,
       collect(critic.name) AS by
ORDER BY negative_cues DESC, critics DESC, target
LIMIT 20`,
		check: checkMostCriticized,
	},
	{
		name:   "neighbourhood",
		params: biden,
		query: `MATCH (e:Entity)
WHERE e.name = $name OR $name IN coalesce(e.aliases, [])
MATCH (e)-[r:CO_OCCURS|STANCE]-(other:Entity)
RETURN other.name AS neighbour, other.type AS type, type(r) AS rel,
       CASE WHEN type(r) = 'CO_OCCURS' THEN null WHEN startNode(r) = e THEN 'out' ELSE 'in' END AS direction,
       r.weight AS weight,
       CASE type(r) WHEN 'STANCE' THEN r.polarity END AS polarity, r.cues AS cues
ORDER BY weight DESC, neighbour, rel`,
		check: checkNeighbourhood,
	},
	{
		name:   "neighbourhood graph",
		params: biden,
		query: `MATCH p = (e:Entity {name: $name})-[:CO_OCCURS|STANCE]-(:Entity)
RETURN p`,
		check: checkNeighbourhoodGraph,
	},
	{
		name: "strongest co-occurrences",
		query: `MATCH (a:Entity)-[r:CO_OCCURS]->(b:Entity)
RETURN a.name AS a, b.name AS b, r.weight AS sentences, r.articles AS articles,
       r.first_seen AS first_seen, r.last_seen AS last_seen
ORDER BY sentences DESC, articles DESC, a, b
LIMIT 25`,
		check: checkStrongest,
	},
	{
		name:   "evidence behind an edge",
		params: pair,
		query: `MATCH (a:Entity {name: $source})-[r:STANCE|CO_OCCURS]-(b:Entity {name: $target})
UNWIND range(0, size(coalesce(r.evidence_text, [])) - 1) AS i
OPTIONAL MATCH (art:Article {id: r.evidence_article[i]})
RETURN type(r) AS rel, startNode(r).name AS from, endNode(r).name AS to,
       art.date AS date, r.evidence_article[i] AS article, r.evidence_sentence[i] AS sentence,
       coalesce(r.evidence_cue[i], '') AS cue, r.evidence_text[i] AS text
ORDER BY rel DESC, date, article, sentence`,
		check: checkEvidence,
	},
	{
		name:   "stance over time",
		params: netanyahu,
		query: `MATCH (a:Entity)-[s:STANCE]->(b:Entity)
WHERE a.name = $name OR b.name = $name
RETURN a.name AS source, b.name AS target, s.first_seen AS first_seen, s.last_seen AS last_seen,
       s.polarity AS polarity, s.positive AS positive, s.negative AS negative, s.articles AS articles
ORDER BY first_seen, source, target`,
		check: checkStanceOverTime,
	},
	{
		name:   "pair timeline",
		params: pair,
		query: `MATCH (a:Entity {name: $source})-[:MENTIONED_IN]->(art:Article)<-[:MENTIONED_IN]-(b:Entity {name: $target})
OPTIONAL MATCH (a)-[s:STANCE]->(b)
RETURN art.date AS date, art.id AS article, art.title AS title,
       [i IN range(0, size(coalesce(s.evidence_article, [])) - 1)
        WHERE s.evidence_article[i] = art.id | s.evidence_cue[i]] AS stance_cues
ORDER BY date, article`,
		check: checkPairTimeline,
	},
	{
		name:   "pair per month",
		params: pair,
		query: `MATCH (a:Entity {name: $source})-[:MENTIONED_IN]->(art:Article)<-[:MENTIONED_IN]-(b:Entity {name: $target})
RETURN substring(art.date, 0, 7) AS month, count(art) AS articles
ORDER BY month`,
		check: checkPairPerMonth,
	},
	{
		name: "most mentioned",
		query: `MATCH (e:Entity)
RETURN e.type AS type, e.name AS name, e.mentions AS mentions, e.articles AS articles
ORDER BY mentions DESC, name
LIMIT 20`,
		check: checkMostMentioned,
	},
	{
		name:   "articles of an entity",
		params: netanyahu,
		query: `MATCH (e:Entity {name: $name})-[m:MENTIONED_IN]->(art:Article)
RETURN art.date AS date, art.id AS article, art.title AS title, m.count AS mentions
ORDER BY date, article`,
		check: checkArticlesOf,
	},
	{
		name:   "how two entities are connected",
		params: map[string]any{"source": "Sean Spicer", "target": "Hamas"},
		query: `MATCH (a:Entity {name: $source}), (b:Entity {name: $target})
MATCH p = allShortestPaths((a)-[:CO_OCCURS|STANCE*..4]-(b))
RETURN [n IN nodes(p) | n.name] AS hops, [r IN relationships(p) | type(r)] AS via, p
ORDER BY hops, via
LIMIT 10`,
		check: checkPaths,
	},
	{
		name: "stance network",
		query: `MATCH p = (:Entity)-[:STANCE]->(:Entity)
RETURN p`,
		check: checkStanceNetwork,
	},
}

// recipeNamed returns the recipe called name; the browser test runs one of them.
func recipeNamed(t *testing.T, name string) recipe {
	t.Helper()
	for _, r := range recipes {
		if r.name == name {
			return r
		}
	}
	t.Fatalf("no recipe %q", name)
	return recipe{}
}

// TestCookbook runs every recipe against the loaded server and checks its rows against the
// graph the store returns for the same data.
func TestCookbook(t *testing.T) {
	need(t)
	for _, r := range recipes {
		t.Run(strings.ReplaceAll(r.name, " ", "_"), func(t *testing.T) {
			rows := query(t, r.query, r.params)
			r.check(t, rows)
		})
	}
}

// TestCookbookInDocs checks that every tested query, and the :param lines it needs, appear
// verbatim in the user documentation, so the docs cannot drift from what was run.
func TestCookbookInDocs(t *testing.T) {
	var docs []string
	for _, f := range []string{"docs/neo4j.md", "README.md"} {
		b, err := os.ReadFile(filepath.Join(env.root, f))
		if err == nil {
			docs = append(docs, string(b))
		}
	}
	if len(docs) == 0 {
		t.Fatal("neither docs/neo4j.md nor README.md found")
	}
	for _, r := range recipes {
		found := false
		for _, d := range docs {
			if !strings.Contains(d, "```cypher\n"+r.query+"\n```") {
				continue
			}
			found = true
			for _, k := range slices.Sorted(maps.Keys(r.params)) {
				p := fmt.Sprintf(":param %s => '%s'", k, r.params[k])
				if !strings.Contains(d, p) {
					t.Errorf("recipe %q: the docs lack %q", r.name, p)
				}
			}
		}
		if !found {
			t.Errorf("recipe %q is not in docs/neo4j.md (or README.md) as a ```cypher block:\n%s", r.name, r.query)
		}
	}
}

// query runs a read query and returns its records as maps.
func query(t *testing.T, q string, params map[string]any) []row {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res, err := neo4jdrv.ExecuteQuery(ctx, env.driver, q, params, neo4jdrv.EagerResultTransformer,
		neo4jdrv.ExecuteQueryWithReadersRouting())
	if err != nil {
		t.Fatalf("query failed: %v\n%s", err, q)
	}
	rows := make([]row, 0, len(res.Records))
	for _, rec := range res.Records {
		rows = append(rows, rec.AsMap())
	}
	return rows
}

func checkLabels(t *testing.T, rows []row) {
	articles, entities := 0, 0
	for _, r := range rows {
		labels := strs(r["labels"])
		n := int(r["nodes"].(int64))
		switch {
		case slices.Equal(labels, []string{"Article"}):
			articles += n
		case len(labels) == 2 && labels[0] == "Entity" && extract.Type(labels[1]).Valid():
			entities += n
		default:
			t.Errorf("unexpected labels %v", labels)
		}
	}
	if articles != len(env.results) || entities != len(env.graph.Nodes) {
		t.Errorf("%d articles and %d entities, want %d and %d", articles, entities, len(env.results), len(env.graph.Nodes))
	}
}

// critic is a row of the critics recipe, also computed from the graph.
type critic struct {
	critic, target string
	polarity       float64
	negative       int
	cues           string
}

func checkCritics(t *testing.T, rows []row) {
	var want []critic
	for _, e := range stanceEdges() {
		if e.Polarity < 0 {
			want = append(want, critic{env.name(e.Source), env.name(e.Target), e.Polarity, e.Negative, cueSet(e)})
		}
	}
	slices.SortFunc(want, func(a, b critic) int {
		return cmp.Or(cmp.Compare(a.polarity, b.polarity), cmp.Compare(b.negative, a.negative),
			cmp.Compare(a.critic, b.critic), cmp.Compare(a.target, b.target))
	})
	var got []critic
	for _, r := range rows {
		got = append(got, critic{r["critic"].(string), r["target"].(string), r["polarity"].(float64),
			int(r["negative_cues"].(int64)), strings.Join(strs(r["cues"]), ",")})
	}
	if !slices.Equal(got, want) {
		t.Errorf("critics:\n got %v\nwant %v", got, want)
	}
	// What the seed article says, in its own words.
	for _, p := range [][2]string{{"Sean Spicer", "Joe Biden"}, {"Benjamin Netanyahu", "Hamas"}} {
		if !slices.ContainsFunc(got, func(c critic) bool { return c.critic == p[0] && c.target == p[1] }) {
			t.Errorf("%s → %s missing from %v", p[0], p[1], got)
		}
	}
}

func checkMostCriticized(t *testing.T, rows []row) {
	type agg struct {
		critics, negative int
		by                []string
	}
	want := map[string]*agg{}
	for _, e := range stanceEdges() {
		if e.Negative > 0 {
			a := want[env.name(e.Target)]
			if a == nil {
				a = &agg{}
				want[env.name(e.Target)] = a
			}
			a.critics++
			a.negative += e.Negative
			a.by = append(a.by, env.name(e.Source))
		}
	}
	if len(rows) != min(len(want), 20) {
		t.Fatalf("%d rows, want %d", len(rows), min(len(want), 20))
	}
	for i, r := range rows {
		name := r["target"].(string)
		a := want[name]
		if a == nil {
			t.Fatalf("row %d: %s has no negative stance against it", i, name)
		}
		slices.Sort(a.by)
		if c, n, by := int(r["critics"].(int64)), int(r["negative_cues"].(int64)), strs(r["by"]); c != a.critics || n != a.negative || !slices.Equal(by, a.by) {
			t.Errorf("%s: %d critics, %d cues, by %v; want %d, %d, %v", name, c, n, by, a.critics, a.negative, a.by)
		}
		if i > 0 && r["negative_cues"].(int64) > rows[i-1]["negative_cues"].(int64) {
			t.Errorf("row %d out of order", i)
		}
	}
}

func checkNeighbourhood(t *testing.T, rows []row) {
	id := idOf(t, biden["name"].(string))
	var want, got []string
	for _, e := range env.graph.Edges {
		if e.Source == id || e.Target == id {
			other, dir := e.Target, "out"
			if e.Target == id {
				other, dir = e.Source, "in"
			}
			if e.Kind == extract.CoOccurrence {
				dir = "<nil>" // undirected: stored one way only, by id
			}
			want = append(want, fmt.Sprintf("%v %v %v %v", env.name(other), relType(e.Kind), dir, e.Weight))
		}
	}
	for i, r := range rows {
		got = append(got, fmt.Sprintf("%v %v %v %v", r["neighbour"], r["rel"], r["direction"], r["weight"]))
		if i > 0 && r["weight"].(int64) > rows[i-1]["weight"].(int64) {
			t.Errorf("row %d out of order", i)
		}
		if (r["rel"] == "STANCE") != (r["polarity"] != nil) {
			t.Errorf("row %d: polarity %v on %s", i, r["polarity"], r["rel"])
		}
	}
	slices.Sort(want)
	slices.Sort(got)
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("neighbourhood:\n got %v\nwant %v", got, want)
	}
}

func checkNeighbourhoodGraph(t *testing.T, rows []row) {
	id := idOf(t, biden["name"].(string))
	want := 0
	for _, e := range env.graph.Edges {
		if e.Source == id || e.Target == id {
			want++
		}
	}
	for _, r := range rows {
		p := r["p"].(neo4jdrv.Path)
		if len(p.Relationships) != 1 || p.Nodes[0].Props["id"] != id {
			t.Errorf("path %v does not start at %s with one hop", p, id)
		}
	}
	if len(rows) != want || want == 0 {
		t.Errorf("%d paths, want %d", len(rows), want)
	}
}

func checkStrongest(t *testing.T, rows []row) {
	var want []string
	edges := slices.Clone(env.graph.Edges)
	edges = slices.DeleteFunc(edges, func(e *graphstore.Edge) bool { return e.Kind != extract.CoOccurrence })
	slices.SortFunc(edges, func(a, b *graphstore.Edge) int {
		return cmp.Or(cmp.Compare(b.Weight, a.Weight), cmp.Compare(b.Articles, a.Articles),
			cmp.Compare(env.name(a.Source), env.name(b.Source)), cmp.Compare(env.name(a.Target), env.name(b.Target)))
	})
	for _, e := range edges[:min(25, len(edges))] {
		want = append(want, fmt.Sprintf("%s–%s %d/%d %s..%s", env.name(e.Source), env.name(e.Target), e.Weight, e.Articles, e.FirstSeen, e.LastSeen))
	}
	var got []string
	for _, r := range rows {
		got = append(got, fmt.Sprintf("%s–%s %d/%d %s..%s", r["a"], r["b"], r["sentences"], r["articles"], str(r["first_seen"]), str(r["last_seen"])))
	}
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("strongest co-occurrences:\n got %v\nwant %v", got, want)
	}
}

func checkEvidence(t *testing.T, rows []row) {
	a, b := idOf(t, pair["source"].(string)), idOf(t, pair["target"].(string))
	var want, got []string
	stance := false
	for _, e := range env.graph.Edges {
		if (e.Source == a && e.Target == b) || (e.Source == b && e.Target == a) {
			for _, ev := range e.Evidence {
				want = append(want, fmt.Sprintf("%s %s#%d %q %s", relType(e.Kind), ev.Article, ev.Sentence, ev.Cue, ev.Text))
			}
		}
	}
	for _, r := range rows {
		got = append(got, fmt.Sprintf("%s %s#%d %q %s", r["rel"], r["article"], r["sentence"], r["cue"], r["text"]))
		if r["rel"] == "STANCE" && r["from"] == pair["source"] && r["date"] != nil {
			stance = true
		}
	}
	slices.Sort(want)
	slices.Sort(got)
	if !stance || !slices.Equal(got, want) {
		t.Errorf("evidence (stance row with a date: %v):\n got %q\nwant %q", stance, got, want)
	}
}

func checkStanceOverTime(t *testing.T, rows []row) {
	id := idOf(t, netanyahu["name"].(string))
	var want, got []string
	for _, e := range stanceEdges() {
		if e.Source == id || e.Target == id {
			want = append(want, fmt.Sprintf("%s %s→%s %s..%s %+.3f", e.FirstSeen, env.name(e.Source), env.name(e.Target), e.FirstSeen, e.LastSeen, e.Polarity))
		}
	}
	for _, r := range rows {
		got = append(got, fmt.Sprintf("%s %s→%s %s..%s %+.3f", str(r["first_seen"]), r["source"], r["target"], str(r["first_seen"]), str(r["last_seen"]), r["polarity"]))
	}
	slices.Sort(want)
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("stance over time:\n got %v\nwant %v", got, want)
	}
}

// together returns the articles that mention both entities, ordered by (date, id).
func together(a, b string) []*extract.Result {
	var out []*extract.Result
	for _, r := range env.results {
		if mentions(r, a) > 0 && mentions(r, b) > 0 {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(x, y *extract.Result) int { return cmp.Or(cmp.Compare(x.Date, y.Date), cmp.Compare(x.ID, y.ID)) })
	return out
}

func mentions(r *extract.Result, id string) int {
	n := 0
	for _, e := range r.Entities {
		if e.ID == id {
			n += e.Mentions
		}
	}
	return n
}

func checkPairTimeline(t *testing.T, rows []row) {
	a, b := idOf(t, pair["source"].(string)), idOf(t, pair["target"].(string))
	var stance *graphstore.Edge
	for _, e := range stanceEdges() {
		if e.Source == a && e.Target == b {
			stance = e
		}
	}
	var want, got []string
	withCues := 0
	for _, r := range together(a, b) {
		var cues []string
		if stance != nil {
			for _, ev := range stance.Evidence {
				if ev.Article == r.ID {
					cues = append(cues, ev.Cue)
				}
			}
		}
		if len(cues) > 0 {
			withCues++
		}
		want = append(want, fmt.Sprintf("%s %s %v", r.Date, r.ID, cues))
	}
	for _, r := range rows {
		got = append(got, fmt.Sprintf("%s %s %v", str(r["date"]), r["article"], strs(r["stance_cues"])))
	}
	if len(want) < 2 || withCues == 0 || !slices.Equal(got, want) {
		t.Errorf("pair timeline (want ≥ 2 articles, one with cues):\n got %v\nwant %v", got, want)
	}
}

func checkPairPerMonth(t *testing.T, rows []row) {
	a, b := idOf(t, pair["source"].(string)), idOf(t, pair["target"].(string))
	months := map[string]int{}
	for _, r := range together(a, b) {
		months[r.Date[:min(7, len(r.Date))]]++
	}
	var want, got []string
	for _, m := range slices.Sorted(maps.Keys(months)) {
		want = append(want, fmt.Sprintf("%s:%d", m, months[m]))
	}
	for _, r := range rows {
		got = append(got, fmt.Sprintf("%s:%d", str(r["month"]), r["articles"]))
	}
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("pair per month:\n got %v\nwant %v", got, want)
	}
}

func checkMostMentioned(t *testing.T, rows []row) {
	nodes := slices.Clone(env.graph.Nodes)
	slices.SortFunc(nodes, func(a, b *graphstore.Node) int {
		return cmp.Or(cmp.Compare(b.Mentions, a.Mentions), cmp.Compare(a.Name, b.Name))
	})
	var want, got []string
	for _, n := range nodes[:min(20, len(nodes))] {
		want = append(want, fmt.Sprintf("%s %s %d/%d", n.Type, n.Name, n.Mentions, n.Articles))
	}
	for _, r := range rows {
		got = append(got, fmt.Sprintf("%s %s %d/%d", r["type"], r["name"], r["mentions"], r["articles"]))
	}
	if !slices.Equal(got, want) {
		t.Errorf("most mentioned:\n got %v\nwant %v", got, want)
	}
}

func checkArticlesOf(t *testing.T, rows []row) {
	id := idOf(t, netanyahu["name"].(string))
	var arts []*extract.Result
	for _, r := range env.results {
		if mentions(r, id) > 0 {
			arts = append(arts, r)
		}
	}
	slices.SortFunc(arts, func(x, y *extract.Result) int { return cmp.Or(cmp.Compare(x.Date, y.Date), cmp.Compare(x.ID, y.ID)) })
	var want, got []string
	for _, r := range arts {
		want = append(want, fmt.Sprintf("%s %s %q %d", r.Date, r.ID, r.Title, mentions(r, id)))
	}
	for _, r := range rows {
		got = append(got, fmt.Sprintf("%s %s %q %d", str(r["date"]), r["article"], str(r["title"]), r["mentions"]))
	}
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("articles of %s:\n got %v\nwant %v", id, got, want)
	}
}

func checkPaths(t *testing.T, rows []row) {
	from, to := "Sean Spicer", "Hamas"
	// Breadth-first distance in the graph, both edge kinds, either direction.
	adj := map[string][]string{}
	for _, e := range env.graph.Edges {
		a, b := env.name(e.Source), env.name(e.Target)
		adj[a] = append(adj[a], b)
		adj[b] = append(adj[b], a)
	}
	dist := map[string]int{from: 0}
	for queue := []string{from}; len(queue) > 0; queue = queue[1:] {
		for _, n := range adj[queue[0]] {
			if _, ok := dist[n]; !ok {
				dist[n] = dist[queue[0]] + 1
				queue = append(queue, n)
			}
		}
	}
	d, ok := dist[to]
	if !ok || d > 4 {
		t.Fatalf("test data: %s and %s are not within 4 hops", from, to)
	}
	if len(rows) == 0 {
		t.Fatal("no path")
	}
	var prev string
	for _, r := range rows {
		hops := strs(r["hops"])
		if via := strs(r["via"]); len(via) != len(hops)-1 {
			t.Errorf("path %v via %v", hops, via)
		}
		if len(hops) != d+1 || hops[0] != from || hops[d] != to {
			t.Errorf("path %v: want %d hops from %s to %s", hops, d, from, to)
			continue
		}
		for i := 1; i < len(hops); i++ {
			if !slices.Contains(adj[hops[i-1]], hops[i]) {
				t.Errorf("path %v: %s and %s are not linked", hops, hops[i-1], hops[i])
			}
		}
		if j := strings.Join(append(hops, strs(r["via"])...), "\x00"); j < prev {
			t.Errorf("paths out of order")
		} else {
			prev = j
		}
	}
}

func checkStanceNetwork(t *testing.T, rows []row) {
	if n := len(stanceEdges()); len(rows) != n || n == 0 {
		t.Errorf("%d stance paths, want %d", len(rows), n)
	}
}

func stanceEdges() []*graphstore.Edge {
	var out []*graphstore.Edge
	for _, e := range env.graph.Edges {
		if e.Kind == extract.Stance {
			out = append(out, e)
		}
	}
	return out
}

func relType(k extract.EdgeKind) string {
	if k == extract.Stance {
		return "STANCE"
	}
	return "CO_OCCURS"
}

// idOf returns the id of the entity called name.
func idOf(t *testing.T, name string) string {
	t.Helper()
	for _, n := range env.graph.Nodes {
		if n.Name == name {
			return n.ID
		}
	}
	t.Fatalf("test data: no entity named %q", name)
	return ""
}

// cueSet is the stored "cues" property of e: its cue lemmas in order, comma-joined.
func cueSet(e *graphstore.Edge) string {
	return strings.Join(slices.Sorted(maps.Keys(e.CueCounts)), ",")
}

// strs converts a list value to strings.
func strs(v any) []string {
	l, _ := v.([]any)
	out := make([]string, 0, len(l))
	for _, x := range l {
		out = append(out, fmt.Sprint(x))
	}
	return out
}

// str is a nullable string value ("" for null).
func str(v any) string {
	s, _ := v.(string)
	return s
}
