package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// --timeout ends an attempt against a server that never answers; the
// error line names the per-attempt timeout.
func TestTimeoutFlag(t *testing.T) {
	t.Parallel()
	done := make(chan struct{})
	g := newGarbage(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-done:
		}
	})
	defer close(done)
	r := sclogsRun(t, g.env(), "list", "1", "--timeout", "200ms", "--max-retries", "1").wantCode(t, 1)
	line := r.oneLine(t)
	if !strings.Contains(line, "per-attempt timeout of 200ms") || strings.Count(line, "sclogs:") != 1 {
		t.Errorf("stderr %q, want the per-attempt timeout, sclogs: once", line)
	}
	// The client's own count, not the server's: a loaded machine may not
	// even hand the second request to the handler within 200ms.
	if !strings.Contains(line, "after 2 attempts") || g.count() < 1 {
		t.Errorf("stderr %q, %d requests seen: want 2 attempts (a timeout is retried)", line, g.count())
	}
	sclogsRun(t, g.env(), "list", "1", "--timeout", "-1s").wantCode(t, 2)
}

// wantCLIWords checks the cleartext refusal is one sentence in the CLI's
// words: it names the flag, no Go option, and https:// once.
func wantCLIWords(t *testing.T, stderr, flag string) {
	t.Helper()
	msg, _, _ := strings.Cut(stderr, "\n")
	if !strings.Contains(msg, flag) || strings.Contains(msg, "With") || strings.Count(msg, "https://") != 1 ||
		strings.Contains(msg, ". ") {
		t.Errorf("stderr %q: want one sentence naming %s and --insecure-http, https:// once, no Go option", msg, flag)
	}
}

// An http:// base or token URL to a host that is not loopback is a usage
// error that names --insecure-http; loopback is fine.
func TestInsecureHTTPFlag(t *testing.T) {
	t.Parallel()
	env := map[string]string{"SENDCLOUD_PUBLIC_KEY": "pk", "SENDCLOUD_SECRET_KEY": "sk"}
	for _, args := range [][]string{
		{"--base-url", "http://panel.sendcloud.example/api/v3"},
		{"--base-url", "http://10.1.2.3/api/v3"},
	} {
		r := sclogsRun(t, env, append([]string{"list", "1"}, args...)...).wantCode(t, 2)
		if !strings.Contains(r.stderr, "--insecure-http") || !strings.HasPrefix(r.stderr, "sclogs: ") || strings.Count(r.stderr, "sclogs:") != 1 {
			t.Errorf("%v: stderr %q, want a refusal naming --insecure-http", args, r.stderr)
		}
		wantCLIWords(t, r.stderr, "--base-url")
	}
	oauth := map[string]string{"SENDCLOUD_CLIENT_ID": "id", "SENDCLOUD_CLIENT_SECRET": "cs"}
	r := sclogsRun(t, oauth, "list", "1", "--token-url", "http://account.sendcloud.example/token").wantCode(t, 2)
	if !strings.Contains(r.stderr, "--insecure-http") {
		t.Errorf("token URL: stderr %q", r.stderr)
	}
	wantCLIWords(t, r.stderr, "--token-url")
	// Loopback over http works (the demo and serve-fake rely on it).
	srv := newFake(t)
	sclogsRun(t, basicEnv(srv), "list", "1", "--limit", "1").wantCode(t, 0)
}

// --verbose never prints a password or secret query value typed in
// --base-url or --token-url, also for a URL that is then rejected.
func TestVerboseHidesURLSecrets(t *testing.T) {
	t.Parallel()
	oauth := map[string]string{"SENDCLOUD_CLIENT_ID": "id", "SENDCLOUD_CLIENT_SECRET": "cs"}
	for _, args := range [][]string{
		{"--base-url", "https://user:hunter2pw@panel.example/api/v3"},
		{"--base-url", "https://panel.example/api/v3?token=s3cr3tq&x=1"},
		{"--token-url", "https://u:hunter2pw@account.example/token?client_secret=s3cr3tq"},
		{"--token-url", "http://u:hunter2pw@account.example/token"},
	} {
		r := sclogsRun(t, oauth, append([]string{"list", "1", "--verbose"}, args...)...).wantCode(t, 2)
		if strings.Contains(r.stderr, "hunter2pw") || strings.Contains(r.stderr, "s3cr3tq") {
			t.Errorf("%v: stderr shows a secret:\n%s", args, r.stderr)
		}
		if !strings.Contains(r.stderr, "level=DEBUG") {
			t.Errorf("%v: no verbose output:\n%s", args, r.stderr)
		}
	}
}

// Ctrl-C while the OAuth2 token is being fetched acts at once.
func TestInterruptDuringTokenFetch(t *testing.T) {
	t.Parallel()
	var tokenRequests atomic.Int32
	done := make(chan struct{})
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tokenRequests.Add(1)
		select { // never answers
		case <-r.Context().Done():
		case <-done:
		}
	}))
	defer ts.Close()
	defer close(done)
	srv := newFake(t)
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	defer cancel()
	// --timeout 0: nothing but the interrupt can end the token request.
	cmd := exec.CommandContext(ctx, bin, "list", "1", "--timeout", "0", "--token-url", ts.URL+"/token")
	cmd.Env = []string{"SENDCLOUD_BASE_URL=" + srv.URL(), "SENDCLOUD_CLIENT_ID=id", "SENDCLOUD_CLIENT_SECRET=cs"}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for tokenRequests.Load() == 0 {
		time.Sleep(10 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err := <-exited:
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 || stderr.String() != "sclogs: interrupted\n" {
			t.Fatalf("exit: %v; stderr %q", err, stderr.String())
		}
	case <-time.After(20 * time.Second): // a guard against the hang, not a measure
		t.Fatal("still running 20s after Ctrl-C during the token request")
	}
}

// A run of empty pages that keep giving a new next link ends --all and
// doctor with a clear error, exit 1.
func TestEmptyPageRunEndsAllAndDoctor(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	g := newGarbage(t, func(w http.ResponseWriter, r *http.Request) {
		i := n.Add(1)
		w.Header().Set("Link", fmt.Sprintf(`<http://%s/api/v3/integrations/1/logs?cursor=c%d>; rel="next"`, r.Host, i))
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"data":[]}`)
	})
	for _, args := range [][]string{{"list", "1", "--all"}, {"doctor", "1"}} {
		n.Store(0)
		before := g.count()
		r := sclogsRun(t, g.env(), args...).wantCode(t, 1)
		if line := r.oneLine(t); !strings.Contains(line, "empty pages in a row") || strings.Count(line, "sclogs:") != 1 {
			t.Errorf("%v: stderr %q, want the empty-page run named, sclogs: once", args, line)
		}
		if got := g.count() - before; got != 10 {
			t.Errorf("%v: %d requests, want 10", args, got)
		}
	}
}
