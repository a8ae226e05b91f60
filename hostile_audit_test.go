package sclogs

// An adversarial audit through the public API only: real servers on
// 127.0.0.1 playing hostile or broken, as an outside test suite would.

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// auditClient is a client for srv with fast retries.
func auditClient(t *testing.T, srv *httptest.Server, opts ...Option) *Client {
	t.Helper()
	c, err := NewClient(append([]Option{WithBaseURL(srv.URL + "/api/v3"),
		WithRetryBackoff(time.Millisecond, time.Millisecond)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// onePrefix checks the "sclogs: " prefix is at the front of err, once.
func onePrefix(t *testing.T, what string, err error) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: no error", what)
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "sclogs: ") || strings.Count(msg, "sclogs:") != 1 {
		t.Errorf("%s: prefix not once at the front: %q", what, msg)
	}
}

// allMethods calls every exported method that talks to the server and
// returns the errors by name.
func allMethods(ctx context.Context, c *Client) map[string]error {
	out := map[string]error{}
	_, out["ListLogs"] = c.ListLogs(ctx, 7, nil)
	_, out["ListAllLogs"] = c.ListAllLogs(ctx, nil)
	for _, err := range c.Logs(ctx, 7, nil) {
		if err != nil {
			out["Logs"] = err
		}
	}
	for _, err := range c.LogPages(ctx, 7, &ListOptions{Prefetch: 2}) {
		if err != nil {
			out["LogPages"] = err
		}
	}
	for _, err := range c.AllLogs(ctx, nil) {
		if err != nil {
			out["AllLogs"] = err
		}
	}
	_, out["ListIntegrations"] = c.ListIntegrations(ctx, nil)
	_, out["GetIntegration"] = c.GetIntegration(ctx, 7)
	_, out["CreateLog"] = c.CreateLog(ctx, 7, LogCreate{BaseURL: "https://shop.example"})
	out["UpdateIntegration"] = c.UpdateIntegration(ctx, 7, IntegrationUpdate{})
	out["DeleteIntegration"] = c.DeleteIntegration(ctx, 7)
	return out
}

// rawServer accepts connections on 127.0.0.1 and hands each to h after
// reading the request head.
func rawServer(t *testing.T, h func(c net.Conn, req *http.Request)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	done := make(chan struct{})
	var mu sync.Mutex
	var conns []net.Conn
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				req, err := http.ReadRequest(bufio.NewReader(c))
				if err != nil {
					return
				}
				select {
				case <-done:
					return
				default:
				}
				h(c, req)
			}()
		}
	}()
	t.Cleanup(func() {
		close(done)
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return "http://" + ln.Addr().String()
}

func rawClient(t *testing.T, base string, opts ...Option) *Client {
	t.Helper()
	c, err := NewClient(append([]Option{WithBaseURL(base + "/api/v3"),
		WithRetryBackoff(time.Millisecond, time.Millisecond)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// hit is one request as a server saw it.
type hit struct {
	method, path, body, auth string
}

type recorder struct {
	mu   sync.Mutex
	hits []hit
}

func (r *recorder) add(req *http.Request) hit {
	b, _ := io.ReadAll(req.Body)
	h := hit{req.Method, req.URL.Path, string(b), req.Header.Get("Authorization")}
	r.mu.Lock()
	r.hits = append(r.hits, h)
	r.mu.Unlock()
	return h
}

func (r *recorder) list() []hit {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]hit(nil), r.hits...)
}

func TestAuditBodies(t *testing.T) {
	deep := strings.Repeat("[", 100000)
	deepObj := strings.Repeat(`{"a":`, 100000)
	bodies := map[string]string{
		"deep array":         deep,
		"deep in data":       `{"data":[{"id":1,"base_url":"x","request":{"payload":` + deep + `}}]}`,
		"deep obj in data":   `{"data":[{"id":1,"base_url":"x","additional_data":` + deepObj + `}]}`,
		"deep top":           `{"data":` + deep,
		"data object":        `{"data":{"id":1}}`,
		"data string":        `{"data":"x"}`,
		"data number":        `{"data":5}`,
		"null record":        `{"data":[null]}`,
		"null record 2":      `{"data":[{"id":1,"base_url":"x"},null]}`,
		"record string":      `{"data":["x"]}`,
		"id string":          `{"data":[{"id":"1","base_url":"x"}]}`,
		"id huge":            `{"data":[{"id":1e400,"base_url":"x"}]}`,
		"id huge int":        `{"data":[{"id":123456789012345678901234567890,"base_url":"x"}]}`,
		"nul":                "{\"data\":[{\"id\":1,\"base_url\":\"a\x00b\"}]}",
		"invalid utf8":       "{\"data\":[{\"id\":1,\"base_url\":\"a\xff\xfeb\"}]}",
		"dup keys":           `{"data":[{"id":1,"id":2,"base_url":"x"}],"data":[]}`,
		"empty":              ``,
		"null":               `null`,
		"trailing":           `{"data":[]} x`,
		"two values":         `{"data":[]}{"data":[]}`,
		"truncated":          `{"data":[{"id":1`,
		"wrong types":        `{"data":[{"id":1,"base_url":5,"created_at":true,"request":7}]}`,
		"request string num": `{"data":[{"id":1,"base_url":"x","request":{"headers":5,"payload":[1]}}]}`,
	}
	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				if r.Method == http.MethodDelete || r.Method == http.MethodPatch {
					w.WriteHeader(http.StatusOK)
				}
				_, _ = w.Write([]byte(body))
			}))
			defer srv.Close()
			c := auditClient(t, srv)
			for m, err := range allMethods(context.Background(), c) {
				if err == nil {
					continue
				}
				t.Logf("%s: %.200s", m, err)
				if strings.Count(err.Error(), "sclogs:") != 1 || !strings.HasPrefix(err.Error(), "sclogs: ") {
					t.Errorf("%s: prefix: %q", m, err)
				}
				if !errors.Is(err, ErrInvalidResponse) {
					t.Errorf("%s: not ErrInvalidResponse: %v", m, err)
				}
			}
		})
	}
}

// ListIntegrations: a null record is ErrInvalidResponse (not a zero
// Integration), as in a page of logs; "data" missing or null too (the
// list is not a page; integrations_test.go decided so).
func TestAuditIntegrationListShapes(t *testing.T) {
	for body, want := range map[string]error{
		`{"data":null}`:                ErrInvalidResponse,
		`{"data":[]}`:                  nil,
		`{"data":[null]}`:              ErrInvalidResponse,
		`{"data":[{"id":1},null]}`:     ErrInvalidResponse,
		`{}`:                           ErrInvalidResponse,
		`{"data":[{"id":1},{"id":2}]}`: nil,
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(body))
		}))
		list, err := auditClient(t, srv).ListIntegrations(context.Background(), nil)
		srv.Close()
		if want == nil && (err != nil || list == nil) || want != nil && !errors.Is(err, want) {
			t.Errorf("%s: %v %v", body, list, err)
		}
	}
}
