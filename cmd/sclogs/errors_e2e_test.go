package main

import (
	"strings"
	"testing"

	"github.com/sclogs/sclogs/sclogstest"
)

// Usage errors exit 2, name what was wrong, and send no request at all.
func TestUsageErrorsSendNothing(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	env := basicEnv(srv)
	for _, c := range []struct {
		args []string
		want string // in stderr
	}{
		{[]string{"list", "abc"}, `"abc"`},
		{[]string{"list", "0"}, `"0"`},
		{[]string{"list", "-5"}, `-5`},
		{[]string{"list", "1.5"}, `"1.5"`},
		{[]string{"list"}, "INTEGRATION_ID"},
		{[]string{"list", "1", "2"}, "too many arguments"},
		{[]string{"list", "1", "--page-size", "0"}, "--page-size 0"},
		{[]string{"list", "1", "--page-size", "101"}, "--page-size 101"},
		{[]string{"list", "1", "--page-size", "x"}, `"x"`},
		{[]string{"list", "1", "-o", "yaml"}, `"yaml"`},
		{[]string{"list", "1", "--output", "xml"}, `"xml"`},
		{[]string{"list", "1", "--bogus"}, "--bogus"},
		{[]string{"list", "1", "--limit", "0"}, "--limit 0"},
		{[]string{"list", "1", "--all", "--limit", "5"}, "--all and --limit"},
		{[]string{"list", "1", "--since", "yesterday"}, `"yesterday"`},
		{[]string{"list", "1", "--until", "2024-02-30"}, `"2024-02-30"`},
		{[]string{"list", "1", "--since", "1h", "--until", "2h"}, "--since must be before --until"},
		{[]string{"list", "1", "--status", "abc"}, `"abc"`},
		{[]string{"list", "1", "--status", "42"}, "--status 42"},
		{[]string{"list", "1", "--max-retries", "-1"}, "--max-retries -1"},
		{[]string{"list", "1", "--base-url", "ftp://example.com"}, "scheme"},
		{[]string{"doctor", "x"}, `"x"`},
		{[]string{"doctor", "1", "-o", "csv"}, `"csv"`},
		{[]string{"doctor", "1", "--page-size", "500"}, "--page-size 500"},
		{[]string{"frobnicate"}, `"frobnicate"`},
		{[]string{"completion", "tcsh"}, `"tcsh"`},
		{[]string{"serve-fake", "--latency", "-1s"}, "--latency"},
		{[]string{"serve-fake", "--addr", "nonsense"}, `"nonsense"`},
	} {
		r := sclogsRun(t, env, c.args...)
		if r.code != 2 || !strings.Contains(r.stderr, c.want) || r.stdout != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 naming %s", c.args, r.code, r.stdout, r.stderr, c.want)
		}
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("usage errors sent %d requests", n)
	}
}

// No credentials: exit 2 naming SENDCLOUD_PUBLIC_KEY, no request.
func TestNoCredentials(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	for _, env := range []map[string]string{
		{"SENDCLOUD_BASE_URL": srv.URL()},
		{"SENDCLOUD_BASE_URL": srv.URL(), "SENDCLOUD_SECRET_KEY": "only-half"},
	} {
		for _, cmd := range []string{"list", "doctor"} {
			r := sclogsRun(t, env, cmd, "1").wantCode(t, 2)
			if !strings.Contains(r.stderr, "SENDCLOUD_PUBLIC_KEY") || r.stdout != "" {
				t.Errorf("%s: stderr %q, stdout %q", cmd, r.stderr, r.stdout)
			}
			if strings.Contains(r.stderr, "only-half") {
				t.Errorf("stderr shows the value: %q", r.stderr)
			}
		}
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests sent without credentials", n)
	}
}

// A 503 then success: retried, exit 0, every record.
func TestRetriedFault(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	srv.Fail(sclogstest.Fault{Status: 503, RetryAfter: "0"}, sclogstest.Fault{}, sclogstest.Fault{Status: 429, RetryAfter: "0"})
	r := sclogsRun(t, basicEnv(srv), "list", "1", "--all", "--page-size", "50", "-o", "ndjson").wantCode(t, 0)
	if n := len(ndjson(t, r.stdout)); n != sclogstest.DefaultLogsPerIntegration {
		t.Errorf("%d records after retries", n)
	}
	if n := logsRequests(srv); n != 4 {
		t.Errorf("%d requests, want 4 (2 pages, 2 retries)", n)
	}
	if r.stderr != "" {
		t.Errorf("stderr %q", r.stderr)
	}
}

// A persistent 500: exit 1 with one line naming the status; the records
// read before it are on stdout; --max-retries bounds the attempts.
func TestPersistentServerError(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	faults := []sclogstest.Fault{{}} // the first page goes through
	for range 10 {
		faults = append(faults, sclogstest.Fault{Status: 500, RetryAfter: "0"})
	}
	srv.Fail(faults...)
	r := sclogsRun(t, basicEnv(srv), "list", "1", "--all", "--page-size", "40", "--max-retries", "2", "-o", "ndjson").wantCode(t, 1)
	line := r.oneLine(t)
	if !strings.Contains(line, "HTTP 500") || !strings.Contains(line, "3 attempts") {
		t.Errorf("stderr %q: want the status and the attempts", line)
	}
	if n := len(ndjson(t, r.stdout)); n != 40 {
		t.Errorf("%d records on stdout before the error, want the first page's 40", n)
	}
	if n := logsRequests(srv); n != 4 {
		t.Errorf("%d requests, want 1 + 3 attempts", n)
	}

	// JSON: the array is flushed but left open, so a reader sees it is cut short.
	srv = newFake(t)
	srv.Fail(sclogstest.Fault{}, sclogstest.Fault{Status: 500, RetryAfter: "0"})
	r = sclogsRun(t, basicEnv(srv), "list", "1", "--all", "--page-size", "40", "--max-retries", "0", "-o", "json").wantCode(t, 1)
	if !strings.HasPrefix(r.stdout, "[\n{") || strings.HasSuffix(strings.TrimSpace(r.stdout), "]") {
		t.Errorf("json after an error: %.100q…%q", r.stdout, r.stdout[max(0, len(r.stdout)-20):])
	}
}

// An unknown integration: exit 1, the status and the server's own words.
func TestUnknownIntegration(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	for _, cmd := range []string{"list", "doctor"} {
		line := sclogsRun(t, basicEnv(srv), cmd, "999").wantCode(t, 1).oneLine(t)
		if !strings.Contains(line, "HTTP 404") || !strings.Contains(line, "The Integration could not be found with the search criteria given") {
			t.Errorf("%s: stderr %q", cmd, line)
		}
	}
}

// Wrong keys: exit 1, the status, and no key in the message.
func TestWrongKeys(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	env := basicEnv(srv)
	env["SENDCLOUD_SECRET_KEY"] = "not-the-secret-key"
	r := sclogsRun(t, env, "list", "1").wantCode(t, 1)
	line := r.oneLine(t)
	if !strings.Contains(line, "HTTP 401") || strings.Contains(line, "not-the-secret-key") || r.stdout != "" {
		t.Errorf("stderr %q, stdout %q", line, r.stdout)
	}
}

// Nothing listening: a network error is exit 1, one line.
func TestNetworkError(t *testing.T) {
	t.Parallel()
	env := map[string]string{"SENDCLOUD_BASE_URL": "http://127.0.0.1:1/api/v3",
		"SENDCLOUD_PUBLIC_KEY": "p", "SENDCLOUD_SECRET_KEY": "s"}
	line := sclogsRun(t, env, "list", "1", "--max-retries", "0").wantCode(t, 1).oneLine(t)
	if !strings.Contains(line, "refused") {
		t.Errorf("stderr %q", line)
	}
}
