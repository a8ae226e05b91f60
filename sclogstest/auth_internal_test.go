package sclogstest

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// A fake left running keeps at most MaxTokens tokens, however many are
// requested within their lifetime; the oldest is forgotten first.
func TestTokensBounded(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	s, err := Start(WithClock(func() time.Time { return now }), WithHistory(1))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	basic := func(r *http.Request) {
		r.SetBasicAuth(url.QueryEscape(s.ClientID()), url.QueryEscape(s.ClientSecret()))
	}
	var first string
	for i := range MaxTokens + 500 {
		w := s.serveOne("POST", tokenPath, "application/x-www-form-urlencoded", "grant_type=client_credentials", basic)
		if w.Code != 200 {
			t.Fatalf("token %d: %d %s", i, w.Code, w.Body)
		}
		if i == 0 {
			first = w.Body.String()
		}
	}
	s.mu.Lock()
	n, q := len(s.tokens), len(s.tokenQ)
	s.mu.Unlock()
	if n > MaxTokens || q > MaxTokens {
		t.Errorf("%d tokens kept (queue %d), want at most %d", n, q, MaxTokens)
	}
	tok := first[strings.Index(first, "sclogstest_"):]
	tok = tok[:strings.IndexByte(tok, '"')]
	bearer := func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+tok) }
	if w := s.serveOne("GET", apiPrefix+"/integrations", "", "", bearer); w.Code != http.StatusUnauthorized {
		t.Errorf("the oldest token still works: %d", w.Code)
	}
	// Expired tokens go too.
	now = now.Add(2 * DefaultTokenTTL)
	s.serveOne("POST", tokenPath, "application/x-www-form-urlencoded", "grant_type=client_credentials", basic)
	s.mu.Lock()
	n = len(s.tokens)
	s.mu.Unlock()
	if n != 1 {
		t.Errorf("%d tokens after all expired, want 1", n)
	}
}
