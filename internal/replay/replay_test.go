package replay_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/sclogs/sclogs/internal/replay"
	"github.com/sclogs/sclogs/pagination"
	"github.com/sclogs/sclogs/sclogstest"
	"go.uber.org/goleak"
)

func TestReplayServesTheCapturedListing(t *testing.T) {
	src := sclogstest.NewServer(sclogstest.WithLogsPerIntegration(230))
	defer src.Close()
	pages, err := replay.Capture(src.URL(), src.URL()+"/integrations/2/logs?page_size=100", src.PublicKey(), src.SecretKey())
	if err != nil {
		t.Fatal(err)
	}
	if pages.Records != 230 {
		t.Fatalf("captured %d records, want 230", pages.Records)
	}
	srv := pages.Serve()
	defer srv.Close()
	next, n, requests := srv.URL+"/api/v3/integrations/2/logs?page_size=100", 0, 0
	for next != "" {
		resp, err := http.Get(next)
		if err != nil {
			t.Fatal(err)
		}
		var body struct{ Data []json.RawMessage }
		err = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("page %d: %s %v", requests, resp.Status, err)
		}
		n += len(body.Data)
		requests++
		next = ""
		if u := pagination.NextURL(resp.Header, resp.Request.URL); u != nil {
			next = u.String()
		}
	}
	if n != 230 || requests != 3 {
		t.Errorf("replayed %d records in %d pages, want 230 in 3", n, requests)
	}
	resp, err := http.Get(srv.URL + "/api/v3/integrations/2/logs?page_size=7")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("an uncaptured page answered %s", resp.Status)
	}
}

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
