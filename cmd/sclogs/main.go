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
	"runtime/debug"
	"syscall"

	"github.com/sclogs/sclogs/cmd/sclogs/internal/cli"
)

func main() { os.Exit(run()) }

// memoryLimit is the Go runtime's soft memory limit for the CLI, unless
// GOMEMLIMIT says otherwise.
const memoryLimit = 64 << 20

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
	if os.Getenv("GOMEMLIMIT") == "" {
		// A soft limit, so the GC collects before the heap doubles: with a
		// page of up to 16 MiB being read ahead while the last one is
		// printed, the live heap is about 50 MiB, and peak memory stays
		// under 100 MiB against any server (see the README). A larger live
		// heap only makes the GC run more often.
		debug.SetMemoryLimit(memoryLimit)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	context.AfterFunc(ctx, stop)
	return cli.Execute(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
}
