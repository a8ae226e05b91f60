package sclogs

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"

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
	if len(pageBuffers) == 0 { // decodePage gives them back, readBody takes them (TestReadPage)
		t.Fatal("the walk gave no page buffer back for the next page")
	}
	for i, p := range pages {
		b, _ := json.Marshal(p.Logs)
		if !bytes.Equal(b, when[i]) {
			t.Fatalf("page %d changed after later pages were read:\nthen %s\nnow  %s", i, when[i], b)
		}
	}
}

// TestReadPage checks the page reader: the whole body, a buffer reused from
// the free list, and an outsized buffer not kept.
func TestReadPage(t *testing.T) {
	drain := func() {
		for {
			select {
			case <-pageBuffers:
			default:
				return
			}
		}
	}
	drain()
	defer drain()
	body := strings.Repeat("x", 5000)
	for _, size := range []int64{-1, 5000} {
		got, err := readBody(strings.NewReader(body), size, 1<<20)
		if err != nil || string(got) != body {
			t.Fatalf("size %d: read %d bytes, %v", size, len(got), err)
		}
		putPageBuffer(got)
		again, err := readBody(strings.NewReader(body), size, 1<<20)
		if err != nil || string(again) != body || &again[0] != &got[0] {
			t.Fatalf("size %d: second page not read into the first one's buffer", size)
		}
	}
	if got, err := readBody(strings.NewReader(body), -1, 100); err != nil || len(got) != 100 {
		t.Fatalf("limit 100: read %d bytes, %v", len(got), err)
	}
	if _, err := readBody(io.MultiReader(strings.NewReader("ab"), errReader{}), -1, 100); err == nil {
		t.Fatal("a read error was lost")
	}
	drain()
	putPageBuffer(make([]byte, maxPooledPage+1))
	if len(pageBuffers) != 0 {
		t.Fatal("an outsized buffer was kept")
	}
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, io.ErrUnexpectedEOF }
