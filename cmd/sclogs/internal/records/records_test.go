package records

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/sclogs/sclogs"
	"github.com/sclogs/sclogs/cmd/sclogs/internal/follow"
)

const page = `{"data":[{"id":2,"full_url":"https://shop.example/o?access_token=tok-1&a=1","x_new":{"api_key":"k-2"}},` +
	`{"id":1,"exception":"Authorization: Token token=\"tok-3\""}]}`

var secrets = []string{"tok-1", "k-2", "tok-3"}

func client(t *testing.T, body string) *sclogs.Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	c, err := sclogs.NewClient(sclogs.WithBaseURL(srv.URL+"/api/v3"), sclogs.WithBasicAuth("pk", "sk"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The follow engine (and so --follow and the exporter) reads pages through
// Redacted: every record it hands out, decoded and as bytes, is redacted,
// members the spec does not know included; with redact false they pass as
// received. A page without its records' bytes is refused.
func TestRedactedSource(t *testing.T) {
	t.Parallel()
	c := client(t, page)
	src := func(ctx context.Context, cursor string) (*sclogs.Page, error) {
		return c.ListLogs(ctx, 7, &sclogs.ListOptions{Cursor: cursor, KeepRaw: true})
	}
	for _, redact := range []bool{true, false} {
		res, err := follow.New(Redacted(src, redact), follow.Options{Initial: 10}).Poll(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Logs) != 2 || len(res.Raw) != 2 {
			t.Fatalf("%d logs, %d raw", len(res.Logs), len(res.Raw))
		}
		all := string(res.Raw[0]) + string(res.Raw[1]) + res.Logs[0].GetException() + res.Logs[1].GetFullURL()
		for _, s := range secrets {
			if strings.Contains(all, s) == redact {
				t.Errorf("redact %v: %q in %s", redact, s, all)
			}
		}
		if redact && !strings.Contains(string(res.Raw[1]), `"x_new":{"api_key":"[REDACTED]"}`) {
			t.Errorf("unknown member: %s", res.Raw[1])
		}
	}
	noRaw := func(ctx context.Context, cursor string) (*sclogs.Page, error) { return c.ListLogs(ctx, 7, nil) }
	if _, err := follow.New(Redacted(noRaw, true), follow.Options{Initial: 10}).Poll(context.Background()); !errors.Is(err, ErrNoRaw) {
		t.Errorf("a page without its records' bytes: %v", err)
	}
}

// Integrations are redacted whole, unknown members included; list[i] is
// the decoding of raw[i].
func TestIntegrations(t *testing.T) {
	t.Parallel()
	c := client(t, `{"data":[{"id":3,"shop_name":"S","shop_url":"https://admin:pw-9@shop.example","x":{"password":"pw-8"}}]}`)
	list, raw, err := Integrations(context.Background(), c, nil, true)
	if err != nil || len(list) != 1 || len(raw) != 1 {
		t.Fatal(list, raw, err)
	}
	if got := string(raw[0]); got != `{"id":3,"shop_name":"S","shop_url":"https://admin:[REDACTED]@shop.example","x":{"password":"[REDACTED]"}}` {
		t.Errorf("raw %s", got)
	}
	if list[0].GetShopURL() != "https://admin:[REDACTED]@shop.example" {
		t.Errorf("decoded %+v", list[0])
	}
	_, raw, _ = Integrations(context.Background(), c, nil, false)
	if !strings.Contains(string(raw[0]), "pw-8") {
		t.Errorf("--no-redact: %s", raw[0])
	}
}
