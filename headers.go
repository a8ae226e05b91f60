package sclogs

import (
	"context"
	"net/http"
	"net/url"

	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/pagination"
)

// headerEditor sets the User-Agent on every request and, only for requests to
// the base URL's origin, the partner id. The credentials are set by the
// retry loop (internal/retry) on every attempt, with the same origin check.
func headerEditor(base *url.URL, userAgent, partnerID string) gen.RequestEditorFn {
	return func(_ context.Context, req *http.Request) error {
		req.Header.Set("User-Agent", userAgent)
		if partnerID != "" && sameOrigin(req.URL, base) {
			req.Header.Set("Sendcloud-Partner-Id", partnerID)
		}
		return nil
	}
}

// sameOrigin is the one origin rule of the module (pagination.SameOrigin):
// credentials, redirects and next links are all judged by it.
func sameOrigin(a, b *url.URL) bool { return pagination.SameOrigin(a, b) }
