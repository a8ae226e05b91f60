package main

import (
	"encoding/csv"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sclogs/sclogs"
	"github.com/sclogs/sclogs/sclogstest"
)

// Every output format parses back to the same records, in the same order.
func TestListFormats(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	env := basicEnv(srv)
	want := ids(ndjson(t, sclogsRun(t, env, "list", "2", "--limit", "40", "--page-size", "15", "-o", "ndjson").wantCode(t, 0).stdout))
	if len(want) != 40 {
		t.Fatalf("ndjson: %d records, want 40", len(want))
	}

	r := sclogsRun(t, env, "list", "2", "--limit", "40", "--page-size", "15", "-o", "json").wantCode(t, 0)
	var arr []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &arr); err != nil {
		t.Fatalf("json: %v", err)
	}
	got := make([]int, len(arr))
	for i, m := range arr {
		got[i] = int(m["id"].(float64))
	}
	if !slices.Equal(got, want) {
		t.Errorf("json ids %v, want %v", got, want)
	}

	r = sclogsRun(t, env, "list", "2", "--limit", "40", "--page-size", "15", "-o", "csv").wantCode(t, 0)
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil {
		t.Fatalf("csv: %v", err)
	}
	if strings.Join(rows[0], ",") != "id,created_at,method,response_code,exception_type,full_url,exception,integration_id" || len(rows) != 41 {
		t.Fatalf("csv header %q, %d rows", rows[0], len(rows))
	}
	for i, row := range rows[1:] {
		if id, _ := strconv.Atoi(row[0]); id != want[i] {
			t.Errorf("csv row %d id %s, want %d", i+1, row[0], want[i])
		}
		if _, err := time.Parse(time.RFC3339Nano, row[1]); err != nil {
			t.Errorf("csv row %d created_at %q: %v", i+1, row[1], err)
		}
	}

	r = sclogsRun(t, env, "list", "2", "--limit", "40", "--page-size", "15").wantCode(t, 0)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(lines) != 41 || !strings.HasPrefix(lines[0], "ID ") || !strings.Contains(lines[0], "FULL_URL") {
		t.Fatalf("table: %d lines, header %q", len(lines), lines[0])
	}
	for i, line := range lines[1:] {
		if f := strings.Fields(line); f[0] != strconv.Itoa(want[i]) || len(f) != 6 {
			t.Errorf("table row %d: %q", i+1, line)
		}
	}
}

// --all reads every record the fake holds, page by page, with nothing on
// stderr (not a terminal: no progress).
func TestListAll(t *testing.T) {
	t.Parallel()
	const n = 250
	srv := newFake(t, sclogstest.WithLogsPerIntegration(n))
	r := sclogsRun(t, basicEnv(srv), "list", "3", "--all", "-o", "ndjson").wantCode(t, 0)
	logs := ndjson(t, r.stdout)
	got := ids(logs)
	slices.Sort(got)
	if len(logs) != n || len(slices.Compact(got)) != n {
		t.Errorf("%d records (%d distinct), want %d", len(logs), len(slices.Compact(got)), n)
	}
	if r.stderr != "" {
		t.Errorf("stderr %q, want nothing", r.stderr)
	}
	if q := logsRequests(srv); q != 3 {
		t.Errorf("%d requests for %d records, want 3 pages of 100", q, n)
	}
}

// --limit prints that many records and fetches no page it does not need; the
// cursor it prints resumes right after them.
func TestListLimitAndCursor(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	env := basicEnv(srv)
	all := ids(ndjson(t, sclogsRun(t, env, "list", "1", "--all", "-o", "ndjson").wantCode(t, 0).stdout))
	before := logsRequests(srv)

	r := sclogsRun(t, env, "list", "1", "-o", "ndjson").wantCode(t, 0)
	first := ids(ndjson(t, r.stdout))
	if !slices.Equal(first, all[:25]) {
		t.Errorf("default --limit: %v, want the 25 newest %v", first, all[:25])
	}
	if q := logsRequests(srv) - before; q != 1 {
		t.Errorf("%d requests for 25 records, want 1", q)
	}
	_, rest, ok := strings.Cut(r.stderr, "--cursor ")
	if !ok {
		t.Fatalf("no cursor on stderr: %q", r.stderr)
	}
	cursor := strings.Trim(strings.TrimSpace(rest), "'")

	r = sclogsRun(t, env, "list", "1", "--cursor", cursor, "--limit", "30", "-o", "ndjson").wantCode(t, 0)
	if next := ids(ndjson(t, r.stdout)); !slices.Equal(next, all[25:55]) {
		t.Errorf("resumed: %v, want %v", next, all[25:55])
	}

	before = logsRequests(srv)
	r = sclogsRun(t, env, "list", "1", "--limit", "30", "--page-size", "10", "-o", "ndjson").wantCode(t, 0)
	if got := ids(ndjson(t, r.stdout)); !slices.Equal(got, all[:30]) || logsRequests(srv)-before != 3 {
		t.Errorf("--limit 30 --page-size 10: %d records in %d requests, want 30 in 3", len(got), logsRequests(srv)-before)
	}
}

// --since/--until (since inclusive, until exclusive), --exception-type and
// --status select exactly the matching records.
func TestListFilters(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	env := basicEnv(srv)
	all := ndjson(t, sclogsRun(t, env, "list", "2", "--all", "-o", "ndjson").wantCode(t, 0).stdout)
	if len(all) < 60 {
		t.Fatalf("only %d records", len(all))
	}
	since, until := *all[50].CreatedAt, *all[10].CreatedAt
	expect := func(keep func(l sclogs.Log) bool) []int {
		var out []int
		for _, l := range all {
			if keep(l) {
				out = append(out, *l.ID)
			}
		}
		return out
	}
	cases := []struct {
		args []string
		keep func(l sclogs.Log) bool
	}{
		{[]string{"--since", since.Format(time.RFC3339Nano), "--until", until.Format(time.RFC3339Nano)}, func(l sclogs.Log) bool {
			return l.CreatedAt != nil && !l.CreatedAt.Before(since) && l.CreatedAt.Before(until)
		}},
		{[]string{"--exception-type", "SSLError"}, func(l sclogs.Log) bool {
			return l.ExceptionType != nil && *l.ExceptionType == "requests.exceptions.SSLError"
		}},
		{[]string{"--exception-type", "requests.exceptions.ReadTimeout"}, func(l sclogs.Log) bool {
			return l.ExceptionType != nil && *l.ExceptionType == "requests.exceptions.ReadTimeout"
		}},
		{[]string{"--status", "401"}, func(l sclogs.Log) bool { return l.ResponseCode != nil && *l.ResponseCode == 401 }},
	}
	for _, c := range cases {
		want := expect(c.keep)
		if len(want) == 0 {
			t.Fatalf("%v: the fake has no matching record: the test proves nothing", c.args)
		}
		args := append([]string{"list", "2", "--all", "-o", "ndjson"}, c.args...)
		got := ids(ndjson(t, sclogsRun(t, env, args...).wantCode(t, 0).stdout))
		if !slices.Equal(got, want) {
			t.Errorf("%v: %v, want %v", c.args, got, want)
		}
		// --limit counts matching records.
		args = append([]string{"list", "2", "--limit", "2", "-o", "ndjson"}, c.args...)
		got = ids(ndjson(t, sclogsRun(t, env, args...).wantCode(t, 0).stdout))
		if !slices.Equal(got, want[:min(2, len(want))]) {
			t.Errorf("%v --limit 2: %v, want %v", c.args, got, want[:min(2, len(want))])
		}
	}
}

// --partner-id is sent as the Sendcloud-Partner-Id header; --base-url wins
// over SENDCLOUD_BASE_URL.
func TestListConnectionFlags(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	env := basicEnv(srv)
	env["SENDCLOUD_BASE_URL"] = "http://127.0.0.1:1/api/v3" // nothing listens there
	const partner = "7a3f2e1c-0b9d-4c8e-a6f5-1d2e3f4a5b6c"
	sclogsRun(t, env, "list", "1", "--limit", "1", "--base-url", srv.URL(), "--partner-id", partner).wantCode(t, 0)
	reqs := srv.Requests()
	if len(reqs) != 1 || reqs[0].Header.Get("Sendcloud-Partner-Id") != partner {
		t.Errorf("requests %d, partner header %q", len(reqs), reqs[len(reqs)-1].Header.Get("Sendcloud-Partner-Id"))
	}
	if ua := reqs[0].Header.Get("User-Agent"); !strings.Contains(ua, "sclogs/"+sclogs.Version) {
		t.Errorf("User-Agent %q", ua)
	}
}

// OAuth2 client credentials from the environment: one token, then the logs.
func TestListOAuth2(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	env := map[string]string{
		"SENDCLOUD_BASE_URL":      srv.URL(),
		"SENDCLOUD_TOKEN_URL":     srv.TokenURL(),
		"SENDCLOUD_CLIENT_ID":     srv.ClientID(),
		"SENDCLOUD_CLIENT_SECRET": srv.ClientSecret(),
	}
	r := sclogsRun(t, env, "list", "1", "--all", "--page-size", "30", "-o", "ndjson").wantCode(t, 0)
	if n := len(ndjson(t, r.stdout)); n != sclogstest.DefaultLogsPerIntegration {
		t.Errorf("%d records", n)
	}
	if srv.TokensIssued() != 1 {
		t.Errorf("%d tokens issued for one listing, want 1", srv.TokensIssued())
	}
	for _, req := range srv.Requests() {
		if strings.HasSuffix(req.URL.Path, "/logs") && !strings.HasPrefix(req.Header.Get("Authorization"), "Bearer ") {
			t.Errorf("logs request without a bearer token: %q", req.Header.Get("Authorization"))
		}
	}
	env["SENDCLOUD_CLIENT_SECRET"] = "wrong"
	line := sclogsRun(t, env, "list", "1").wantCode(t, 1).oneLine(t)
	if strings.Contains(line, "wrong") {
		t.Errorf("error shows the secret: %s", line)
	}
}

// --token-url wins over SENDCLOUD_TOKEN_URL.
func TestTokenURLFlag(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	env := map[string]string{
		"SENDCLOUD_BASE_URL":      srv.URL(),
		"SENDCLOUD_TOKEN_URL":     "http://127.0.0.1:1/oauth2/token/", // nothing listens there
		"SENDCLOUD_CLIENT_ID":     srv.ClientID(),
		"SENDCLOUD_CLIENT_SECRET": srv.ClientSecret(),
	}
	sclogsRun(t, env, "list", "1", "--limit", "3", "--token-url", srv.TokenURL()).wantCode(t, 0)
	if srv.TokensIssued() != 1 {
		t.Errorf("%d tokens issued, want 1 from the --token-url endpoint", srv.TokensIssued())
	}
}

// Without --max-retries a failing request is tried 1 + 4 times.
func TestDefaultMaxRetries(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	faults := make([]sclogstest.Fault, 10)
	for i := range faults {
		faults[i] = sclogstest.Fault{Status: 500, RetryAfter: "0"}
	}
	srv.Fail(faults...)
	line := sclogsRun(t, basicEnv(srv), "list", "1").wantCode(t, 1).oneLine(t)
	if n := logsRequests(srv); n != 5 || !strings.Contains(line, "5 attempts") {
		t.Errorf("%d requests, stderr %q: want 5 attempts (4 retries)", n, line)
	}
}

// --verbose logs requests on stderr but never a credential: not the secret
// key, not the Basic header, not the OAuth2 client secret.
func TestVerboseNeverShowsCredentials(t *testing.T) {
	t.Parallel()
	const pub, sec = "pk-e2e-public", "sk-e2e-VERY-SECRET"
	const cid, csec = "cid-e2e", "cs-e2e-VERY-SECRET"
	srv := newFake(t, sclogstest.WithBasicAuth(pub, sec), sclogstest.WithOAuth2ClientCredentials(cid, csec))
	basic := map[string]string{"SENDCLOUD_BASE_URL": srv.URL(), "SENDCLOUD_PUBLIC_KEY": pub, "SENDCLOUD_SECRET_KEY": sec}
	oauth := map[string]string{"SENDCLOUD_BASE_URL": srv.URL(), "SENDCLOUD_TOKEN_URL": srv.TokenURL(),
		"SENDCLOUD_CLIENT_ID": cid, "SENDCLOUD_CLIENT_SECRET": csec}
	for name, env := range map[string]map[string]string{"basic": basic, "oauth2": oauth} {
		for _, args := range [][]string{
			{"list", "1", "--all", "--page-size", "40", "--verbose", "-o", "json"},
			{"doctor", "1", "--verbose"},
			{"list", "404", "--verbose"},
		} {
			r := sclogsRun(t, env, args...)
			if !strings.Contains(r.stderr, "level=DEBUG") {
				t.Errorf("%s %v: no debug log on stderr: %q", name, args, r.stderr)
			}
			secrets := []string{sec, csec, "cGstZTJlLXB1YmxpYzpzay1lMmUtVkVSWS1TRUNSRVQ="}
			for _, req := range srv.Requests() { // the bearer tokens issued
				if tok, ok := strings.CutPrefix(req.Header.Get("Authorization"), "Bearer "); ok {
					secrets = append(secrets, tok)
				}
			}
			for _, secret := range secrets {
				if strings.Contains(r.stdout+r.stderr, secret) {
					t.Errorf("%s %v: output shows %q", name, args, secret)
				}
			}
		}
	}
}

func TestListUsesPageSize(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	sclogsRun(t, basicEnv(srv), "list", "1", "--all", "--page-size", "33", "-o", "csv").wantCode(t, 0)
	for _, r := range srv.Requests() {
		if got := r.URL.Query().Get("page_size"); got != "33" {
			t.Errorf("request %s: page_size %q, want 33 on every page", r.URL, got)
		}
	}
	if n := logsRequests(srv); n != 4 {
		t.Errorf("%d requests, want 4 pages of 33 for 100 records", n)
	}
}
