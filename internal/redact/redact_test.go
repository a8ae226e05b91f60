package redact

import (
	"bytes"
	"encoding/json"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sclogs/sclogs/cmd/sclogs/internal/fakelogs"

	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/jsonvalue"
)

func ptr[T any](v T) *T { return &v }

// record builds a log with a secret in every place redaction looks and
// secret-looking text in every place it must not touch.
func record() gen.IntegrationLog {
	at := time.Date(2024, 3, 1, 2, 2, 0, 0, time.FixedZone("", 3600))
	return gen.IntegrationLog{
		ID:             ptr(7),
		IntegrationID:  ptr(1),
		BaseURL:        "https://admin:pw@shop.example.com?api_key=k1",
		FullURL:        ptr("https://shop.example.com/admin/api/2024-01/orders/12.json?access_token=t1&status=any"),
		CreatedAt:      &at,
		Method:         ptr("GET"),
		ResponseCode:   ptr(401),
		Exception:      ptr("401 Client Error: Unauthorized for url: https://shop.example.com/o?consumer_key=ck_1&x=1"),
		ExceptionType:  ptr("requests.exceptions.HTTPError"),
		Protected:      ptr(false),
		AdditionalData: jsonvalue.Value(`{"token": "t0", "url": "https://u:pw@h.example/", "order_id": 12}`),
		Request: &gen.IntegrationLogRequest{
			Headers: jsonvalue.Value(`{"X-Shopify-Access-Token": "shpat_1", "Accept": "application/json"}`),
			Payload: jsonvalue.Value(`{"password": "p1", "next": "/x?token=t2&a=1", "status": "completed"}`),
		},
		Response: &gen.IntegrationLogResponse{
			Headers: jsonvalue.MustOf("Set-Cookie: s=1\r\nContent-Type: text/html"),
			Body:    jsonvalue.Value(`"<html>Cookie: c1 <a href='/y?sig=s3'></html>"`),
		},
	}
}

func marshal(t *testing.T, v any) map[string]json.RawMessage {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestLog(t *testing.T) {
	in := record()
	before := marshal(t, in)
	got := Log(in)

	// The caller's record is untouched.
	if after := marshal(t, in); !equalRaw(before, after) {
		t.Fatalf("Log modified its argument:\nbefore %v\nafter  %v", before, after)
	}

	if got.BaseURL != "https://admin:[REDACTED]@shop.example.com?api_key=[REDACTED]" {
		t.Errorf("base_url = %q", got.BaseURL)
	}
	if *got.FullURL != "https://shop.example.com/admin/api/2024-01/orders/12.json?access_token=[REDACTED]&status=any" {
		t.Errorf("full_url = %q", *got.FullURL)
	}
	if *got.Exception != "401 Client Error: Unauthorized for url: https://shop.example.com/o?consumer_key=[REDACTED]&x=1" {
		t.Errorf("exception = %q", *got.Exception)
	}
	if s := string(got.Request.Headers); s != `{"X-Shopify-Access-Token": "[REDACTED]", "Accept": "application/json"}` {
		t.Errorf("request.headers = %s", s)
	}
	if s, _ := got.Response.Headers.AsString(); s != "Set-Cookie: [REDACTED]\r\nContent-Type: text/html" {
		t.Errorf("response.headers = %q", s)
	}

	// Nothing else changes: every other field marshals to the same bytes.
	out := marshal(t, got)
	for k, v := range before {
		switch k {
		case "base_url", "full_url", "exception", "request", "response", "additional_data":
			continue
		}
		if !bytes.Equal(out[k], v) {
			t.Errorf("%s changed: %s -> %s", k, v, out[k])
		}
	}
	if len(out) != len(before) {
		t.Errorf("fields: %d before, %d after", len(before), len(out))
	}
	for name, pair := range map[string][2]string{
		"request.payload": {string(got.Request.Payload), `{"password": "[REDACTED]", "next": "/x?token=[REDACTED]&a=1", "status": "completed"}`},
		"response.body":   {string(got.Response.Body), `"<html>Cookie: [REDACTED] <a href='/y?sig=[REDACTED]'></html>"`},
		"additional_data": {string(got.AdditionalData), `{"token": "[REDACTED]", "url": "https://u:[REDACTED]@h.example/", "order_id": 12}`},
	} {
		if pair[0] != pair[1] {
			t.Errorf("%s = %s\nwant %s", name, pair[0], pair[1])
		}
	}
}

func TestLogNothingToRedact(t *testing.T) {
	in := gen.IntegrationLog{
		BaseURL: "https://shop.example.com",
		FullURL: ptr("https://shop.example.com/orders?page=2"),
		Request: &gen.IntegrationLogRequest{Headers: jsonvalue.Value(`{"Accept": "*/*"}`)},
		Response: &gen.IntegrationLogResponse{
			Headers: jsonvalue.Value(`null`),
		},
	}
	got := Log(in)
	if got.FullURL != in.FullURL || got.Request != in.Request || got.Response != in.Response {
		t.Errorf("unchanged parts were copied: want the same pointers")
	}
	if !equalRaw(marshal(t, in), marshal(t, got)) {
		t.Errorf("record changed")
	}
	// Nil parts stay nil.
	empty := Log(gen.IntegrationLog{})
	if empty.FullURL != nil || empty.Request != nil || empty.Response != nil {
		t.Errorf("nil parts filled in: %+v", empty)
	}
}

func equalRaw(a, b map[string]json.RawMessage) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !bytes.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

// On the fake's realistic records (every shop system), redaction keeps
// everything doctor groups by and every field that is no secret: ids,
// times, status codes, exception types, methods, hosts and paths.
func TestLogKeepsWhatIsNoSecret(t *testing.T) {
	logs := fakelogs.All(t)
	changed := 0
	for i := range logs {
		in := logs[i]
		got := Log(in)
		same := func(a, b any) bool { return reflect.DeepEqual(a, b) }
		if !same(got.ID, in.ID) || !same(got.IntegrationID, in.IntegrationID) || !same(got.CreatedAt, in.CreatedAt) ||
			!same(got.ResponseCode, in.ResponseCode) || !same(got.ExceptionType, in.ExceptionType) ||
			!same(got.Method, in.Method) || !same(got.Protected, in.Protected) {
			t.Errorf("record %d: a field that is no secret changed", i)
		}
		for _, pair := range [][2]string{{in.BaseURL, got.BaseURL}, {deref(in.FullURL), deref(got.FullURL)}} {
			a, errA := url.Parse(pair[0])
			b, errB := url.Parse(pair[1])
			if (errA == nil) != (errB == nil) || errA == nil && (a.Host != b.Host || a.Path != b.Path) {
				t.Errorf("record %d: URL %q became %q", i, pair[0], pair[1])
			}
			if pair[0] != pair[1] {
				changed++
			}
		}
		b, err := json.Marshal(got)
		if err != nil || !json.Valid(b) {
			t.Errorf("record %d: %v", i, err)
		}
	}
	if changed == 0 {
		t.Error("no URL redacted at all")
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// Log puts a record's changed fields in one buffer: each is its own part
// of it, so a caller that appends to or overwrites one value changes no
// other field, and the next record's redaction changes nothing of this one.
func TestLogFieldsAreApart(t *testing.T) {
	got := Log(record())
	want := marshal(t, got)
	values := []jsonvalue.Value{got.AdditionalData, got.Request.Headers, got.Request.Payload, got.Response.Headers, got.Response.Body}
	for _, v := range values {
		if cap(v) != len(v) {
			t.Errorf("cap %d > len %d: an append would write into the next field", cap(v), len(v))
		}
	}
	_ = append(got.AdditionalData, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"...)
	_ = Log(record())
	if after := marshal(t, got); !equalRaw(want, after) {
		t.Fatalf("fields changed:\nbefore %v\nafter  %v", want, after)
	}
	for i := range got.Request.Payload {
		got.Request.Payload[i] = ' '
	}
	if s := *got.FullURL + *got.Exception + got.BaseURL; strings.Contains(s, "      ") {
		t.Errorf("strings share the payload's bytes: %q", s)
	}
}
