package sclogs

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sclogs/sclogs/internal/retry"
	"github.com/sclogs/sclogs/jsonvalue"
	"github.com/sclogs/sclogs/sclogstest"
)

// exampleLog is the spec's CreateIntegrationLog example, as a LogCreate.
func exampleLog() LogCreate {
	full, method, code := "https://example.com/order-note.json", "POST", 495
	typ, msg := "requests.exceptions.SSLError", "An SSL error occurred"
	at := time.Date(2030, 3, 1, 2, 2, 0, 0, time.FixedZone("", 3600))
	headers := jsonvalue.Value(`{"Cache-Control":"max-age=3600","Content-Type":"text/html; charset=utf-8","Connection":"keep-alive"}`)
	return LogCreate{
		BaseURL: "https://example.com", FullURL: &full, Method: &method, ResponseCode: &code,
		Response:  &LogResponse{Headers: headers, Body: jsonvalue.Value(`"<!doctype html>\n<html></html>\n"`)},
		Request:   &LogRequest{Headers: headers, Payload: jsonvalue.Value(`{"order_note":{"note":"Success"}}`)},
		CreatedAt: &at, ExceptionType: &typ, Exception: &msg,
	}
}

func TestCreateLog(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	c, _ := fakeClient(t, srv, basic())
	ctx := context.Background()
	l, err := c.CreateLog(ctx, 3, exampleLog())
	if err != nil {
		t.Fatal(err)
	}
	if l.ID == nil || *l.ID < 1 || l.IntegrationID == nil || *l.IntegrationID != 3 || l.BaseURL != "https://example.com" ||
		l.CreatedAt == nil || !l.CreatedAt.Equal(*exampleLog().CreatedAt) || l.Protected == nil || *l.Protected {
		t.Fatalf("created %+v", l)
	}
	if p, ok := l.Request.Payload.AsObject(); !ok || p["order_note"] == nil {
		t.Errorf("payload %s", l.Request.Payload)
	}
	// It is the newest log of the integration and of the account.
	for name, p := range map[string]func() (*Page, error){
		"ListLogs":    func() (*Page, error) { return c.ListLogs(ctx, 3, &ListOptions{PageSize: 1}) },
		"ListAllLogs": func() (*Page, error) { return c.ListAllLogs(ctx, &ListOptions{PageSize: 1}) },
	} {
		page, err := p()
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Logs) != 1 || *page.Logs[0].ID != *l.ID {
			t.Errorf("%s starts with %+v, want the created log %d", name, page.Logs, *l.ID)
		}
	}
	// The integration is failing since the created log.
	in, err := c.GetIntegration(ctx, 3)
	if err != nil {
		t.Fatal(err)
	}
	if in.StartedFailingAt == nil || !in.StartedFailingAt.Equal(*l.CreatedAt) {
		t.Errorf("started_failing_at %v, want %v", in.StartedFailingAt, l.CreatedAt)
	}

	// Without created_at, the server assigns it.
	min, err := c.CreateLog(ctx, 1, LogCreate{BaseURL: "https://shop.example"})
	if err != nil {
		t.Fatal(err)
	}
	if min.CreatedAt == nil || min.ID == nil || *min.ID == *l.ID {
		t.Errorf("minimal log %+v", min)
	}
	if body := string(srv.Requests()[len(srv.Requests())-1].Body); body != `{"base_url":"https://shop.example"}` {
		t.Errorf("minimal body sent as %s", body)
	}
}

func TestCreateLogErrors(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	c, _ := fakeClient(t, srv, basic())
	ctx := context.Background()
	if _, err := c.CreateLog(ctx, 999, exampleLog()); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown integration: %v, want ErrNotFound", err)
	}
	bad, _ := fakeClient(t, srv, wrongKey())
	if _, err := bad.CreateLog(ctx, 1, exampleLog()); !errors.Is(err, ErrUnauthorized) {
		t.Errorf("wrong key: %v, want ErrUnauthorized", err)
	}
	n := len(srv.Requests())
	for name, tc := range map[string]struct {
		id int
		l  LogCreate
	}{
		"id 0":             {0, exampleLog()},
		"no base URL":      {1, LogCreate{}},
		"payload not JSON": {1, LogCreate{BaseURL: "https://a", Request: &LogRequest{Payload: jsonvalue.Value("{oops")}}},
	} {
		if _, err := c.CreateLog(ctx, tc.id, tc.l); err == nil || !strings.HasPrefix(err.Error(), "sclogs: ") {
			t.Errorf("%s: %v, want an sclogs error", name, err)
		}
	}
	if len(srv.Requests()) != n {
		t.Error("an invalid log was sent")
	}
	// A 400 from the server: a response code below 0.
	code := -1
	var apiErr *APIError
	if _, err := c.CreateLog(ctx, 1, LogCreate{BaseURL: "https://a", ResponseCode: &code}); !errors.As(err, &apiErr) || apiErr.StatusCode != 400 {
		t.Errorf("negative response code: %v, want a 400", err)
	}
}

// logCount is how many logs integration id has on the fake.
func logCount(t *testing.T, c *Client, id int) int {
	t.Helper()
	n := 0
	for _, err := range c.Logs(context.Background(), id, &ListOptions{PageSize: 100}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	return n
}

// A POST is retried only where the server cannot have acted on it, and the
// retry sends the same body.
func TestCreateLogRetries(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		fault   sclogstest.Fault
		retried bool
	}{
		"429":                     {sclogstest.Fault{Status: 429}, true},
		"429 with Retry-After":    {sclogstest.Fault{Status: 429, RetryAfter: "2"}, true},
		"503 with Retry-After":    {sclogstest.Fault{Status: 503, RetryAfter: "1"}, true},
		"503 without Retry-After": {sclogstest.Fault{Status: 503}, false},
		"500":                     {sclogstest.Fault{Status: 500}, false},
		"502":                     {sclogstest.Fault{Status: 502}, false},
		"dropped connection":      {sclogstest.Fault{DropConnection: true}, false},
	} {
		t.Run(name, func(t *testing.T) {
			srv := newFake(t)
			c, clock := fakeClient(t, srv, basic())
			srv.Fail(tc.fault)
			_, err := c.CreateLog(context.Background(), 2, exampleLog())
			posts := 0
			var bodies [][]byte
			for _, r := range srv.Requests() {
				if r.Method == http.MethodPost {
					posts++
					bodies = append(bodies, r.Body)
				}
			}
			want, logs := 1, sclogstest.DefaultLogsPerIntegration
			if tc.retried {
				want, logs = 2, logs+1
				if err != nil {
					t.Fatalf("not retried: %v", err)
				}
				if !bytes.Equal(bodies[0], bodies[1]) || len(bodies[1]) == 0 {
					t.Errorf("retry sent %q, first attempt %q", bodies[1], bodies[0])
				}
			} else if err == nil {
				t.Fatal("no error")
			}
			if posts != want || len(clock.slept()) != want-1 {
				t.Errorf("%d POSTs, %d waits; want %d and %d", posts, len(clock.slept()), want, want-1)
			}
			if n := logCount(t, c, 2); n != logs {
				t.Errorf("integration has %d logs, want %d", n, logs)
			}
		})
	}
}

// A 201 whose body is cut short: the log was created, so the POST is not
// sent again, and the error says the answer was cut short.
func TestCreateLogBodyCutShortIsNotRetried(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	c, clock := fakeClient(t, srv, basic())
	srv.Fail(sclogstest.Fault{TruncateBody: true})
	if _, err := c.CreateLog(context.Background(), 2, exampleLog()); !errors.Is(err, retry.ErrCutShort) {
		t.Fatalf("err = %v, want retry.ErrCutShort", err)
	}
	if n := requestsTo(srv, http.MethodPost, "/integrations/2/logs"); n != 1 || len(clock.slept()) != 0 {
		t.Errorf("%d POSTs, %d waits; want 1 and 0", n, len(clock.slept()))
	}
	if n := logCount(t, c, 2); n != sclogstest.DefaultLogsPerIntegration+1 {
		t.Errorf("%d logs, want the one created", n)
	}
}

// postCounter is a server that counts the POST bodies it received in full,
// then answers with answer.
type postCounter struct {
	mu       sync.Mutex
	received int
	answer   func(w http.ResponseWriter, r *http.Request)
}

func (p *postCounter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err == nil && len(body) > 0 {
		p.mu.Lock()
		p.received++
		p.mu.Unlock()
	}
	p.answer(w, r)
}

func (p *postCounter) count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.received
}

// A POST the server received is never sent again: not after a connection
// reset, nor after a timeout, whatever the retry budget.
func TestPostNeverSentTwiceAfterTheServerReceivedIt(t *testing.T) {
	t.Parallel()
	for name, answer := range map[string]func(w http.ResponseWriter, r *http.Request){
		"reset": func(w http.ResponseWriter, r *http.Request) {
			conn, _, err := http.NewResponseController(w).Hijack()
			if err == nil {
				if tcp, ok := conn.(*net.TCPConn); ok {
					_ = tcp.SetLinger(0) // RST, not FIN
				}
				_ = conn.Close()
			}
		},
		"timeout": func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() },
		"500":     func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusInternalServerError) },
		"cut short 201": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", "100")
			w.WriteHeader(http.StatusCreated)
			_, _ = w.Write([]byte(`{"data":{"id":1,`))
		},
	} {
		t.Run(name, func(t *testing.T) {
			pc := &postCounter{answer: answer}
			srv := httptest.NewServer(pc)
			defer srv.Close()
			c, err := NewClient(WithBaseURL(srv.URL+"/api/v3"), WithMaxRetries(5),
				WithHTTPClient(&http.Client{Timeout: 200 * time.Millisecond}))
			if err != nil {
				t.Fatal(err)
			}
			newFakeClock().install(c)
			if _, err := c.CreateLog(context.Background(), 1, exampleLog()); err == nil {
				t.Fatal("no error")
			}
			if n := pc.count(); n != 1 {
				t.Errorf("the server received the POST %d times, want once", n)
			}
		})
	}
}

// Where the connection cannot be made the POST never left: it is retried.
func TestPostRetriedWhenTheConnectionIsRefused(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close() // nothing listens there now: connection refused
	var dials atomic.Int32
	tr := &http.Transport{DialContext: func(ctx context.Context, network, a string) (net.Conn, error) {
		dials.Add(1)
		return (&net.Dialer{}).DialContext(ctx, network, a)
	}}
	defer tr.CloseIdleConnections()
	c, err := NewClient(WithBaseURL("http://"+addr+"/api/v3"), WithMaxRetries(2), WithHTTPClient(&http.Client{Transport: tr}))
	if err != nil {
		t.Fatal(err)
	}
	clock := newFakeClock()
	clock.install(c)
	if _, err := c.CreateLog(context.Background(), 1, exampleLog()); err == nil || !strings.Contains(err.Error(), "giving up after 3 attempts") {
		t.Fatalf("err = %v, want giving up after 3 attempts", err)
	}
	if dials.Load() != 3 || len(clock.slept()) != 2 {
		t.Errorf("%d dials, %d waits; want 3 and 2", dials.Load(), len(clock.slept()))
	}
}

func TestPOSTRetries(t *testing.T) {
	t.Parallel()
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

func TestPOSTRefused(t *testing.T) {
	t.Parallel()
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

// A POST whose server reads the body and then never answers times out once
// and is not sent again: the server may have acted on it.
func TestPOSTTimeout(t *testing.T) {
	t.Parallel()
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

// A POST whose body cannot be replayed is sent once and never retried,
// even after an error that would allow it.
func TestOpaqueBodyIsNotRetried(t *testing.T) {
	t.Parallel()
	e := setup(t)
	var n counter
	e.mux.HandleFunc("POST /x", n.wrap(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, e.prefix+"/x", io.NopCloser(strings.NewReader("{}")))
	if _, err := e.c.doer.Do(req); err == nil {
		t.Fatal("no error")
	}
	if n.get() != 1 {
		t.Errorf("%d attempts, want 1", n.get())
	}
}
