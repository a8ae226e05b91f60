package jsonscan

import (
	"io"
	"strconv"
)

// SyntaxError is input that is not JSON. It wraps io.ErrUnexpectedEOF when
// the input ended before the value did (a body cut short).
type SyntaxError struct {
	Offset int64 // byte offset of the error in the input
	msg    string
	eof    bool
}

func (e *SyntaxError) Error() string { return e.msg }

// Unwrap returns io.ErrUnexpectedEOF for input that ended early.
func (e *SyntaxError) Unwrap() error {
	if e.eof {
		return io.ErrUnexpectedEOF
	}
	return nil
}

// TypeError is well-formed JSON of the wrong type for its Go destination,
// like encoding/json's UnmarshalTypeError.
type TypeError struct {
	Value  string // the JSON kind: "string", "number", "object", ...
	Type   string // the Go type
	Offset int64  // byte offset of the value in the input
	Err    error  // why, when the kind alone does not say (a number out of range)
}

func (e *TypeError) Error() string {
	s := "cannot unmarshal " + e.Value + " into Go value of type " + e.Type
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the underlying error, if any.
func (e *TypeError) Unwrap() error { return e.Err }

func (d *Decoder) syntaxError(what string) error {
	if d.pos >= len(d.data) {
		return &SyntaxError{Offset: int64(len(d.data)), msg: "unexpected end of JSON input", eof: true}
	}
	return &SyntaxError{Offset: int64(d.pos) + 1, msg: "invalid character " + quoteChar(d.data[d.pos]) + " " + what}
}

// quoteChar formats c like encoding/json's error messages do.
func quoteChar(c byte) string {
	switch c {
	case '\'':
		return `'\''`
	case '"':
		return `'"'`
	}
	s := strconv.Quote(string(rune(c)))
	return "'" + s[1:len(s)-1] + "'"
}

// mismatch skips the value at the current position, checking its syntax,
// and returns a TypeError for it (or the syntax error).
func (d *Decoder) mismatch(goType string) error {
	start := d.pos
	kind := "value"
	if d.pos < len(d.data) {
		switch d.data[d.pos] {
		case '"':
			kind = "string"
		case '{':
			kind = "object"
		case '[':
			kind = "array"
		case 't', 'f':
			kind = "bool"
		case 'n':
			kind = "null"
		default:
			kind = "number"
		}
	}
	if err := d.Skip(); err != nil {
		return err
	}
	return &TypeError{Value: kind, Type: goType, Offset: int64(start)}
}

// numberError is a number that is valid JSON but does not fit goType.
func numberError(lit []byte, goType string, offset int, err error) error {
	return &TypeError{Value: "number " + string(lit), Type: goType, Offset: int64(offset), Err: err}
}

// Mismatch skips the value at the current position (checking its syntax)
// and reports that it cannot go into goType.
func (d *Decoder) Mismatch(goType string) error { return d.mismatch(goType) }
