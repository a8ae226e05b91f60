package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// asReceived serves records and integrations byte for byte as given.
func asReceived(t *testing.T, logs, integrations string) map[string]string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/api/v3/integrations/7/logs", "/api/v3/integrations/logs":
			_, _ = w.Write([]byte(logs))
		case "/api/v3/integrations":
			_, _ = w.Write([]byte(integrations))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return map[string]string{"SENDCLOUD_BASE_URL": srv.URL + "/api/v3", "SENDCLOUD_PUBLIC_KEY": "pk", "SENDCLOUD_SECRET_KEY": "sk"}
}

// Records go out as received, redacted once: JSON and NDJSON keep every
// member (known or not) in the server's order, with nulls and spacing
// dropped only between tokens; secrets in unknown members and in the forms
// shop systems print (PHP dumps, bracketed names, quoted credentials) are
// redacted in every format; --no-redact shows the bytes as sent.
func TestRecordsAsReceived(t *testing.T) {
	t.Parallel()
	rec1 := `{"zz_first": "kept first", "id": 2, "created_at": "2025-11-24T12:41:23.123456+01:00",
	 "base_url": "https://shop.example", "full_url": "https://shop.example/shop;jsessionid=Qk9zX2Vy7LpT/orders/5.json?status=any",
	 "method": "GET", "response_code": 401, "exception_type": "requests.exceptions.HTTPError",
	 "exception": "Authorization: Token token=\"tok-9f8e7d\", email=\"a@shop.example\"",
	 "response": {"headers": null, "body": "Array\n(\n    [password] => hunter2-php\n    [status] => 1\n)\n"},
	 "request": {"headers": {"Accept": "*/*"}, "payload": "login[password]=pw-bracket&user%5Bpassword%5D=pw-encoded&qty=1"},
	 "x_future": {"api_key": "k-unknown-42", "plan": "gold", "nested": [{"name": "X-Api-Key", "value": "k-pair-7"}]},
	 "integration_id": null}`
	rec2 := `{"id":1,"base_url":"https://shop.example","full_url":"https://shop.example/shop;jsessionid=Zz1Yy2Xx3Ww4/orders/6.json",
	 "response_code":401,"exception_type":"requests.exceptions.HTTPError","x_new":"https://u:pw-userinfo@h.example/cb?access_token=tok-q&a=1"}`
	integrations := `{"data":[{"id":7,"shop_name":"Shop","shop_url":"https://admin:pw-shop@shop.example","x_new":{"api_key":"k-integ-3","tier":"b"}}]}`
	env := asReceived(t, `{"data":[`+rec1+`,`+rec2+`]}`, integrations)
	secrets := []string{"Qk9zX2Vy7LpT", "Zz1Yy2Xx3Ww4", "tok-9f8e7d", "hunter2-php", "pw-bracket", "pw-encoded", "k-unknown-42",
		"k-pair-7", "pw-userinfo", "tok-q", "pw-shop", "k-integ-3"}

	nd := sclogsRun(t, env, "list", "7", "-o", "ndjson").wantCode(t, 0).stdout
	lines := strings.Split(strings.TrimSuffix(nd, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines:\n%s", len(lines), nd)
	}
	for _, want := range []string{`{"zz_first":"kept first","id":2,"created_at":"2025-11-24T12:41:23.123456+01:00",`,
		`"x_future":{"api_key":"[REDACTED]","plan":"gold","nested":[{"name":"X-Api-Key","value":"[REDACTED]"}]},"integration_id":null}`,
		`"response":{"headers":null,"body":"Array\n(\n    [password] => [REDACTED]\n    [status] => 1\n)\n"}`,
		`"payload":"login[password]=[REDACTED]\u0026user%5Bpassword%5D=[REDACTED]\u0026qty=1"`, `"exception":"Authorization: [REDACTED]"`,
		`shop;jsessionid=[REDACTED]/orders/5.json?status=any`} {
		if !strings.Contains(lines[0], strings.ReplaceAll(want, `\u0026`, `&`)) {
			t.Errorf("ndjson lacks %s:\n%s", want, lines[0])
		}
	}
	if !strings.Contains(lines[1], `"x_new":"https://u:[REDACTED]@h.example/cb?access_token=[REDACTED]&a=1"`) {
		t.Errorf("unknown member not redacted as text: %s", lines[1])
	}
	raw := sclogsRun(t, env, "list", "7", "-o", "ndjson", "--no-redact").wantCode(t, 0).stdout
	arr := sclogsRun(t, env, "list", "7", "-o", "json").wantCode(t, 0).stdout
	var decoded []map[string]any
	if err := json.Unmarshal([]byte(arr), &decoded); err != nil || len(decoded) != 2 || decoded[0]["x_future"] == nil {
		t.Errorf("json: %v %v", err, decoded)
	}
	html := filepath.Join(t.TempDir(), "r.html")
	outputs := map[string]string{
		"ndjson": nd, "json": arr,
		"table":        sclogsRun(t, env, "list", "7", "--wide").wantCode(t, 0).stdout,
		"csv":          sclogsRun(t, env, "list", "7", "-o", "csv").wantCode(t, 0).stdout,
		"doctor":       sclogsRun(t, env, "doctor", "7", "--wide").wantCode(t, 0).stdout,
		"doctor json":  sclogsRun(t, env, "doctor", "7", "-o", "json", "--html", html).wantCode(t, 0).stdout,
		"account":      sclogsRun(t, env, "doctor", "-o", "json").wantCode(t, 0).stdout,
		"account list": sclogsRun(t, env, "list", "--all", "-o", "ndjson").wantCode(t, 0).stdout, // the parallel merge
		"account 1":    sclogsRun(t, env, "list", "--all", "--concurrency", "1", "-o", "csv").wantCode(t, 0).stdout,
		"integrations": sclogsRun(t, env, "integrations", "-o", "ndjson").wantCode(t, 0).stdout,
		"integ table":  sclogsRun(t, env, "integrations", "--wide").wantCode(t, 0).stdout,
	}
	report, err := os.ReadFile(html)
	if err != nil {
		t.Fatal(err)
	}
	outputs["html"] = string(report)
	for name, out := range outputs {
		for _, s := range secrets {
			if strings.Contains(out, s) {
				t.Errorf("%s shows %q", name, s)
			}
		}
	}
	for _, s := range secrets[:10] {
		if !strings.Contains(raw, s) {
			t.Errorf("--no-redact lacks %q", s)
		}
	}
	if !strings.Contains(outputs["account list"], `"x_future":{"api_key":"[REDACTED]","plan":"gold"`) {
		t.Errorf("account-wide list lost the unknown member: %s", outputs["account list"])
	}
	if !strings.Contains(outputs["integrations"], `"x_new":{"api_key":"[REDACTED]","tier":"b"}`) {
		t.Errorf("integrations ndjson: %s", outputs["integrations"])
	}
	if rawInteg := sclogsRun(t, env, "integrations", "-o", "json", "--no-redact").wantCode(t, 0).stdout; !strings.Contains(rawInteg, "k-integ-3") {
		t.Errorf("integrations --no-redact: %s", rawInteg)
	}
	// One cause for both sessions, its pattern redacted.
	var groups []struct {
		Count       int    `json:"count"`
		PathPattern string `json:"path_pattern"`
	}
	if err := json.Unmarshal([]byte(outputs["doctor json"]), &groups); err != nil {
		t.Fatal(err)
	}
	if len(groups) != 1 || groups[0].Count != 2 || groups[0].PathPattern != "/shop;jsessionid=[REDACTED]/orders/{id}.json" {
		t.Errorf("doctor groups %+v", groups)
	}
}
