package main

import (
	"context"
	"errors"
	"io"
)

func consumeCommand(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return errors.New("consume: not built yet")
}
