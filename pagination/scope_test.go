package pagination

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

func TestScopeCheck(t *testing.T) {
	t.Parallel()
	scope := Scope{Base: mustURL(t, "https://api.example.com/api/v3/integrations/1/logs")}
	tests := []struct {
		next string
		ok   bool
	}{
		{"https://api.example.com/api/v3/integrations/1/logs", true},
		{"https://api.example.com/api/v3/integrations/1/logs?cursor=a+b%3A", true},
		{"https://api.example.com/api/v3/integrations/1/logs/", true},
		{"https://api.example.com/api/v3/integrations/1/logs/page/2", true},
		{"https://API.Example.COM/api/v3/integrations/1/logs", true},
		{"HTTPS://api.example.com/api/v3/integrations/1/logs", true},
		{"https://api.example.com:443/api/v3/integrations/1/logs", true},
		{"https://api.example.com/api/v3/integrations/1/logs#frag", true},

		{"http://api.example.com/api/v3/integrations/1/logs", false},       // scheme
		{"https://api.example.com:8443/api/v3/integrations/1/logs", false}, // port
		{"https://evil.example/api/v3/integrations/1/logs", false},         // host
		{"https://api.example.com.evil/api/v3/integrations/1/logs", false}, // host suffix
		{"ftp://api.example.com/api/v3/integrations/1/logs", false},        // not http(s)
		{"https:api.example.com/api/v3/integrations/1/logs", false},        // opaque
		{"https://user:secret@api.example.com/api/v3/integrations/1/logs", false},
		{"https://user@api.example.com/api/v3/integrations/1/logs", false},
		{"https://api.example.com/api/v3/integrations/1/logsX", false},
		{"https://api.example.com/api/v3/integrations/1/log", false},
		{"https://api.example.com/api/v3/integrations/2/logs", false},
		{"https://api.example.com/api/v3/integrations/1/../2/logs", false},
		{"https://api.example.com/api/v3/integrations/1/logs/../../2/logs", false},
		{"https://api.example.com/api/v3/integrations/1/logs/%2e%2e/%2E%2E/2/logs", false},
		{"https://api.example.com/api/v3/integrations/1/logs%2F..%2F..%2F2", false},
		{"https://api.example.com/api/v3/integrations/1/logs/./x", false},
		{"https://api.example.com/api/v3/integrations/1/logs%2Fx", false}, // escaped form leaves the path
		{`https://api.example.com/api/v3/integrations/1/logs/..\..\2`, false},
		{"https://api.example.com/", false},
		{"https://api.example.com", false},
		{"/api/v3/integrations/1/logs", false}, // not absolute: no origin
	}
	for _, tt := range tests {
		next, err := url.Parse(tt.next)
		if err != nil {
			t.Fatalf("url.Parse(%q): %v", tt.next, err)
		}
		err = scope.Check(next)
		if tt.ok && err != nil {
			t.Errorf("Check(%s) = %v, want nil", tt.next, err)
		}
		if !tt.ok {
			if !errors.Is(err, ErrOffScope) {
				t.Errorf("Check(%s) = %v, want ErrOffScope", tt.next, err)
			} else if strings.Contains(err.Error(), "secret") || strings.Contains(err.Error(), "user@") || strings.Contains(err.Error(), "user:") {
				t.Errorf("Check(%s) error shows user information: %v", tt.next, err)
			}
		}
	}
}

func TestScopeDefaultPorts(t *testing.T) {
	t.Parallel()
	tests := []struct{ base, next string }{
		{"https://h:443/api", "https://h/api/x"},
		{"https://h/api", "https://h:443/api/x"},
		{"http://h/api", "http://h:80/api/x"},
		{"http://127.0.0.1:8080/api", "http://127.0.0.1:8080/api/x"},
		{"http://[::1]:8080/api", "http://[::1]:8080/api/x"},
	}
	for _, tt := range tests {
		s := Scope{Base: mustURL(t, tt.base)}
		if err := s.Check(mustURL(t, tt.next)); err != nil {
			t.Errorf("base %s, next %s: %v", tt.base, tt.next, err)
		}
	}
	if err := (Scope{Base: mustURL(t, "http://h/api")}).Check(mustURL(t, "http://h:443/api")); err == nil {
		t.Error("http://h:443 accepted as the origin of http://h")
	}
}

func TestScopeRootBase(t *testing.T) {
	t.Parallel()
	for _, base := range []string{"https://h", "https://h/"} {
		s := Scope{Base: mustURL(t, base)}
		for _, next := range []string{"https://h", "https://h/", "https://h/any/path?q=1"} {
			if err := s.Check(mustURL(t, next)); err != nil {
				t.Errorf("base %s, next %s: %v", base, next, err)
			}
		}
	}
}

func TestScopeNil(t *testing.T) {
	t.Parallel()
	if err := (Scope{}).Check(mustURL(t, "https://h/x")); !errors.Is(err, ErrOffScope) {
		t.Errorf("nil Base: %v, want ErrOffScope", err)
	}
	if err := (Scope{Base: mustURL(t, "https://h/x")}).Check(nil); !errors.Is(err, ErrOffScope) {
		t.Errorf("nil next: %v, want ErrOffScope", err)
	}
}

// The error names scheme, host and path only: no user information, no query
// (which may hold a token), no fragment.
func TestScopeErrorRedacted(t *testing.T) {
	t.Parallel()
	s := Scope{Base: mustURL(t, "https://h/api?token=basesecret")}
	next := mustURL(t, "https://user:pa55word@evil.example/steal?token=querysecret#fragsecret")
	err := s.Check(next)
	if err == nil {
		t.Fatal("accepted")
	}
	msg := err.Error()
	for _, secret := range []string{"user:", "user@", "pa55word", "querysecret", "basesecret", "fragsecret", "token"} {
		if strings.Contains(msg, secret) {
			t.Errorf("error %q contains %q", msg, secret)
		}
	}
	if !strings.Contains(msg, "https://evil.example/steal") {
		t.Errorf("error %q does not name the refused URL", msg)
	}
	long := mustURL(t, "https://evil.example/"+strings.Repeat("a", 10000))
	if msg := s.Check(long).Error(); len(msg) > 2*maxRedacted+200 {
		t.Errorf("error for a long URL is %d bytes", len(msg))
	}
}

// An Exact scope admits the endpoint itself (a trailing slash aside), not
// a path below it; a prefix scope still does.
func TestExactScope(t *testing.T) {
	t.Parallel()
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
