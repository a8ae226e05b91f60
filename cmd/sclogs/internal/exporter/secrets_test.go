package exporter

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"html"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/sclogs/sclogs"
	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/jsonvalue"
	"github.com/sclogs/sclogs/sclogstest"
)

// Credentials planted where a server can put them — shop names and every
// field of the logs, as sent and encoded — never reach /metrics (text and
// gzip, raw and with the label escapes undone) or the log, in any encoding.
func TestNoCredentialsInMetricsOrLog(t *testing.T) {
	t.Parallel()
	const pub, sec = "pub-KEY-7391xq", "Sec/r3t+Very=Long-9941"
	const shopToken = "shpat_0123456789abcdef0123456789abcdef"
	const shopPassword = "hunter2-Hunter2-hunter2"
	f := newFixture(t, Config{}, sclogstest.WithBasicAuth(pub, sec))
	pair := pub + ":" + sec
	planted := []string{
		sec, pub, pair, url.QueryEscape(sec), url.PathEscape(sec),
		base64.StdEncoding.EncodeToString([]byte(pair)), "Basic " + base64.StdEncoding.EncodeToString([]byte(pair)),
		base64.URLEncoding.EncodeToString([]byte(sec)), base64.RawStdEncoding.EncodeToString([]byte(sec)),
		strings.ReplaceAll(strconv.QuoteToASCII(sec), "/", `\/`), html.EscapeString(sec) + "&#47;",
		"https://" + pub + ":" + url.QueryEscape(sec) + "@shop.example/",
		"token=" + shopToken, "password=" + shopPassword, "Authorization: Bearer " + shopToken,
		sec[:6] + "\u200b" + sec[6:], // a zero-width space must not join into the secret
	}
	ctx := context.Background()
	// One integration per planted form, the form first in its shop name so
	// that the 64-character cut cannot hide it.
	for i, p := range planted {
		id := 100 + i
		exc := "boom " + p
		full := "https://shop.example/api?key=" + url.QueryEscape(p)
		code := 401
		f.srv.AddLogs(id, gen.IntegrationLog{BaseURL: "https://shop.example/" + p, FullURL: &full, Exception: &exc,
			ExceptionType: &exc, ResponseCode: &code,
			Request: &gen.IntegrationLogRequest{Headers: jsonvalue.Value(fmt.Sprintf(`{"Authorization": %q}`, p))}})
		name := p + " shop"
		if err := f.client.UpdateIntegration(ctx, id, sclogs.IntegrationUpdate{ShopName: &name}); err != nil {
			t.Fatalf("planting %q: %v", p, err)
		}
	}
	f.poll(t)
	for i, p := range planted { // and as new logs
		exc := p
		f.srv.AddLogs(100+i, gen.IntegrationLog{BaseURL: p, Exception: &exc, ExceptionType: &exc})
	}
	f.poll(t)
	_, _, gz := f.get(t, "/metrics", "Accept-Encoding", "gzip")
	text := f.scrape(t)
	var labels strings.Builder
	for _, mf := range families(t, text) {
		for _, m := range mf.GetMetric() {
			for _, l := range m.GetLabel() {
				labels.WriteString(l.GetValue() + "\n")
			}
		}
	}
	outputs := map[string]string{"/metrics": text, "/metrics gzip": gunzip(t, gz), "label values": labels.String(), "log": f.log.String()}
	if !strings.Contains(text, "[REDACTED]") {
		t.Errorf("no shop name was redacted: the test plants nothing\n%s", text)
	}
	for _, secret := range []string{sec, pair, shopToken, shopPassword, pub} {
		for _, form := range encodings(secret) {
			for where, out := range outputs {
				if strings.Contains(out, form) || strings.Contains(strings.ToLower(out), strings.ToLower(form)) && len(form) > 12 {
					t.Errorf("%s holds %q (a form of %q)", where, form, secret)
				}
			}
		}
	}
}

// encodings are the forms of a secret to look for.
func encodings(s string) []string {
	b := []byte(s)
	return []string{
		s, url.QueryEscape(s), url.PathEscape(s), html.EscapeString(s),
		strings.Trim(strconv.QuoteToASCII(s), `"`), strings.ReplaceAll(s, "/", `\/`),
		base64.StdEncoding.EncodeToString(b), base64.RawStdEncoding.EncodeToString(b),
		base64.URLEncoding.EncodeToString(b), base64.RawURLEncoding.EncodeToString(b),
		hex.EncodeToString(b), strings.ToUpper(hex.EncodeToString(b)),
	}
}
