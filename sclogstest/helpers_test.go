package sclogstest_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sclogs/sclogs/sclogstest"
)

// newServer starts a fake closed at the end of the test.
func newServer(t *testing.T, opts ...sclogstest.Option) *sclogstest.Server {
	t.Helper()
	s, err := sclogstest.Start(opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// newClient is a client with its own transport, so connection reuse in one
// test does not depend on another.
func newClient(t *testing.T) *http.Client {
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

type result struct {
	status int
	header http.Header
	body   []byte
}

// do sends req and reads the whole answer.
func do(t *testing.T, c *http.Client, req *http.Request) result {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading body: %v", req.Method, req.URL.Path, err)
	}
	return result{resp.StatusCode, resp.Header, b}
}

// get sends an authenticated GET to a URL relative to the API base, or to an
// absolute URL.
func get(t *testing.T, s *sclogstest.Server, c *http.Client, ref string) result {
	t.Helper()
	return do(t, c, newGet(t, s, ref))
}

func newGet(t testing.TB, s *sclogstest.Server, ref string) *http.Request {
	t.Helper()
	u := ref
	if !regexp.MustCompile(`^https?://`).MatchString(ref) {
		u = s.URL() + ref
	}
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth(s.PublicKey(), s.SecretKey())
	return req
}

func logsPath(id, pageSize int) string {
	p := "/integrations/" + strconv.Itoa(id) + "/logs"
	if pageSize > 0 {
		p += "?page_size=" + strconv.Itoa(pageSize)
	}
	return p
}

type page struct {
	Data []json.RawMessage `json:"data"`
}

func decodePage(t *testing.T, r result) page {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("status %d, body %s", r.status, r.body)
	}
	var p page
	if err := json.Unmarshal(r.body, &p); err != nil {
		t.Fatalf("page does not decode: %v", err)
	}
	if p.Data == nil {
		t.Fatalf("page without data array: %s", r.body)
	}
	return p
}

var linkRe = regexp.MustCompile(`^<([^>]*)>; rel="next"$`)

// nextURL returns the Link header's target, nil when there is none.
func nextURL(t *testing.T, h http.Header) *url.URL {
	t.Helper()
	l := h.Get("Link")
	if l == "" {
		return nil
	}
	m := linkRe.FindStringSubmatch(l)
	if m == nil {
		t.Fatalf("Link header %q is not <URL>; rel=\"next\"", l)
	}
	u, err := url.Parse(m[1])
	if err != nil {
		t.Fatalf("Link URL %q: %v", m[1], err)
	}
	return u
}

// listing is a full walk of one integration's logs.
type listing struct {
	records []json.RawMessage
	pages   []result
}

// listAll follows Link headers from the first page to the end.
func listAll(t *testing.T, s *sclogstest.Server, c *http.Client, id, pageSize int) listing {
	t.Helper()
	return walkFrom(t, s, c, logsPath(id, pageSize))
}

// allLogsPath is GET /integrations/logs with a page size (0: the default).
func allLogsPath(pageSize int) string {
	if pageSize > 0 {
		return "/integrations/logs?page_size=" + strconv.Itoa(pageSize)
	}
	return "/integrations/logs"
}

// walkFrom follows Link headers from the page at ref to the end.
func walkFrom(t *testing.T, s *sclogstest.Server, c *http.Client, ref string) listing {
	t.Helper()
	var l listing
	for n := 0; ; n++ {
		if n > 100000 {
			t.Fatal("listing does not end")
		}
		r := get(t, s, c, ref)
		p := decodePage(t, r)
		l.pages = append(l.pages, r)
		l.records = append(l.records, p.Data...)
		next := nextURL(t, r.header)
		if next == nil {
			return l
		}
		ref = next.String()
	}
}

// fields decodes a record keeping null apart from absent.
func fields(t *testing.T, rec json.RawMessage) map[string]json.RawMessage {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(rec, &m); err != nil {
		t.Fatalf("record does not decode: %v", err)
	}
	return m
}

// str decodes a JSON string member, "" if it is not one.
func str(m map[string]json.RawMessage, k string) string {
	var s string
	_ = json.Unmarshal(m[k], &s)
	return s
}

func isNull(v json.RawMessage) bool { return bytes.Equal(bytes.TrimSpace(v), []byte("null")) }

// apiErrors decodes a JSON:API error document.
func apiErrors(t *testing.T, r result) []map[string]any {
	t.Helper()
	var doc struct {
		Errors []map[string]any `json:"errors"`
	}
	if err := json.Unmarshal(r.body, &doc); err != nil || len(doc.Errors) == 0 {
		t.Fatalf("status %d: not a JSON:API error document: %s", r.status, r.body)
	}
	return doc.Errors
}

// wantError checks a JSON:API error answer.
func wantError(t *testing.T, r result, status int, code, parameter string) map[string]any {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d; body %s", r.status, status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	e := apiErrors(t, r)[0]
	if e["status"] != strconv.Itoa(status) || e["code"] != code {
		t.Errorf("error %v, want status %q code %q", e, strconv.Itoa(status), code)
	}
	src, _ := e["source"].(map[string]any)
	if got, _ := src["parameter"].(string); got != parameter {
		t.Errorf("source.parameter %q, want %q", got, parameter)
	}
	return e
}

// newReq is an authenticated request with a JSON body (none when body is "").
func newReq(t testing.TB, s *sclogstest.Server, method, ref, body string) *http.Request {
	t.Helper()
	req := newGet(t, s, ref)
	req.Method = method
	if body != "" {
		req.Body = io.NopCloser(strings.NewReader(body))
		req.ContentLength = int64(len(body))
		req.Header.Set("Content-Type", "application/json")
	}
	return req
}

// integrationDoc is GET /integrations/{id}'s record, as the tests read it.
type integrationDoc struct {
	ID                   int        `json:"id"`
	ShopName             string     `json:"shop_name"`
	ShopURL              string     `json:"shop_url"`
	Type                 string     `json:"type"`
	StartedFailingAt     *time.Time `json:"started_failing_at"`
	LastFetchedAt        *time.Time `json:"last_fetched_at"`
	CreatedAt            time.Time  `json:"created_at"`
	UpdatedAt            time.Time  `json:"updated_at"`
	ServicePointEnabled  bool       `json:"service_point_enabled"`
	ServicePointCarriers []string   `json:"service_point_carriers"`
	WebhookActive        bool       `json:"webhook_active"`
	WebhookURL           *string    `json:"webhook_url"`
	FeedbackType         string     `json:"feedback_type"`
}

// getIntegration reads GET /integrations/{id}.
func getIntegration(t *testing.T, s *sclogstest.Server, c *http.Client, id int) integrationDoc {
	t.Helper()
	r := get(t, s, c, "/integrations/"+strconv.Itoa(id))
	if r.status != http.StatusOK {
		t.Fatalf("GET integration %d: status %d %s", id, r.status, r.body)
	}
	var doc struct{ Data integrationDoc }
	if err := json.Unmarshal(r.body, &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Data
}

// listIntegrations reads GET /integrations with a query ("" for none).
func listIntegrations(t *testing.T, s *sclogstest.Server, c *http.Client, query string) []integrationDoc {
	t.Helper()
	r := get(t, s, c, "/integrations"+query)
	if r.status != http.StatusOK {
		t.Fatalf("GET /integrations%s: status %d %s", query, r.status, r.body)
	}
	var doc struct{ Data []integrationDoc }
	if err := json.Unmarshal(r.body, &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Data
}
