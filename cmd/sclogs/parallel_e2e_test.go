package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sclogs/sclogs/sclogstest"
)

// requestsTo counts srv's requests to paths for which match holds.
func requestsTo(srv *sclogstest.Server, match func(path string) bool) int {
	n := 0
	for _, r := range srv.Requests() {
		if match(r.URL.Path) {
			n++
		}
	}
	return n
}

func perIntegration(p string) bool {
	return strings.HasPrefix(p, "/api/v3/integrations/") && strings.HasSuffix(p, "/logs") && p != "/api/v3/integrations/logs"
}

// doctor reads the account integration by integration with --concurrency
// (and by default), and its diagnosis is the single cursor's, byte for
// byte, in every format; so is list --all's output, in the same order.
func TestParallelAccountIsTheSingleCursor(t *testing.T) {
	t.Parallel()
	srv := newFake(t, sclogstest.WithIntegrations(9), sclogstest.WithLogsPerIntegration(57), sclogstest.WithFullHistory())
	env := basicEnv(srv)
	dir := t.TempDir()
	for _, args := range [][]string{
		{"doctor", "-o", "json"},
		{"doctor", "--wide"},
		{"doctor", "--wide", "--since", "2025-11-23T12:00:00Z", "--until", "2025-11-24T06:00:00Z", "--page-size", "7"},
		{"list", "--all", "-o", "ndjson"},
		{"list", "--all", "-o", "csv", "--status", "500", "--page-size", "9"},
		{"list", "--all", "--since", "2025-11-24T00:00:00Z"},
	} {
		var outs []string
		for i, conc := range []string{"1", "8", "3", ""} {
			a := append([]string{}, args...)
			if conc != "" {
				a = append(a, "--concurrency", conc)
			}
			html := ""
			if args[0] == "doctor" {
				html = filepath.Join(dir, "r"+conc+".html")
				a = append(a, "--html", html)
			}
			before := requestsTo(srv, perIntegration)
			beforeAll := requestsTo(srv, func(p string) bool { return p == "/api/v3/integrations/logs" })
			r := sclogsRun(t, env, a...).wantCode(t, 0)
			out := r.stdout
			if html != "" {
				b, err := os.ReadFile(html)
				if err != nil {
					t.Fatal(err)
				}
				// The report says when it was made: the rest must agree.
				out += stripGenerated(string(b))
			}
			outs = append(outs, out)
			single := requestsTo(srv, func(p string) bool { return p == "/api/v3/integrations/logs" }) - beforeAll
			parallel := requestsTo(srv, perIntegration) - before
			if (conc == "1") != (single > 0) || (conc == "1") == (parallel > 0) {
				t.Errorf("%v --concurrency %q: %d account-wide and %d per-integration requests", args, conc, single, parallel)
			}
			if i > 0 && out != outs[0] {
				t.Errorf("%v: --concurrency %q differs from --concurrency 1:\n%.2000s\n---\n%.2000s", args, conc, out, outs[0])
			}
		}
		if len(outs[0]) < 100 {
			t.Errorf("%v: output too short to compare: %q", args, outs[0])
		}
	}
}

// stripGenerated drops the time an HTML report was made (the fake's data
// is from 2025; the report is made now).
func stripGenerated(page string) string {
	return madeAt.ReplaceAllString(page, "(made)")
}

var madeAt = regexp.MustCompile(`20(2[6-9]|[3-9]\d)-\d\d-\d\d[ T]\d\d:\d\d(:\d\d)?`)

func TestRateAndConcurrencyFlags(t *testing.T) {
	t.Parallel()
	srv := newFake(t, sclogstest.WithIntegrations(3), sclogstest.WithLogsPerIntegration(5))
	env := basicEnv(srv)
	for _, args := range [][]string{
		{"doctor", "--rate", "fast"}, {"doctor", "--rate", "10"}, {"doctor", "--rate", "-1/min"}, {"doctor", "--rate", "5/fortnight"},
		{"doctor", "--concurrency", "0"}, {"doctor", "--concurrency", "65"}, {"list", "--all", "--concurrency", "-2"},
		{"list", "--all", "--cursor", "2025-11-24T00:00:00Z", "--concurrency", "4"}, {"list"},
	} {
		r := sclogsRun(t, env, args...)
		if r.code != 2 {
			t.Errorf("%v: exit %d, %q; want a usage error", args, r.code, r.stderr)
		}
	}
	for _, rate := range []string{"0", "off", "1000/min", "20/s", "500/30s", "3/hour"} {
		sclogsRun(t, env, "doctor", "--rate", rate).wantCode(t, 0)
	}
	// A budget of 2 an hour: the third request would wait past the limit
	// of waits, so the command fails, saying why, instead of hanging.
	r := sclogsRun(t, env, "doctor", "--rate", "2/hour", "--concurrency", "4")
	if r.code != 1 || !strings.Contains(r.stderr, "rate budget") {
		t.Errorf("doctor --rate 2/hour: exit %d, %q", r.code, r.stderr)
	}
	// So small a budget makes the default concurrency 1: the single cursor,
	// two requests.
	sclogsRun(t, env, "doctor", "--rate", "2/hour").wantCode(t, 0)
}
