package pagination

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// ErrOffScope is wrapped by the error of [Scope.Check] for a URL the listing
// must not follow. The wrapping message names at most the URL's scheme, host
// and path: never its user information or query.
var ErrOffScope = errors.New("pagination: URL outside the listing's scope")

// Scope is where a listing may go: the origin (scheme, host, port) and path
// prefix of Base. A next URL comes from the server's response, and the
// caller's credentials go wherever it points, so each one is checked first.
type Scope struct {
	// Base gives the origin and the path prefix. Its query, fragment and
	// user information are ignored. A nil Base admits nothing.
	Base *url.URL
	// Exact admits Base's path only (a trailing slash aside), not the
	// paths below it: for a listing whose next links only ever change the
	// query, a path below the endpoint is another endpoint.
	Exact bool
}

// Check returns nil when next may be fetched within the scope, and otherwise
// an error wrapping [ErrOffScope]. It refuses a scheme other than http or
// https, a URL with user information, an origin other than Base's (default
// ports count: https://h and https://h:443 are the same origin), and a path
// outside Base's path. Paths are compared segment by segment, in decoded and
// in escaped form, and a path with "." or ".." segments (%2e included) or a
// backslash is refused outright, since a server may resolve it elsewhere.
func (s Scope) Check(next *url.URL) error {
	if next == nil {
		return fmt.Errorf("%w: no URL", ErrOffScope)
	}
	if s.Base == nil {
		return fmt.Errorf("%w: %q: the scope has no base URL", ErrOffScope, redact(next))
	}
	scheme := strings.ToLower(next.Scheme)
	if scheme != "http" && scheme != "https" {
		return offScope(next, s.Base, "scheme is not http or https")
	}
	if next.User != nil {
		return offScope(next, s.Base, "URL carries user information")
	}
	if next.Opaque != "" || next.Host == "" || !SameOrigin(next, s.Base) {
		return offScope(next, s.Base, "origin differs")
	}
	if hasDotSegment(next.Path) || strings.ContainsAny(next.Path, "\\\x00") {
		return offScope(next, s.Base, "path has dot segments or a backslash")
	}
	if !underPath(next.Path, s.Base.Path) || !underPath(next.EscapedPath(), s.Base.EscapedPath()) {
		return offScope(next, s.Base, "path leaves the base path")
	}
	if s.Exact && !samePath(next.EscapedPath(), s.Base.EscapedPath()) {
		return offScope(next, s.Base, "path is not the listing's endpoint")
	}
	return nil
}

// samePath reports whether p and base are the same path, a trailing slash
// aside.
func samePath(p, base string) bool {
	return strings.TrimRight(p, "/") == strings.TrimRight(base, "/")
}

func offScope(next, base *url.URL, why string) error {
	return fmt.Errorf("%w: %q: %s (scope %q)", ErrOffScope, redact(next), why, redact(base))
}

// SameOrigin reports whether a and b have the same origin (RFC 6454): scheme,
// host and port, compared case-insensitively and with default ports made
// explicit, so https://h and https://h:443 are the same. A nil URL has no
// origin.
func SameOrigin(a, b *url.URL) bool {
	return a != nil && b != nil &&
		strings.EqualFold(a.Scheme, b.Scheme) &&
		strings.EqualFold(a.Hostname(), b.Hostname()) &&
		port(a) == port(b)
}

// port returns u's port as a number, the scheme's default when absent, or
// -1 when neither is known.
func port(u *url.URL) int {
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil {
			return -1
		}
		return n
	}
	switch strings.ToLower(u.Scheme) {
	case "http":
		return 80
	case "https":
		return 443
	}
	return -1
}

// underPath reports whether p is base or below it, segment-aware:
// /a/logs admits /a/logs and /a/logs/x but not /a/logsX.
func underPath(p, base string) bool {
	base = strings.TrimRight(base, "/")
	if p == "" {
		p = "/"
	}
	return base == "" || p == base || strings.HasPrefix(p, base+"/")
}

// hasDotSegment reports whether the decoded path has a "." or ".." segment.
func hasDotSegment(p string) bool {
	for seg := range strings.SplitSeq(p, "/") {
		if seg == "." || seg == ".." {
			return true
		}
	}
	return false
}

// maxRedacted caps the URL text put into an error message.
const maxRedacted = 200

// redact returns scheme://host/path of u: no user information, no query, no
// fragment, and no more than maxRedacted bytes.
func redact(u *url.URL) string {
	if u == nil {
		return ""
	}
	s := u.Scheme + "://" + u.Host + u.EscapedPath()
	if u.Opaque != "" {
		s = u.Scheme + ":" // an opaque part may hold anything
	}
	if len(s) > maxRedacted {
		s = s[:maxRedacted] + "…"
	}
	return s
}
