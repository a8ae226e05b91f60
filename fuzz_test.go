package sclogs

import (
	"bytes"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/internal/decode"
)

// FuzzDecodeErrors feeds arbitrary error bodies to CheckResponse: it must
// never panic, keep at most 1 MiB, and give one line of text.
func FuzzDecodeErrors(f *testing.F) {
	f.Add("application/json", `{"errors":[{"status":404,"code":"not_found","detail":"gone"}]}`)
	f.Add("application/json", `{"errors":{"status":"400","code":"invalid","source":{"parameter":"page_size"}}}`)
	f.Add("application/problem+json", `{"type":"about:blank","title":"Too Many Requests","status":429,"detail":"slow down"}`)
	f.Add("text/html", "<html><body>502 Bad Gateway</body></html>")
	f.Add("application/json", `{"errors":[{"status":{"x":1}},null,"x"]}`)
	f.Add("application/json", `{"errors":`)
	f.Add("", "")
	f.Fuzz(func(t *testing.T, contentType, body string) {
		resp := &http.Response{
			StatusCode: 400,
			Header:     http.Header{"Content-Type": {contentType}},
			Body:       http.NoBody,
		}
		if body != "" {
			resp.Body = readCloser{strings.NewReader(body)}
		}
		err := CheckResponse(resp)
		apiErr, ok := err.(*APIError)
		if !ok {
			t.Fatalf("CheckResponse gave %T, want *APIError", err)
		}
		if len(apiErr.Body) > maxErrorBody {
			t.Fatalf("kept %d bytes", len(apiErr.Body))
		}
		if msg := apiErr.Error(); strings.ContainsAny(msg, "\r\n") {
			t.Fatalf("Error() is not one line: %q", msg)
		}
	})
}

type readCloser struct{ *strings.Reader }

func (readCloser) Close() error { return nil }

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

// The scrubber never panics, and a secret of minSecret bytes or more never
// survives in any of the encodings it decodes, wherever it sits in the text.
func FuzzScrub(f *testing.F) {
	f.Add("before ", "s3cr/t<&>", " after", 0)
	f.Add(`{"d":"`, "hunter22", `"}`, 3)
	f.Add("%", "41ab", "\\u00", 1)
	f.Fuzz(func(t *testing.T, before, secret, after string, form int) {
		sc := newScrubber(secret)
		forms := []string{secret, url.QueryEscape(secret), strings.ReplaceAll(secret, "/", `\/`), html.EscapeString(secret)}
		echoed := forms[(form%len(forms)+len(forms))%len(forms)]
		out := sc.text(before + echoed + after)
		_ = sc.value(before + echoed + after)
		if len(secret) < minSecret || strings.ContainsAny(secret, "[]") || !utf8.ValidString(secret) {
			return // the placeholder itself could rebuild such a secret
		}
		if strings.Contains(out, secret) {
			t.Fatalf("secret %q survives in %q", secret, out)
		}
	})
}
