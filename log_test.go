package sclogs

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/internal/decode"
	"github.com/sclogs/sclogs/jsonvalue"
	"github.com/sclogs/sclogs/sclogstest"
)

// Records as the API serves them are read through the generated getters
// without a nil check, whatever the record leaves out; the fields stay
// pointers, so a record marshals back without the fields it lacked.
func TestLogGettersOnServedRecords(t *testing.T) {
	t.Parallel()
	srv := newFake(t, sclogstest.WithoutSeedData())
	srv.AddLogs(9,
		Log{BaseURL: "https://bare.example"},
		Log{BaseURL: "https://obj.example", Response: &gen.IntegrationLogResponse{Body: jsonvalue.Value(`{"error":"<boom>"}`)}},
		Log{BaseURL: "https://str.example", Response: &gen.IntegrationLogResponse{Body: jsonvalue.Value(`"plain text"`)}},
	)
	c, _ := fakeClient(t, srv, basic())
	var got []string
	for l, err := range c.Logs(context.Background(), 9, nil) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%s id=%d method=%q code=%d type=%q exc=%q url=%q body=%s text=%s",
			l.GetBaseURL(), l.GetID(), l.GetMethod(), l.GetResponseCode(), l.GetExceptionType(), l.GetException(),
			l.GetFullURL(), l.GetResponse().GetBody(), l.GetResponse().GetBody().Text()))
		if l.GetCreatedAt().IsZero() || l.GetRequest().GetPayload() != nil {
			t.Errorf("%s: created_at %v, request payload %q", l.BaseURL, l.GetCreatedAt(), l.GetRequest().GetPayload())
		}
		b, err := json.Marshal(l)
		if err != nil {
			t.Fatal(err)
		}
		for _, absent := range []string{`"method"`, `"exception"`, `"response_code"`, `"request"`} {
			if strings.Contains(string(b), absent) {
				t.Errorf("%s: re-encoded record has %s, which the API did not send: %s", l.BaseURL, absent, b)
			}
		}
	}
	want := []string{
		`https://str.example id=3 method="" code=0 type="" exc="" url="" body="plain text" text=plain text`,
		`https://obj.example id=2 method="" code=0 type="" exc="" url="" body={"error":"<boom>"} text={"error":"<boom>"}`,
		`https://bare.example id=1 method="" code=0 type="" exc="" url="" body= text=`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("read:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	var none *Log
	if none.GetID() != 0 || none.GetResponse().GetBody() != nil || none.GetBaseURL() != "" {
		t.Fatal("getters on a nil *Log do not return zero values")
	}
}

// %v and %+v print a record's values as JSON, not pointer addresses.
func TestLogPrintsValues(t *testing.T) {
	t.Parallel()
	id, method := 42, "POST"
	l := Log{ID: &id, Method: &method, BaseURL: "https://s.example/?a=1&b=<2>",
		Request: &gen.IntegrationLogRequest{Payload: jsonvalue.Value(`{"x":1}`)}}
	want := `{"base_url":"https://s.example/?a=1&b=<2>","id":42,"method":"POST","request":{"payload":{"x":1}}}`
	for _, verb := range []string{"%v", "%+v", "%s"} {
		if got := fmt.Sprintf(verb, l); got != want {
			t.Errorf("Sprintf(%q) = %s, want %s", verb, got, want)
		}
	}
	if got := fmt.Sprintf("%+v", &l); got != want {
		t.Errorf("Sprintf(%%+v, &l) = %s", got)
	}
	if got := fmt.Sprint(Log{AdditionalData: jsonvalue.Value("not json")}); !strings.HasPrefix(got, "<") {
		t.Errorf("a record that cannot be JSON printed as %s, want the error in angle brackets", got)
	}
}

// FuzzLogRoundTrip checks that a record that decodes marshals to JSON that
// decodes to the same record, and that a second round is byte-stable: what
// the CLI writes is what the API sent.
func FuzzLogRoundTrip(f *testing.F) {
	f.Add([]byte(`{"id":123,"base_url":"https://example.com","full_url":"https://example.com/order-note.json","method":"POST","response_code":495,"response":{"headers":{"Content-Type":"text/html"},"body":"<!doctype html>"},"request":{"headers":{"X":"y"},"payload":{"order_note":{"note":"Success"}}},"created_at":"2023-03-01T02:02:00+01:00","exception_type":"requests.exceptions.SSLError","exception":"An SSL error occurred","protected":false,"additional_data":""}`))
	f.Add([]byte(`{"base_url":"x","integration_id":null,"request":null,"response":{"body":null,"headers":null},"additional_data":{"a":[1,2]}}`))
	f.Add([]byte(`{"base_url":"x","request":{"headers":"Authorization: Basic abc\r\nCookie: a=b","payload":"a=1&b=2"}}`))
	f.Add([]byte(`{"base_url":"x","created_at":"2024-02-29T23:59:59.123456+02:00"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		// The client decodes with its generated decoders; they must agree
		// with encoding/json on every input.
		var first, std gen.IntegrationLog
		err, stdErr := unmarshalJSON(data, decodeInto(&first, decode.IntegrationLog)), json.Unmarshal(data, &std)
		if (err == nil) != (stdErr == nil) {
			t.Fatalf("client decode: %v; encoding/json: %v", err, stdErr)
		}
		if err != nil {
			return
		}
		if !reflect.DeepEqual(first, std) {
			t.Fatalf("client decode differs from encoding/json:\n%+v\n%+v", first, std)
		}
		once, err := json.Marshal(first)
		if err != nil {
			t.Fatalf("a decoded record does not marshal: %v", err)
		}
		var second gen.IntegrationLog
		if err := unmarshalJSON(once, decodeInto(&second, decode.IntegrationLog)); err != nil {
			t.Fatalf("marshalled record does not decode: %v\n%s", err, once)
		}
		twice, err := json.Marshal(second)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(once, twice) {
			t.Fatalf("round trip not stable:\n%s\n%s", once, twice)
		}
	})
}
