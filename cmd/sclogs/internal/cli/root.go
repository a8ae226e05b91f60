// Package cli is the sclogs command line: list, doctor, demo, serve-fake,
// version and completion. Execute runs it in-process, so tests can drive it
// with their own arguments, environment and output buffers.
package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/sclogs/sclogs"
	"github.com/sclogs/sclogs/cmd/sclogs/internal/follow"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// app is what every command shares: the process's streams and environment.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	env            func(string) string
	now            func() time.Time
	// sleep waits for d or until ctx ends (list --follow); tests replace it.
	sleep func(ctx context.Context, d time.Duration) error
	// termWidth, when set, replaces the terminal's width (tests).
	termWidth func() int
	// followLimits bound each poll of list --follow (zero: the follow
	// engine's defaults); tests lower them.
	followLimits follow.Limits
	verbose      bool
	logger       *slog.Logger
}

// Execute runs the sclogs command line with args (without the program name)
// and returns the exit code: 0 success, 1 API, network or data error (one
// line on stderr), 2 usage error. env looks up environment variables (e.g.
// os.Getenv). It never panics: a bug is reported as one line and exit 1.
func Execute(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, env func(string) string) (code int) {
	return newApp(stdin, stdout, stderr, env).execute(ctx, args)
}

// newApp returns the app for these streams and environment, with the real
// clock, sleep and terminal.
func newApp(stdin io.Reader, stdout, stderr io.Writer, env func(string) string) *app {
	if env == nil {
		env = func(string) string { return "" }
	}
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr, env: env, now: time.Now, sleep: follow.Sleep}
	a.logger = newLogger(a)
	return a
}

// execute runs the command line: see Execute.
func (a *app) execute(ctx context.Context, args []string) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintln(a.stderr, "sclogs: internal error (please report it): "+oneLine(fmt.Sprint(r)))
			code = exitFailure
		}
	}()
	root := a.rootCommand()
	root.SetArgs(args)
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return exitOK
	}
	code = exitCode(err)
	fmt.Fprintln(a.stderr, describe(err))
	if code == exitUsage && cmd != nil {
		fmt.Fprintf(a.stderr, "Run '%s --help' for usage.\n", cmd.CommandPath())
	}
	return code
}

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "sclogs",
		Short: "Read and diagnose Sendcloud integration exception logs",
		Long: `sclogs reads the exception logs of a Sendcloud shop integration
(GET /api/v3/integrations/{id}/logs), prints them as a table, JSON, NDJSON or
CSV with the shop's secrets redacted, and groups failures by cause with advice
on how to fix them.

Credentials come from the environment only: SENDCLOUD_PUBLIC_KEY and
SENDCLOUD_SECRET_KEY (an API key pair), or SENDCLOUD_CLIENT_ID and
SENDCLOUD_CLIENT_SECRET (OAuth2 client credentials).

Exit codes: 0 success, 1 API, network or data error, 2 usage error.`,
		Example: `  # Try it without an account: a fake API on loopback
  sclogs demo

  # The 25 newest logs of integration 12345
  export SENDCLOUD_PUBLIC_KEY=... SENDCLOUD_SECRET_KEY=...
  sclogs list 12345`,
		Version:       sclogs.Version,
		SilenceErrors: true,
		SilenceUsage:  true,
		PersistentPreRun: func(*cobra.Command, []string) {
			a.logger = newLogger(a)
		},
	}
	root.SetVersionTemplate("sclogs {{.Version}}\n")
	root.SetFlagErrorFunc(flagError)
	root.CompletionOptions.DisableDefaultCmd = true
	root.PersistentFlags().BoolVar(&a.verbose, "verbose", false, "debug log on stderr (credentials are never shown)")
	root.AddCommand(
		a.listCommand(),
		a.doctorCommand(),
		a.integrationsCommand(),
		a.exporterCommand(),
		a.demoCommand(),
		a.serveFakeCommand(),
		a.versionCommand(),
		a.completionCommand(),
	)
	return root
}

// showProgress reports whether progress may be shown: stderr is a
// terminal, and stdout is not a terminal too (the records would then be on
// screen already, mixed with the progress line).
func (a *app) showProgress() bool {
	return isTerminal(a.stderr) && !isTerminal(a.stdout)
}

// isTerminal reports whether w is a terminal. A character device is not
// enough: /dev/null is one too.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
