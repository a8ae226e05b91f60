package main

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
)

// hostilePages serves, on every request, a page of n logs never seen before
// (ids keep growing), each with a response body of bodySize bytes,
// and always a next link: every poll of --follow finds nothing but new logs,
// page after page, as many as the library accepts in a page (16 MiB).
func hostilePages(n, bodySize int) http.Handler {
	var next atomic.Int64
	body := strings.Repeat("x", bodySize)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		top := next.Add(int64(n)) + 1_000_000
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Link", fmt.Sprintf(`<http://%s%s?cursor=2026-01-01T00:00:00Z&page_size=100>; rel="next"`, r.Host, r.URL.Path))
		bw := bufio.NewWriter(w)
		bw.WriteString(`{"data":[`)
		for i := range n {
			if i > 0 {
				bw.WriteByte(',')
			}
			fmt.Fprintf(bw, `{"id":%d,"base_url":"https://shop.example.com","created_at":"2026-01-01T00:00:00Z","response":{"body":"%s"}}`,
				top-int64(i), body)
		}
		bw.WriteString(`]}`)
		_ = bw.Flush()
	})
}

var peakKiB = regexp.MustCompile(`peak-KiB=(\d+)`)

// followPeakRSS runs list --follow under /usr/bin/time against h until
// stderr has said `polls` times that logs were skipped, then sends Ctrl-C
// and returns the peak RSS in MiB and stderr.
func followPeakRSS(t *testing.T, h http.Handler, polls int, args ...string) (float64, string) {
	t.Helper()
	if _, err := os.Stat("/usr/bin/time"); err != nil {
		t.Skip("no /usr/bin/time (Debian package time) to measure peak RSS")
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	cmd := exec.Command("/usr/bin/time", append([]string{"-f", "peak-KiB=%M", bin, "list", "7", "-f", "--interval", "1s", "-o", "ndjson"}, args...)...)
	cmd.Env = []string{"SENDCLOUD_BASE_URL=" + srv.URL, "SENDCLOUD_PUBLIC_KEY=k", "SENDCLOUD_SECRET_KEY=s"}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // Ctrl-C goes to the group: time ignores it, sclogs ends
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
	t.Cleanup(func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); _ = cmd.Wait() })
	go func() { _, _ = io.Copy(io.Discard, out) }()
	errs := readLines(errp)
	errs.waitFor(t, fmt.Sprintf("%d notes of skipped logs", polls), func(l []string) bool {
		return strings.Count(strings.Join(l, "\n"), "logs were skipped") >= polls
	})
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGINT)
	stderr := strings.Join(errs.waitFor(t, "the peak RSS", anyContains("peak-KiB=")), "\n")
	if err := cmd.Wait(); err != nil {
		t.Fatalf("after Ctrl-C: %v; stderr %q", err, stderr)
	}
	m := peakKiB.FindStringSubmatch(stderr)
	if m == nil {
		t.Fatalf("no peak in stderr %q", stderr)
	}
	kib, _ := strconv.Atoi(m[1])
	return float64(kib) / 1024, stderr
}

// Against a server whose every page is 16 MB of logs never seen before, a
// poll stops at the records and bytes it may hold (and says so), and the
// CLI's peak RSS stays under 100 MiB. (Before the poll was bounded by bytes,
// it held ten such pages: over 200 MiB.)
func TestFollowPeakRSSAgainstHostileServer(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name           string
		records, bytes int
		limit          string
	}{
		{"100 logs of 160 kB a page", 100, 160_000, "memory limit"},
		// The engine holds each record twice (as redacted and decoded) and
		// counts both: 10,000 records of 500 bytes fit its 16 MiB.
		{"10,000 logs of 500 bytes a page", 10_000, 500, "record limit"},
	} {
		mib, stderr := followPeakRSS(t, hostilePages(c.records, c.bytes), 3)
		t.Logf("%s: peak RSS %.1f MiB", c.name, mib)
		if mib > 100 {
			t.Errorf("%s: peak RSS %.1f MiB, want under 100", c.name, mib)
		}
		if !strings.Contains(stderr, c.limit+" after reading") {
			t.Errorf("%s: stderr %q: want the poll to stop at its %s", c.name, stderr, c.limit)
		}
	}
}
