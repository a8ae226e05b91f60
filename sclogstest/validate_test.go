package sclogstest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/sclogs/sclogs/sclogstest"
)

// loadSpec loads api/openapi.yaml as published. Examples are not validated:
// the spec's own 404 example has status 404 as a number where its schema
// says string.
func loadSpec(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromFile("../api/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background(), openapi3.DisableExamplesValidation()); err != nil {
		t.Fatal(err)
	}
	return doc
}

// exchange is one request the test made and the answer it got.
type exchange struct {
	name         string
	requestValid bool // whether the spec accepts the request
	resp         result
}

// TestEveryAnswerIsValidAgainstTheSpec validates, with kin-openapi, every
// request the fake received and every answer it gave over full listings of
// all integrations at several page sizes and over every error it produces.
func TestEveryAnswerIsValidAgainstTheSpec(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newServer(t, sclogstest.WithLogsPerIntegration(150))
	c := newClient(t)
	doc := loadSpec(t)
	doc.Servers = openapi3.Servers{{URL: s.URL()}} // the router matches scheme, host and /api/v3
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}

	var ex []exchange
	add := func(name string, requestValid bool, req *http.Request) {
		ex = append(ex, exchange{name, requestValid, do(t, c, req)})
	}
	for _, integ := range []int{1, 2, 3} {
		for _, size := range []int{0, 1, 13, 100} {
			for _, p := range listAll(t, s, c, integ, size).pages {
				ex = append(ex, exchange{"listing", true, p})
			}
		}
	}
	// A bearer token's listing (the token request itself is not in the spec).
	var tok tokenResponse
	if err := json.Unmarshal(fetchToken(t, s, c, s.ClientID(), s.ClientSecret(), "client_credentials", false).body, &tok); err != nil {
		t.Fatal(err)
	}
	bearer := newGet(t, s, logsPath(1, 0))
	bearer.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	add("bearer", true, bearer)

	for _, q := range []string{"page_size=0", "page_size=101", "page_size=abc", "cursor=yesterday", "cursor=2023-03-01T02%3A02%3A00%2B01%3A00%2B"} {
		add(q, false, newGet(t, s, "/integrations/1/logs?"+q))
	}
	add("id=abc", false, newGet(t, s, "/integrations/abc/logs"))
	add("unknown integration", true, newGet(t, s, logsPath(424242, 0)))
	noAuth := newGet(t, s, logsPath(1, 0))
	noAuth.Header.Del("Authorization")
	add("no auth", true, noAuth)
	badAuth := newGet(t, s, logsPath(1, 0))
	badAuth.SetBasicAuth(s.PublicKey(), "wrong")
	add("bad basic", true, badAuth)
	expired := newGet(t, s, logsPath(1, 0))
	expired.Header.Set("Authorization", "Bearer not-a-token")
	add("bad bearer", true, expired)
	withBody, err := http.NewRequest(http.MethodGet, s.URL()+logsPath(1, 0), strings.NewReader(`{"page_size":5}`))
	if err != nil {
		t.Fatal(err)
	}
	withBody.SetBasicAuth(s.PublicKey(), s.SecretKey())
	add("GET with body", false, withBody)
	s.Fail(
		sclogstest.Fault{Status: 429, RetryAfter: "3"},
		sclogstest.Fault{Status: 429, RetryAfter: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC).Format(http.TimeFormat)},
		sclogstest.Fault{Status: 500}, sclogstest.Fault{Status: 502}, sclogstest.Fault{Status: 503},
	)
	for _, st := range []string{"429 seconds", "429 date", "500", "502", "503"} {
		add("fault "+st, true, newGet(t, s, logsPath(2, 10)))
	}

	var received []sclogstest.Request
	for _, r := range s.Requests() {
		if r.URL.String() != s.TokenURL() {
			received = append(received, r)
		}
	}
	if len(received) != len(ex) {
		t.Fatalf("server received %d API requests, the test made %d", len(received), len(ex))
	}
	opts := &openapi3filter.Options{
		AuthenticationFunc:                openapi3filter.NoopAuthenticationFunc,
		RejectWhenRequestBodyNotSpecified: true,
		MultiError:                        true,
	}
	statuses := map[int]int{}
	var okInput *openapi3filter.RequestValidationInput
	for i, e := range ex {
		statuses[e.resp.status]++
		in := requestInput(t, router, received[i], opts)
		err := openapi3filter.ValidateRequest(ctx, in)
		if (err == nil) != e.requestValid {
			t.Errorf("%s: request %s: validation error %v, want valid=%v", e.name, received[i].URL, err, e.requestValid)
		}
		out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: e.resp.status, Header: e.resp.header, Options: opts}
		if err := openapi3filter.ValidateResponse(ctx, out.SetBodyBytes(e.resp.body)); err != nil {
			t.Errorf("%s: response %d invalid: %v", e.name, e.resp.status, err)
		}
		if e.resp.status == http.StatusOK {
			okInput = in
			continue
		}
		checkErrorDocument(t, doc, e)
	}
	for _, st := range []int{200, 400, 401, 403, 404, 429, 500, 502, 503} {
		if statuses[st] == 0 {
			t.Errorf("no %d answer among %v", st, statuses)
		}
	}

	// The validator is live: a record with a numeric base_url fails.
	bad := &openapi3filter.ResponseValidationInput{RequestValidationInput: okInput, Status: 200,
		Header: http.Header{"Content-Type": {"application/json"}}, Options: opts}
	if openapi3filter.ValidateResponse(ctx, bad.SetBodyBytes([]byte(`{"data":[{"base_url":5}]}`))) == nil {
		t.Error("validator accepted base_url 5")
	}
}

// requestInput rebuilds a received request for kin-openapi.
func requestInput(t *testing.T, router routers.Router, r sclogstest.Request, opts *openapi3filter.Options) *openapi3filter.RequestValidationInput {
	t.Helper()
	req, err := http.NewRequest(r.Method, r.URL.String(), bytes.NewReader(r.Body))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Body) == 0 {
		req.Body, req.ContentLength = http.NoBody, 0
	}
	req.Header = r.Header
	route, params, err := router.FindRoute(req)
	if err != nil {
		t.Fatalf("no route in the spec for %s %s: %v", r.Method, r.URL, err)
	}
	return &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts}
}

// checkErrorDocument checks an error answer is JSON:API, and for the
// statuses with codes in the spec's enum, valid against its errors schema.
func checkErrorDocument(t *testing.T, doc *openapi3.T, e exchange) {
	t.Helper()
	if ct := e.resp.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("%s: Content-Type %q", e.name, ct)
	}
	for _, obj := range apiErrors(t, e.resp) {
		for _, k := range []string{"code", "title", "detail"} {
			if v, _ := obj[k].(string); v == "" {
				t.Errorf("%s: error member %q missing or empty: %v", e.name, k, obj)
			}
		}
		if obj["status"] != strconv.Itoa(e.resp.status) {
			t.Errorf("%s: error status %v, want %q", e.name, obj["status"], strconv.Itoa(e.resp.status))
		}
	}
	if e.resp.status >= 429 {
		return // no schema in the spec for these: JSON:API is all there is to check
	}
	var v any
	if err := json.Unmarshal(e.resp.body, &v); err != nil {
		t.Fatal(err)
	}
	if err := doc.ValidateSchemaJSON(doc.Components.Schemas["errors"].Value, v, openapi3.EnableJSONSchema2020()); err != nil {
		t.Errorf("%s: error document invalid against the spec's errors schema: %v", e.name, err)
	}
}

// TestErrorsSchemaCheckCanFail: the spec's own 404 example (status a number)
// fails the schema check used above, so that check is live.
func TestErrorsSchemaCheckCanFail(t *testing.T) {
	t.Parallel()
	doc := loadSpec(t)
	var v any
	_ = json.Unmarshal([]byte(`{"errors":[{"status":404,"code":"not_found","title":"Not Found","detail":"x"}]}`), &v)
	if doc.ValidateSchemaJSON(doc.Components.Schemas["errors"].Value, v, openapi3.EnableJSONSchema2020()) == nil {
		t.Error("numeric status passed the errors schema")
	}
}
