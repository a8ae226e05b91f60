package sclogs

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// json writes body as a JSON 200 answer.
func jsonAnswer(body string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, body)
	}
}

// data: null is an empty page; a null record inside data is
// ErrInvalidResponse, never a zero record.
func TestNullDataAndNullRecord(t *testing.T) {
	s := &scripted{fallback: jsonAnswer(`{"data":null}`)}
	p, err := newScripted(t, s).ListLogs(context.Background(), 7, nil)
	if err != nil || p == nil || p.Logs == nil || len(p.Logs) != 0 {
		t.Fatalf("data: null gave %+v, %v; want an empty page", p, err)
	}
	for _, body := range []string{
		`{"data":[null]}`,
		`{"data":[{"id":1,"base_url":"https://a"},null]}`,
	} {
		s := &scripted{fallback: jsonAnswer(body)}
		if _, err := newScripted(t, s).ListLogs(context.Background(), 7, nil); !errors.Is(err, ErrInvalidResponse) {
			t.Errorf("%s: err = %v, want ErrInvalidResponse", body, err)
		}
	}
	s = &scripted{fallback: jsonAnswer(`{"results":[]}`)}
	if _, err := newScripted(t, s).ListLogs(context.Background(), 7, nil); !errors.Is(err, ErrInvalidResponse) {
		t.Errorf("no data member: err = %v, want ErrInvalidResponse", err)
	}
}

// A run of empty pages that keep giving a new next link ends with a clear
// error, in Logs and LogPages.
func TestEmptyPageRunEnds(t *testing.T) {
	var n atomic.Int32
	s := &scripted{fallback: func(w http.ResponseWriter, r *http.Request) {
		i := n.Add(1)
		page(0, 0, fmt.Sprintf(`<{base}/api/v3/integrations/7/logs?cursor=c%d>; rel="next"`, i))(w, r)
	}}
	c := newScripted(t, s)
	_, err := collect(t, c, nil)
	if !errors.Is(err, ErrEmptyPages) || !errors.Is(err, ErrStuckCursor) || !strings.Contains(err.Error(), "10 empty pages") {
		t.Fatalf("Logs: err = %v, want ErrEmptyPages after 10 pages", err)
	}
	if got := len(s.seen()); got != 10 {
		t.Errorf("%d requests, want 10", got)
	}
	pages := 0
	for _, err := range c.LogPages(context.Background(), 7, &ListOptions{Prefetch: 2}) {
		if err != nil {
			if !errors.Is(err, ErrEmptyPages) {
				t.Fatalf("LogPages: err = %v", err)
			}
			break
		}
		pages++
	}
	if pages != 10 {
		t.Errorf("LogPages yielded %d pages before the error, want 10", pages)
	}
}

// A Link header that is present but cannot be read is ErrInvalidResponse
// after the page's records, never a silent end.
func TestUnreadableLinkHeader(t *testing.T) {
	cases := map[string]string{
		"not a link":        "string",
		"no closing >":      `<{base}/api/v3/integrations/7/logs?cursor=x; rel="next"`,
		"too many links":    strings.Repeat(`<{base}/a>; rel="prev", `, 300) + `<{base}/api/v3/integrations/7/logs?cursor=x>; rel="next"`,
		"over the size cap": `<{base}/x>; title="` + strings.Repeat("t", 70<<10) + `", <{base}/api/v3/integrations/7/logs?cursor=x>; rel="next"`,
	}
	for name, link := range cases {
		s := &scripted{fallback: page(2, 1, link)}
		c := newScripted(t, s)
		got, err := collect(t, c, nil)
		if !errors.Is(err, ErrInvalidResponse) || fmt.Sprint(got) != "[1 2]" {
			t.Errorf("%s: records %v, err %v; want [1 2] then ErrInvalidResponse", name, got, err)
		}
		if _, err := c.ListLogs(context.Background(), 7, nil); !errors.Is(err, ErrInvalidResponse) {
			t.Errorf("%s: ListLogs err = %v", name, err)
		}
	}
}

// The exported sentinels match without importing another package.
func TestSentinels(t *testing.T) {
	other := httptest.NewServer(http.NotFoundHandler())
	defer other.Close()
	cases := []struct {
		name   string
		answer func(http.ResponseWriter, *http.Request)
		want   error
	}{
		{"not JSON", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "<html>") }, ErrInvalidResponse},
		{"malformed", jsonAnswer(`{"data":[{"id":1,`), ErrInvalidResponse},
		{"wrong shape", jsonAnswer(`{"data":{"id":1}}`), ErrInvalidResponse},
		{"off origin", page(1, 1, `<`+other.URL+`/api/v3/integrations/7/logs?c=1>; rel="next"`), ErrUnsafeNextLink},
		{"other endpoint", page(1, 1, `<{base}/api/v3/integrations/8/logs?c=1>; rel="next"`), ErrUnsafeNextLink},
		{"userinfo", func(w http.ResponseWriter, r *http.Request) {
			page(1, 1, `<http://u:p@`+r.Host+`/api/v3/integrations/7/logs?c=1>; rel="next"`)(w, r)
		}, ErrUnsafeNextLink},
		{"stuck", page(1, 1, `<{base}/api/v3/integrations/7/logs>; rel="next"`), ErrStuckCursor},
	}
	for _, tt := range cases {
		s := &scripted{fallback: tt.answer}
		_, err := collect(t, newScripted(t, s), nil)
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
		if err != nil && (!strings.HasPrefix(err.Error(), "sclogs: ") || strings.Count(err.Error(), "sclogs:") != 1) {
			t.Errorf("%s: %q, want sclogs: once, at the front", tt.name, err)
		}
	}
}
