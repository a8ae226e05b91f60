package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"unicode/utf8"

	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/jsonvalue"
)

// secretNames are names a shop system gives its secrets, from the one
// list's rules (redact/names.go), as they appear in real APIs.
var secretNames = []string{
	"Authorization", "AUTHORIZATION", "X-Shopify-Access-Token", "x-Api-Key", "X-Auth", "X-Authentication",
	"Cookie", "Set-Cookie", "access_token", "refresh_token", "client_secret", "consumer_secret", "consumer_key",
	"apiKey", "api_key", "apikey", "password", "passwd", "pw", "private_key", "signature", "sig", "session",
	"PHPSESSID", "credential", "hmac", "hash", "code", "token", "secret", "key", "auth", "ws_key", "order_key",
	"oauth_signature", "X-WC-Webhook-Signature", "X-Shopify-Hmac-Sha256", "sessionId", "jwt",
}

// secretFrom makes a secret from fuzz bytes: letters and digits, both
// cases and a digit, so that no rule may take it for prose or an error
// code.
func secretFrom(b []byte) string {
	const chars = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
	var s strings.Builder
	s.WriteString("Zq7")
	for i, c := range b {
		if i >= 37 {
			break
		}
		s.WriteByte(chars[int(c)%len(chars)])
	}
	for s.Len() < 10 {
		s.WriteByte('x')
	}
	return s.String()
}

func jsonText(v any) string {
	b, _ := json.Marshal(v) // escapes & < > as \u0026 \u003c \u003e
	return string(b)
}

// planted is a record with secret planted at place (one of the places the
// issue lists) under name; filler goes where text is shown.
func planted(place int, name, secret, filler string) gen.IntegrationLog {
	str := func(s string) jsonvalue.Value { return jsonvalue.MustOf(s) }
	l := gen.IntegrationLog{
		BaseURL: "https://shop.example", FullURL: new("https://shop.example/admin/api/2024-04/orders/12.json?status=any"),
		Method: new("POST"), ResponseCode: new(401), ExceptionType: new(filler), Exception: new("401 Client Error"),
		AdditionalData: str(""), Protected: new(false),
		Request:  &gen.IntegrationLogRequest{Headers: jsonvalue.Value(`{"Accept": "application/json"}`), Payload: jsonvalue.MustOf(map[string]string{"note": filler})},
		Response: &gen.IntegrationLogResponse{Headers: jsonvalue.Value(`{"Content-Type": "application/json"}`), Body: str("Unauthorized")},
	}
	kv := map[string]string{name: secret}
	switch place % places {
	case 0:
		l.Request.Headers = jsonvalue.MustOf(map[string]string{name: secret, "Accept": "*/*"})
	case 1:
		l.Request.Headers = str("Accept: */*\r\n" + name + ": " + secret + "\r\nHost: shop.example")
	case 2:
		l.Request.Headers = str("{'User-Agent': 'python-requests/2.31', '" + name + "': '" + secret + "'}")
	case 3:
		l.Request.Payload = jsonvalue.Value(`{"order": {"line_items": [{"sku": "A-1", ` + jsonText(name) + `: ` + jsonText(secret) + `}]}}`)
	case 4:
		l.Request.Payload = str("grant_type=authorization_code&" + name + "=" + secret + "&redirect_uri=https%3A%2F%2Fpanel.sendcloud.sc%2F")
	case 5:
		l.Response.Body = str(jsonText(map[string]any{"error": kv, "url": "https://shop.example/?a=1&b=2"}))
	case 6:
		l.FullURL = new("https://shop.example/orders/12.json?page=2&" + name + "=" + secret)
	case 7:
		l.BaseURL = "https://admin:" + secret + "@shop.example"
	case 8:
		l.Exception = new("Authorization: Bearer " + secret)
	case 9:
		l.Exception = new("request sent with Basic " + secret + " was refused")
	case 10:
		l.Exception = new("invalid token eyJhbGciOiJIUzI1NiJ9.eyJ" + secret + ".c2lnbmF0dXJl")
	case 11:
		l.Exception = new("HTTPSConnectionPool(host='shop.example'): https://admin:" + secret + "@shop.example/x failed")
	case 12:
		l.Exception = new("bad credentials {'" + name + "': '" + secret + "', 'shop': 'x'}")
	case 13:
		l.AdditionalData = jsonvalue.MustOf(map[string]any{"context": map[string]any{"n": 1, name: secret}})
	case 14:
		l.Response.Headers = jsonvalue.MustOf(map[string]string{"Set-Cookie": "sessionid=" + secret + "; Path=/", "Content-Type": "text/html"})
	case 15:
		l.Response.Body = jsonvalue.Value(`"redirect to https:\/\/admin:` + secret + `@shop.example\/login"`)
	case 16:
		l.Response.Headers = jsonvalue.MustOf(map[string]string{"Location": "https://shop.example/cb?code=" + secret + "&state=xyz"})
	case 17:
		l.Exception = new("404 Client Error: Not Found for url: https://shop.example/x?" + name + "=" + secret)
	case 18:
		l.Request.Headers = jsonvalue.Value(`[{"name": ` + jsonText(name) + `, "value": ` + jsonText(secret) + `}]`)
	case 19:
		l.Request.Payload = str(`<?xml version="1.0"?><prestashop><auth><` + name + `><![CDATA[` + secret + `]]></` + name + `></auth></prestashop>`)
	case 20:
		l.FullURL = new("https://shop.example/login?redirect_uri=https%3A%2F%2Fapp.example%2Fcb%3F" + name + "%3D" + secret + "%26x%3D1&y=2")
	case 21:
		l.Response.Body = str(`<html><form method="post"><input type="hidden" name="` + name + `" value="` + secret + `" /></form></html>`)
	// Doctor's causes and path patterns: secrets in the path.
	case 22:
		l.FullURL = new("https://shop.example/shop;jsessionid=" + secret + "/orders/12.json?page=2")
	case 23:
		l.FullURL = new("https://shop.example/cb%3F" + name + "%3D" + secret + "/orders.json")
	case 24:
		l.FullURL = new("https://shop.example/admin/shpat_" + secret + "/orders.json")
	case 25:
		l.FullURL = new("https://shop.example/orders;" + name + "=" + secret + "/12.json")
	// The gaps: PHP dumps, bracketed names, values holding quotes, a
	// scheme before the credential.
	case 26:
		l.Response.Body = str("Array\n(\n    [" + name + "] => " + secret + "\n    [status] => 1\n)\n")
	case 27:
		l.Response.Body = str("array(2) {\n  [\"" + name + "\"]=>\n  string(" + fmt.Sprint(len(secret)) + ") \"" + secret + "\"\n}")
	case 28:
		l.Response.Body = str("array (\n  '" + name + "' => '" + secret + "',\n)")
	case 29:
		l.Request.Payload = str("login[" + name + "]=" + secret + "&form[x]=1")
	case 30:
		l.Request.Payload = str("user%5B" + name + "%5D=" + secret + "&x=1")
	case 31:
		l.Exception = new(`Authorization: Token token="` + secret + `", email="a@shop.example"`)
	case 32:
		l.Exception = new(`Authorization: Digest username="sendcloud", realm="shop", response="` + secret + `"`)
	case 33:
		l.Exception = new("{'" + name + "': b'" + secret + "', 'x': u'ok'}")
	case 34:
		l.Request.Headers = str("{'" + name + "=Bearer " + secret + "', 'Accept=*/*'}")
	}
	return l
}

// unknownFields are members the spec does not know (yet), as a server may
// send them, with the secret in each; planted record JSON gets one
// (place-unknownFrom picks it): every JSON output keeps them, redacted.
var unknownFields = []func(name, secret string) string{
	func(name, secret string) string {
		return `"x_future":{` + jsonText(name) + `:` + jsonText(secret) + `,"note":"keep"}`
	},
	func(name, secret string) string {
		return `"callback_url":` + jsonText("https://shop.example/cb?"+name+"="+secret+"&a=1")
	},
	func(name, secret string) string { return `"x_headers":` + jsonText("Accept: */*\r\n"+name+": "+secret) },
	func(name, secret string) string {
		return `"x_list":[{"name":` + jsonText(name) + `,"value":` + jsonText(secret) + `}]`
	},
}

// recordJSON is l as a server sends it, with an unknown member holding
// the secret for the places past the known ones.
func recordJSON(l gen.IntegrationLog, place int, name, secret string) []byte {
	b, _ := json.Marshal(l)
	if place < places {
		return b
	}
	extra := unknownFields[(place-places)%len(unknownFields)](name, secret)
	return append(append(b[:len(b)-1], ','), append([]byte(extra), '}')...)
}

// places is how many places planted knows; unknownFields add more.
const places = 35

var fuzzIntegration atomic.Int64

// rawServer serves pages and integration lists as given, byte for byte: a
// server that sends members the spec does not know.
type rawServer struct {
	*httptest.Server
	pages sync.Map // integration id (string) -> page body
}

func newRawServer(t testing.TB) *rawServer {
	rs := &rawServer{}
	rs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		rest, ok := strings.CutPrefix(r.URL.Path, "/api/v3/integrations")
		switch {
		case ok && rest == "":
			body, _ := rs.pages.Load("integrations")
			if body == nil {
				body = []byte(`{"data":[]}`)
			}
			w.Write(body.([]byte))
		case ok && strings.HasSuffix(rest, "/logs"):
			body, found := rs.pages.Load(strings.Trim(strings.TrimSuffix(rest, "/logs"), "/"))
			if !found {
				http.Error(w, `{"errors":[{"status":"404","code":"not_found"}]}`, http.StatusNotFound)
				return
			}
			w.Write(body.([]byte))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(rs.Close)
	return rs
}

func (rs *rawServer) env() map[string]string {
	return map[string]string{envBaseURL: rs.URL + "/api/v3", envPublicKey: "pk", envSecretKey: "sk"}
}

// FuzzNoSecretInAnyOutput plants a secret at a random place of the issue's
// list (known fields, members the spec does not know, the URL's path that
// doctor groups by, PHP dumps, bracketed names, quoted credentials) under
// a random name and runs the CLI in-process against a loopback server: no
// output (list table, csv, json, ndjson; doctor table, json and the HTML
// report; integrations in every format) shows it, every output still
// parses, and no control, bidi or invisible character of the filler
// reaches the terminal raw; with --no-redact the secret is there (the
// check can fail).
func FuzzNoSecretInAnyOutput(f *testing.F) {
	for place := range places + len(unknownFields) {
		f.Add([]byte(fmt.Sprint("seed", place)), uint8(place), uint8(place*7), "requests.exceptions.HTTPError")
	}
	f.Add([]byte{0, 255, 17}, uint8(3), uint8(1), "=cmd|' /C calc'!A0\x1b]0;x\x07\u202e")
	rs := newRawServer(f)
	env := rs.env()
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, seed []byte, placeB, nameIdx uint8, filler string) {
		secret := secretFrom(seed)
		if strings.Contains(filler, secret) {
			return
		}
		place := int(placeB) % (places + len(unknownFields))
		name := secretNames[int(nameIdx)%len(secretNames)]
		id := int(1000 + fuzzIntegration.Add(1))
		ids := fmt.Sprint(id)
		rec := recordJSON(planted(place, name, secret, filler), place, name, secret)
		rs.pages.Store(ids, []byte(`{"data":[`+string(rec)+`]}`))
		integ := `{"id":` + ids + `,"shop_name":` + jsonText(filler) + `,"shop_url":"https://admin:` + secret + `@shop.example",` +
			unknownFields[place%len(unknownFields)](name, secret) + `}`
		rs.pages.Store("integrations", []byte(`{"data":[`+integ+`]}`))
		html := filepath.Join(dir, ids+".html")
		for _, args := range [][]string{
			{"list", ids, "-o", "table"}, {"list", ids, "-o", "csv"}, {"list", ids, "-o", "json"},
			{"list", ids, "-o", "ndjson"}, {"doctor", ids}, {"doctor", ids, "-o", "json", "--html", html},
			{"integrations", "-o", "table"}, {"integrations", "-o", "json"}, {"integrations", "-o", "ndjson"},
			{"integrations", "-o", "csv"},
		} {
			code, out, errOut := run(t, env, args...)
			if code != 0 {
				t.Fatalf("%v: exit %d: %s", args, code, errOut)
			}
			if strings.Contains(out, secret) || strings.Contains(errOut, secret) {
				t.Fatalf("%v shows the secret %q (place %d, name %q):\n%s", args, secret, place, name, out)
			}
			if args[0] == "list" {
				checkParses(t, args, out)
			}
		}
		report, err := os.ReadFile(html)
		if err != nil {
			t.Fatal(err)
		}
		os.Remove(html)
		if strings.Contains(string(report), secret) {
			t.Fatalf("the HTML report shows the secret %q (place %d, name %q)", secret, place, name)
		}
		for _, args := range [][]string{{"list", ids, "-o", "ndjson", "--no-redact"}, {"integrations", "-o", "json", "--no-redact"}} {
			_, raw, _ := run(t, env, args...)
			if !strings.Contains(raw, secret) {
				t.Fatalf("%v lacks the secret %q (place %d):\n%s", args, secret, place, raw)
			}
		}
	})
}

// checkParses checks the output of args is well formed for its format, and
// that terminal formats carry no escape, C1, bidi or invisible character.
func checkParses(t *testing.T, args []string, out string) {
	t.Helper()
	format := "table"
	if len(args) > 3 {
		format = args[3]
	}
	switch {
	case format == "json":
		var v []any
		if err := json.Unmarshal([]byte(out), &v); err != nil || len(v) == 0 {
			t.Fatalf("%v: not a JSON array (%v):\n%s", args, err, out)
		}
	case format == "ndjson":
		for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			if !json.Valid([]byte(line)) {
				t.Fatalf("%v: invalid line %q", args, line)
			}
		}
	case format == "csv":
		rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil || len(rows) != 2 {
			t.Fatalf("%v: %d rows, %v:\n%s", args, len(rows), err, out)
		}
	}
	if format == "json" || format == "ndjson" {
		out = strings.ReplaceAll(out, "\n", "")
	} else {
		out = strings.NewReplacer("\n", "", "\r", "").Replace(out)
	}
	for i, r := range out {
		if r < 0x20 || r >= 0x7f && r < 0xa0 || r >= 0x200b && r <= 0x200f || r >= 0x202a && r <= 0x202e ||
			r >= 0x2066 && r <= 0x2069 || r == 0x2028 || r == 0x2029 || r == 0xfeff || r == 0x061c ||
			r == utf8.RuneError && !bytes.HasPrefix([]byte(out[i:]), []byte("\uFFFD")) {
			t.Fatalf("%v: %U written raw at %d:\n%q", args, r, i, out)
		}
	}
}
