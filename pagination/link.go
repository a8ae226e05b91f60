package pagination

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// ErrBadLinkHeader is wrapped by the error of [Next] for a Link header that
// is present but cannot be read in full: a listing must not end silently
// where a next link may have been.
var ErrBadLinkHeader = errors.New("pagination: unreadable Link header")

// Limits on the work done for one header, so that a hostile or broken server
// cannot make parsing slow or large. Real Link headers are a few hundred bytes.
const (
	// maxLinkHeaderBytes caps the bytes of all Link header lines considered
	// together; a link-value cut by the cap is dropped, never half-read.
	maxLinkHeaderBytes = 64 << 10
	// maxLinks caps the number of links returned.
	maxLinks = 256
)

// Link is one link-value of an RFC 8288 Link header.
type Link struct {
	// URL is the target, absolute: a relative reference is resolved against
	// the request URL. An absolute target is kept exactly as received (the
	// query is never decoded and re-encoded, so a cursor holding `+` or `%3A`
	// goes back to the server byte for byte).
	URL *url.URL
	// Rels are the relation types of the first rel parameter, lower-cased
	// (`rel="next last"` gives ["next", "last"]). Later rel parameters are
	// ignored, as RFC 8288 section 3.3 requires.
	Rels []string
	// Params holds every parameter by lower-cased name, first occurrence
	// only, with quoted-strings unquoted; a parameter without a value maps
	// to "". It includes "rel".
	Params map[string]string
}

// HasRel reports whether the link has the relation type rel, compared
// case-insensitively.
func (l Link) HasRel(rel string) bool {
	for _, r := range l.Rels {
		if strings.EqualFold(r, rel) {
			return true
		}
	}
	return false
}

// ParseLinks returns the links of every Link header line in h, in order.
// Relative references are resolved against requestURL; with a nil or relative
// requestURL they are skipped. A malformed link-value is skipped and parsing
// goes on with the next one, so a header such as `Link: string` yields no
// links rather than an error.
//
// The parser is hand-written because the public Go parsers get real headers
// wrong: go-github splits on every comma (breaking URLs and quoted titles that
// hold one) and reads only the first Link line; peterhellberg/link deletes
// commas inside URLs; tomnomnom/linkheader keeps the last rel instead of the
// first. It runs in a single forward pass without regular expressions,
// considers at most 64 KiB of header text and returns at most 256 links.
func ParseLinks(h http.Header, requestURL *url.URL) []Link {
	p := parseLinks(h, requestURL)
	return p.links
}

func parseLinks(h http.Header, requestURL *url.URL) *linkParser {
	p := &linkParser{base: requestURL}
	budget := maxLinkHeaderBytes
	for _, line := range h.Values("Link") {
		if budget <= 0 || len(p.links) >= maxLinks {
			if strings.Trim(line, " \t,") != "" {
				p.fail("more than %d links or %d KiB", maxLinks, maxLinkHeaderBytes>>10)
			}
			continue
		}
		truncated := false
		if len(line) > budget {
			line, truncated = line[:budget], true
			p.fail("longer than %d KiB", maxLinkHeaderBytes>>10)
		}
		// Every line costs at least one byte, so a flood of empty lines is
		// bounded too.
		budget -= max(len(line), 1)
		p.parseLine(line, truncated)
	}
	return p
}

// Next returns the target of the first link whose relation types include
// "next", nil when the response has no such link, or an error wrapping
// [ErrBadLinkHeader] when a Link header is present but part of it could not
// be read: a malformed link-value, a target that is no URL, or text past the
// parser's limits (64 KiB, 256 links). Unlike [NextURL], it never mistakes a
// header it could not read for the last page.
func Next(h http.Header, requestURL *url.URL) (*url.URL, error) {
	p := parseLinks(h, requestURL)
	if p.problem != "" {
		return nil, fmt.Errorf("%w: %s", ErrBadLinkHeader, p.problem)
	}
	for _, l := range p.links {
		if l.HasRel("next") {
			return l.URL, nil
		}
	}
	return nil, nil
}

// NextURL returns the target of the first link whose relation types include
// "next", or nil when there is none. See [ParseLinks]. It cannot tell a
// missing next link from one it could not read; a listing should use [Next].
func NextURL(h http.Header, requestURL *url.URL) *url.URL {
	for _, l := range ParseLinks(h, requestURL) {
		if l.HasRel("next") {
			return l.URL
		}
	}
	return nil
}

// linkParser collects links from header lines.
type linkParser struct {
	base  *url.URL
	links []Link
	// problem describes the first part of the header that could not be
	// read; ParseLinks ignores it, Next reports it.
	problem string
}

func (p *linkParser) fail(format string, args ...any) {
	if p.problem == "" {
		p.problem = fmt.Sprintf(format, args...)
	}
}

// parseLine parses one header line: #link-value, where
//
//	link-value = "<" URI-Reference ">" *( OWS ";" OWS link-param )
//	link-param = token BWS [ "=" BWS ( token / quoted-string ) ]
//
// When truncated is set, the line was cut by the size cap and its last
// link-value, which may be incomplete, is dropped.
func (p *linkParser) parseLine(s string, truncated bool) {
	i := 0
	for i < len(s) {
		// Empty list elements and whitespace between link-values.
		for i < len(s) && (s[i] == ',' || isOWS(s[i])) {
			i++
		}
		if i >= len(s) {
			return
		}
		if len(p.links) >= maxLinks {
			p.fail("more than %d links", maxLinks)
			return
		}
		if s[i] != '<' {
			p.fail("a link-value at byte %d does not start with '<'", i)
			i = skipElement(s, i)
			continue
		}
		target, j, ok := scanTarget(s, i)
		if !ok {
			p.fail("a link target at byte %d has no closing '>'", i)
			i = j // j is the next '<' or the end of the line
			continue
		}
		params, rels, j, ok := scanParams(s, j)
		i = j
		if !ok {
			p.fail("malformed parameters at byte %d", i)
			i = skipElement(s, i)
			continue
		}
		if truncated && i >= len(s) {
			return // this link-value may have been cut by the cap
		}
		if u := p.resolve(target); u != nil {
			p.links = append(p.links, Link{URL: u, Rels: rels, Params: params})
		} else {
			p.fail("a link target is not a URL that can be resolved")
		}
	}
}

// resolve parses a link target and makes it absolute, or returns nil.
func (p *linkParser) resolve(target string) *url.URL {
	u, err := url.Parse(strings.Trim(target, " \t"))
	if err != nil {
		return nil
	}
	if !u.IsAbs() {
		if p.base == nil {
			return nil
		}
		u = p.base.ResolveReference(u)
	}
	if !u.IsAbs() {
		return nil
	}
	return u
}

// scanTarget reads "<" URI-Reference ">" starting at s[i] == '<'. It returns
// the text between the brackets and the index after '>'. When another '<'
// comes before any '>', or there is no '>', the link-value is malformed and
// the returned index is that '<' (to restart there) or len(s).
func scanTarget(s string, i int) (string, int, bool) {
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '>':
			return s[i+1 : j], j + 1, true
		case '<':
			return "", j, false
		}
	}
	return "", len(s), false
}

// scanParams reads *( OWS ";" OWS link-param ) from s[i:], up to the ',' that
// ends the link-value or the end of the line. It returns the parameters, the
// relation types of the first rel, and the index of that ',' or len(s). It
// reports false for anything else after a parameter.
func scanParams(s string, i int) (map[string]string, []string, int, bool) {
	var params map[string]string
	var rels []string
	seenRel := false
	for {
		i = skipOWS(s, i)
		if i >= len(s) || s[i] == ',' {
			return params, rels, i, true
		}
		if s[i] != ';' {
			return nil, nil, i, false
		}
		i = skipOWS(s, i+1)
		start := i
		for i < len(s) && isTokenChar(s[i]) {
			i++
		}
		if i == start {
			continue // an empty parameter, as in `<x>;;rel=next`: tolerated
		}
		name := strings.ToLower(s[start:i])
		value := ""
		if j := skipOWS(s, i); j < len(s) && s[j] == '=' {
			j = skipOWS(s, j+1)
			var ok bool
			value, i, ok = scanValue(s, j)
			if !ok {
				return nil, nil, i, false
			}
		}
		if params == nil {
			params = make(map[string]string)
		}
		if _, dup := params[name]; !dup {
			params[name] = value
		}
		if name == "rel" && !seenRel {
			seenRel = true
			rels = strings.Fields(strings.ToLower(value))
		}
	}
}

// scanValue reads a token or a quoted-string at s[i]. A token is read
// leniently (up to whitespace, ';', ',' or '"') because servers send values
// such as unquoted URLs; a quoted-string must be closed.
func scanValue(s string, i int) (string, int, bool) {
	if i < len(s) && s[i] == '"' {
		var b strings.Builder
		for j := i + 1; j < len(s); j++ {
			switch c := s[j]; c {
			case '"':
				return b.String(), j + 1, true
			case '\\':
				if j+1 < len(s) {
					j++
					b.WriteByte(s[j])
				}
			default:
				b.WriteByte(c)
			}
		}
		return "", len(s), false // unterminated
	}
	start := i
	for i < len(s) && !isOWS(s[i]) && s[i] != ';' && s[i] != ',' && s[i] != '"' {
		i++
	}
	return s[start:i], i, true
}

// skipElement skips a malformed link-value: it returns the index of the next
// ',' outside a quoted-string, or len(s).
func skipElement(s string, i int) int {
	inQuote := false
	for ; i < len(s); i++ {
		switch s[i] {
		case '\\':
			if inQuote {
				i++
			}
		case '"':
			inQuote = !inQuote
		case ',':
			if !inQuote {
				return i
			}
		}
	}
	return len(s)
}

func skipOWS(s string, i int) int {
	for i < len(s) && isOWS(s[i]) {
		i++
	}
	return i
}

func isOWS(c byte) bool { return c == ' ' || c == '\t' }

// isTokenChar reports whether c is a tchar of RFC 9110.
func isTokenChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}
