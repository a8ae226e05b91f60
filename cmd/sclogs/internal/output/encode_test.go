package output

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sclogs/sclogs/internal/fakelogs"
	"github.com/sclogs/sclogs/internal/redact"
	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/jsonvalue"
)

// stdEncode is what encoding/json makes of v, without HTML escaping and
// without the Encoder's newline, with the characters it writes raw that the
// CLI escapes (Unsafe) escaped by EscapeJSON.
func stdEncode(t testing.TB, v any) ([]byte, error) {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	return EscapeJSON(nil, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))), err
}

func checkSame(t *testing.T, l *gen.IntegrationLog) {
	t.Helper()
	want, wantErr := stdEncode(t, l)
	got, err := appendLog(nil, l)
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("error %v, encoding/json %v", err, wantErr)
	}
	if err == nil && !sameJSON(got, want) {
		t.Errorf("appendLog differs from encoding/json:\n got %s\nwant %s", got, want)
	}
}

// sameJSON reports whether got is want byte for byte — or, where they write
// invalid UTF-8 differently (encoding/json built with GOEXPERIMENT=jsonv2
// writes U+FFFD itself where v1 writes the escape \ufffd), whether both are
// valid JSON that decode to the same value.
func sameJSON(got, want []byte) bool {
	if bytes.Equal(got, want) {
		return true
	}
	if !bytes.Contains(got, []byte(`\ufffd`)) || !json.Valid(got) || !json.Valid(want) {
		return false
	}
	var g, w any
	_ = json.Unmarshal(got, &g)
	_ = json.Unmarshal(want, &w)
	return reflect.DeepEqual(g, w)
}

func TestAppendLogMatchesEncodingJSON(t *testing.T) {
	for _, l := range records() {
		checkSame(t, &l)
	}
	checkSame(t, &gen.IntegrationLog{})
	odd := gen.IntegrationLog{
		BaseURL:        "tab\there \"quoted\" back\\slash \x00\x1f\x7f <&> \u2028\u2029 é \xff\xfe",
		Exception:      ptr(""),
		ID:             ptr(-5),
		Protected:      ptr(true),
		CreatedAt:      ptr(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)),
		Request:        &gen.IntegrationLogRequest{Payload: jsonvalue.Value(" { \"a\" : [ 1 , \"x y\\\" \" ] }\n")},
		Response:       &gen.IntegrationLogResponse{},
		ResponseCode:   ptr(0),
		AdditionalData: jsonvalue.Value(`null`),
	}
	checkSame(t, &odd)
	// Times encoding/json refuses are refused too.
	checkSame(t, &gen.IntegrationLog{CreatedAt: ptr(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC))})
	checkSame(t, &gen.IntegrationLog{CreatedAt: ptr(time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC))})
}

// The fake's realistic records, raw and redacted, encode the same both ways.
func TestAppendLogOnFakeRecords(t *testing.T) {
	logs := fakelogs.All(t)
	for i := range logs {
		checkSame(t, &logs[i])
		r := redact.Log(logs[i])
		checkSame(t, &r)
	}
	if len(logs) < 300 {
		t.Errorf("only %d records", len(logs))
	}
}

// appendLog names every field of the generated record type: a field added
// by a regeneration fails here until appendLog writes it.
func TestAppendLogKnowsEveryField(t *testing.T) {
	known := map[reflect.Type][]string{
		reflect.TypeFor[gen.IntegrationLog](): {"additional_data", "base_url", "created_at", "exception", "exception_type",
			"full_url", "id", "integration_id", "method", "protected", "request", "response", "response_code"},
		reflect.TypeFor[gen.IntegrationLogRequest]():  {"headers", "payload"},
		reflect.TypeFor[gen.IntegrationLogResponse](): {"body", "headers"},
	}
	for typ, want := range known {
		var got []string
		for f := range typ.Fields() {
			got = append(got, strings.Split(f.Tag.Get("json"), ",")[0])
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s fields %v; appendLog writes %v", typ, got, want)
		}
	}
	full := gen.IntegrationLog{
		AdditionalData: jsonvalue.Value(`{"a":1}`), BaseURL: "b", CreatedAt: ptr(time.Unix(0, 1).UTC()),
		Exception: ptr("e"), ExceptionType: ptr("t"), FullURL: ptr("u"), ID: ptr(1), IntegrationID: ptr(2),
		Method: ptr("GET"), Protected: ptr(false), ResponseCode: ptr(500),
		Request:  &gen.IntegrationLogRequest{Headers: jsonvalue.Value(`"h"`), Payload: jsonvalue.Value(`"p"`)},
		Response: &gen.IntegrationLogResponse{Body: jsonvalue.Value(`"b"`), Headers: jsonvalue.Value(`{}`)},
	}
	checkSame(t, &full)
}

func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "plain", "\"\\\n\r\t\b\f\x00\x7f", "<&>", "\u2028\u2029é", "\xff\xc3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := stdEncode(t, s)
		if got := appendString(nil, s); !sameJSON(got, want) {
			t.Fatalf("appendString(%q) = %s, want %s", s, got, want)
		}
	})
}

func FuzzAppendRaw(f *testing.F) {
	for _, s := range []string{`{"a": [1, 2, "x \" y"], "b" : null}`, ` "s" `, "[\n\t1\r\n]", `"\\"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !json.Valid([]byte(s)) {
			return
		}
		want, err := stdEncode(t, json.RawMessage(s))
		if err != nil {
			return
		}
		if got := appendRaw(nil, []byte(s)); !bytes.Equal(got, want) {
			t.Fatalf("appendRaw(%q) = %s, want %s", s, got, want)
		}
	})
}
