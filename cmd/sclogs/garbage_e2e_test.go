package main

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/sclogs/sclogs/sclogstest"
)

// twoRecords is one well-formed page of two records.
const twoRecords = `{"data":[` +
	`{"id":2,"integration_id":1,"base_url":"https://shop.example","created_at":"2025-11-24T12:00:02+01:00","full_url":"https://shop.example/o/2","method":"GET","response_code":500,"exception_type":"requests.exceptions.HTTPError","additional_data":{}},` +
	`{"id":1,"integration_id":1,"base_url":"https://shop.example","created_at":"2025-11-24T12:00:01+01:00","full_url":"https://shop.example/o/1","method":"GET","response_code":500,"exception_type":"requests.exceptions.HTTPError","additional_data":{}}` +
	`]}`

// garbageServer answers every logs request with answer; it counts the
// requests it gets.
type garbageServer struct {
	*httptest.Server
	mu       sync.Mutex
	requests int
}

func newGarbage(t *testing.T, answer func(w http.ResponseWriter, r *http.Request)) *garbageServer {
	t.Helper()
	g := &garbageServer{}
	g.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		g.mu.Lock()
		g.requests++
		g.mu.Unlock()
		answer(w, r)
	}))
	t.Cleanup(g.Close)
	return g
}

func (g *garbageServer) count() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.requests
}

func (g *garbageServer) env() map[string]string {
	return map[string]string{
		"SENDCLOUD_BASE_URL":   g.URL + "/api/v3",
		"SENDCLOUD_PUBLIC_KEY": "pk",
		"SENDCLOUD_SECRET_KEY": "sk-garbage-secret",
	}
}

func body(status int, contentType, b string, header ...string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Add(header[i], header[i+1])
		}
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		_, _ = io.WriteString(w, b)
	}
}

// A server that answers garbage gets exit 1 and one line on stderr: never a
// panic, a stack trace, a hang (sclogsRun bounds every run) or exit 0 with
// nothing printed.
func TestGarbageAnswers(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name   string
		answer func(http.ResponseWriter, *http.Request)
		want   string // in the line on stderr
	}{
		{"HTML 200", body(200, "text/html; charset=utf-8", "<!DOCTYPE html><html><body>Down for maintenance</body></html>"), "text/html"},
		{"HTML 200 said to be JSON", body(200, "application/json", "<html><body>Down for maintenance</body></html>"), "malformed JSON"},
		{"truncated JSON", body(200, "application/json", twoRecords[:len(twoRecords)/2]), "truncated"},
		{"empty 200", body(200, "application/json", ""), "empty body"},
		{"JSON null", body(200, "application/json", "null"), `"data"`},
		{"no data member", body(200, "application/json", `{"results":[]}`), `"data"`},
		{"data of the wrong type", body(200, "application/json", `{"data":{"id":1}}`), "invalid response"},
		{"record of the wrong type", body(200, "application/json", `{"data":[{"id":"one","base_url":5}]}`), "invalid response"},
		{"HTML 502", body(502, "text/html", "<html><body><h1>502 Bad Gateway</h1>\n<hr>nginx</body></html>"), "HTTP 502"},
		{"JSON:API error", body(400, "application/json", `{"errors":[{"status":"400","code":"invalid","title":"Bad","detail":"Our own words."}]}`), "HTTP 400 Bad Request: Our own words."},
		{"error document that is no JSON:API", body(500, "application/json", `{"errors":"boom"`), "HTTP 500"},
	} {
		t.Run(c.name, func(t *testing.T) {
			g := newGarbage(t, c.answer)
			for _, format := range []string{"table", "ndjson"} {
				r := sclogsRun(t, g.env(), "list", "1", "--max-retries", "0", "-o", format).wantCode(t, 1)
				line := r.oneLine(t)
				if !strings.Contains(line, c.want) {
					t.Errorf("-o %s: stderr %q, want it to say %q", format, line, c.want)
				}
				if strings.Contains(line, "sk-garbage-secret") {
					t.Errorf("stderr shows the secret key: %q", line)
				}
				if r.stdout != "" && format == "ndjson" {
					t.Errorf("-o ndjson: stdout %q, want nothing: no record was read", r.stdout)
				}
			}
		})
	}
}

// An 80 MB error page: exit 1, one short line naming the status; the CLI
// neither reads it all into its message nor hangs.
func TestHugeErrorPage(t *testing.T) {
	t.Parallel()
	page := bytes.Repeat([]byte("<p>Service unavailable, please retry later.</p>\n"), 80<<20/48)
	g := newGarbage(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Retry-After", "0")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write(page) // the client stops reading: an error here is expected
	})
	r := sclogsRun(t, g.env(), "list", "1", "--max-retries", "1", "-o", "ndjson").wantCode(t, 1)
	line := r.oneLine(t)
	if !strings.Contains(line, "HTTP 503") || !strings.Contains(line, "Service unavailable") || len(line) > 1000 {
		t.Errorf("stderr (%d bytes) %.300q: want one short line with the status and the page's text", len(line), line)
	}
	if n := g.count(); n != 2 {
		t.Errorf("%d requests, want 2 (--max-retries 1)", n)
	}
}

// Link headers that are no usable link: nothing panics or loops, nothing
// goes to another origin, and the records read are printed.
func TestBadLinkHeaders(t *testing.T) {
	t.Parallel()
	// A Link header that is no link at all is an error after the page's
	// records: not a silent end that looks like a complete listing.
	g := newGarbage(t, body(200, "application/json", twoRecords, "Link", "string"))
	r := sclogsRun(t, g.env(), "list", "1", "--all", "-o", "ndjson").wantCode(t, 1)
	if got := ids(ndjson(t, r.stdout)); len(got) != 2 || got[0] != 2 || got[1] != 1 {
		t.Errorf("records %v, want [2 1]", got)
	}
	if line := r.oneLine(t); !strings.Contains(line, "unreadable Link header") {
		t.Errorf("stderr %q, want the unreadable Link header named", line)
	}
	if g.count() != 1 {
		t.Errorf("%d requests, want 1", g.count())
	}

	// A next link to the page itself: a stuck cursor, not an endless loop.
	g = newGarbage(t, func(w http.ResponseWriter, r *http.Request) {
		body(200, "application/json", twoRecords, "Link", "<"+r.URL.String()+`>; rel="next"`)(w, r)
	})
	r = sclogsRun(t, g.env(), "list", "1", "--all", "-o", "ndjson").wantCode(t, 1)
	if line := r.oneLine(t); !strings.Contains(line, "stuck") {
		t.Errorf("stderr %q, want it to say the cursor is stuck", line)
	}
	if n := len(ndjson(t, r.stdout)); n != 2 {
		t.Errorf("%d records printed before the error, want 2", n)
	}
	if g.count() > 2 {
		t.Errorf("%d requests for a stuck cursor", g.count())
	}

	// A next link to another origin is refused: the credentials never go there.
	evil := newGarbage(t, body(200, "application/json", twoRecords))
	g = newGarbage(t, body(200, "application/json", twoRecords,
		"Link", "<"+evil.URL+`/api/v3/integrations/1/logs?cursor=x>; rel="next"`))
	r = sclogsRun(t, g.env(), "list", "1", "--all", "-o", "ndjson").wantCode(t, 1)
	r.oneLine(t)
	if n := len(ndjson(t, r.stdout)); n != 2 {
		t.Errorf("%d records printed before the error, want 2", n)
	}
	if evil.count() != 0 {
		t.Errorf("the CLI followed a next link to another origin (%d requests)", evil.count())
	}
}

// Bodies cut short by a dropped connection, on every attempt: exit 1, one
// line; the retries are bounded by --max-retries.
func TestTruncatedBodies(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	srv.Fail(sclogstest.Fault{TruncateBody: true}, sclogstest.Fault{TruncateBody: true}, sclogstest.Fault{TruncateBody: true})
	r := sclogsRun(t, basicEnv(srv), "list", "1", "--max-retries", "2", "-o", "ndjson").wantCode(t, 1)
	r.oneLine(t)
	if r.stdout != "" {
		t.Errorf("stdout %.200q, want nothing", r.stdout)
	}
	if n := logsRequests(srv); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
}
