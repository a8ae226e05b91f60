package sclogs

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/sclogs/sclogs/internal/retry"
	"github.com/sclogs/sclogs/sclogstest"
)

// TestPooledPagesKeepRecords walks pages whose buffers are reused: the
// records of every earlier page must still read as they did when they came,
// so nothing decoded may point into a page buffer; and the walk does give
// its buffers back.
func TestPooledPagesKeepRecords(t *testing.T) {
	srv := sclogstest.NewServer(sclogstest.WithLogsPerIntegration(60))
	defer srv.Close()
	c, err := NewClient(WithBaseURL(srv.URL()), WithBasicAuth(sclogstest.DefaultPublicKey, sclogstest.DefaultSecretKey))
	if err != nil {
		t.Fatal(err)
	}
	var pages []*Page
	var when [][]byte // each page as JSON when it arrived
	for p, err := range c.LogPages(context.Background(), 1, &ListOptions{PageSize: 7, Prefetch: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(p.Logs)
		if err != nil {
			t.Fatal(err)
		}
		pages, when = append(pages, p), append(when, b)
	}
	if len(pages) != 9 {
		t.Fatalf("%d pages, want 9", len(pages))
	}
	if retry.PooledPages() == 0 { // decodePage gives them back, the retry loop takes them
		t.Fatal("the walk gave no page buffer back for the next page")
	}
	for i, p := range pages {
		b, _ := json.Marshal(p.Logs)
		if !bytes.Equal(b, when[i]) {
			t.Fatalf("page %d changed after later pages were read:\nthen %s\nnow  %s", i, when[i], b)
		}
	}
}
