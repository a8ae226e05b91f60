package scrub

import (
	"net/url"
	"strings"
	"testing"

	"github.com/sclogs/sclogs/internal/redact"
)

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestRedactURL(t *testing.T) {
	t.Parallel()
	u := mustURL(t, "https://u:pw@h.example/p?cursor=a%2Cb&api_key=k1&signature=s1&page_size=5")
	got := URL(u)
	want := "https://h.example/p?cursor=a%2Cb&api_key=[REDACTED]&signature=[REDACTED]&page_size=5"
	if got != want {
		t.Errorf("redactURL = %q, want %q", got, want)
	}
}

// The library reads the module's one list of secret names (the CLI's
// redaction reads it too): every name on it is redacted from a URL in a
// log line or error, and a name that only contains one as letters (monkey,
// author) is not.
func TestRedactURLReadsTheOneList(t *testing.T) {
	t.Parallel()
	for _, name := range redact.SecretNames() {
		forms := []string{name, "x_" + name, strings.ToUpper(name)}
		if name == "code" {
			forms = forms[:1] // secret only as the whole name: carrier_code is not
		}
		for _, form := range forms {
			got := URL(mustURL(t, "https://h.example/p?"+url.QueryEscape(form)+"=s3cr3t&page=2"))
			if strings.Contains(got, "s3cr3t") || !strings.Contains(got, "="+redact.Placeholder) || !strings.HasSuffix(got, "&page=2") {
				t.Errorf("%s: %s", form, got)
			}
		}
	}
	for _, name := range []string{"monkey", "keyword", "author", "page", "cursor", "token_type"} {
		if got := URL(mustURL(t, "https://h.example/p?"+name+"=v")); !strings.HasSuffix(got, name+"=v") {
			t.Errorf("%s redacted: %s", name, got)
		}
	}
}

func TestRedactURLKeepsPlainQuery(t *testing.T) {
	t.Parallel()
	const s = "https://h.example/p?page_size=5&cursor=2023-03-01T02%3A02%3A00%2B01%3A00"
	if got := URL(mustURL(t, s)); got != s {
		t.Errorf("redactURL = %q, want %q", got, s)
	}
}
