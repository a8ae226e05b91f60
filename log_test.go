package sclogs

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/jsonvalue"
	"github.com/sclogs/sclogs/sclogstest"
)

// Records as the API serves them are read through the generated getters
// without a nil check, whatever the record leaves out; the fields stay
// pointers, so a record marshals back without the fields it lacked.
func TestLogGettersOnServedRecords(t *testing.T) {
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
