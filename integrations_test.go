package sclogs

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/sclogs/sclogs/sclogstest"
)

// Contract tests of the integration methods against sclogstest: the happy
// path, 404, 401, retries where the method allows them and none where not.

// requestsTo counts the requests srv received with method for path (under
// the API's base URL).
func requestsTo(srv *sclogstest.Server, method, path string) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Method == method && r.URL.Path == "/api/v3"+path {
			n++
		}
	}
	return n
}

func wrongKey() Option { return WithBasicAuth(sclogstest.DefaultPublicKey, "wrong") }

func TestListIntegrations(t *testing.T) {
	srv := newFake(t)
	c, _ := fakeClient(t, srv, basic())
	ctx := context.Background()
	list, err := c.ListIntegrations(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 3 {
		t.Fatalf("%d integrations, want 3", len(list))
	}
	for _, in := range list {
		if in.ID == nil || in.ShopName == nil || *in.ShopName == "" || in.ShopURL == nil || in.Type == nil || in.CreatedAt == nil {
			t.Errorf("integration missing fields: %+v", in)
		}
	}
	desc, err := c.ListIntegrations(ctx, &ListIntegrationsOptions{Sort: "-created_at"})
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(desc); i++ {
		if desc[i].CreatedAt.After(*desc[i-1].CreatedAt) {
			t.Errorf("sort=-created_at: %v after %v", desc[i].CreatedAt, desc[i-1].CreatedAt)
		}
	}
	if got := srv.Requests()[len(srv.Requests())-1].URL.Query().Get("sort"); got != "-created_at" {
		t.Errorf("sort sent as %q", got)
	}
	if srv.Requests()[0].URL.RawQuery != "" {
		t.Errorf("nil options sent query %q", srv.Requests()[0].URL.RawQuery)
	}

	// A sort the server rejects: a 400, not retried.
	_, err = c.ListIntegrations(ctx, &ListIntegrationsOptions{Sort: "shop_name"})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || apiErr.Errors[0].Source.Parameter != "sort" {
		t.Errorf("bad sort: %v, want a 400 about sort", err)
	}

	bad, _ := fakeClient(t, srv, wrongKey())
	if _, err := bad.ListIntegrations(ctx, nil); !errors.Is(err, ErrUnauthorized) {
		t.Errorf("wrong key: %v, want ErrUnauthorized", err)
	}

	// GET: retried after a 500, a 503 and a 429. (A dropped connection may
	// be resent by Go's transport itself on a reused connection: see
	// TestFakeFaultsAreRetried for the client's own retry.)
	c2, clock := fakeClient(t, srv, basic())
	srv.Fail(sclogstest.Fault{Status: 500}, sclogstest.Fault{Status: 503}, sclogstest.Fault{Status: 429})
	before := requestsTo(srv, http.MethodGet, "/integrations")
	if list, err := c2.ListIntegrations(ctx, nil); err != nil || len(list) != 3 {
		t.Fatalf("after faults: %d integrations, %v", len(list), err)
	}
	if n := requestsTo(srv, http.MethodGet, "/integrations") - before; n != 4 || len(clock.slept()) != 3 {
		t.Errorf("%d requests, %d waits; want 4 and 3", n, len(clock.slept()))
	}
}

func TestGetIntegration(t *testing.T) {
	srv := newFake(t)
	c, clock := fakeClient(t, srv, basic())
	ctx := context.Background()
	in, err := c.GetIntegration(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if in.ID == nil || *in.ID != 2 || in.ShopURL == nil {
		t.Fatalf("integration %+v", in)
	}
	// The same record as in the list.
	list, _ := c.ListIntegrations(ctx, nil)
	for _, l := range list {
		if *l.ID == 2 && (*l.ShopName != *in.ShopName || !l.CreatedAt.Equal(*in.CreatedAt)) {
			t.Errorf("list says %+v, get says %+v", l, in)
		}
	}

	if _, err := c.GetIntegration(ctx, 999); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown id: %v, want ErrNotFound", err)
	}
	bad, _ := fakeClient(t, srv, wrongKey())
	if _, err := bad.GetIntegration(ctx, 1); !errors.Is(err, ErrUnauthorized) {
		t.Errorf("wrong key: %v, want ErrUnauthorized", err)
	}
	n := len(srv.Requests())
	for _, id := range []int{0, -1} {
		if _, err := c.GetIntegration(ctx, id); err == nil {
			t.Errorf("id %d: no error", id)
		}
	}
	if len(srv.Requests()) != n {
		t.Error("a bad id was sent")
	}

	srv.Fail(sclogstest.Fault{Status: 502}, sclogstest.Fault{TruncateBody: true})
	if in, err := c.GetIntegration(ctx, 1); err != nil || *in.ID != 1 {
		t.Fatalf("after faults: %v", err)
	}
	if len(clock.slept()) != 2 {
		t.Errorf("waited %d times, want 2", len(clock.slept()))
	}
}

func TestUpdateIntegration(t *testing.T) {
	srv := newFake(t)
	c, clock := fakeClient(t, srv, basic())
	ctx := context.Background()
	name, hook := "My Webshop", "https://mywebshop.example/feedback"
	active, fb := true, FeedbackNone
	if err := c.UpdateIntegration(ctx, 1, IntegrationUpdate{ShopName: &name, WebhookActive: &active, WebhookURL: &hook, FeedbackType: &fb}); err != nil {
		t.Fatal(err)
	}
	in, err := c.GetIntegration(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if *in.ShopName != name || !*in.WebhookActive || *in.WebhookURL != hook || *in.FeedbackType != FeedbackNone {
		t.Errorf("after update: %+v", in)
	}
	// Only the fields set were sent.
	reqs := srv.Requests()
	for _, r := range reqs {
		if r.Method == http.MethodPatch && string(r.Body) != `{"feedback_type":"none","shop_name":"My Webshop","webhook_active":true,"webhook_url":"https://mywebshop.example/feedback"}` {
			t.Errorf("PATCH body %s", r.Body)
		}
	}

	off := false
	var apiErr *APIError
	never := FeedbackType("sometimes")
	if err := c.UpdateIntegration(ctx, 2, IntegrationUpdate{FeedbackType: &never}); !errors.As(err, &apiErr) || apiErr.StatusCode != 400 ||
		apiErr.Errors[0].Source.Pointer != "body/feedback_type" {
		t.Errorf("bad feedback type: %v, want a 400 about feedback_type", err)
	}
	if err := c.UpdateIntegration(ctx, 999, IntegrationUpdate{WebhookActive: &off}); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown id: %v, want ErrNotFound", err)
	}
	bad, _ := fakeClient(t, srv, wrongKey())
	if err := bad.UpdateIntegration(ctx, 1, IntegrationUpdate{ShopName: &name}); !errors.Is(err, ErrUnauthorized) {
		t.Errorf("wrong key: %v, want ErrUnauthorized", err)
	}

	// PATCH is not idempotent: retried after a 429 (the body sent again in
	// full), never after a 500 or a dropped connection.
	other := "Renamed"
	srv.Fail(sclogstest.Fault{Status: 429})
	before := requestsTo(srv, http.MethodPatch, "/integrations/3")
	if err := c.UpdateIntegration(ctx, 3, IntegrationUpdate{ShopName: &other}); err != nil {
		t.Fatalf("after a 429: %v", err)
	}
	if n := requestsTo(srv, http.MethodPatch, "/integrations/3") - before; n != 2 {
		t.Errorf("%d PATCH requests after a 429, want 2", n)
	}
	for _, r := range srv.Requests()[len(srv.Requests())-2:] {
		if string(r.Body) != `{"shop_name":"Renamed"}` {
			t.Errorf("attempt sent body %q", r.Body)
		}
	}
	for _, f := range []sclogstest.Fault{{Status: 500}, {Status: 502}, {Status: 503}, {DropConnection: true}} {
		srv.Fail(f)
		before := requestsTo(srv, http.MethodPatch, "/integrations/3")
		if err := c.UpdateIntegration(ctx, 3, IntegrationUpdate{ShopName: &other}); err == nil {
			t.Errorf("%+v: no error", f)
		}
		if n := requestsTo(srv, http.MethodPatch, "/integrations/3") - before; n != 1 {
			t.Errorf("%+v: PATCH sent %d times, want once", f, n)
		}
	}
	if len(clock.slept()) != 1 {
		t.Errorf("waited %d times, want 1 (the 429)", len(clock.slept()))
	}
}

func TestDeleteIntegration(t *testing.T) {
	srv := newFake(t)
	c, clock := fakeClient(t, srv, basic())
	ctx := context.Background()
	if err := c.DeleteIntegration(ctx, 2); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetIntegration(ctx, 2); !errors.Is(err, ErrNotFound) {
		t.Errorf("get after delete: %v", err)
	}
	if err := c.DeleteIntegration(ctx, 2); !errors.Is(err, ErrNotFound) {
		t.Errorf("second delete: %v, want ErrNotFound", err)
	}
	bad, _ := fakeClient(t, srv, wrongKey())
	if err := bad.DeleteIntegration(ctx, 1); !errors.Is(err, ErrUnauthorized) {
		t.Errorf("wrong key: %v, want ErrUnauthorized", err)
	}
	if err := c.DeleteIntegration(ctx, 0); err == nil {
		t.Error("id 0: no error")
	}
	// DELETE is idempotent: retried after a 500 and a dropped connection.
	srv.Fail(sclogstest.Fault{Status: 500}, sclogstest.Fault{DropConnection: true})
	if err := c.DeleteIntegration(ctx, 3); err != nil {
		t.Fatalf("after faults: %v", err)
	}
	if n := requestsTo(srv, http.MethodDelete, "/integrations/"+strconv.Itoa(3)); n != 3 || len(clock.slept()) != 2 {
		t.Errorf("%d DELETE requests, %d waits; want 3 and 2", n, len(clock.slept()))
	}
	if got := srv.Integrations(); len(got) != 1 || got[0] != 1 {
		t.Errorf("integrations left: %v", got)
	}
}

// Garbage 2xx answers give an error, never a panic or a zero record.
func TestTypedMethodsRejectGarbageAnswers(t *testing.T) {
	for _, body := range []string{`not json`, `{"data":5}`, `{"data":null}`, `{}`, `{"data":{`, `[]`, `{"data":"x"}`, ``} {
		e := setup(t, WithMaxRetries(0))
		e.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			if body == "not json" {
				w.Header().Set("Content-Type", "text/html")
			}
			_, _ = w.Write([]byte(body))
		})
		ctx := context.Background()
		if got, err := e.c.ListIntegrations(ctx, nil); err == nil {
			t.Errorf("ListIntegrations on %q: %v, no error", body, got)
		}
		if got, err := e.c.GetIntegration(ctx, 1); err == nil {
			t.Errorf("GetIntegration on %q: %+v, no error", body, got)
		}
		if got, err := e.c.CreateLog(ctx, 1, LogCreate{BaseURL: "https://a"}); err == nil {
			t.Errorf("CreateLog on %q: %+v, no error", body, got)
		}
	}
}

// ListIntegrationsRaw gives each integration's bytes as received, and the
// list what those bytes decode to, also when "data" comes twice (the last
// counts, decoded into the first); a null integration is
// ErrInvalidResponse, as is an array over the limit anywhere in the body.
func TestListIntegrationsRawAsReceived(t *testing.T) {
	t.Parallel()
	long := "[" + strings.Repeat("0,", 10_000) + "0]"
	for body, want := range map[string]string{
		`{"data":[{"id":1,"shop_name":"a","x-new":{"k":[1]}}, {"ID":2,"İD":666,"webhook_url":null}]}`: `{"id":1,"shop_name":"a","x-new":{"k":[1]}}|{"ID":2,"İD":666,"webhook_url":null}`,
		`{"data":[{"id":1,"shop_name":"first"},{"id":9}],"DATA":[{"type":"x"}]}`:                      `{"type":"x"}`,
		`{"data":[]}`:                                ``,
		`{"data":[{"id":1},null]}`:                   `error`,
		`{"data":null}`:                              `error`,
		`{"data":[{"id":1}],"meta":` + long + `}`:    `error`,
		`{"data":[{"id":1,"x":{"y":` + long + `}}]}`: `error`,
	} {
		e := setup(t, WithMaxRetries(0))
		e.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(body))
		})
		list, raw, err := e.c.ListIntegrationsRaw(context.Background(), nil)
		if want == "error" {
			if !errors.Is(err, ErrInvalidResponse) {
				t.Errorf("%.60s: err = %v, want ErrInvalidResponse", body, err)
			}
			continue
		}
		if err != nil || len(list) != len(raw) {
			t.Fatalf("%.60s: %d integrations, %d raw, %v", body, len(list), len(raw), err)
		}
		var got []string
		for i, r := range raw {
			got = append(got, string(r))
			var std Integration
			if err := json.Unmarshal(r, &std); err != nil || !reflect.DeepEqual(std, list[i]) {
				t.Errorf("%.60s: integration %d is %+v, its bytes decode to %+v (%v)", body, i, list[i], std, err)
			}
		}
		if strings.Join(got, "|") != want {
			t.Errorf("%.60s: raw %q, want %q", body, got, want)
		}
	}
}
