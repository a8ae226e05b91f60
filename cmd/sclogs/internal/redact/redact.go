// Package redact removes shop secrets from integration log records before the
// CLI prints them. One list of secret names (names.go) drives every rule:
// the values of secret keys at any depth of the request payload, the
// response body, additional_data and the headers (as objects, as pairs, or
// as one string), and of secret query, form and cookie parameters; and in
// free text (the exception, URLs, bodies and header values as text, JSON
// strings after their escapes are decoded) also Bearer and Basic
// credentials, JWTs and URL passwords. Everything else is left as the API
// sent it — ids, times, status codes, exception types, hosts and paths — so
// a redacted record reads, and groups, like the original. Each field is read
// in one pass (plus one to apply the edits), whatever it holds.
package redact

import (
	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/jsonvalue"
)

// Placeholder replaces every redacted value.
const Placeholder = "[REDACTED]"

// Log returns a copy of l with its secrets redacted. l itself, and everything
// it points to, is never modified: changed parts are new values, unchanged
// parts are shared with l.
func Log(l gen.IntegrationLog) gen.IntegrationLog {
	w := walkers.Get().(*walker)
	defer walkers.Put(w)
	value := w.value
	out := l
	out.BaseURL = textString(l.BaseURL, w.params)
	if l.FullURL != nil {
		if u := textString(*l.FullURL, w.params); u != *l.FullURL {
			out.FullURL = pointer(u)
		}
	}
	if l.Exception != nil {
		if e := textString(*l.Exception, w.params); e != *l.Exception {
			out.Exception = pointer(e)
		}
	}
	out.AdditionalData, _ = value(l.AdditionalData)
	if l.Request != nil {
		h, hc := value(l.Request.Headers)
		p, pc := value(l.Request.Payload)
		if hc || pc {
			r := *l.Request
			r.Headers, r.Payload = h, p
			out.Request = &r
		}
	}
	if l.Response != nil {
		h, hc := value(l.Response.Headers)
		b, bc := value(l.Response.Body)
		if hc || bc {
			r := *l.Response
			r.Headers, r.Body = h, b
			out.Response = &r
		}
	}
	return out
}

// pointer returns a pointer to a copy of s: a function, so that only a
// changed string is moved to the heap (&u of the u declared in an if moves
// every u there).
func pointer(s string) *string { return &s }

// Value returns the JSON value v with its secrets redacted (the same bytes
// when there are none); v is never modified. The result is valid JSON when
// v is; v that is not is redacted as text.
func Value(v jsonvalue.Value) jsonvalue.Value {
	w := walkers.Get().(*walker)
	out, _ := w.value(v)
	walkers.Put(w)
	return out
}

// value redacts v with w and reports whether anything changed.
func (w *walker) value(v jsonvalue.Value) (jsonvalue.Value, bool) {
	if len(v) == 0 {
		return v, false
	}
	out, changed, ok := w.redact(nil, v, 0)
	if !ok {
		out, changed = redactText(nil, v, w.params)
	}
	if !changed {
		return v, false
	}
	return jsonvalue.Value(out), true
}
