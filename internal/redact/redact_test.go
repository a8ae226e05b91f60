package redact_test

import (
	"bytes"
	"encoding/json"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/internal/fakelogs"
	"github.com/sclogs/sclogs/internal/redact"
)

// record is a log as received with a secret in every place redaction looks
// (known fields, a field the spec does not know, a new top-level member
// named as a secret) and secret-looking text where it must not touch.
const record = `{"id":7,"integration_id":1,
 "base_url":"https://admin:pw@shop.example.com?api_key=k1",
 "full_url":"https://shop.example.com/admin/api/2024-01/orders/12.json?access_token=t1&status=any",
 "created_at":"2024-03-01T02:02:00+01:00","method":"GET","response_code":401,
 "exception":"401 Client Error: Unauthorized for url: https://shop.example.com/o?consumer_key=ck_1&x=1",
 "exception_type":"requests.exceptions.HTTPError","protected":false,"webhook":null,
 "additional_data":{"token": "t0", "url": "https://u:pw@h.example/", "order_id": 12},
 "request":{"headers":{"X-Shopify-Access-Token": "shpat_1", "Accept": "application/json"},
  "payload":{"password": "p1", "next": "/x?token=t2&a=1", "status": "completed"}},
 "response":{"headers":"Set-Cookie: s=1\r\nContent-Type: text/html","body":"<html>Cookie: c1 <a href='/y?sig=s3'></html>"},
 "tomorrow":{"api_key":"k9","callback":"https://shop.example.com/cb?signature=s9&order=5"},
 "client_secret":"cs9"}`

func TestRecord(t *testing.T) {
	t.Parallel()
	in := []byte(record)
	got, changed := redact.Record(in)
	if string(in) != record {
		t.Fatal("Record modified its argument")
	}
	if !changed || !json.Valid(got) {
		t.Fatalf("changed %v, valid %v: %s", changed, json.Valid(got), got)
	}
	want := strings.NewReplacer(
		"admin:pw@", "admin:[REDACTED]@", "api_key=k1", "api_key=[REDACTED]", "access_token=t1", "access_token=[REDACTED]",
		"consumer_key=ck_1", "consumer_key=[REDACTED]", `"token": "t0"`, `"token": "[REDACTED]"`,
		"u:pw@", "u:[REDACTED]@", `"shpat_1"`, `"[REDACTED]"`, `"p1"`, `"[REDACTED]"`, "token=t2", "token=[REDACTED]",
		"Set-Cookie: s=1", "Set-Cookie: [REDACTED]", "Cookie: c1", "Cookie: [REDACTED]", "sig=s3", "sig=[REDACTED]",
		`"api_key":"k9"`, `"api_key":"[REDACTED]"`, "signature=s9", "signature=[REDACTED]", `"cs9"`, `"[REDACTED]"`,
	).Replace(record)
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	// What is no secret decodes the same.
	var a, b gen.IntegrationLog
	if err := json.Unmarshal(in, &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(got, &b); err != nil {
		t.Fatal(err)
	}
	if a.GetID() != b.GetID() || !a.GetCreatedAt().Equal(b.GetCreatedAt()) || a.GetResponseCode() != b.GetResponseCode() ||
		a.GetExceptionType() != b.GetExceptionType() || a.GetMethod() != b.GetMethod() {
		t.Errorf("a field that is no secret changed: %+v -> %+v", a, b)
	}
}

func TestRecordNothingToRedact(t *testing.T) {
	t.Parallel()
	in := []byte(`{"id":1,"base_url":"https://shop.example.com","full_url":null,"request":{"headers":{"Accept":"*/*"}},"x":[1,true,null]}`)
	got, changed := redact.Record(in)
	if changed || &got[0] != &in[0] {
		t.Errorf("unchanged record copied or changed: %s", got)
	}
	if got, changed := redact.Record(nil); changed || got != nil {
		t.Errorf("nil: %q %v", got, changed)
	}
}

// On the fake's realistic records (every shop system), redaction keeps
// everything doctor groups by and every field that is no secret: ids,
// times, status codes, exception types, methods, hosts and paths.
func TestRecordKeepsWhatIsNoSecret(t *testing.T) {
	t.Parallel()
	logs, raw := fakelogs.Records(t)
	changed := 0
	for i := range logs {
		in := logs[i]
		out, _ := redact.Record(raw[i])
		var got gen.IntegrationLog
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatalf("record %d: %v", i, err)
		}
		same := func(a, b any) bool { return reflect.DeepEqual(a, b) }
		if !same(got.ID, in.ID) || !same(got.IntegrationID, in.IntegrationID) || !got.GetCreatedAt().Equal(in.GetCreatedAt()) ||
			!same(got.ResponseCode, in.ResponseCode) || !same(got.ExceptionType, in.ExceptionType) ||
			!same(got.Method, in.Method) || !same(got.Protected, in.Protected) {
			t.Errorf("record %d: a field that is no secret changed", i)
		}
		for _, pair := range [][2]string{{in.BaseURL, got.BaseURL}, {in.GetFullURL(), got.GetFullURL()}} {
			a, errA := url.Parse(pair[0])
			b, errB := url.Parse(pair[1])
			if (errA == nil) != (errB == nil) || errA == nil && (a.Host != b.Host || a.Path != b.Path) {
				t.Errorf("record %d: URL %q became %q", i, pair[0], pair[1])
			}
			if pair[0] != pair[1] {
				changed++
			}
		}
	}
	if changed == 0 {
		t.Error("no URL redacted at all")
	}
}

// compactJSON reports whether v is valid JSON with no whitespace between
// its tokens (encoding/json's Compact leaves it as it is).
func compactJSON(v []byte) bool {
	var buf bytes.Buffer
	return json.Valid(v) && json.Compact(&buf, v) == nil && bytes.Equal(buf.Bytes(), v)
}

// spaceBetweenTokens reports whether v holds whitespace outside its
// strings, read a byte at a time (a backslash in a string escapes the
// byte after it, whatever that is).
func spaceBetweenTokens(v []byte) bool {
	inString := false
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case !inString && (c == ' ' || c == '\t' || c == '\r' || c == '\n'):
			return true
		}
	}
	return false
}

// AppendCompact says compact only when the record it returns has no
// whitespace between its tokens and every JSON document encoding/json
// accepts with none such is compact.
func FuzzAppendCompact(f *testing.F) {
	for _, s := range []string{record, `{"a":1}`, `{"a": 1}`, " {}", "{}\n", `{"k":{"password": {"x" : 1}}}`, `["a b", "c\td"]`,
		`{"payload":"{\"a\": 1}"}`, `"x y"`, `[1 ,2]`, `{"a":tru}`, `nul`, `{"":"\0"}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		in := []byte(s)
		out, changed, compact := redact.AppendCompact(nil, in)
		if want, wantChanged := redact.Record(in); changed != wantChanged || !bytes.Equal(out, want) {
			t.Fatalf("AppendCompact(%q) = %q, Record = %q", s, out, want)
		}
		if compact && spaceBetweenTokens(out) {
			t.Fatalf("%q: compact, but %q has whitespace between tokens", s, out)
		}
		if !compact && compactJSON(in) {
			t.Fatalf("%q is compact JSON, AppendCompact says not (out %q)", s, out)
		}
	})
}

// The fake's records, as received, are compact: the NDJSON writer's short
// path (output) is the usual one.
func TestAppendCompactOnRecords(t *testing.T) {
	t.Parallel()
	_, raw := fakelogs.Records(t)
	for _, r := range raw {
		if _, _, compact := redact.AppendCompact(nil, r); !compact {
			t.Fatalf("not compact: %s", r)
		}
	}
}
