package cli

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/sclogs/sclogs"
	"github.com/sclogs/sclogs/cmd/sclogs/internal/output"
)

// Exit codes: a contract that scripts rely on.
const (
	exitOK      = 0
	exitFailure = 1 // API, network or data error
	exitUsage   = 2 // bad arguments, flags or environment
)

// failure marks an error that happened while doing the work (API, network,
// data, writing the output): exit 1. Every other error — cobra's own flag and
// argument errors included — is a usage error: exit 2.
type failure struct{ err error }

func (f *failure) Error() string { return f.err.Error() }
func (f *failure) Unwrap() error { return f.err }

func fail(err error) error { return &failure{err} }

func usagef(format string, args ...any) error { return fmt.Errorf(format, args...) }

// interrupted replaces err by a plain "interrupted" when the command was
// cancelled (Ctrl-C), rather than a "context canceled" from deep inside.
func interrupted(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return errors.New("interrupted")
	}
	return err
}

// exitCode maps an error from a command to the process's exit code.
func exitCode(err error) int {
	if err == nil {
		return exitOK
	}
	var f *failure
	if errors.As(err, &f) {
		return exitFailure
	}
	return exitUsage
}

// libraryError is an error of the sclogs package, whose message already
// starts with "sclogs: ", with what the command was doing after it, so the
// line on stderr names the program once.
type libraryError struct {
	err     error
	context string
}

func (e *libraryError) Error() string {
	if e.context == "" {
		return e.err.Error()
	}
	return e.err.Error() + " (" + e.context + ")"
}

func (e *libraryError) Unwrap() error { return e.err }

// fromLibrary marks err as the sclogs package's, with context ("" for
// none). Wrappers of it add their own words after its message, never before.
func fromLibrary(err error, context string) error { return &libraryError{err: err, context: context} }

// describe turns an error into the line for stderr, "sclogs: " first, once:
// the library's errors bring it, the command's own get it here. An API error
// shows the HTTP status and the server's own detail text, with a hint for
// the usual causes.
func describe(err error) string {
	var apiErr *sclogs.APIError
	var lib *libraryError
	switch {
	case errors.As(err, &apiErr):
		return oneLine("sclogs: " + describeAPIError(apiErr))
	case errors.Is(err, sclogs.ErrUnauthorized):
		// Only the OAuth2 token endpoint refuses without an API error.
		return oneLine(prefixed(withoutOptionNames(err.Error()))) +
			" - the OAuth2 client credentials were refused: check " + envClientID + " and " + envClientSecret +
			" (and --token-url / " + envTokenURL + ")"
	case errors.As(err, &lib):
		return oneLine(withoutOptionNames(err.Error()))
	}
	return "sclogs: " + oneLine(err.Error())
}

// prefixed is s starting with "sclogs: ", once.
func prefixed(s string) string {
	if strings.HasPrefix(s, "sclogs: ") {
		return s
	}
	return "sclogs: " + s
}

// describeAPIError is the line for a non-2xx answer, without the prefix.
func describeAPIError(apiErr *sclogs.APIError) string {
	code := apiErr.StatusCode
	msg := fmt.Sprintf("HTTP %d", code)
	if t := http.StatusText(code); t != "" {
		msg += " " + t
	}
	var details []string
	for _, e := range apiErr.Errors {
		d := e.Detail
		if d == "" {
			d = e.Title
		}
		if d == "" {
			d = e.Code
		}
		if d != "" {
			details = append(details, d)
		}
	}
	if len(details) > 0 {
		msg += ": " + strings.Join(details, "; ")
	} else if s := strings.TrimSpace(string(apiErr.Body)); s != "" {
		msg += ": " + s
	}
	if apiErr.Attempts > 1 {
		msg += fmt.Sprintf(" (after %d attempts)", apiErr.Attempts)
	}
	switch code {
	case http.StatusUnauthorized:
		msg += " - check " + envPublicKey + " and " + envSecretKey + " (or " + envClientID + " and " + envClientSecret + ")"
	case http.StatusNotFound:
		msg += " - check the integration id"
	}
	return msg
}

// maxLine bounds an error line: an error page can be megabytes long.
const maxLine = 400

// oneLine folds s onto one printable line of at most maxLine runes.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(output.Cell(strings.NewReplacer("\r", " ", "\n", " ", "\t", " ").Replace(s))), " ")
	if r := []rune(s); len(r) > maxLine {
		s = string(r[:maxLine]) + "…"
	}
	return s
}
