package pagination

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// FuzzParseLinks feeds arbitrary Link headers (lines separated by "\n") and
// request URLs to the parser: it must not panic, must return only absolute
// URLs, and must stay within its limits.
func FuzzParseLinks(f *testing.F) {
	f.Add(`<https://h/x?cursor=a,b>; rel="next"`, reqURL)
	f.Add(`</x?c=2>; rel="next"`, reqURL)
	f.Fuzz(func(t *testing.T, header, request string) {
		h := http.Header{}
		for line := range strings.SplitSeq(header, "\n") {
			h.Add("Link", line)
		}
		base, _ := url.Parse(request)
		links := ParseLinks(h, base)
		if len(links) > maxLinks {
			t.Fatalf("%d links, more than %d", len(links), maxLinks)
		}
		total := 0
		for _, l := range links {
			if l.URL == nil || !l.URL.IsAbs() {
				t.Fatalf("link %+v has no absolute URL", l)
			}
			total += len(l.Params)
		}
		if total > maxLinkHeaderBytes {
			t.Fatalf("%d params from at most %d bytes", total, maxLinkHeaderBytes)
		}
		next := NextURL(h, base)
		if next != nil && !next.IsAbs() {
			t.Fatalf("NextURL %v is not absolute", next)
		}
		_ = Scope{Base: base}.Check(next) // must not panic either
		// Next agrees with NextURL whenever it could read the whole header.
		strict, err := Next(h, base)
		switch {
		case err != nil && strict != nil:
			t.Fatalf("Next gave %v and %v", strict, err)
		case err == nil && (strict == nil) != (next == nil):
			t.Fatalf("Next %v, NextURL %v", strict, next)
		case err == nil && strict != nil && strict.String() != next.String():
			t.Fatalf("Next %v, NextURL %v", strict, next)
		}
	})
}
