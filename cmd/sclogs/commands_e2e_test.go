package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sclogs/sclogs"
	"github.com/sclogs/sclogs/sclogstest"
)

type group struct {
	Cause      string     `json:"cause"`
	Count      int        `json:"count"`
	FirstSeen  *time.Time `json:"first_seen"`
	LastSeen   *time.Time `json:"last_seen"`
	ExampleURL *string    `json:"example_url"`
	Hint       *string    `json:"hint"`
}

// doctor -o json: the counts add up to the records read, most frequent
// first, every promised field present; --since reads only the newer ones.
func TestDoctorJSON(t *testing.T) {
	t.Parallel()
	const n = 230
	srv := newFake(t, sclogstest.WithLogsPerIntegration(n))
	env := basicEnv(srv)
	doctor := func(args ...string) []group {
		t.Helper()
		r := sclogsRun(t, env, append([]string{"doctor", "2", "-o", "json"}, args...)...).wantCode(t, 0)
		var groups []group
		if err := json.Unmarshal([]byte(r.stdout), &groups); err != nil {
			t.Fatalf("%v: %.300s", err, r.stdout)
		}
		return groups
	}
	sum := func(groups []group) int {
		s := 0
		for i, g := range groups {
			s += g.Count
			if i > 0 && g.Count > groups[i-1].Count {
				t.Errorf("not most frequent first at %d", i)
			}
			if g.Cause == "" || g.Hint == nil || *g.Hint == "" || g.ExampleURL == nil || g.Count < 1 {
				t.Errorf("incomplete group %+v", g)
			}
			if g.FirstSeen != nil && g.LastSeen != nil && g.FirstSeen.After(*g.LastSeen) {
				t.Errorf("first seen after last seen: %+v", g)
			}
		}
		return s
	}
	if s := sum(doctor()); s != n {
		t.Errorf("counts add up to %d, want %d", s, n)
	}

	all := ndjson(t, sclogsRun(t, env, "list", "2", "--all", "-o", "ndjson").wantCode(t, 0).stdout)
	since := *all[70].CreatedAt
	want := 0
	for _, l := range all {
		if l.CreatedAt != nil && !l.CreatedAt.Before(since) {
			want++
		}
	}
	before := logsRequests(srv)
	if s := sum(doctor("--since", since.Format(time.RFC3339Nano))); s != want {
		t.Errorf("--since: counts add up to %d, want %d", s, want)
	}
	// The listing is newest first: of 3 pages, --since needs the first (and
	// the prefetcher may have asked for the second).
	if q := logsRequests(srv) - before; q > 2 {
		t.Errorf("--since read %d pages, want at most 2: older pages are not needed", q)
	}
}

func TestDoctorTable(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	srv.Fail(sclogstest.Fault{Status: 502, RetryAfter: "0"})
	r := sclogsRun(t, basicEnv(srv), "doctor", "2").wantCode(t, 0)
	for _, want := range []string{"100 logs read", "COUNT", "CAUSE", "EXAMPLE URL", "What to do, most frequent first:", "[REDACTED]"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("doctor table lacks %q:\n%s", want, r.stdout)
		}
	}
}

// demo: no account, no network; both sections, redacted.
func TestDemo(t *testing.T) {
	t.Parallel()
	r := sclogsRun(t, nil, "demo").wantCode(t, 0)
	for _, want := range []string{"== sclogs list 2 --limit 5 ==", "== sclogs doctor 2 ==", "FULL_URL", "What to do", "[REDACTED]",
		"== sclogs integrations ==", "FAILING SINCE", "== sclogs doctor (the whole account) ==", "Integration 2 (Fietsenwinkel Delft):",
		"== sclogs list --follow"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("demo lacks %q:\n%s", want, r.stdout)
		}
	}
	// The follow section shows the 2 newest logs, then the 2 that arrive.
	follow := r.stdout[strings.Index(r.stdout, "== sclogs list --follow"):]
	follow = follow[:strings.Index(follow, "Next, with your own account")]
	if rows := strings.Count(strings.TrimSpace(follow), "\n") - 2; rows != 4 {
		t.Errorf("demo follow shows %d records, want 2 then 2 new:\n%s", rows, follow)
	}
	// Same seed as the demo's fake: none of its secrets may show.
	srv := newFake(t)
	raw := sclogsRun(t, basicEnv(srv), "list", "1", "--all", "--no-redact", "-o", "ndjson").wantCode(t, 0).stdout
	for _, line := range strings.Split(strings.TrimSpace(raw), "\n") {
		for _, s := range secretsOf(t, line) {
			if len(s) >= 6 && strings.Contains(r.stdout, s) {
				t.Errorf("demo shows %q", s)
			}
		}
	}
}

// serve-fake: starts, prints how to use it, answers a GET, stops on SIGINT.
func TestServeFake(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "serve-fake", "--addr", "127.0.0.1:0", "--seed", "7", "--latency", "1ms")
	cmd.Env = []string{}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stdout)
	printed := map[string]string{}
	for sc.Scan() {
		if k, v, ok := strings.Cut(strings.TrimSpace(sc.Text()), ":"); ok {
			printed[k] = strings.TrimSpace(v)
		}
		if strings.HasPrefix(sc.Text(), "Try:") {
			break
		}
	}
	base := printed["base URL"]
	if !strings.HasPrefix(base, "http://127.0.0.1:") || !strings.HasSuffix(base, "/api/v3") || printed["token URL"] == "" ||
		printed["public key"] != sclogstest.DefaultPublicKey || printed["secret key"] != sclogstest.DefaultSecretKey {
		t.Fatalf("printed %v; stderr %q", printed, stderr.String())
	}

	// The printed URL and keys work, through the real CLI too.
	req, _ := http.NewRequest("GET", base+"/integrations/1/logs?page_size=3", nil)
	req.SetBasicAuth(printed["public key"], printed["secret key"])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var page struct{ Data []sclogs.Log }
	err = json.NewDecoder(resp.Body).Decode(&page)
	resp.Body.Close()
	http.DefaultClient.CloseIdleConnections()
	if resp.StatusCode != 200 || err != nil || len(page.Data) != 3 {
		t.Errorf("GET: %s, %v, %d records", resp.Status, err, len(page.Data))
	}
	// --seed 7 serves seed 7's data.
	seeded := newFake(t, sclogstest.WithSeed(7))
	want := ndjson(t, sclogsRun(t, basicEnv(seeded), "list", "1", "--limit", "3", "--no-redact", "-o", "ndjson").wantCode(t, 0).stdout)
	for i := range min(len(want), len(page.Data)) {
		a, _ := json.Marshal(page.Data[i])
		b, _ := json.Marshal(want[i])
		if string(a) != string(b) {
			t.Errorf("record %d: serve-fake --seed 7 served\n%s\nseed 7 is\n%s", i, a, b)
		}
	}
	env := map[string]string{"SENDCLOUD_BASE_URL": base, "SENDCLOUD_PUBLIC_KEY": printed["public key"], "SENDCLOUD_SECRET_KEY": printed["secret key"]}
	sclogsRun(t, env, "list", "2", "--limit", "3").wantCode(t, 0)

	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	rest, _ := io.ReadAll(stdout)
	if err := cmd.Wait(); err != nil {
		t.Errorf("after SIGINT: %v; stderr %q", err, stderr.String())
	}
	if !strings.Contains(string(rest), "stopped") {
		t.Errorf("no stop message: %q", rest)
	}
}

func TestVersionHelpCompletion(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"version"}, {"--version"}} {
		r := sclogsRun(t, nil, args...).wantCode(t, 0)
		if !strings.HasPrefix(r.stdout, "sclogs "+sclogs.Version) {
			t.Errorf("%v: %q", args, r.stdout)
		}
	}
	for _, sh := range []string{"bash", "zsh", "fish"} {
		r := sclogsRun(t, nil, "completion", sh).wantCode(t, 0)
		if !strings.Contains(r.stdout, "sclogs") || !strings.Contains(r.stdout, sh) || r.stderr != "" {
			t.Errorf("completion %s: %.200q, stderr %q", sh, r.stdout, r.stderr)
		}
	}
	r := sclogsRun(t, nil, "--help").wantCode(t, 0)
	for _, cmd := range []string{"list", "doctor", "integrations", "demo", "serve-fake", "version", "completion"} {
		if !strings.Contains(r.stdout, cmd) {
			t.Errorf("--help lacks %s", cmd)
		}
		h := sclogsRun(t, nil, cmd, "--help").wantCode(t, 0)
		if !strings.Contains(h.stdout, "Examples:") || !strings.Contains(h.stdout, "sclogs "+cmd) {
			t.Errorf("%s --help has no example:\n%s", cmd, h.stdout)
		}
	}
}

// Ctrl-C while listing: what was read is flushed to stdout, stderr says
// "interrupted" in one line, exit 1.
func TestInterruptFlushes(t *testing.T) {
	t.Parallel()
	srv := newFake(t, sclogstest.WithLatency(100*time.Millisecond))
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "list", "1", "--all", "--page-size", "10", "-o", "ndjson")
	for k, v := range basicEnv(srv) {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for logsRequests(srv) < 3 { // two pages read, the third on its way
		time.Sleep(10 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("exit: %v; stderr %q", err, stderr.String())
	}
	if stderr.String() != "sclogs: interrupted\n" {
		t.Errorf("stderr %q", stderr.String())
	}
	if n := len(ndjson(t, stdout.String())); n < 20 || n%10 != 0 {
		t.Errorf("%d records flushed, want the whole pages read (at least 20)", n)
	}
}
