package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/sclogs/sclogs"
	"github.com/sclogs/sclogs/cmd/sclogs/internal/output"
	"github.com/sclogs/sclogs/sclogstest"
)

// list -o json/ndjson without filters reads pages for their records only
// (ListOptions.RawOnly and ReuseRaw: no Log built, the pages' memory
// reused). Its output is byte for byte what the decoding walk writes, on
// the fake's data of every shop system, redacted or not, account-wide and
// per integration (the account-wide listing holds every system), in small pages and the CLI's own; and the commands
// write exactly that.
func TestRawOnlyListWritesTheSameBytes(t *testing.T) {
	t.Parallel()
	srv := sclogstest.NewServer(sclogstest.WithIntegrations(6), sclogstest.WithLogsPerIntegration(40))
	t.Cleanup(srv.Close)
	env := fakeEnv(srv)
	c, err := sclogs.NewClient(sclogs.WithBaseURL(srv.URL()), sclogs.WithBasicAuth(srv.PublicKey(), srv.SecretKey()), sclogs.WithRateLimit(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	ints, err := c.ListIntegrations(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	systems := map[string]bool{}
	for _, in := range ints {
		systems[in.GetType()] = true
	}
	for _, want := range []string{"shopify", "woocommerce", "magento_2", "lightspeed_retail", "prestashop_v2"} {
		if !systems[want] {
			t.Fatalf("the fake's integrations %v have no %s shop", systems, want)
		}
	}
	a := newApp(strings.NewReader(""), io.Discard, io.Discard, func(k string) string { return env[k] })
	write := func(id int, opts sclogs.ListOptions, format output.Format, redact, view bool) string {
		var b bytes.Buffer
		out, err := output.New(&b, format)
		if err != nil {
			t.Fatal(err)
		}
		visit := func(r output.Record, _ *sclogs.Page, _ bool) (bool, error) { return true, out.Write(r) }
		if _, err := a.walkLogs(context.Background(), c, id, opts, redact, view, filter{}, visit); err != nil {
			t.Fatal(err)
		}
		if err := out.Close(); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	for _, id := range []int{accountWide, 1, 2} {
		for _, format := range []output.Format{output.NDJSON, output.JSON} {
			for _, redact := range []bool{true, false} {
				for _, opts := range []sclogs.ListOptions{{PageSize: 7, Prefetch: 2}, {PageSize: maxPageSize, Prefetch: 1}} {
					name := fmt.Sprintf("id=%d,%s,redact=%v,size=%d", id, format, redact, opts.PageSize)
					decoded := write(id, opts, format, redact, true)
					raw := write(id, opts, format, redact, false)
					if raw != decoded {
						t.Errorf("%s: the records-only walk writes %d bytes, the decoding walk %d, or other bytes", name, len(raw), len(decoded))
					}
					if strings.Count(decoded, "{\"") == 0 {
						t.Errorf("%s: no records written", name)
					}
					if opts.PageSize != maxPageSize {
						continue
					}
					args := []string{"list", "--all", "-o", string(format), "--rate", "0"}
					if id == accountWide {
						args = append(args, "--concurrency", "1") // the single account-wide listing
					} else {
						args = append(args, fmt.Sprint(id))
					}
					if !redact {
						args = append(args, "--no-redact")
					}
					code, stdout, stderr := run(t, env, args...)
					if code != 0 || stdout != decoded {
						t.Errorf("%v: exit %d, %d bytes (want the decoding walk's %d)\n%s", args, code, len(stdout), len(decoded), stderr)
					}
				}
			}
		}
	}
}
