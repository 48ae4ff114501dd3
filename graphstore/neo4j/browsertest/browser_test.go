package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Bounds of the browser test. On an idle 2-core machine the whole test takes about 15 s.
const (
	browserTimeout = 100 * time.Second // everything, chromium start to last screenshot
	loadTimeout    = 45 * time.Second  // the Browser app loads and connects
	resultTimeout  = 30 * time.Second  // one query's result frame appears
	artifactsDir   = "testdata-artifacts"
)

// chromiumOptions are the flags the test runs Chromium with: headless, no sandbox (root in
// CI), nothing that phones home, and every host but the loopback unresolvable, so the
// Browser's calls to Google Fonts and Sentry fail at once instead of timing out.
func chromiumOptions(execPath, userDir string) []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(execPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.NoFirstRun,
		chromedp.UserDataDir(userDir),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
		chromedp.WindowSize(1400, 1000),
	}
}

// TestBrowser opens Neo4j Browser, served by the test's own server, in headless Chromium,
// runs the cookbook's "who criticizes whom" query the way a user would (a link that fills
// the editor, then the Run button), and checks the result table against the same query run
// through the driver. It then drops newsgraph.grass onto the window (the Browser applies it
// as a :style), draws the stance network and checks that the Browser colors and labels it as
// the style sheet says. Screenshots of both go to testdata-artifacts/.
func TestBrowser(t *testing.T) {
	need(t)
	chromium := findChromium(t)
	browserURL := env.srv.HTTPURL + "/browser/"
	if err := get(browserURL); err != nil {
		t.Fatalf("Neo4j Browser is not served at %s: %v", browserURL, err)
	}
	critics := recipeNamed(t, "who criticizes whom")
	if strings.Contains(critics.query, "#") {
		// The Browser reads cmd/arg from the raw URL and stops at '#', even escaped.
		t.Fatal("a query passed in the URL cannot contain '#'")
	}
	want := query(t, critics.query, nil)

	ctx, cancel := context.WithTimeout(context.Background(), browserTimeout)
	defer cancel()
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, chromiumOptions(chromium, t.TempDir())...)
	defer cancelAlloc()
	bctx, cancelTab := chromedp.NewContext(actx)
	defer cancelTab()

	b := &browserRun{t: t, ctx: bctx}
	if err := chromedp.Listen(bctx, b.collect); err != nil {
		t.Fatalf("start chromium (%s): %v", chromium, err)
	}

	t0 := time.Now()
	link := browserURL + "?connectURL=" + url.QueryEscape(env.srv.URI) +
		"&preselectAuthMethod=NO_AUTH&cmd=edit&arg=" + url.QueryEscape(critics.query)
	b.do(loadTimeout, "open the Browser", chromedp.Navigate(link),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="editor-Run"]`)))
	// Connected: the Browser reports it in a ":server connect" frame.
	waitJS(b, loadTimeout, "the Browser to connect to "+env.srv.URI,
		`[...document.querySelectorAll('[data-testid="frame"]')].some(f => /Connected to Neo4j/.test(f.innerText))`,
		func(ok bool) bool { return ok })
	t.Logf("Browser loaded and connected in %v", time.Since(t0).Round(time.Millisecond))

	b.do(resultTimeout, "run the query", chromedp.Click(chromedp.CSS(`[data-testid="editor-Run"]`)))
	table := waitJS(b, resultTimeout, "the result table", tableJS, func(s tableState) bool {
		return s.Error != "" || strings.Contains(s.Status, "completed")
	})
	if table.Error != "" {
		b.fail("the Browser shows an error for the query: %s", table.Error)
	}
	b.screenshot("neo4j-browser.png")
	checkTable(t, table, want)
	t.Logf("result table (%s): %q", table.Status, table.Rows)

	// The style sheet, dropped onto the window as the docs tell users to.
	_, bySel := readGrass(t)
	b.drop(filepath.Join(env.root, grassFile))
	style := waitJS(b, resultTimeout, "the :style frame of the dropped style sheet", frameJS, func(s frameState) bool {
		return strings.HasPrefix(s.Command, ":style")
	})
	if strings.Contains(style.Text, "InvalidGrassError") {
		b.fail("the Browser rejects the style sheet: %s", style.Text)
	}
	checkAppliedGrass(b, bySel)

	network := recipeNamed(t, "stance network")
	b.paste(network.query)
	b.do(resultTimeout, "run the stance network query", chromedp.Click(chromedp.CSS(`[data-testid="editor-Run"]`)))
	stance := stanceEdges()
	ends := map[string]bool{}
	for _, e := range stance {
		ends[e.Source], ends[e.Target] = true, true
	}
	// Drawn means every relationship has its caption too: the Browser writes captions a
	// moment after the shapes, once the style is applied.
	drawn := func(s graphState) bool {
		if s.Error != "" {
			return true
		}
		if !strings.HasPrefix(s.Command, "MATCH") || len(s.Nodes) < len(ends) || len(s.Rels) < len(stance) {
			return false
		}
		for _, r := range s.Rels {
			if r.Caption == "" {
				return false
			}
		}
		return true
	}
	g := waitJS(b, resultTimeout, "the stance network drawn", graphJS, drawn)
	if g.Error != "" {
		b.fail("the Browser shows an error for the stance network: %s", g.Error)
	}
	// Let the force layout settle so the picture is readable; bounded, and not asserted.
	waitStable(b, 5*time.Second)
	g = waitJS(b, resultTimeout, "the stance network after the layout settled", graphJS, drawn)
	b.screenshot("neo4j-browser-graph.png")
	checkGraph(b, g, bySel, len(stance))
	t.Logf("whole browser test: %v", time.Since(t0).Round(time.Millisecond))
}

// browserRun is one Chromium tab plus what the test learns from it.
type browserRun struct {
	t   *testing.T
	ctx context.Context

	mu         sync.Mutex
	exceptions []string
}

// collect records uncaught page exceptions; they are reported when the test fails.
func (b *browserRun) collect(ev any) {
	if e, ok := ev.(*runtime.EventExceptionThrown); ok {
		msg := e.ExceptionDetails.Text
		if e.ExceptionDetails.Exception != nil && e.ExceptionDetails.Exception.Description != "" {
			msg += ": " + e.ExceptionDetails.Exception.Description
		}
		b.mu.Lock()
		b.exceptions = append(b.exceptions, msg)
		b.mu.Unlock()
	}
}

// fail saves a screenshot of the page as it is, reports the page's exceptions and stops.
func (b *browserRun) fail(format string, args ...any) {
	b.t.Helper()
	b.screenshot("neo4j-browser-failure.png")
	b.mu.Lock()
	if len(b.exceptions) > 0 {
		b.t.Logf("page exceptions: %q", b.exceptions)
	}
	b.mu.Unlock()
	b.t.Fatalf(format, args...)
}

// do runs actions within timeout.
func (b *browserRun) do(timeout time.Duration, what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, timeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.fail("%s: %v", what, err)
	}
}

// paste puts text into the Browser's editor as a clipboard paste: typed text would be
// auto-indented and get closing braces added by the editor.
func (b *browserRun) paste(text string) {
	b.t.Helper()
	js, _ := json.Marshal(text)
	b.do(resultTimeout, "paste into the editor",
		chromedp.Click(chromedp.CSS(`[data-testid="activeEditor"]`)),
		chromedp.Evaluate[chromedp.Void](`(() => {
			const ta = document.querySelector('[data-testid="activeEditor"] textarea');
			const dt = new DataTransfer();
			dt.setData('text/plain', `+string(js)+`);
			ta.focus();
			ta.dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true}));
		})()`))
}

// drop drags the file onto the middle of the window and drops it there, as a user does
// from a file manager.
func (b *browserRun) drop(file string) {
	b.t.Helper()
	step := func(typ input.DispatchDragEventType) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, input.DispatchDragEvent, input.DispatchDragEventParams{
				Type: typ, X: 700, Y: 400,
				Data: &input.DragData{Items: []*input.DragDataItem{}, Files: []string{file}, DragOperationsMask: 1},
			})
			return err
		})
	}
	b.do(resultTimeout, "drop "+file, step(input.DispatchDragEventTypeDragEnter),
		step(input.DispatchDragEventTypeDragOver), step(input.DispatchDragEventTypeDrop))
}

// screenshot saves the page as testdata-artifacts/name at the repo root.
func (b *browserRun) screenshot(name string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 15*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Errorf("screenshot %s: %v", name, err)
		return
	}
	dir := filepath.Join(env.root, artifactsDir)
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(dir, 0o755); err == nil {
		err = os.WriteFile(path, png, 0o644)
	}
	if err != nil {
		b.t.Errorf("save screenshot: %v", err)
		return
	}
	b.t.Logf("screenshot: %s", path)
}

// waitJS evaluates expr every 200 ms until done accepts its value or timeout passes.
func waitJS[T any](b *browserRun, timeout time.Duration, what, expr string, done func(T) bool) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, timeout)
	defer cancel()
	var (
		last    T
		lastErr error
	)
	for {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
		if err == nil {
			last, lastErr = v, nil
			if done(v) {
				return v
			}
		} else if ctx.Err() == nil {
			lastErr = err
		}
		select {
		case <-ctx.Done():
			b.fail("timed out after %v waiting for %s; last state %+v (error %v)", timeout, what, last, lastErr)
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// waitStable waits until the drawn nodes stop moving, at most max.
func waitStable(b *browserRun, max time.Duration) {
	deadline := time.Now().Add(max)
	prev := ""
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
		pos, err := chromedp.Run(ctx, chromedp.Evaluate[string](
			`[...document.querySelectorAll('[data-testid="frame"] svg.neod3viz g.node')].map(g => g.getAttribute('transform')).join(';')`))
		cancel()
		if err != nil || (pos == prev && pos != "") {
			return
		}
		prev = pos
		time.Sleep(300 * time.Millisecond)
	}
}

// tableState is the newest result table on the page, or its error.
type tableState struct {
	Headers []string   `json:"headers"`
	Rows    [][]string `json:"rows"`
	Status  string     `json:"status"`
	Error   string     `json:"error"`
}

// tableJS reads the newest frame that has a result table or an error. A result shown as a
// graph is switched to its Table view first.
const tableJS = `(() => {
	for (const f of document.querySelectorAll('[data-testid="frame"]')) {
		const err = f.querySelector('[data-testid="cypherFrameErrorMessage"]');
		if (err) return {error: err.textContent};
		const table = f.querySelector('[data-testid="frame-loaded-contents"] table');
		if (table) return {
			headers: [...table.querySelectorAll('thead th[role="columnheader"]')].map(e => e.textContent.trim()),
			rows: [...table.querySelectorAll('tbody tr')].map(tr => [...tr.querySelectorAll('td[role="cell"]')].map(td => td.textContent.trim())),
			status: f.querySelector('[data-testid="frameStatusbar"]')?.textContent ?? '',
		};
		const asTable = f.querySelector('[data-testid="cypherFrameSidebarTable"]');
		if (asTable && f.querySelector('svg.neod3viz')) { asTable.click(); return {}; }
	}
	return {};
})()`

// checkTable compares the Browser's table with the driver's rows for the same query.
func checkTable(t *testing.T, got tableState, want []row) {
	t.Helper()
	cols := []string{"critic", "target", "polarity", "negative_cues", "cues", "articles"}
	if !slices.Equal(got.Headers, cols) {
		t.Errorf("columns %q, want %q", got.Headers, cols)
	}
	if len(got.Rows) != len(want) {
		t.Fatalf("the Browser shows %d rows, the driver returns %d:\n%q", len(got.Rows), len(want), got.Rows)
	}
	unquote := func(s string) string {
		if u, err := strconv.Unquote(s); err == nil {
			return u
		}
		return s
	}
	for i, r := range got.Rows {
		if len(r) != len(cols) {
			t.Errorf("row %d: %d cells", i, len(r))
			continue
		}
		pol, err := strconv.ParseFloat(r[2], 64)
		if unquote(r[0]) != want[i]["critic"] || unquote(r[1]) != want[i]["target"] || err != nil || pol != want[i]["polarity"] {
			t.Errorf("row %d: %q, want %v → %v (%v)", i, r, want[i]["critic"], want[i]["target"], want[i]["polarity"])
		}
		for _, cue := range strs(want[i]["cues"]) {
			if !strings.Contains(r[4], strconv.Quote(cue)) {
				t.Errorf("row %d: cues %s lack %q", i, r[4], cue)
			}
		}
	}
	for _, p := range [][2]string{{"Sean Spicer", "Joe Biden"}, {"Benjamin Netanyahu", "Hamas"}} {
		if !slices.ContainsFunc(got.Rows, func(r []string) bool { return unquote(r[0]) == p[0] && unquote(r[1]) == p[1] }) {
			t.Errorf("the Browser's table lacks %s → %s", p[0], p[1])
		}
	}
}

// frameState is the newest frame's command and text.
type frameState struct {
	Command string `json:"command"`
	Text    string `json:"text"`
}

const frameJS = `(() => {
	const f = document.querySelector('[data-testid="frame"]');
	return {
		command: f?.querySelector('[data-testid="frameCommand"]')?.textContent?.trim() ?? '',
		text: f?.querySelector('[data-testid="frameContents"]')?.innerText ?? '',
	};
})()`

// checkAppliedGrass compares the style the Browser stored (its own parse of the sheet) with
// our reading of the file: same rules, same values, nothing lost or added.
func checkAppliedGrass(b *browserRun, want map[string]grassRule) {
	b.t.Helper()
	// The Browser saves its state to local storage a moment after the change.
	raw := waitJS(b, 10*time.Second, "the style saved in local storage", `localStorage.getItem('neo4j.grass') ?? ''`,
		func(s string) bool { return strings.Contains(s, "relationship.") })
	var got map[string]map[string]string
	if err := json.Unmarshal([]byte(raw), &got); err != nil {
		b.fail("the Browser stored no style after :style (%q): %v", raw, err)
	}
	for sel, r := range want {
		if fmt.Sprint(got[sel]) != fmt.Sprint(r.props) {
			b.t.Errorf("%s: the Browser applied %v, the file says %v", sel, got[sel], r.props)
		}
	}
	for sel := range got {
		if _, ok := want[sel]; !ok {
			b.t.Errorf("the Browser applied an extra rule %q: %v", sel, got[sel])
		}
	}
}

// graphState is what the newest frame draws.
type graphState struct {
	Command string `json:"command"`
	Error   string `json:"error"`
	Nodes   []struct {
		Caption string `json:"caption"`
		Fill    string `json:"fill"`
	} `json:"nodes"`
	Rels []struct {
		Caption  string `json:"caption"`
		Fill     string `json:"fill"`
		TextFill string `json:"textFill"`
	} `json:"rels"`
}

const graphJS = `(() => {
	const f = document.querySelector('[data-testid="frame"]');
	const svg = f?.querySelector('svg.neod3viz');
	const caption = g => [...g.querySelectorAll('text')].map(t => t.textContent.trim()).join(' ');
	return {
		command: f?.querySelector('[data-testid="frameCommand"]')?.textContent?.trim() ?? '',
		error: f?.querySelector('[data-testid="cypherFrameErrorMessage"]')?.textContent ?? '',
		nodes: svg ? [...svg.querySelectorAll('g.node')].map(g => ({
			caption: caption(g),
			fill: g.querySelector('circle.b-outline')?.getAttribute('fill') ?? '',
		})) : [],
		rels: svg ? [...svg.querySelectorAll('g.relationship')].map(g => ({
			caption: caption(g),
			fill: g.querySelector('path.b-outline')?.getAttribute('fill') ?? '',
			textFill: g.querySelector('text')?.getAttribute('fill') ?? '',
		})) : [],
	};
})()`

// checkGraph checks the drawing against the style sheet: each entity whose name is shown
// whole has its type's color, and every stance edge is drawn in the STANCE color with a
// caption starting with its polarity.
func checkGraph(b *browserRun, g graphState, bySel map[string]grassRule, stanceEdges int) {
	b.t.Helper()
	byName := map[string]string{}
	for _, n := range env.graph.Nodes {
		byName[n.Name] = string(n.Type)
	}
	checked := map[string]bool{}
	for _, n := range g.Nodes {
		typ, ok := byName[n.Caption]
		if !ok {
			continue // a long name is shown cut short
		}
		if want := bySel["node."+typ].props["color"]; !strings.EqualFold(n.Fill, want) {
			b.t.Errorf("%s (%s) drawn in %s, the style sheet says %s", n.Caption, typ, n.Fill, want)
		}
		checked[typ] = true
		checked[n.Caption] = true
	}
	for _, must := range []string{"Person", "Organization", "Location", "Sean Spicer", "Hamas"} {
		if !checked[must] {
			b.t.Errorf("no drawn node for %s among %+v", must, g.Nodes)
		}
	}
	st := bySel["relationship.STANCE"].props
	n := 0
	for _, r := range g.Rels {
		if !strings.EqualFold(r.Fill, st["color"]) {
			continue
		}
		n++
		if pol, _, _ := strings.Cut(r.Caption, " "); !strings.EqualFold(r.TextFill, st["text-color-external"]) || !isNumber(pol) {
			b.t.Errorf("stance caption %q in %s, want '{polarity} {cues}' in %s", r.Caption, r.TextFill, st["text-color-external"])
		}
	}
	if n != stanceEdges {
		b.t.Errorf("%d relationships in the STANCE color %s, want %d", n, st["color"], stanceEdges)
	}
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// findChromium returns Debian's chromium, or fails saying how to get it.
func findChromium(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	t.Fatal("chromium not found (want /usr/bin/chromium): install it with scripts/deps.sh or apt-get install -y chromium")
	return ""
}

// get fetches u and wants 200 OK.
func get(u string) error {
	c := http.Client{Timeout: 10 * time.Second}
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return nil
}
