package sclogstest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

type statusDoc struct {
	ExternalID   string  `json:"external_id"`
	Status       string  `json:"status"`
	DeletedAt    *string `json:"deleted_at"`
	Translations []struct {
		Status, Language string
	} `json:"translations"`
}

func statuses(t *testing.T, got result) []statusDoc {
	t.Helper()
	if got.status != http.StatusOK {
		t.Fatalf("status %d %s, want 200", got.status, got.body)
	}
	var doc struct{ Data []statusDoc }
	if err := json.Unmarshal(got.body, &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Data
}

// Every integration starts with the spec's example statuses; the status is
// named in the language asked for, else en-gb, else the first language in
// alphabetical order; deleted ones only with show_deleted.
func TestShopOrderStatuses(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	c := newClient(t)
	got := statuses(t, get(t, s, c, "/shop-order-statuses?integration_id=1"))
	if len(got) != 1 || got[0].ExternalID != "17-B" || got[0].Status != "Delivered" || got[0].DeletedAt != nil || len(got[0].Translations) != 3 {
		t.Errorf("statuses %+v, want the example's 17-B Delivered", got)
	}
	got = statuses(t, get(t, s, c, "/shop-order-statuses?integration_id=1&language=nl-nl&show_deleted=true"))
	if len(got) != 2 || got[0].Status != "Verzonden" || got[1].Status != "Geannuleerd" || got[1].DeletedAt == nil {
		t.Errorf("statuses in nl-nl with deleted %+v", got)
	}
	post := func(path, body string) result { return do(t, c, newReq(t, s, http.MethodPost, path, body)) }
	r := post("/shop-order-statuses", `{"integration_id":1,"statuses":[{"external_id":"17-B","translations":[{"status":"Geliefert","language":"de-de"},{"status":"Livré","language":"fr-fr"}]},{"external_id":"9","translations":[{"status":"Nuevo","language":"es-es"}]}]}`)
	if r.status != http.StatusOK || string(r.body) != "null" {
		t.Fatalf("replace: %d %s, want 200 null", r.status, r.body)
	}
	got = statuses(t, get(t, s, c, "/shop-order-statuses?integration_id=1&language=it-it&show_deleted=true"))
	if len(got) != 3 || got[0].Status != "Geliefert" || got[1].Status != "Nuevo" || got[2].ExternalID != "14-A" || got[2].DeletedAt == nil {
		t.Errorf("after replace %+v: want 17-B in de-de (first alphabetically), 9, then the deleted 14-A", got)
	}
	if got := statuses(t, get(t, s, c, "/shop-order-statuses?integration_id=2")); len(got) != 1 {
		t.Errorf("integration 2 changed with 1: %+v", got)
	}

	// The mapping: DELIVERED to 17-B (valid), CANCEL to the deleted 14-A.
	mapping := func() string {
		r := get(t, s, c, "/shop-order-statuses/mapping?integration_id=1")
		if r.status != http.StatusOK {
			t.Fatalf("mapping: %d %s", r.status, r.body)
		}
		return string(r.body)
	}
	want := `{"data":{"integration_id":1,"mapping":[{"status_category":"READY_TO_SEND","external_id":null,"is_valid":true},{"status_category":"IN_TRANSIT","external_id":null,"is_valid":true},{"status_category":"DELIVERED","external_id":"17-B","is_valid":true},{"status_category":"CANCEL","external_id":"14-A","is_valid":false}]}}`
	if got := mapping(); got != want {
		t.Errorf("mapping\n%s\nwant\n%s", got, want)
	}
	r = post("/shop-order-statuses/mapping", `{"integration_id":1,"mapping":[{"status_category":"CANCEL","external_id":null},{"status_category":"IN_TRANSIT","external_id":"9"},{"status_category":"DELIVERED","external_id":"17-B"},{"status_category":"READY_TO_SEND","external_id":"nope"}]}`)
	if r.status != http.StatusOK || string(r.body) != "null" {
		t.Fatalf("upsert mapping: %d %s", r.status, r.body)
	}
	want = `{"data":{"integration_id":1,"mapping":[{"status_category":"READY_TO_SEND","external_id":"nope","is_valid":false},{"status_category":"IN_TRANSIT","external_id":"9","is_valid":true},{"status_category":"DELIVERED","external_id":"17-B","is_valid":true},{"status_category":"CANCEL","external_id":null,"is_valid":true}]}}`
	if got := mapping(); got != want {
		t.Errorf("mapping after upsert\n%s\nwant\n%s", got, want)
	}
}

// Bad requests get a 400 (the only error these operations document) and
// change nothing.
func TestShopOrderStatusesErrors(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	c := newClient(t)
	for _, q := range []string{"", "?integration_id=", "?integration_id=abc", "?integration_id=999", "?integration_id=99999999999999999999",
		"?integration_id=1&language=xx", "?integration_id=1&show_deleted=yes"} {
		for _, p := range []string{"/shop-order-statuses", "/shop-order-statuses/mapping"} {
			if p == "/shop-order-statuses/mapping" && strings.Contains(q, "&") {
				continue // no language or show_deleted there
			}
			if got := get(t, s, c, p+q); got.status != http.StatusBadRequest {
				t.Errorf("GET %s%s: %d, want 400", p, q, got.status)
			}
		}
	}
	tr := `"translations":[{"status":"x","language":"en-gb"}]`
	for _, b := range []string{`[]`, `{}`, `{"statuses":[]}`, `{"integration_id":"1","statuses":[]}`, `{"integration_id":1.5,"statuses":[]}`,
		`{"integration_id":999,"statuses":[]}`, `{"integration_id":1e30,"statuses":[]}`, `{"integration_id":1}`, `{"integration_id":1,"statuses":{}}`,
		`{"integration_id":1,"statuses":[5]}`, `{"integration_id":1,"statuses":[{` + tr + `}]}`, `{"integration_id":1,"statuses":[{"external_id":5,` + tr + `}]}`,
		`{"integration_id":1,"statuses":[{"external_id":"a"}]}`, `{"integration_id":1,"statuses":[{"external_id":"a","translations":[]}]}`,
		`{"integration_id":1,"statuses":[{"external_id":"a","translations":[{"status":"x"}]}]}`,
		`{"integration_id":1,"statuses":[{"external_id":"a","translations":[{"status":"x","language":"en-gb"},{"language":"en-gb","status":"x"}]}]}`,
		`{"integration_id":1,"statuses":[{"external_id":"a",` + tr + `},{"external_id":"a","translations":[{"status":"y","language":"en-gb"}]}]}`,
	} {
		if got := do(t, c, newReq(t, s, http.MethodPost, "/shop-order-statuses", b)); got.status != http.StatusBadRequest {
			t.Errorf("POST statuses %s: %d %s, want 400", b, got.status, got.body)
		}
	}
	item := func(cat string) string { return `{"status_category":"` + cat + `","external_id":null}` }
	for _, b := range []string{`{"integration_id":1,"mapping":[]}`,
		`{"integration_id":1,"mapping":[` + item("READY_TO_SEND") + `,` + item("IN_TRANSIT") + `,` + item("DELIVERED") + `]}`,
		`{"integration_id":1,"mapping":[` + item("READY_TO_SEND") + `,` + item("IN_TRANSIT") + `,` + item("DELIVERED") + `,` + item("LOST") + `]}`,
		`{"integration_id":1,"mapping":[` + item("READY_TO_SEND") + `,` + item("IN_TRANSIT") + `,` + item("DELIVERED") + `,{"status_category":"DELIVERED","external_id":"1"}]}`,
		`{"integration_id":1,"mapping":[` + item("READY_TO_SEND") + `,` + item("IN_TRANSIT") + `,` + item("DELIVERED") + `,{"status_category":"CANCEL"}]}`,
		`{"integration_id":1,"mapping":[` + item("READY_TO_SEND") + `,` + item("IN_TRANSIT") + `,` + item("DELIVERED") + `,{"status_category":"CANCEL","external_id":5}]}`,
	} {
		if got := do(t, c, newReq(t, s, http.MethodPost, "/shop-order-statuses/mapping", b)); got.status != http.StatusBadRequest {
			t.Errorf("POST mapping %s: %d %s, want 400", b, got.status, got.body)
		}
	}
	if got := statuses(t, get(t, s, c, "/shop-order-statuses?integration_id=1&show_deleted=true")); len(got) != 2 {
		t.Errorf("statuses changed by bad requests: %+v", got)
	}
}

// Deleted statuses are kept for show_deleted, but not without bound.
func TestShopOrderStatusesDeletedBounded(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	c := newClient(t)
	for round := range 4 {
		var b strings.Builder
		b.WriteString(`{"integration_id":1,"statuses":[`)
		for i := range 500 {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"external_id":"%d-%d","translations":[{"status":"s","language":"en-gb"}]}`, round, i)
		}
		b.WriteString(`]}`)
		if got := do(t, c, newReq(t, s, http.MethodPost, "/shop-order-statuses", b.String())); got.status != http.StatusOK {
			t.Fatalf("round %d: %d %s", round, got.status, got.body)
		}
	}
	if got := statuses(t, get(t, s, c, "/shop-order-statuses?integration_id=1&show_deleted=true")); len(got) != 500+1000 {
		t.Errorf("%d statuses kept, want the 500 current and the last 1000 deleted", len(got))
	}
}
