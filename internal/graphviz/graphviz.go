// Package graphviz renders DOT with the Graphviz command-line tools (dot on the PATH) and sets
// a legend beside the picture. A picture is as deterministic as its DOT: Graphviz lays out
// equal input the same way every time, and the composition here adds nothing that varies.
package graphviz

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// ErrMissing means Graphviz's dot is not on the PATH.
var ErrMissing = errors.New("Graphviz's dot is not on the PATH: install graphviz (apt-get install graphviz, brew install graphviz), or run scripts/deps.sh")

var engines = []string{"sfdp", "neato", "fdp", "dot", "circo", "twopi"}

// Engines returns the layout engines Render accepts; the force-directed ones (sfdp, neato,
// fdp) suit networks.
func Engines() []string { return slices.Clone(engines) }

// Check returns ErrMissing when dot cannot be found.
func Check() error {
	if _, err := exec.LookPath("dot"); err != nil {
		return ErrMissing
	}
	return nil
}

// Render lays out graph (DOT) with engine and renders it as format, "svg" or "png". legend,
// if not nil, is a second DOT graph, laid out with dot and set to the right of the picture,
// top-aligned.
func Render(ctx context.Context, graph, legend []byte, engine, format string) ([]byte, error) {
	if !slices.Contains(engines, engine) {
		return nil, fmt.Errorf("graphviz: layout %q: want one of %s", engine, strings.Join(engines, ", "))
	}
	if format != "svg" && format != "png" {
		return nil, fmt.Errorf("graphviz: format %q: want svg or png", format)
	}
	pic, err := run(ctx, graph, engine, format)
	if err != nil || legend == nil {
		return pic, err
	}
	key, err := run(ctx, legend, "dot", format)
	if err != nil {
		return nil, fmt.Errorf("legend: %w", err)
	}
	if format == "svg" {
		return besideSVG(pic, key)
	}
	return besidePNG(pic, key)
}

// run runs Graphviz on one graph.
func run(ctx context.Context, graph []byte, engine, format string) ([]byte, error) {
	if err := Check(); err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, "dot", "-K"+engine, "-T"+format)
	cmd.Stdin = bytes.NewReader(graph)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("graphviz: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return stdout.Bytes(), nil
}

// svgRoot matches the root element Graphviz writes: <svg width="…pt" height="…pt" viewBox=…
var svgRoot = regexp.MustCompile(`<svg width="([0-9.]+)pt" height="([0-9.]+)pt"`)

// besideSVG returns one SVG document with b to the right of a. Each keeps its own root
// element, nested, with its size in the outer document's units (points); b's element ids
// are prefixed so that no id appears twice.
func besideSVG(a, b []byte) ([]byte, error) {
	wa, ha, resta, err := splitSVG(a)
	if err != nil {
		return nil, fmt.Errorf("graphviz: the picture's SVG: %w", err)
	}
	wb, hb, restb, err := splitSVG(b)
	if err != nil {
		return nil, fmt.Errorf("graphviz: the legend's SVG: %w", err)
	}
	restb = strings.ReplaceAll(restb, ` id="`, ` id="legend_`)
	w, h := wa+wb, max(ha, hb)
	var out strings.Builder
	fmt.Fprintln(&out, `<?xml version="1.0" encoding="UTF-8" standalone="no"?>`)
	fmt.Fprintf(&out, "<svg width=\"%gpt\" height=\"%gpt\" viewBox=\"0 0 %g %g\" xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n", w, h, w, h)
	fmt.Fprintf(&out, "<rect width=\"%g\" height=\"%g\" fill=\"white\"/>\n", w, h)
	fmt.Fprintf(&out, `<svg x="0" y="0" width="%g" height="%g"`, wa, ha)
	out.WriteString(resta)
	fmt.Fprintf(&out, `<svg x="%g" y="0" width="%g" height="%g"`, wa, wb, hb)
	out.WriteString(restb)
	out.WriteString("</svg>\n")
	return []byte(out.String()), nil
}

// splitSVG returns the size of a Graphviz SVG document and what follows its root element's
// size attributes (the rest of the root element, and the drawing).
func splitSVG(doc []byte) (w, h float64, rest string, err error) {
	s := string(doc)
	m := svgRoot.FindStringSubmatchIndex(s)
	if m == nil {
		return 0, 0, "", errors.New(`no <svg width="…pt" height="…pt"> root`)
	}
	w, errW := strconv.ParseFloat(s[m[2]:m[3]], 64)
	h, errH := strconv.ParseFloat(s[m[4]:m[5]], 64)
	if err := errors.Join(errW, errH); err != nil {
		return 0, 0, "", err
	}
	return w, h, s[m[1]:], nil
}

// besidePNG returns one PNG with b to the right of a, on white.
func besidePNG(a, b []byte) ([]byte, error) {
	ia, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		return nil, fmt.Errorf("graphviz: the picture's PNG: %w", err)
	}
	ib, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("graphviz: the legend's PNG: %w", err)
	}
	ra, rb := ia.Bounds(), ib.Bounds()
	out := image.NewNRGBA(image.Rect(0, 0, ra.Dx()+rb.Dx(), max(ra.Dy(), rb.Dy())))
	draw.Draw(out, out.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.Draw(out, image.Rect(0, 0, ra.Dx(), ra.Dy()), ia, ra.Min, draw.Over)
	draw.Draw(out, image.Rect(ra.Dx(), 0, ra.Dx()+rb.Dx(), rb.Dy()), ib, rb.Min, draw.Over)
	var buf bytes.Buffer
	if err := png.Encode(&buf, out); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
