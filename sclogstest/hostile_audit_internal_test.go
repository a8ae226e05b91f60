package sclogstest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// serve sends one request straight to the fake's handler.
func (s *Server) serveOne(method, path, contentType, body string, auth func(*http.Request)) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, s.origin+path, strings.NewReader(body))
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	auth(r)
	w := httptest.NewRecorder()
	s.serveHTTP(w, r)
	return w
}

// A fake left running keeps at most MaxTokens tokens, however many are
// requested within their lifetime; the oldest is forgotten first.
func TestAuditTokensBounded(t *testing.T) {
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

// Logs created through the API are kept up to MaxCreatedBytes (and
// MaxCreatedLogs): the earliest created is forgotten first.
func TestAuditCreatedLogsBounded(t *testing.T) {
	s, err := Start(WithHistory(1))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	basic := func(r *http.Request) { r.SetBasicAuth(s.PublicKey(), s.SecretKey()) }
	id := s.Integrations()[0]
	big := strings.Repeat("x", 1000_000)
	path := fmt.Sprintf("%s/integrations/%d/logs", apiPrefix, id)
	for i := range 80 {
		w := s.serveOne("POST", path, "application/json", `{"base_url":"https://shop.example","exception":"`+big+`"}`, basic)
		if w.Code != http.StatusCreated {
			t.Fatalf("POST %d: %d %.200s", i, w.Code, w.Body)
		}
	}
	s.dataMu.RLock()
	bytes, refs, added := s.created.bytes, len(s.created.refs), len(s.integr[id].added)
	s.dataMu.RUnlock()
	if bytes > MaxCreatedBytes || refs != added || added >= 80 || added == 0 {
		t.Errorf("kept %d logs (%d refs, %d bytes), limit %d bytes", added, refs, bytes, MaxCreatedBytes)
	}
	// Small logs: the count limit.
	for range MaxCreatedLogs + 10 {
		s.serveOne("POST", path, "application/json", `{"base_url":"https://shop.example"}`, basic)
	}
	s.dataMu.RLock()
	added = len(s.integr[id].added)
	s.dataMu.RUnlock()
	if added != MaxCreatedLogs {
		t.Errorf("kept %d logs, want %d", added, MaxCreatedLogs)
	}
}
