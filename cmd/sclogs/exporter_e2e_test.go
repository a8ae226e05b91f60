package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sclogs/sclogs/sclogstest"
)

// startExporter runs `sclogs exporter` on a free loopback port and returns
// the process and its base URL.
func startExporter(t *testing.T, env map[string]string, args ...string) (*exec.Cmd, string, *lines) {
	t.Helper()
	cmd, out, errs := startSclogs(t, env, append([]string{"exporter", "--listen", "127.0.0.1:0"}, args...)...)
	got := out.waitFor(t, "the address", anyContains("serving http://"))
	for _, l := range got {
		if _, rest, ok := strings.Cut(l, "serving http://"); ok {
			addr, _, _ := strings.Cut(rest, "/")
			return cmd, "http://" + addr, errs
		}
	}
	t.Fatalf("no address in %q", got)
	return nil, "", nil
}

// httpGet fetches a URL on loopback.
func httpGet(t *testing.T, u string) (int, string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// exceptionLogs sums sendcloud_integration_exception_logs_total in an
// exposition.
func exceptionLogs(text string) float64 {
	total := 0.0
	for _, line := range strings.Split(text, "\n") {
		if !strings.HasPrefix(line, "sendcloud_integration_exception_logs_total{") {
			continue
		}
		v, err := strconv.ParseFloat(line[strings.LastIndexByte(line, ' ')+1:], 64)
		if err == nil {
			total += v
		}
	}
	return total
}

// The exporter as a user runs it: in front of a fake with live logs, its
// counters grow; /healthz is 200; SIGTERM and SIGINT end it with exit 0
// (promptly: the time is logged; the wait only bounds a hang).
func TestExporterE2E(t *testing.T) {
	t.Parallel()
	for _, sig := range []os.Signal{syscall.SIGTERM, os.Interrupt} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			srv := newFake(t, sclogstest.WithLiveLogs(20*time.Millisecond))
			cmd, base, errs := startExporter(t, basicEnv(srv), "--interval", "1s")
			var text string
			for deadline := time.Now().Add(hangGuard); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
				if _, text = httpGet(t, base+"/metrics"); exceptionLogs(text) > 0 {
					break
				}
			}
			if exceptionLogs(text) == 0 {
				t.Fatalf("no logs counted:\n%s", text)
			}
			if code, body := httpGet(t, base+"/healthz"); code != 200 || !strings.HasPrefix(body, "ok") {
				t.Errorf("/healthz: %d %q", code, body)
			}
			if strings.Contains(text, srv.SecretKey()) {
				t.Error("/metrics holds the secret key")
			}
			start := time.Now()
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("after %s: %v (want exit 0); stderr %q", sig, err, errs.snapshot())
				}
				t.Logf("%s: exited 0 after %s", sig, time.Since(start).Round(time.Millisecond))
			case <-time.After(30 * time.Second):
				t.Fatalf("still running 30 s after %s", sig)
			}
			for _, l := range errs.snapshot() {
				if strings.Contains(l, srv.SecretKey()) {
					t.Errorf("stderr holds the secret key: %q", l)
				}
			}
		})
	}
}

// Usage errors are exit 2 before anything is sent; a port in use is exit 1.
func TestExporterFlags(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	for _, args := range [][]string{
		{"--interval", "10ms"},
		{"--interval", "1m", "--unhealthy-after", "30s"},
		{"--max-integrations", "0"},
		{"--page-size", "101"},
		{"--listen", "nonsense"},
		{"--listen", "example.com:9464"},
		{"extra-arg"},
	} {
		r := sclogsRun(t, basicEnv(srv), append([]string{"exporter"}, args...)...).wantCode(t, 2)
		if !strings.HasPrefix(r.stderr, "sclogs: ") || strings.Count(r.stderr, "\n") != 2 {
			t.Errorf("%v: stderr %q, want the error and the help hint", args, r.stderr)
		}
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests sent on usage errors", n)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	r := sclogsRun(t, basicEnv(srv), "exporter", "--listen", ln.Addr().String()).wantCode(t, 1)
	if !strings.Contains(r.oneLine(t), "listening on") {
		t.Errorf("stderr: %q", r.stderr)
	}
	// Refused credentials: exit 1 at the first poll.
	env := basicEnv(srv)
	env["SENDCLOUD_SECRET_KEY"] = "wrong-secret"
	r = sclogsRun(t, env, "exporter", "--listen", "127.0.0.1:0")
	r.wantCode(t, 1)
	if !strings.Contains(r.stderr, "401") || strings.Contains(r.stderr, "wrong-secret") {
		t.Errorf("stderr: %q", r.stderr)
	}
}

// A real Prometheus server (Debian's prometheus package) scrapes the
// exporter in front of `serve-fake --new-log-every`, and its HTTP API
// returns a non-zero sendcloud_integration_exception_logs_total. Skipped
// where Prometheus is not installed (.ci/run installs it when it can).
func TestExporterScrapedByPrometheus(t *testing.T) {
	t.Parallel()
	prom, err := exec.LookPath("prometheus")
	if err != nil {
		t.Skip("Prometheus is not installed (apt-get install prometheus): the end-to-end scrape is skipped")
	}
	_, fakeOut, _ := startSclogs(t, nil, "serve-fake", "--addr", "127.0.0.1:0", "--new-log-every", "100ms")
	env := map[string]string{}
	for _, l := range fakeOut.waitFor(t, "the fake's address", anyContains("Try:")) {
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
	_, exporter, _ := startExporter(t, env, "--interval", "1s")

	dir := t.TempDir()
	config := fmt.Sprintf(`global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - %q
scrape_configs:
  - job_name: sclogs-exporter
    static_configs:
      - targets: [%q]
`, mustAbs(t, filepath.Join("..", "..", "docs", "sclogs-exporter-alerts.yml")), strings.TrimPrefix(exporter, "http://"))
	if err := os.WriteFile(filepath.Join(dir, "prometheus.yml"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	promAddr := freePort(t)
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	defer cancel()
	cmd := exec.CommandContext(ctx, prom, "--config.file="+filepath.Join(dir, "prometheus.yml"),
		"--storage.tsdb.path="+filepath.Join(dir, "data"), "--web.listen-address="+promAddr)
	var promLog strings.Builder
	cmd.Stdout, cmd.Stderr = &promLog, &promLog
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()

	query := "http://" + promAddr + "/api/v1/query?query=" + "sum(sendcloud_integration_exception_logs_total)"
	var last string
	for deadline := time.Now().Add(90 * time.Second); time.Now().Before(deadline); time.Sleep(500 * time.Millisecond) {
		resp, err := http.Get(query)
		if err != nil {
			continue // not listening yet
		}
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
		last = string(b)
		var r struct {
			Status string `json:"status"`
			Data   struct {
				Result []struct {
					Value [2]any `json:"value"`
				} `json:"result"`
			} `json:"data"`
		}
		if json.Unmarshal(b, &r) != nil || r.Status != "success" || len(r.Data.Result) == 0 {
			continue
		}
		s, _ := r.Data.Result[0].Value[1].(string)
		if v, err := strconv.ParseFloat(s, 64); err == nil && v > 0 {
			t.Logf("Prometheus: sum(sendcloud_integration_exception_logs_total) = %v", v)
			return
		}
	}
	t.Fatalf("Prometheus never returned a non-zero sendcloud_integration_exception_logs_total; last answer %s\nPrometheus log:\n%s", last, promLog.String())
}

func mustAbs(t *testing.T, p string) string {
	t.Helper()
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// freePort returns a loopback address with a port free a moment ago.
func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
