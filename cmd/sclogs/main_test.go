package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sclogs/sclogs"
	"github.com/sclogs/sclogs/sclogstest"
	"go.uber.org/goleak"
)

// bin is the sclogs binary, built once for every test: the tests run it as
// a user would, against sclogstest servers started here.
var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "sclogs-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bin = filepath.Join(dir, "sclogs")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building sclogs: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	if code == 0 {
		// Every fake server a test started must be closed.
		if err := goleak.Find(); err != nil {
			fmt.Fprintln(os.Stderr, "goleak:", err)
			code = 1
		}
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is what one run of the binary gave.
type result struct {
	code           int
	stdout, stderr string
}

// hangGuard bounds one run: a hang fails the test instead of blocking it.
const hangGuard = 2 * time.Minute

// sclogsRun runs the binary with args and exactly env as its environment.
func sclogsRun(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = []string{}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok || ctx.Err() != nil {
			t.Fatalf("sclogs %s: %v", strings.Join(args, " "), err)
		}
		code = ee.ExitCode()
	}
	r := result{code, out.String(), errb.String()}
	if strings.Contains(r.stderr, "goroutine ") || strings.Contains(r.stderr, "panic:") {
		t.Errorf("sclogs %s: a Go panic or stack trace on stderr:\n%s", strings.Join(args, " "), r.stderr)
	}
	return r
}

// wantCode fails the test unless r exited with code.
func (r result) wantCode(t *testing.T, code int) result {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit %d, want %d\nstdout: %.2000s\nstderr: %s", r.code, code, r.stdout, r.stderr)
	}
	return r
}

// oneLine fails the test unless stderr is exactly one line.
func (r result) oneLine(t *testing.T) string {
	t.Helper()
	if strings.Count(r.stderr, "\n") != 1 || !strings.HasSuffix(r.stderr, "\n") {
		t.Errorf("stderr is not one line: %q", r.stderr)
	}
	return strings.TrimSpace(r.stderr)
}

// newFake starts a fake API for one test.
func newFake(t *testing.T, opts ...sclogstest.Option) *sclogstest.Server {
	t.Helper()
	srv := sclogstest.NewServer(opts...)
	t.Cleanup(srv.Close)
	return srv
}

// basicEnv is the environment of a user with API keys for srv.
func basicEnv(srv *sclogstest.Server) map[string]string {
	return map[string]string{
		"SENDCLOUD_BASE_URL":   srv.URL(),
		"SENDCLOUD_PUBLIC_KEY": srv.PublicKey(),
		"SENDCLOUD_SECRET_KEY": srv.SecretKey(),
	}
}

// logsRequests counts the logs requests srv received (token requests aside).
func logsRequests(srv *sclogstest.Server) int {
	n := 0
	for _, r := range srv.Requests() {
		if strings.HasSuffix(r.URL.Path, "/logs") {
			n++
		}
	}
	return n
}

// ndjson decodes NDJSON output, failing on anything that is not one record
// per line.
func ndjson(t *testing.T, out string) []sclogs.Log {
	t.Helper()
	var logs []sclogs.Log
	if out == "" {
		return nil
	}
	if !strings.HasSuffix(out, "\n") {
		t.Fatalf("ndjson does not end in a newline: %.200q", out)
	}
	for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		var l sclogs.Log
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			t.Fatalf("line %d: %v: %.200s", i+1, err, line)
		}
		logs = append(logs, l)
	}
	return logs
}

func ids(logs []sclogs.Log) []int {
	out := make([]int, len(logs))
	for i, l := range logs {
		if l.ID != nil {
			out[i] = *l.ID
		}
	}
	return out
}
