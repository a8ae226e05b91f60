package main

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/sclogs/sclogs/sclogstest"
)

var (
	// sensitiveHeader names the sensitive headers the fake's data holds.
	sensitiveHeader = regexp.MustCompile(`(?i)^(authorization|proxy-authorization|cookie|set-cookie|x-shopify-access-token|x-api-key)$`)
	// secretKey finds the values of the secret JSON keys the fake's
	// payloads and bodies hold (also in JSON text inside a string), and the
	// OAuth code: not an error code such as woocommerce_rest_….
	secretKey = regexp.MustCompile(`\\?"(client_secret|secret|password|order_key|code)\\?":\s*\\?"([^"\\]+)`)
	errorCode = regexp.MustCompile(`^[a-z_.]+$`)
	// headerInText finds them in headers sent as one string (lines, JSON or
	// a Python dict's repr).
	headerInText = regexp.MustCompile(`(?i)['"]?\b(authorization|cookie|set-cookie|x-shopify-access-token)['"]?[ \t]*:[ \t]*(?:'([^']*)'|"([^"]*)"|([^\r\n]*))`)
	// secretParam finds sensitive query parameters anywhere in a record.
	secretParam = regexp.MustCompile(`(?i)[?&;](consumer_key|consumer_secret|access_token|token|api_key|apikey|key|ws_key|signature|sig|password|secret|client_secret)=([^&;#?\s"'<>()\[\]{},\\]+)`)
)

// secretsOf returns, for one raw NDJSON line, every secret value the
// redaction rules cover, found independently of the redact package.
func secretsOf(t *testing.T, line string) []string {
	t.Helper()
	var rec struct {
		Request, Response struct {
			Headers json.RawMessage `json:"headers"`
		}
	}
	if err := json.Unmarshal([]byte(line), &rec); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, h := range []json.RawMessage{rec.Request.Headers, rec.Response.Headers} {
		var obj map[string]any
		var text string
		switch {
		case json.Unmarshal(h, &obj) == nil && obj != nil:
			for k, v := range obj {
				if s, ok := v.(string); ok && sensitiveHeader.MatchString(k) {
					out = append(out, s)
				}
			}
		case json.Unmarshal(h, &text) == nil:
			for _, m := range headerInText.FindAllStringSubmatch(text, -1) {
				out = append(out, strings.TrimSpace(m[2]+m[3]+m[4]))
			}
		}
	}
	for _, m := range secretParam.FindAllStringSubmatch(line, -1) {
		out = append(out, m[2])
	}
	for _, m := range secretKey.FindAllStringSubmatch(line, -1) {
		if m[1] != "code" || !errorCode.MatchString(m[2]) {
			out = append(out, m[2])
		}
	}
	// JSON-encode as they appear in the line; longest first, so that no
	// secret is replaced inside a longer one.
	for i, s := range out {
		b, _ := json.Marshal(s)
		out[i] = strings.Trim(string(b), `"`)
	}
	out = slices.DeleteFunc(out, func(s string) bool { return s == "" || s == "[REDACTED]" })
	slices.SortFunc(out, func(a, b string) int { return len(b) - len(a) })
	return out
}

// Redaction is on by default in every format; --no-redact prints the API's
// bytes; and nothing but the secrets changes: each redacted NDJSON line is
// exactly the raw line with its secret values replaced by [REDACTED].
func TestRedaction(t *testing.T) {
	t.Parallel()
	for _, seed := range []int64{sclogstest.DefaultSeed, 4} { // 4: Lightspeed, PrestaShop, Shopify
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) { testRedaction(t, seed) })
	}
}

func testRedaction(t *testing.T, seed int64) {
	srv := newFake(t, sclogstest.WithSeed(seed))
	env := basicEnv(srv)
	total, replaced := 0, 0
	var allSecrets []string
	for _, id := range []string{"1", "2", "3"} {
		raw := sclogsRun(t, env, "list", id, "--all", "--no-redact", "-o", "ndjson").wantCode(t, 0).stdout
		red := sclogsRun(t, env, "list", id, "--all", "-o", "ndjson").wantCode(t, 0).stdout
		rawLines := strings.Split(strings.TrimSuffix(raw, "\n"), "\n")
		redLines := strings.Split(strings.TrimSuffix(red, "\n"), "\n")
		if len(rawLines) != len(redLines) {
			t.Fatalf("integration %s: %d raw lines, %d redacted", id, len(rawLines), len(redLines))
		}
		for i, line := range rawLines {
			total++
			secrets := secretsOf(t, line)
			want := line
			for _, s := range secrets {
				if !strings.Contains(line, s) {
					t.Fatalf("--no-redact line lacks %q", s)
				}
				want = strings.ReplaceAll(want, s, "[REDACTED]")
			}
			if len(secrets) > 0 {
				replaced++
			}
			allSecrets = append(allSecrets, secrets...)
			if redLines[i] != want {
				t.Errorf("integration %s record %d:\n got %s\nwant %s", id, i, redLines[i], want)
			}
		}
	}
	if replaced < total/4 {
		t.Fatalf("only %d of %d records held a secret: the fake's data proves too little", replaced, total)
	}

	// No secret in any other format either.
	for _, format := range []string{"table", "json", "csv"} {
		var out string
		for _, id := range []string{"1", "2", "3"} {
			out += sclogsRun(t, env, "list", id, "--all", "-o", format).wantCode(t, 0).stdout
		}
		if !strings.Contains(out, "[REDACTED]") {
			t.Errorf("%s: nothing redacted", format)
		}
		for _, s := range allSecrets {
			if len(s) >= 6 && strings.Contains(out, s) {
				t.Errorf("%s shows %q", format, s)
				break
			}
		}
	}
}
