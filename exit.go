package sclogs

import "github.com/sclogs/sclogs/internal/scrub"

// prefix starts the message of every error the package returns. It is added
// in one place: by [leave] where an error leaves the package, or by
// [APIError.Error] for the one error type callers also get directly. Errors
// made inside the package carry no prefix, and a message that quotes an
// *APIError uses its text method, so "sclogs:" is never repeated.
const prefix = "sclogs: "

// leave returns err as it leaves the package: with the prefix, once. nil
// stays nil.
func leave(err error) error {
	if err == nil {
		return nil
	}
	if _, ok := err.(prefixed); ok {
		return err
	}
	return &packageError{err: err}
}

// prefixed is an error whose message already starts with the prefix.
type prefixed interface {
	error
	hasPrefix()
}

func (*APIError) hasPrefix()     {}
func (*packageError) hasPrefix() {}

// packageError is an error of this package as the caller sees it: the inner
// error with the prefix in front. errors.Is and errors.As see through it.
type packageError struct{ err error }

func (e *packageError) Error() string { return prefix + e.err.Error() }
func (e *packageError) Unwrap() error { return e.err }

// textOf is err's message without the prefix, for a message that quotes
// err.
func textOf(err error) string {
	switch e := err.(type) {
	case *APIError:
		return e.text()
	case *packageError:
		return e.err.Error()
	}
	return err.Error()
}

// oneLine squeezes server text to one line of at most max runes (the
// module's one rule: scrub.OneLine).
func oneLine(s string, max int) string { return scrub.OneLine(s, max) }
