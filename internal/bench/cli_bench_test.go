// Package bench_test measures the sclogs CLI as a user runs it: as its own
// process, against a loopback server, compared in the same run with a bare
// program doing the same work (internal/bench/bare).
package bench_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sclogs/sclogs/internal/replay"
	"github.com/sclogs/sclogs/sclogstest"
	"go.uber.org/goleak"
)

const cliRecords = 20_000

var (
	buildOnce sync.Once
	binDir    string
	buildErr  error
)

// binaries builds the CLI and the bare program once per test binary.
func binaries(b *testing.B) (sclogs, bare string) {
	b.Helper()
	buildOnce.Do(func() {
		binDir, buildErr = os.MkdirTemp("", "sclogs-bench-")
		if buildErr != nil {
			return
		}
		for _, pkg := range []string{"../../cmd/sclogs", "./bare"} {
			out, err := exec.Command("go", "build", "-o", binDir, pkg).CombinedOutput()
			if err != nil {
				buildErr = fmt.Errorf("go build %s: %v\n%s", pkg, err, out)
				return
			}
		}
	})
	if buildErr != nil {
		b.Fatal(buildErr)
	}
	return filepath.Join(binDir, "sclogs"), filepath.Join(binDir, "bare")
}

// TestMain removes the built binaries and, as the benchmarks start servers,
// checks that none of their goroutines outlives them.
func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		_ = os.RemoveAll(binDir)
	}
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintln(os.Stderr, "goleak:", err)
			code = 1
		}
	}
	os.Exit(code)
}

// lineCounter counts the lines written to it and keeps nothing.
type lineCounter struct{ n int }

func (c *lineCounter) Write(p []byte) (int, error) {
	c.n += bytes.Count(p, []byte{'\n'})
	return len(p), nil
}

// run starts cmd, waits, and returns the child's CPU time (user + system)
// and how many lines it printed.
func run(b *testing.B, cmd *exec.Cmd) (time.Duration, int) {
	b.Helper()
	out := &lineCounter{}
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = out, &stderr
	if err := cmd.Run(); err != nil {
		b.Fatalf("%s: %v\n%s", cmd.Path, err, stderr.String())
	}
	return cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), out.n
}

func env(base string) []string {
	return append(os.Environ(),
		"SENDCLOUD_BASE_URL="+base,
		"SENDCLOUD_PUBLIC_KEY="+sclogstest.DefaultPublicKey,
		"SENDCLOUD_SECRET_KEY="+sclogstest.DefaultSecretKey)
}

// BenchmarkCLI streams 20,000 records to NDJSON with `sclogs list --all`
// (redaction on, as by default) and with the bare program, from the same
// replayed pages. cpu-ns/record is the child process's own CPU time.
func BenchmarkCLI(b *testing.B) {
	sclogsBin, bareBin := binaries(b)
	src := sclogstest.NewServer(sclogstest.WithLogsPerIntegration(cliRecords))
	first := src.URL() + "/integrations/1/logs?page_size=100"
	pages, err := replay.Capture(src.URL(), first, sclogstest.DefaultPublicKey, sclogstest.DefaultSecretKey)
	src.Close()
	if err != nil {
		b.Fatal(err)
	}
	srv := pages.Serve()
	defer srv.Close()
	base := srv.URL + "/api/v3"
	commands := map[string]func() *exec.Cmd{
		"sclogs": func() *exec.Cmd {
			return exec.Command(sclogsBin, "list", "1", "--all", "--page-size", "100", "-o", "ndjson")
		},
		"bare": func() *exec.Cmd {
			return exec.Command(bareBin, base+"/integrations/1/logs?page_size=100")
		},
	}
	for _, name := range []string{"sclogs", "bare"} {
		b.Run(name, func(b *testing.B) {
			var cpu time.Duration
			records := 0
			for b.Loop() {
				cmd := commands[name]()
				cmd.Env = env(base)
				c, n := run(b, cmd)
				if n != pages.Records {
					b.Fatalf("%s printed %d records, want %d", name, n, pages.Records)
				}
				cpu += c
				records += n
			}
			b.ReportMetric(float64(cpu.Nanoseconds())/float64(records), "cpu-ns/record")
		})
	}
}

// BenchmarkCLIPeakRSS measures the CLI's peak resident memory while it
// streams 20,000 and 200,000 records to NDJSON. /usr/bin/time measures it
// from outside: a child started straight from this (large) test process
// would report the parent's peak as its own.
func BenchmarkCLIPeakRSS(b *testing.B) {
	for _, records := range []int{20_000, 200_000} {
		b.Run(fmt.Sprintf("records=%d", records), func(b *testing.B) {
			srv := sclogstest.NewServer(sclogstest.WithLogsPerIntegration(records))
			defer srv.Close()
			peakRSS(b, srv, records, "list", "1", "--all", "--page-size", "100", "-o", "ndjson", "--rate", "0") // 2,000 pages: past the default budget's minute
		})
	}
}

// peakRSS runs the CLI with args against srv under /usr/bin/time, checks
// that it printed lines lines, and reports its peak RSS (peak-KiB).
func peakRSS(b *testing.B, srv *sclogstest.Server, lines int, args ...string) {
	b.Helper()
	if _, err := os.Stat("/usr/bin/time"); err != nil {
		b.Skip("no /usr/bin/time (Debian package time) to measure peak RSS")
	}
	sclogsBin, _ := binaries(b)
	var peak int
	for b.Loop() {
		cmd := exec.Command("/usr/bin/time", append([]string{"-f", "peak-KiB=%M", sclogsBin}, args...)...)
		cmd.Env = env(srv.URL())
		out := &lineCounter{}
		var stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = out, &stderr
		if err := cmd.Run(); err != nil {
			b.Fatalf("%v\n%s", err, stderr.String())
		}
		if lines >= 0 && out.n != lines {
			b.Fatalf("printed %d lines, want %d", out.n, lines)
		}
		kib, err := peakKiB(stderr.String())
		if err != nil {
			b.Fatal(err)
		}
		peak = max(peak, kib)
	}
	b.ReportMetric(float64(peak), "peak-KiB")
}

func peakKiB(stderr string) (int, error) {
	i := strings.LastIndex(stderr, "peak-KiB=")
	if i < 0 {
		return 0, fmt.Errorf("no peak RSS in %q", stderr)
	}
	return strconv.Atoi(strings.TrimSpace(stderr[i+len("peak-KiB="):]))
}
