// Command sclogs reads and diagnoses Sendcloud integration exception logs.
// Run `sclogs demo` to try it without an account, and `sclogs --help` for
// the commands. Exit codes: 0 success, 1 API, network or data error, 2 usage
// error.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/sclogs/sclogs/cmd/sclogs/internal/cli"
)

func main() { os.Exit(run()) }

// run executes the command line; a panic becomes one line and exit 1, never
// a stack trace. The first Ctrl-C (or SIGTERM) cancels the command, which
// then flushes what it has read and says it was interrupted; a second one
// kills the process as usual.
func run() (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintln(os.Stderr, "sclogs: internal error (please report it)")
			code = 1
		}
	}()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	context.AfterFunc(ctx, stop)
	return cli.Execute(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
}
