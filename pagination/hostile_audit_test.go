package pagination

import (
	"errors"
	"net/url"
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
