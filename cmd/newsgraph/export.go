package main

import (
	"context"
	"errors"
	"io"
)

func exportCommand(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return errors.New("export: not built yet")
}
