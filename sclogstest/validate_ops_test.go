package sclogstest_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/sclogs/sclogs/sclogstest"
)

// TestEveryOperationIsValidAgainstTheSpec validates, with kin-openapi, every
// request and answer of every operation the fake serves beyond the
// per-integration listing (TestEveryAnswerIsValidAgainstTheSpec): successes
// and every error each can give, and the listings after a create, an update
// and a delete.
func TestEveryOperationIsValidAgainstTheSpec(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newServer(t, sclogstest.WithLogsPerIntegration(60))
	c := newClient(t)
	doc := loadSpec(t)
	doc.Servers = openapi3.Servers{{URL: s.URL()}}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	var ex []exchange
	add := func(name string, requestValid bool, req *http.Request) {
		ex = append(ex, exchange{name, requestValid, do(t, c, req)})
	}
	unauth := func(req *http.Request) *http.Request { req.SetBasicAuth(s.PublicKey(), "wrong"); return req }
	post := func(id, body string) *http.Request {
		return newReq(t, s, http.MethodPost, "/integrations/"+id+"/logs", body)
	}
	patch := func(id, body string) *http.Request {
		return newReq(t, s, http.MethodPatch, "/integrations/"+id, body)
	}

	// GET /integrations
	for _, q := range []string{"", "?sort=integration_type", "?sort=-failing_since", "?sort=last_fetch,-created_at", "?sort=-updated_at"} {
		add("list "+q, true, newGet(t, s, "/integrations"+q))
	}
	add("list bad sort", true, newGet(t, s, "/integrations?sort=shop_name")) // any string is valid to the spec
	add("list 401", true, unauth(newGet(t, s, "/integrations")))

	// GET /integrations/{id}
	for _, id := range []string{"1", "2", "3"} {
		add("get "+id, true, newGet(t, s, "/integrations/"+id))
	}
	add("get 404", true, newGet(t, s, "/integrations/999"))
	add("get id abc", false, newGet(t, s, "/integrations/abc"))
	add("get 401", true, unauth(newGet(t, s, "/integrations/1")))

	// POST /integrations/{id}/logs
	add("create example", true, post("3", createExample))
	add("create minimal", true, post("1", `{"base_url":"https://shop.example"}`))
	add("create nulls", true, post("2", `{"base_url":"https://shop.example","full_url":null,"method":null,"response_code":null,"response":null,"request":null,"created_at":null,"exception_type":null,"exception":null}`))
	add("create string headers", true, post("2", `{"base_url":"https://shop.example","request":{"headers":"Accept: */*","payload":"a=1"},"response":{"headers":null,"body":{"error":"x"}}}`))
	add("create unknown field", false, post("1", `{"base_url":"https://a","unknown_field":1}`))
	add("create no base_url", false, post("1", `{"method":"GET"}`))
	add("create base_url 5", false, post("1", `{"base_url":5}`))
	add("create body 5", false, post("1", `{"base_url":"https://a","response":{"body":5}}`))
	add("create code -1", false, post("1", `{"base_url":"https://a","response_code":-1}`))
	add("create not an object", false, post("1", `["x"]`))
	add("create 404", true, post("999", `{"base_url":"https://a"}`))
	add("create 401", true, unauth(post("1", `{"base_url":"https://a"}`)))
	noType := post("1", `{"base_url":"https://a"}`)
	noType.Header.Set("Content-Type", "text/plain")
	add("create text/plain", false, noType)
	// Valid as sent, but Requests keeps only MaxRecordedBody bytes of it, so
	// the copy validated here is cut short.
	add("create too large", false, post("1", `{"base_url":"https://a","exception":"`+strings.Repeat("x", sclogstest.MaxRequestBody)+`"}`))

	// PATCH /integrations/{id}
	for _, body := range []string{`{"shop_name":"My Webshop"}`, `{"service_point_enabled":true,"service_point_carriers":["ups","dhl"]}`,
		`{"webhook_active":true,"webhook_url":"https://mywebshop.com/feedback"}`, `{"feedback_type":"none"}`} {
		add("update "+body, true, patch("1", body))
	}
	add("update webhook without URL", true, patch("2", `{"webhook_active":true,"webhook_url":null}`))
	add("update feedback enum", false, patch("1", `{"feedback_type":"sometimes"}`))
	add("update shop_name type", false, patch("1", `{"shop_name":5}`))
	add("update 404", true, patch("999", `{"shop_name":"x"}`))
	add("update 401", true, unauth(patch("1", `{"shop_name":"x"}`)))

	// GET /integrations/logs, after the creates and updates
	for _, size := range []int{0, 9, 100} {
		for _, p := range walkFrom(t, s, c, allLogsPath(size)).pages {
			ex = append(ex, exchange{"all logs", true, p})
		}
	}
	add("all logs page_size 0", false, newGet(t, s, "/integrations/logs?page_size=0"))
	add("all logs cursor", false, newGet(t, s, "/integrations/logs?cursor=yesterday"))
	add("all logs 401", true, unauth(newGet(t, s, "/integrations/logs")))
	add("per-integration after create", true, newGet(t, s, logsPath(3, 5)))

	// DELETE /integrations/{id}
	add("delete", true, newReq(t, s, http.MethodDelete, "/integrations/2", ""))
	add("delete 404", true, newReq(t, s, http.MethodDelete, "/integrations/2", ""))
	add("delete 401", true, unauth(newReq(t, s, http.MethodDelete, "/integrations/1", "")))
	add("list after delete", true, newGet(t, s, "/integrations"))

	// The shop order statuses and their mapping (integration 3 remains).
	shopPost := func(path, body string) *http.Request { return newReq(t, s, http.MethodPost, path, body) }
	for _, q := range []string{"integration_id=3", "integration_id=3&language=nl-nl", "integration_id=3&show_deleted=true&language=fr-fr"} {
		add("statuses "+q, true, newGet(t, s, "/shop-order-statuses?"+q))
	}
	add("statuses no id", false, newGet(t, s, "/shop-order-statuses"))
	add("statuses id abc", false, newGet(t, s, "/shop-order-statuses?integration_id=abc"))
	add("statuses language xx", false, newGet(t, s, "/shop-order-statuses?integration_id=3&language=xx"))
	add("statuses show_deleted maybe", false, newGet(t, s, "/shop-order-statuses?integration_id=3&show_deleted=maybe"))
	add("statuses unknown integration", true, newGet(t, s, "/shop-order-statuses?integration_id=999"))
	add("statuses 401", true, unauth(newGet(t, s, "/shop-order-statuses?integration_id=3")))
	add("replace statuses example", true, shopPost("/shop-order-statuses", `{"integration_id":3,"statuses":[{"external_id":"Send-4","translations":[{"status":"Sent","language":"en-gb"},{"status":"Verzonden","language":"nl-nl"}]},{"external_id":"15","translations":[{"status":"Delivered","language":"en-gb"},{"status":"Bezorgt","language":"nl-nl"}]}]}`))
	add("replace statuses none", true, shopPost("/shop-order-statuses", `{"integration_id":3,"statuses":[]}`))
	add("replace statuses no translations", false, shopPost("/shop-order-statuses", `{"integration_id":3,"statuses":[{"external_id":"1","translations":[]}]}`))
	add("replace statuses bad language", false, shopPost("/shop-order-statuses", `{"integration_id":3,"statuses":[{"external_id":"1","translations":[{"status":"x","language":"xx"}]}]}`))
	add("replace statuses duplicate", false, shopPost("/shop-order-statuses", `{"integration_id":3,"statuses":[{"external_id":"1","translations":[{"status":"x","language":"en-gb"}]},{"translations":[{"language":"en-gb","status":"x"}],"external_id":"1"}]}`))
	add("replace statuses no id", false, shopPost("/shop-order-statuses", `{"statuses":[]}`))
	add("replace statuses unknown integration", true, shopPost("/shop-order-statuses", `{"integration_id":999,"statuses":[]}`))
	add("replace statuses 401", true, unauth(shopPost("/shop-order-statuses", `{"integration_id":3,"statuses":[]}`)))
	add("statuses after replace", true, newGet(t, s, "/shop-order-statuses?integration_id=3&show_deleted=true"))
	add("mapping", true, newGet(t, s, "/shop-order-statuses/mapping?integration_id=3"))
	add("mapping no id", false, newGet(t, s, "/shop-order-statuses/mapping"))
	add("mapping unknown integration", true, newGet(t, s, "/shop-order-statuses/mapping?integration_id=999"))
	add("mapping 401", true, unauth(newGet(t, s, "/shop-order-statuses/mapping?integration_id=3")))
	mapping := `{"integration_id":3,"mapping":[{"status_category":"READY_TO_SEND","external_id":"11"},{"status_category":"IN_TRANSIT","external_id":"11"},{"status_category":"DELIVERED","external_id":"12"},{"status_category":"CANCEL","external_id":null}]}`
	add("upsert mapping example", true, shopPost("/shop-order-statuses/mapping", mapping))
	add("upsert mapping three", false, shopPost("/shop-order-statuses/mapping", `{"integration_id":3,"mapping":[{"status_category":"READY_TO_SEND","external_id":"11"},{"status_category":"IN_TRANSIT","external_id":"11"},{"status_category":"DELIVERED","external_id":"12"}]}`))
	add("upsert mapping bad category", false, shopPost("/shop-order-statuses/mapping", strings.Replace(mapping, "CANCEL", "LOST", 1)))
	add("upsert mapping no external_id", false, shopPost("/shop-order-statuses/mapping", strings.Replace(mapping, `,"external_id":null`, "", 1)))
	add("upsert mapping 401", true, unauth(shopPost("/shop-order-statuses/mapping", mapping)))
	add("mapping after upsert", true, newGet(t, s, "/shop-order-statuses/mapping?integration_id=3"))

	// Faults on operations other than the listing.
	s.Fail(sclogstest.Fault{Status: 429, RetryAfter: "2"}, sclogstest.Fault{Status: 503, RetryAfter: "1"}, sclogstest.Fault{Status: 500})
	add("fault 429 create", true, post("1", `{"base_url":"https://a"}`))
	add("fault 503 get", true, newGet(t, s, "/integrations/1"))
	add("fault 500 list", true, newGet(t, s, "/integrations"))

	received := s.Requests()
	if len(received) != len(ex) {
		t.Fatalf("server received %d requests, the test made %d", len(received), len(ex))
	}
	opts := &openapi3filter.Options{
		AuthenticationFunc:                openapi3filter.NoopAuthenticationFunc,
		RejectWhenRequestBodyNotSpecified: true,
		MultiError:                        true,
	}
	statuses := map[int]int{}
	ops := map[string]bool{}
	for i, e := range ex {
		statuses[e.resp.status]++
		in := requestInput(t, router, received[i], opts)
		ops[in.Route.Operation.OperationID] = true
		err := openapi3filter.ValidateRequest(ctx, in)
		if (err == nil) != e.requestValid {
			t.Errorf("%s: request %s %s: validation error %v, want valid=%v", e.name, received[i].Method, received[i].URL, err, e.requestValid)
		}
		out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: e.resp.status, Header: e.resp.header, Options: opts}
		if err := openapi3filter.ValidateResponse(ctx, out.SetBodyBytes(e.resp.body)); err != nil {
			t.Errorf("%s: response %d invalid: %v", e.name, e.resp.status, err)
		}
		if e.resp.status >= 400 {
			checkErrorDocument(t, doc, e)
		}
	}
	for _, st := range []int{200, 201, 204, 400, 401, 403, 404, 413, 415, 429, 500, 503} {
		if st == 403 {
			continue // a GET with a body: TestEveryAnswerIsValidAgainstTheSpec
		}
		if statuses[st] == 0 {
			t.Errorf("no %d answer among %v", st, statuses)
		}
	}
	for _, op := range []string{
		"sc-public-v3-integrations-get-list_integrations", "sc-public-v3-integrations-get-retrieve_integration",
		"sc-public-v3-integrations-patch-update_integration", "sc-public-v3-integrations-delete-delete_integration",
		"sc-public-v3-integrations-get-retrieve_integrations_logs", "sc-public-v3-integrations-get-retrieve_integration_logs",
		"sc-public-v3-integrations-post-create_integration_logs",
		"sc-public-v3-integrations-get-shop_order_statuses", "sc-public-v3-integrations-post-shop_order_statuses",
		"sc-public-v3-integrations-get-shop_order_statuses_mapping", "sc-public-v3-integrations-post-shop_order_statuses_mapping",
	} {
		if !ops[op] {
			t.Errorf("operation %s not exercised (routed: %v)", op, ops)
		}
	}
}
