package graphviz

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"image/png"
	"io"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/testenv"
)

const (
	picture = `digraph newsgraph { label="100% of a title"; a [label="A & <B>"]; a -> b; }`
	legend  = `digraph legend { x -> y [label="key"]; }`
)

func render(t *testing.T, graph, legend string, format string) []byte {
	t.Helper()
	var l []byte
	if legend != "" {
		l = []byte(legend)
	}
	b, err := Render(context.Background(), []byte(graph), l, "sfdp", format)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// part renders a legend on its own, as Render does.
func part(t *testing.T, graph, format string) []byte {
	t.Helper()
	b, err := run(context.Background(), []byte(graph), "dot", format)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestSVGBeside: the picture and its legend make one well-formed SVG document, as wide as
// both, with every element id once, and the same bytes every time.
func TestSVGBeside(t *testing.T) {
	testenv.Command(t, "dot", "Graphviz")
	both := render(t, picture, legend, "svg")
	wa, ha, _, err := splitSVG(render(t, picture, "", "svg"))
	if err != nil {
		t.Fatal(err)
	}
	wb, hb, _, err := splitSVG(part(t, legend, "svg"))
	if err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(bytes.NewReader(both))
	ids := map[string]bool{}
	var root *xml.StartElement
	titles := ""
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, both)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			if root == nil {
				c := el.Copy()
				root = &c
			}
			for _, a := range el.Attr {
				if a.Name.Local == "id" {
					if ids[a.Value] {
						t.Errorf("id %q twice", a.Value)
					}
					ids[a.Value] = true
				}
			}
		case xml.CharData:
			titles += string(el)
		}
	}
	if root == nil || root.Name.Local != "svg" {
		t.Fatalf("root %v", root)
	}
	if w, h, _, err := splitSVG(both); err != nil || w != wa+wb || h != max(ha, hb) {
		t.Errorf("%gx%g (%v), want %gx%g", w, h, err, wa+wb, max(ha, hb))
	}
	if !strings.Contains(titles, "100% of a title") || !strings.Contains(titles, "A & <B>") || !strings.Contains(titles, "key") {
		t.Errorf("a label was lost:\n%s", both)
	}
	if again := render(t, picture, legend, "svg"); !bytes.Equal(again, both) {
		t.Error("two renders differ")
	}
}

// TestPNGBeside: the PNG is as wide as the picture and the legend together, as high as the
// higher, and the same bytes every time.
func TestPNGBeside(t *testing.T) {
	testenv.Command(t, "dot", "Graphviz")
	size := func(b []byte) (int, int) {
		t.Helper()
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		return img.Bounds().Dx(), img.Bounds().Dy()
	}
	both := render(t, picture, legend, "png")
	w, h := size(both)
	wa, ha := size(render(t, picture, "", "png"))
	wb, hb := size(part(t, legend, "png"))
	if w != wa+wb || h != max(ha, hb) {
		t.Errorf("%dx%d, want %dx%d", w, h, wa+wb, max(ha, hb))
	}
	if !bytes.Equal(render(t, picture, legend, "png"), both) {
		t.Error("two renders differ")
	}
}

func TestErrors(t *testing.T) {
	testenv.Command(t, "dot", "Graphviz")
	ctx := context.Background()
	if _, err := Render(ctx, []byte(picture), nil, "crayon", "svg"); err == nil || !strings.Contains(err.Error(), "crayon") {
		t.Errorf("unknown engine: %v", err)
	}
	if _, err := Render(ctx, []byte(picture), nil, "dot", "gif"); err == nil {
		t.Error("unknown format accepted")
	}
	if _, err := Render(ctx, []byte("digraph { a -> }"), nil, "dot", "svg"); err == nil || !strings.Contains(err.Error(), "syntax error") {
		t.Errorf("bad DOT: %v", err)
	}
	t.Setenv("PATH", t.TempDir())
	if err := Check(); !errors.Is(err, ErrMissing) {
		t.Errorf("without dot on the PATH: %v", err)
	}
	if _, err := Render(ctx, []byte(picture), nil, "dot", "svg"); !errors.Is(err, ErrMissing) || !strings.Contains(err.Error(), "install graphviz") {
		t.Errorf("without dot on the PATH: %v", err)
	}
}
