// Package redact removes shop secrets from integration log records and
// integrations, for the CLI's output and the library's messages. It holds
// the module's one list of secret names (names.go) and its one placeholder,
// [Placeholder].
//
// A record is redacted once, whole, as the JSON object it was received as
// ([Record]): every member, known to the spec or not, at any depth. The
// values of secret keys (the request payload, the response body,
// additional_data, headers as objects, [name, value] pairs or
// {"name": …, "value": …} objects) are replaced; every other string is read
// as free text (text.go): secret query, form and cookie parameters, dict and
// PHP reprs, `Name: value` lines, XML elements, Bearer and Basic
// credentials, JWTs, URL passwords and tokens known by their prefix; a
// string holding JSON is walked as JSON. Everything else is left as the
// API sent it — ids, times, status codes, exception types, hosts and paths,
// key order, spacing, nulls — so a redacted record reads, and groups, like
// the original, and stays valid JSON. Each record is read in one pass (plus
// one to apply the edits), whatever it holds.
package redact

import (
	"github.com/sclogs/sclogs/jsonvalue"
)

// Placeholder replaces every redacted value, in the CLI and in the
// library's messages: the one placeholder of the module.
const Placeholder = "[REDACTED]"

// Record returns the JSON value rec (a record as received: a JSON object)
// with its secrets redacted, and whether anything changed. rec itself is
// never modified; when nothing changed rec is returned. The result is
// valid JSON when rec is; rec that is not JSON is redacted as text.
func Record(rec []byte) ([]byte, bool) {
	return Append(nil, rec)
}

// Append is Record that appends a changed record to dst, so that a caller
// redacting record after record can reuse one buffer; when nothing changed
// it returns rec itself (dst is not touched).
func Append(dst, rec []byte) ([]byte, bool) {
	out, changed, _ := AppendCompact(dst, rec)
	return out, changed
}

// AppendCompact is Append that also reports whether the record it returns
// is compact: read as JSON (the walk does not check what follows a
// backslash in a string), with no whitespace between its tokens, as the
// walk found while redacting it. Written on one line, such a record needs
// no change but the escaping of characters inside its strings. compact
// false says nothing.
func AppendCompact(dst, rec []byte) (out []byte, changed, compact bool) {
	w := walkers.Get().(*walker)
	out, changed, compact = w.value(dst, rec)
	walkers.Put(w)
	return out, changed, compact
}

// Value returns the JSON value v with its secrets redacted (the same bytes
// when there are none); v is never modified. The result is valid JSON when
// v is; v that is not is redacted as text.
func Value(v jsonvalue.Value) jsonvalue.Value {
	out, _ := Record(v)
	return out
}

// value redacts v with w, appending a changed v to dst, and reports whether
// anything changed and whether the result is compact (see AppendCompact).
func (w *walker) value(dst, v []byte) (out []byte, changed, compact bool) {
	if len(v) == 0 {
		return v, false, false
	}
	out, changed, ok := w.redact(dst, v, 0)
	// Edits replace strings by strings and values by "[REDACTED]": they
	// add no whitespace between tokens.
	compact = ok && !w.spaced
	if !ok {
		out, changed = redactText(dst, v, w.params)
	}
	if !changed {
		return v, false, compact
	}
	return out, true, compact
}
