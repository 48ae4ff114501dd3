package main

import (
	"context"
	"errors"
	"io"
)

func produceCommand(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return errors.New("produce: not built yet")
}
