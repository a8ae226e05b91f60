package sclogs

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestAuditPOSTRetries(t *testing.T) {
	reset := func(w http.ResponseWriter) {
		hj := w.(http.Hijacker)
		c, _, _ := hj.Hijack()
		c.(*net.TCPConn).SetLinger(0)
		c.Close()
	}
	cases := []struct {
		name  string
		fail  func(w http.ResponseWriter)
		posts int // POSTs expected (first fails once, then ok)
	}{
		{"reset", reset, 1},
		{"500", func(w http.ResponseWriter) { w.WriteHeader(500) }, 1},
		{"502", func(w http.ResponseWriter) { w.WriteHeader(502) }, 1},
		{"503", func(w http.ResponseWriter) { w.WriteHeader(503) }, 1},
		{"504", func(w http.ResponseWriter) { w.WriteHeader(504) }, 1},
		{"408", func(w http.ResponseWriter) { w.WriteHeader(408) }, 1},
		{"503 garbage RA", func(w http.ResponseWriter) { w.Header().Set("Retry-After", "soon"); w.WriteHeader(503) }, 1},
		{"503 RA", func(w http.ResponseWriter) { w.Header().Set("Retry-After", "0"); w.WriteHeader(503) }, 2},
		{"429", func(w http.ResponseWriter) { w.WriteHeader(429) }, 2},
		{"200 cut", func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", "100")
			w.WriteHeader(201)
			w.Write([]byte(`{"data":`))
			w.(http.Flusher).Flush()
			reset(w)
		}, 1},
	}
	for _, method := range []string{"POST", "PATCH", "DELETE"} {
		for _, tc := range cases {
			t.Run(method+" "+tc.name, func(t *testing.T) {
				var rec recorder
				var n atomic.Int32
				srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					rec.add(r)
					if n.Add(1) == 1 {
						tc.fail(w)
						return
					}
					w.Header().Set("Content-Type", "application/json")
					switch r.Method {
					case "POST":
						w.WriteHeader(201)
						w.Write([]byte(`{"data":{"id":5,"base_url":"https://shop.example"}}`))
					default:
						w.WriteHeader(204)
					}
				}))
				defer srv.Close()
				c := auditClient(t, srv, WithBasicAuth("pub", "secretkey"))
				var err error
				switch method {
				case "POST":
					_, err = c.CreateLog(context.Background(), 7, LogCreate{BaseURL: "https://shop.example/x"})
				case "PATCH":
					u := "https://hook.example"
					err = c.UpdateIntegration(context.Background(), 7, IntegrationUpdate{WebhookURL: &u})
				case "DELETE":
					err = c.DeleteIntegration(context.Background(), 7)
				}
				hits := rec.list()
				want := tc.posts
				if method == "DELETE" {
					want = 2
					if tc.name == "503 garbage RA" || tc.name == "503" || tc.name == "reset" || tc.name == "200 cut" {
						want = 2
					}
				}
				if len(hits) != want {
					t.Errorf("%d requests, want %d; err %v", len(hits), want, err)
				}
				if len(hits) == want && want == 1 && err == nil {
					t.Errorf("no error")
				}
				if err != nil {
					onePrefix(t, "err", err)
				}
				for _, h := range hits[1:] {
					if h.body != hits[0].body || h.auth != hits[0].auth {
						t.Errorf("retry differs: %+v vs %+v", h, hits[0])
					}
				}
				if method != "DELETE" && hits[0].body == "" {
					t.Errorf("empty body")
				}
			})
		}
	}
}

func TestAuditPOSTRefused(t *testing.T) {
	var rec recorder
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.add(r)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(201)
		w.Write([]byte(`{"data":{"id":5,"base_url":"https://shop.example"}}`))
	}))
	defer srv.Close()
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	dead := ln.Addr().String()
	ln.Close()
	var dials atomic.Int32
	tr := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		if dials.Add(1) <= 2 {
			addr = dead
		}
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}
	defer tr.CloseIdleConnections()
	c := auditClient(t, srv, WithHTTPClient(&http.Client{Transport: tr}))
	l, err := c.CreateLog(context.Background(), 7, LogCreate{BaseURL: "https://shop.example/x"})
	if err != nil || l == nil {
		t.Fatalf("%v", err)
	}
	if h := rec.list(); len(h) != 1 || !strings.Contains(h[0].body, "shop.example/x") {
		t.Errorf("%+v", h)
	}
}

func TestAuditCancelInBackoff(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "30")
		w.WriteHeader(503)
	}))
	defer srv.Close()
	c := auditClient(t, srv)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.ListLogs(ctx, 7, nil)
	var apiErr *APIError
	if !errors.Is(err, context.Canceled) || !errors.As(err, &apiErr) || apiErr.StatusCode != 503 {
		t.Errorf("%v", err)
	}
	if apiErr != nil && apiErr.RetryAfter != 30*time.Second {
		t.Errorf("RetryAfter %v", apiErr.RetryAfter)
	}
	onePrefix(t, "cancel", err)
	if time.Since(start) > 2*time.Second {
		t.Errorf("took %s", time.Since(start))
	}
	// deadline
	ctx2, cancel2 := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel2()
	_, err = c.ListLogs(ctx2, 7, nil)
	if !errors.Is(err, context.DeadlineExceeded) || !errors.As(err, &apiErr) {
		t.Errorf("deadline: %v", err)
	}
	onePrefix(t, "deadline", err)
	// every method
	ctx3, cancel3 := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel3)
	for m, err := range allMethods(ctx3, c) {
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s: %v", m, err)
		}
		onePrefix(t, m, err)
	}
}

func TestAuditRetryAfterValues(t *testing.T) {
	for _, ra := range []string{"0", "-5", "garbage", "Thu, 01 Jan 1970 00:00:00 GMT", "99999999999999999999", "3600", "1e3", " 1 "} {
		t.Run(ra, func(t *testing.T) {
			var n atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n.Add(1)
				w.Header().Set("Retry-After", ra)
				w.WriteHeader(429)
			}))
			defer srv.Close()
			c := auditClient(t, srv, WithMaxRetries(2))
			start := time.Now()
			_, err := c.ListLogs(context.Background(), 7, nil)
			t.Logf("%d attempts %s: %v", n.Load(), time.Since(start), err)
			onePrefix(t, ra, err)
			var apiErr *APIError
			if !errors.As(err, &apiErr) || !errors.Is(err, ErrRateLimited) {
				t.Errorf("%v", err)
			}
			if time.Since(start) > 5*time.Second {
				t.Errorf("slow")
			}
		})
	}
	// Retry-After on a 200 is ignored
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"data":[]}`))
	}))
	defer srv.Close()
	if _, err := auditClient(t, srv).ListLogs(context.Background(), 7, nil); err != nil {
		t.Error(err)
	}
}

// A POST whose server reads the body and then never answers times out once
// and is not sent again: the server may have acted on it.
func TestAuditPOSTTimeout(t *testing.T) {
	var rec recorder
	done := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.add(r)
		select {
		case <-r.Context().Done():
		case <-done:
		}
	}))
	defer srv.Close()
	defer close(done)
	c := auditClient(t, srv, WithTimeout(200*time.Millisecond))
	_, err := c.CreateLog(context.Background(), 7, LogCreate{BaseURL: "https://shop.example/x"})
	var ne net.Error
	if len(rec.list()) != 1 || !errors.As(err, &ne) || !ne.Timeout() {
		t.Errorf("%d POSTs: %v", len(rec.list()), err)
	}
	onePrefix(t, "timeout", err)
	u := "https://hook.example"
	err = c.UpdateIntegration(context.Background(), 7, IntegrationUpdate{WebhookURL: &u})
	if len(rec.list()) != 2 || err == nil {
		t.Errorf("%d requests after PATCH: %v", len(rec.list()), err)
	}
	// DELETE is idempotent: retried after a timeout.
	err = auditClient(t, srv, WithTimeout(100*time.Millisecond), WithMaxRetries(1)).DeleteIntegration(context.Background(), 7)
	if len(rec.list()) != 4 || err == nil {
		t.Errorf("%d requests after DELETE: %v", len(rec.list()), err)
	}
}
