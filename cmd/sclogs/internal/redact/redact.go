// Package redact removes shop secrets from integration log records before the
// CLI prints them: the values of sensitive request and response headers, the
// values of sensitive query parameters in full_url and base_url, and the
// password of a URL's user:password part — and the same URL parts wherever
// the exception text, the request payload, the response body or
// additional_data quote a URL (Python's requests puts the full URL, query
// included, in its messages; shops echo it in error bodies). Everything else
// is left byte for byte as the API sent it, so a redacted record still reads
// like the original.
package redact

import (
	"github.com/sclogs/sclogs/gen"
)

// Placeholder replaces every redacted value.
const Placeholder = "[REDACTED]"

// Log returns a copy of l with its secrets redacted. l itself, and everything
// it points to, is never modified: changed parts are new values, unchanged
// parts are shared with l.
func Log(l gen.IntegrationLog) gen.IntegrationLog {
	out := l
	out.BaseURL = URL(l.BaseURL)
	if l.FullURL != nil {
		if u := URL(*l.FullURL); u != *l.FullURL {
			out.FullURL = &u
		}
	}
	if l.Exception != nil {
		if e := Text(*l.Exception); e != *l.Exception {
			out.Exception = &e
		}
	}
	out.AdditionalData, _ = textValue(l.AdditionalData)
	if l.Request != nil {
		h, hc := headers(l.Request.Headers)
		p, pc := textValue(l.Request.Payload)
		if hc || pc {
			r := *l.Request
			r.Headers, r.Payload = h, p
			out.Request = &r
		}
	}
	if l.Response != nil {
		h, hc := headers(l.Response.Headers)
		b, bc := textValue(l.Response.Body)
		if hc || bc {
			r := *l.Response
			r.Headers, r.Body = h, b
			out.Response = &r
		}
	}
	return out
}
