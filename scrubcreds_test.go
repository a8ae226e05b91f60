package sclogs

import (
	"encoding/base64"
	"net/url"
	"strings"
	"testing"
)

func TestScrubCredentials(t *testing.T) {
	t.Parallel()
	const pub, sec = "pub-Key-1234", "s3cr3t/Value+x"
	basic, err := NewClient(WithBasicAuth(pub, sec), WithBaseURL("http://127.0.0.1:1/api/v3"))
	if err != nil {
		t.Fatal(err)
	}
	oauth, err := NewClient(WithOAuth2ClientCredentials(pub, sec), WithBaseURL("http://127.0.0.1:1/api/v3"),
		WithTokenURL("http://127.0.0.1:1/token"))
	if err != nil {
		t.Fatal(err)
	}
	pair := base64.StdEncoding.EncodeToString([]byte(pub + ":" + sec))
	forms := []string{
		sec, pub, url.QueryEscape(sec), url.PathEscape(sec), pair, "Basic " + pair,
		base64.StdEncoding.EncodeToString([]byte(sec)), strings.ReplaceAll(sec, "/", `\/`),
		`\u0073\u0033cr3t/Value+x`, "s3cr3t&#47;Value+x",
	}
	for name, c := range map[string]*Client{"basic": basic, "oauth2": oauth} {
		for _, f := range forms {
			in := "Shop " + f + " Delft"
			got := c.ScrubCredentials(in)
			if strings.Contains(got, f) || !strings.Contains(got, "[REDACTED]") {
				t.Errorf("%s: ScrubCredentials(%q) = %q", name, in, got)
			}
		}
		if got := c.ScrubCredentials("Fietsenwinkel Delft"); got != "Fietsenwinkel Delft" {
			t.Errorf("%s: a plain name changed: %q", name, got)
		}
	}
	none, err := NewClient(WithBaseURL("http://127.0.0.1:1/api/v3"))
	if err != nil {
		t.Fatal(err)
	}
	if got := none.ScrubCredentials("Shop " + sec); got != "Shop "+sec {
		t.Errorf("no credentials: %q", got)
	}
}
