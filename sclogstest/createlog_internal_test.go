package sclogstest

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// Logs created through the API are kept up to MaxCreatedBytes (and
// MaxCreatedLogs): the earliest created is forgotten first. The bounds are
// the exported ones by default; the test then lowers them (one eighth of
// the bytes, 200 logs) so that it proves the same rule on fewer POSTs.
func TestCreatedLogsBounded(t *testing.T) {
	t.Parallel()
	s, err := Start(WithHistory(1))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if logs, bytes := s.created.limits(); logs != MaxCreatedLogs || bytes != MaxCreatedBytes {
		t.Fatalf("default bounds %d logs, %d bytes; want %d, %d", logs, bytes, MaxCreatedLogs, MaxCreatedBytes)
	}
	s.dataMu.Lock()
	s.created.maxLogs, s.created.maxBytes = 200, MaxCreatedBytes/8
	s.dataMu.Unlock()
	maxLogs, maxBytes := s.created.limits()
	basic := func(r *http.Request) { r.SetBasicAuth(s.PublicKey(), s.SecretKey()) }
	id := s.Integrations()[0]
	big := strings.Repeat("x", 1000_000)
	path := fmt.Sprintf("%s/integrations/%d/logs", apiPrefix, id)
	for i := range 10 + maxBytes/len(big) {
		w := s.serveOne("POST", path, "application/json", `{"base_url":"https://shop.example","exception":"`+big+`"}`, basic)
		if w.Code != http.StatusCreated {
			t.Fatalf("POST %d: %d %.200s", i, w.Code, w.Body)
		}
	}
	s.dataMu.RLock()
	bytes, refs, added := s.created.bytes, len(s.created.refs), len(s.integr[id].added)
	s.dataMu.RUnlock()
	if bytes > maxBytes || refs != added || added > maxBytes/len(big) || added == 0 {
		t.Errorf("kept %d logs (%d refs, %d bytes), limit %d bytes", added, refs, bytes, maxBytes)
	}
	// Small logs: the count limit.
	for range maxLogs + 10 {
		s.serveOne("POST", path, "application/json", `{"base_url":"https://shop.example"}`, basic)
	}
	s.dataMu.RLock()
	added = len(s.integr[id].added)
	s.dataMu.RUnlock()
	if added != maxLogs {
		t.Errorf("kept %d logs, want %d", added, maxLogs)
	}
}
