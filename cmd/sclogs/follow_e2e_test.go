package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sclogs/sclogs"
	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/sclogstest"
)

// lines collects what a running process writes, line by line.
type lines struct {
	mu   sync.Mutex
	got  []string
	more chan struct{}
}

func readLines(r io.Reader) *lines {
	l := &lines{more: make(chan struct{}, 1)}
	go func() {
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			l.mu.Lock()
			l.got = append(l.got, sc.Text())
			l.mu.Unlock()
			select {
			case l.more <- struct{}{}:
			default:
			}
		}
		close(l.more)
	}()
	return l
}

func (l *lines) snapshot() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.got...)
}

// waitFor waits until ok holds for the lines so far; the deadline only
// bounds a hang, it asserts nothing about speed.
func (l *lines) waitFor(t *testing.T, what string, ok func([]string) bool) []string {
	t.Helper()
	deadline := time.After(hangGuard)
	for {
		got := l.snapshot()
		if ok(got) {
			return got
		}
		select {
		case _, open := <-l.more:
			if !open {
				if got := l.snapshot(); ok(got) {
					return got
				}
				t.Fatalf("output ended before %s:\n%s", what, strings.Join(l.snapshot(), "\n"))
			}
		case <-deadline:
			t.Fatalf("no %s:\n%s", what, strings.Join(l.snapshot(), "\n"))
		}
	}
}

func startSclogs(t *testing.T, env map[string]string, args ...string) (cmd *exec.Cmd, stdout, stderr *lines) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	t.Cleanup(cancel)
	cmd = exec.CommandContext(ctx, bin, args...)
	cmd.Env = []string{}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	errp, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return cmd, readLines(out), readLines(errp)
}

func count(n int) func([]string) bool { return func(l []string) bool { return len(l) >= n } }

func anyContains(s string) func([]string) bool {
	return func(l []string) bool {
		for _, x := range l {
			if strings.Contains(x, s) {
				return true
			}
		}
		return false
	}
}

func recordIDs(t *testing.T, got []string) []int {
	t.Helper()
	var out []int
	for _, line := range got {
		var l sclogs.Log
		if err := json.Unmarshal([]byte(line), &l); err != nil || l.ID == nil {
			t.Fatalf("not a record: %q (%v)", line, err)
		}
		out = append(out, *l.ID)
	}
	return out
}

func httpLog(code int) gen.IntegrationLog {
	typ := "requests.exceptions.HTTPError"
	u := "https://shop.example.com/orders.json?access_token=s3cr3t"
	return gen.IntegrationLog{BaseURL: "https://shop.example.com", ResponseCode: &code, ExceptionType: &typ, FullURL: &u}
}

// list --follow against the fake: the newest logs, then new ones as they
// appear, each once and oldest first; a fault in the middle (two 503s with
// no retries left) is reported on stderr and survived; SIGINT ends with
// exit 0.
func TestFollowE2E(t *testing.T) {
	t.Parallel()
	srv := newFake(t, sclogstest.WithoutSeedData())
	srv.AddLogs(9, httpLog(500), httpLog(501), httpLog(502))
	cmd, out, errs := startSclogs(t, basicEnv(srv), "list", "9", "--follow", "--interval", "1s", "--max-retries", "0", "-o", "ndjson")

	out.waitFor(t, "the first 3 records", count(3))
	srv.AddLogs(9, httpLog(401), httpLog(402))
	out.waitFor(t, "2 new records", count(5))
	srv.Fail(sclogstest.Fault{Status: 503}, sclogstest.Fault{Status: 503})
	errs.waitFor(t, "a note on the failed poll", anyContains("polling failed, retrying in"))
	srv.AddLogs(9, httpLog(403))
	errs.waitFor(t, "a note that polling works again", anyContains("polling works again"))
	got := out.waitFor(t, "the record added during the fault", count(6))

	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("after Ctrl-C: %v (want exit 0); stderr:\n%s", err, strings.Join(errs.snapshot(), "\n"))
	}
	if ids := recordIDs(t, got); len(ids) != 6 || ids[0] != 1 || ids[5] != 6 {
		t.Errorf("ids %v, want 1 to 6 once each, oldest first", ids)
	}
	for _, l := range got {
		if strings.Contains(l, "s3cr3t") {
			t.Fatal("--follow printed a secret")
		}
	}
	if e := strings.Join(errs.snapshot(), "\n"); !strings.Contains(e, "HTTP 503") || strings.Contains(e, "goroutine") {
		t.Errorf("stderr:\n%s", e)
	}
}

// serve-fake --new-log-every keeps adding logs, and list --follow shows
// them: the demo of following, end to end through two processes.
func TestServeFakeNewLogsFollowed(t *testing.T) {
	t.Parallel()
	_, fakeOut, _ := startSclogs(t, nil, "serve-fake", "--addr", "127.0.0.1:0", "--new-log-every", "200ms",
		"--logs-per-integration", "3")
	printed := fakeOut.waitFor(t, "the base URL", anyContains("Try:"))
	env := map[string]string{}
	for _, l := range printed {
		k, v, _ := strings.Cut(strings.TrimSpace(l), ":")
		switch k {
		case "base URL":
			env["SENDCLOUD_BASE_URL"] = strings.TrimSpace(v)
		case "public key":
			env["SENDCLOUD_PUBLIC_KEY"] = strings.TrimSpace(v)
		case "secret key":
			env["SENDCLOUD_SECRET_KEY"] = strings.TrimSpace(v)
		}
	}
	cmd, out, errs := startSclogs(t, env, "list", "1", "-f", "--interval", "1s", "--limit", "1", "-o", "ndjson")
	got := out.waitFor(t, "logs added by the fake", count(3))
	_ = cmd.Process.Signal(os.Interrupt)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("exit: %v; stderr %q", err, errs.snapshot())
	}
	ids := recordIDs(t, got)
	for i := 1; i < len(ids); i++ {
		if ids[i] <= ids[i-1] {
			t.Errorf("ids %v: want new ones, increasing", ids)
		}
	}
	if ids[len(ids)-1] <= 9 {
		t.Errorf("ids %v: no log newer than the 9 seeded ones", ids)
	}
}
