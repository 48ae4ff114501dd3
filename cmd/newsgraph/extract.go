package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/pipeline"
)

func extractCommand(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("extract", flag.ContinueOnError)
	var c common
	c.register(fs)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: newsgraph extract [flags] INPUT...

Writes one JSON object per article to stdout, in input order: id, date, mentions (start and
end are byte offsets into the article text, text == article[start:end]), entities and the
article's edge contributions.

Exit codes: 0 success, 1 fatal error, 2 usage error, 3 some records skipped.

Flags:
`)
		fs.PrintDefaults()
	}
	inputs, err := parse(fs, args, stderr)
	if err != nil {
		return err
	}
	x, err := c.extractor()
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(stdout)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	cfg, prog := c.config(ctx, inputs, stderr)
	stats, err := pipeline.Run(ctx, c.source(inputs, stdin), x, func(ctx context.Context, b []*extract.Result) error {
		for _, r := range b {
			if err := enc.Encode(r); err != nil {
				return err
			}
		}
		return bw.Flush()
	}, cfg)
	prog.finish()
	if err != nil {
		summarize(stderr, stats, "")
		return err
	}
	return summarize(stderr, stats, "")
}
