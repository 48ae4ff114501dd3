package main

import (
	"context"
	"errors"
	"io"
)

func evalCommand(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return errors.New("eval: not built yet")
}
