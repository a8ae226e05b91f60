package pagination

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"testing"
)

// An Exact scope admits the endpoint itself (a trailing slash aside), not
// a path below it; a prefix scope still does.
func TestAuditExactScope(t *testing.T) {
	base, _ := url.Parse("https://api.example/v3/integrations/7/logs")
	for ref, want := range map[string]bool{
		"https://api.example/v3/integrations/7/logs?cursor=2":        true,
		"https://api.example/v3/integrations/7/logs/?cursor=2":       true,
		"https://api.example/v3/integrations/7/logs/1?cursor=2":      false,
		"https://api.example/v3/integrations/7/logs/1/delete":        false,
		"https://api.example/v3/integrations/7/logs%2F1?cursor=2":    false,
		"https://api.example/v3/integrations/7/logs//?cursor=2":      true,
		"https://api.example/v3/integrations/7/logsX?cursor=2":       false,
		"https://api.example/v3/integrations/8/logs?cursor=2":        false,
		"https://api.example:443/v3/integrations/7/logs?cursor=abc=": true,
	} {
		u, err := url.Parse(ref)
		if err != nil {
			t.Fatal(err)
		}
		err = Scope{Base: base, Exact: true}.Check(u)
		if (err == nil) != want || err != nil && !errors.Is(err, ErrOffScope) {
			t.Errorf("%s: %v, want admitted %v", ref, err, want)
		}
	}
	below, _ := url.Parse("https://api.example/v3/integrations/7/logs/1")
	if err := (Scope{Base: base}).Check(below); err != nil {
		t.Errorf("prefix scope: %v", err)
	}
}

// A next URL that differs from a fetched one only in its fragment is the
// same request: the listing ends with ErrStuckCursor, not a loop.
func TestAuditFragmentIsSameURL(t *testing.T) {
	first, _ := url.Parse("https://api.example/v3/logs?cursor=a")
	fetches := 0
	fetch := func(_ context.Context, u *url.URL) (*Page[int], error) {
		fetches++
		next := *first
		next.Fragment = strconv.Itoa(fetches)
		return &Page[int]{Items: []int{1}, Next: &next}, nil
	}
	var last error
	for _, err := range Pages(context.Background(), first, Scope{Base: first}, fetch, Options{MaxPages: 50}) {
		last = err
	}
	if !errors.Is(last, ErrStuckCursor) || fetches != 1 {
		t.Errorf("%d fetches: %v", fetches, last)
	}
}
