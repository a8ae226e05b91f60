package cli

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sclogs/sclogs/sclogstest"
)

// run executes the command line in-process against env.
func run(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Execute(context.Background(), args, strings.NewReader(""), &out, &errb,
		func(k string) string { return env[k] })
	return code, out.String(), errb.String()
}

// runApp executes the command line in-process with the app's hooks set by
// setup (terminal width, clock, sleep).
func runApp(t *testing.T, env map[string]string, setup func(a *app), args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	a := newApp(strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
	if setup != nil {
		setup(a)
	}
	code = a.execute(context.Background(), args)
	return code, out.String(), errb.String()
}

// width80 makes the app see an 80-column terminal.
func width80(a *app) { a.termWidth = func() int { return 80 } }

func fakeEnv(srv *sclogstest.Server) map[string]string {
	return map[string]string{envBaseURL: srv.URL(), envPublicKey: srv.PublicKey(), envSecretKey: srv.SecretKey()}
}

func logRequests(srv *sclogstest.Server) []string {
	var out []string
	for _, r := range srv.Requests() {
		if strings.Contains(r.URL.Path, "/logs") {
			out = append(out, r.URL.RawQuery)
		}
	}
	return out
}

// --limit fetches no page it does not need, and asks for just the records
// it prints when no page size is given.
func TestListFetchesOnlyNeededPages(t *testing.T) {
	srv := sclogstest.NewServer()
	defer srv.Close()
	env := fakeEnv(srv)

	code, out, errOut := run(t, env, "list", "1", "--limit", "30", "--page-size", "25", "-o", "ndjson")
	if code != 0 || strings.Count(out, "\n") != 30 {
		t.Fatalf("exit %d, %d lines; stderr %s", code, strings.Count(out, "\n"), errOut)
	}
	if q := logRequests(srv); len(q) != 2 {
		t.Errorf("requests %q: want 2 pages for 30 records of 25", q)
	}
	if !strings.Contains(errOut, "more records may follow") {
		t.Errorf("stderr %q: want the mid-page note", errOut)
	}

	code, out, errOut = run(t, env, "list", "1", "--limit", "7", "-o", "ndjson")
	q := logRequests(srv)
	if code != 0 || strings.Count(out, "\n") != 7 || len(q) != 3 || q[2] != "page_size=7" {
		t.Errorf("exit %d, %d lines, requests %q: want 7 lines from one page_size=7 request", code, strings.Count(out, "\n"), q)
	}
	if !strings.Contains(errOut, "--cursor '") {
		t.Errorf("stderr %q: want the resume cursor", errOut)
	}
}

// Execute never lets a panic out: one line, exit 1.
func TestPanicBecomesOneLine(t *testing.T) {
	var errb bytes.Buffer
	code := Execute(context.Background(), []string{"version"}, nil, panicWriter{}, &errb, nil)
	if code != 1 || strings.Count(errb.String(), "\n") != 1 || !strings.Contains(errb.String(), "internal error") {
		t.Errorf("exit %d, stderr %q", code, errb.String())
	}
}

type panicWriter struct{}

func (panicWriter) Write([]byte) (int, error) { panic("boom\nwith a second line") }

func TestEveryCommandHasAnExample(t *testing.T) {
	a := &app{env: func(string) string { return "" }, stdout: io.Discard, stderr: io.Discard}
	root := a.rootCommand()
	if root.Example == "" {
		t.Error("root has no example")
	}
	for _, c := range root.Commands() {
		if c.Example == "" {
			t.Errorf("%s has no example", c.Name())
		}
	}
	if len(root.Commands()) < 6 {
		t.Errorf("commands: %d", len(root.Commands()))
	}
}

func TestProgress(t *testing.T) {
	var errb bytes.Buffer
	p := &progress{a: &app{stderr: &errb}, on: true}
	p.page(25)
	if errb.Len() != 0 {
		t.Errorf("progress after one page: %q", errb.String())
	}
	p.page(25)
	p.end()
	if errb.String() != "\rsclogs: 50 records, 2 pages read\n" {
		t.Errorf("progress %q", errb.String())
	}
	errb.Reset()
	off := &progress{a: &app{stderr: &errb}}
	off.page(1)
	off.page(1)
	off.end()
	if errb.Len() != 0 {
		t.Errorf("progress when off: %q", errb.String())
	}
	// Buffers are not terminals.
	if (&app{stderr: &errb, stdout: &errb}).showProgress() {
		t.Error("showProgress on a buffer")
	}
}

// lineWriter hands stdout lines to a channel, for a command that keeps running.
type lineWriter struct {
	w     *io.PipeWriter
	lines chan string
}

func newLineWriter() *lineWriter {
	r, w := io.Pipe()
	lw := &lineWriter{w: w, lines: make(chan string, 100)}
	go func() {
		defer close(lw.lines)
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			lw.lines <- sc.Text()
		}
	}()
	return lw
}

func (l *lineWriter) Write(p []byte) (int, error) { return l.w.Write(p) }

func TestServeFakeServesUntilCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	lw := newLineWriter()
	var errb bytes.Buffer
	done := make(chan int)
	go func() {
		done <- Execute(ctx, []string{"serve-fake", "--addr", "127.0.0.1:0", "--public-key", "pk", "--secret-key", "sk"},
			nil, lw, &errb, nil)
		lw.w.Close()
	}()
	var base string
	for line := range lw.lines {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "base URL:"); ok {
			base = strings.TrimSpace(v)
			break
		}
	}
	if base == "" {
		t.Fatalf("no base URL printed; stderr %q", errb.String())
	}
	req, _ := http.NewRequest("GET", base+"/integrations/1/logs?page_size=1", nil)
	req.SetBasicAuth("pk", "sk")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("GET: %s", resp.Status)
	}
	http.DefaultClient.CloseIdleConnections()
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d; stderr %q", code, errb.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve-fake did not stop when cancelled")
	}
	for range lw.lines { // drain
	}
}
