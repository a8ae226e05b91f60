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
	"unsafe"

	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/jsonvalue"
)

// Placeholder replaces every redacted value.
const Placeholder = "[REDACTED]"

// Log returns a copy of l with its secrets redacted. l itself, and everything
// it points to, is never modified: changed parts are new values, unchanged
// parts are shared with l. The changed parts of a record share two
// allocations: one for their bytes, one for the structs and strings that
// point to them.
func Log(l gen.IntegrationLog) gen.IntegrationLog {
	w := walkers.Get().(*walker)
	defer walkers.Put(w)
	// Every changed field is appended to w.record; spans say where.
	w.record = w.record[:0]
	var (
		base, fullURL, exception               = w.redactString(l.BaseURL), span{}, span{}
		additional                             = w.redactValue(l.AdditionalData)
		reqHeaders, payload, respHeaders, body span
	)
	if l.FullURL != nil {
		fullURL = w.redactString(*l.FullURL)
	}
	if l.Exception != nil {
		exception = w.redactString(*l.Exception)
	}
	if l.Request != nil {
		reqHeaders, payload = w.redactValue(l.Request.Headers), w.redactValue(l.Request.Payload)
	}
	if l.Response != nil {
		respHeaders, body = w.redactValue(l.Response.Headers), w.redactValue(l.Response.Body)
	}
	if !(base.changed || fullURL.changed || exception.changed || additional.changed ||
		reqHeaders.changed || payload.changed || respHeaders.changed || body.changed) {
		return l
	}
	buf := make([]byte, len(w.record))
	copy(buf, w.record)
	if cap(w.record) > maxKeptBuffer {
		w.record = nil
	}
	// newValue and newString give a changed field's new value, or the old one.
	newValue := func(sp span, old jsonvalue.Value) jsonvalue.Value {
		if !sp.changed {
			return old
		}
		return buf[sp.start:sp.end:sp.end]
	}
	// buf is never written after the copy, and the strings' spans are
	// apart from every value's: the strings are immutable.
	newString := func(sp span, old string) string {
		switch {
		case !sp.changed:
			return old
		case sp.end == sp.start:
			return ""
		}
		return unsafe.String(&buf[sp.start], sp.end-sp.start)
	}
	parts := new(struct {
		fullURL, exception string
		request            gen.IntegrationLogRequest
		response           gen.IntegrationLogResponse
	})
	out := l
	out.BaseURL = newString(base, l.BaseURL)
	if fullURL.changed {
		parts.fullURL = newString(fullURL, "")
		out.FullURL = &parts.fullURL
	}
	if exception.changed {
		parts.exception = newString(exception, "")
		out.Exception = &parts.exception
	}
	out.AdditionalData = newValue(additional, l.AdditionalData)
	if reqHeaders.changed || payload.changed {
		parts.request = *l.Request
		parts.request.Headers = newValue(reqHeaders, l.Request.Headers)
		parts.request.Payload = newValue(payload, l.Request.Payload)
		out.Request = &parts.request
	}
	if respHeaders.changed || body.changed {
		parts.response = *l.Response
		parts.response.Headers = newValue(respHeaders, l.Response.Headers)
		parts.response.Body = newValue(body, l.Response.Body)
		out.Response = &parts.response
	}
	return out
}

// span is where a changed field's new value is in walker.record.
type span struct {
	start, end int
	changed    bool
}

// redactString appends the redacted s to w.record when it changes.
func (w *walker) redactString(s string) span {
	out, changed := redactText(w.record, s, w.params)
	return w.recorded(out, changed)
}

// redactValue appends the redacted v to w.record when it changes.
func (w *walker) redactValue(v jsonvalue.Value) span {
	if len(v) == 0 {
		return span{}
	}
	out, changed, ok := w.redact(w.record, v, 0)
	if !ok {
		out, changed = redactText(w.record, v, w.params)
	}
	return w.recorded(out, changed)
}

// recorded takes out, w.record with a change appended, as w.record.
func (w *walker) recorded(out []byte, changed bool) span {
	if !changed {
		return span{}
	}
	sp := span{start: len(w.record), end: len(out), changed: true}
	w.record = out
	return sp
}

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
