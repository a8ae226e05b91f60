package sclogstest_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
)

// An integration id beyond int64 is valid to the spec (integer, minimum 1,
// no maximum): every {id} route answers it 404, like any unknown id.
func TestIDBeyondInt64IsNotFound(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	c := newClient(t)
	for _, id := range []string{"9223372036854775808", "99999999999999999999999999999999"} {
		for _, r := range []struct{ method, path, body string }{
			{http.MethodGet, "/integrations/" + id, ""},
			{http.MethodDelete, "/integrations/" + id, ""},
			{http.MethodPatch, "/integrations/" + id, `{"shop_name":"x"}`},
			{http.MethodGet, "/integrations/" + id + "/logs", ""},
			{http.MethodPost, "/integrations/" + id + "/logs", `{"base_url":"https://a"}`},
		} {
			if got := do(t, c, newReq(t, s, r.method, r.path, r.body)); got.status != http.StatusNotFound {
				t.Errorf("%s %s: %d %s, want 404", r.method, r.path, got.status, got.body)
			}
		}
	}
	if got := do(t, c, newGet(t, s, "/integrations/-99999999999999999999")); got.status != http.StatusBadRequest {
		t.Errorf("a negative id beyond int64: %d, want 400 (below the minimum)", got.status)
	}
}

// response_code is an integer in JSON Schema's sense: 495.0 and 4.95e2 are
// 495; a fraction or a value beyond int64 is a 400.
func TestCreateLogResponseCodeIsAJSONSchemaInteger(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	c := newClient(t)
	for _, c2 := range []struct {
		code   string
		status int
	}{
		{"495", 201}, {"495.0", 201}, {"4.95e2", 201}, {"4950E-1", 201}, {"495.5", 400}, {"1e400", 400}, {"1e999999999", 400},
		{"-1", 400}, {"0.0", 201}, {"0e999999999", 201},
	} {
		got := do(t, c, newReq(t, s, http.MethodPost, "/integrations/1/logs", `{"base_url":"https://a","response_code":`+c2.code+`}`))
		if got.status != c2.status {
			t.Errorf("response_code %s: %d %s, want %d", c2.code, got.status, got.body, c2.status)
			continue
		}
		if got.status == 201 {
			var doc struct {
				Data struct {
					ResponseCode json.RawMessage `json:"response_code"`
				}
			}
			if err := json.Unmarshal(got.body, &doc); err != nil {
				t.Fatal(err)
			}
			if c2.code != "0.0" && c2.code != "0e999999999" && string(doc.Data.ResponseCode) != "495" {
				t.Errorf("response_code %s stored as %s, want 495", c2.code, doc.Data.ResponseCode)
			}
		}
	}
}

// Date-times follow RFC 3339, in cursors and in created_at: `t` and `z` in
// lowercase are accepted; a comma before the fraction is not.
func TestDateTimesAreRFC3339(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	c := newClient(t)
	for _, c2 := range []struct {
		v  string
		ok bool
	}{
		{"2023-03-01T02:02:00Z", true},
		{"2023-03-01t02:02:00z", true},
		{"2023-03-01T02:02:00.5+01:00", true},
		{"1998-12-31T23:59:60Z", true},
		{"1998-12-31T15:59:60.123-08:00", true},
		{"2023-03-01T02:02:00,5Z", false},
		{"2023-03-01T02:02:00", false},
		{"2023-03-01 02:02:00Z", false},
		{"2023-03-01T02:02:00.Z", false},
		{"1998-12-31T23:58:60Z", false},
		{"2023-02-30T02:02:00Z", false},
		{"2023-03-01T02:02:00+24:00", false},
		{"2023-03-01T02:02:00+0100", false},
	} {
		want := http.StatusBadRequest
		if c2.ok {
			want = http.StatusOK
		}
		if got := do(t, c, newGet(t, s, "/integrations/1/logs?cursor="+url.QueryEscape(c2.v))); got.status != want {
			t.Errorf("cursor %s: %d, want %d", c2.v, got.status, want)
		}
		if got := do(t, c, newGet(t, s, "/integrations/logs?cursor="+url.QueryEscape(c2.v))); got.status != want {
			t.Errorf("account-wide cursor %s: %d, want %d", c2.v, got.status, want)
		}
		want = http.StatusBadRequest
		if c2.ok {
			want = http.StatusCreated
		}
		got := do(t, c, newReq(t, s, http.MethodPost, "/integrations/1/logs", `{"base_url":"https://a","created_at":"`+c2.v+`"}`))
		if got.status != want {
			t.Errorf("created_at %s: %d %s, want %d", c2.v, got.status, got.body, want)
		}
	}
}
