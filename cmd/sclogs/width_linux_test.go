package main

import (
	"context"
	"encoding/json"
	"io"
	"net/url"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/sclogs/sclogs/cmd/sclogs/internal/termwidth"
)

// runOnSizedTerminal runs the binary with stdout on a terminal cols columns
// wide and returns what the terminal showed, line by line. Stderr (notes
// such as a cursor to resume from, which must not be cut) goes elsewhere.
func runOnSizedTerminal(t *testing.T, env map[string]string, cols int, args ...string) []string {
	t.Helper()
	pty, tty := openPTY(t)
	defer pty.Close()
	ws := struct{ row, col, x, y uint16 }{40, uint16(cols), 0, 0}
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, tty.Fd(), syscall.TIOCSWINSZ, uintptr(unsafe.Pointer(&ws))); e != 0 {
		t.Skipf("TIOCSWINSZ: %v", e)
	}
	shown := make(chan []byte)
	go func() {
		b, _ := io.ReadAll(pty)
		shown <- b
	}()
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var stderr strings.Builder
	cmd.Stdout, cmd.Stderr = tty, &stderr
	err := cmd.Run()
	tty.Close()
	out := string(<-shown)
	if err != nil {
		t.Fatalf("sclogs %s: %v\n%s\n%s", strings.Join(args, " "), err, out, stderr.String())
	}
	return strings.Split(strings.ReplaceAll(out, "\r\n", "\n"), "\n")
}

// On an 80-column terminal no line of a table is wider than the terminal;
// with --wide the same listing is wider (so the check can fail).
func TestTablesFit80Columns(t *testing.T) {
	srv := newFake(t)
	env := basicEnv(srv)
	for _, args := range [][]string{
		{"list", "2", "--limit", "40"},
		{"list", "1", "--limit", "10", "--utc"},
		{"doctor", "2"},
		{"doctor", "3", "--since", "2025-11-01"},
		{"doctor"},
		{"integrations"},
		{"demo"},
	} {
		shown := runOnSizedTerminal(t, env, 80, args...)
		if len(shown) < 5 {
			t.Errorf("%v: showed only %q", args, shown)
		}
		for _, line := range shown {
			if w := termwidth.String(line); w > 80 {
				t.Errorf("%v: a line %d columns wide on an 80-column terminal:\n%s", args, w, line)
			}
		}
	}
	widest := 0
	for _, line := range runOnSizedTerminal(t, env, 80, "list", "2", "--limit", "5", "--wide") {
		widest = max(widest, termwidth.String(line))
	}
	if widest <= 80 {
		t.Errorf("--wide: widest line %d columns, want the full rows (over 80)", widest)
	}
}

// At 80 columns a row of list shows what a merchant needs for the fake's
// data: the time (hours and minutes, under a line with the day), the status
// and the exception's class name whole (no module path), and the URL's host
// without "www." and the last segment of its path whole. The same rows
// piped keep every field (see TestTablesFit80Columns for --wide).
func TestListAt80ColumnsShowsWhatMatters(t *testing.T) {
	srv := newFake(t)
	env := basicEnv(srv)
	for _, id := range []string{"1", "2", "3"} {
		type rec struct {
			ResponseCode  *int    `json:"response_code"`
			ExceptionType *string `json:"exception_type"`
			FullURL       *string `json:"full_url"`
			CreatedAt     string  `json:"created_at"`
		}
		var recs []rec
		for _, line := range strings.Split(strings.TrimSpace(sclogsRun(t, env, "list", id, "--limit", "25", "-o", "ndjson", "--utc").wantCode(t, 0).stdout), "\n") {
			var r rec
			if err := json.Unmarshal([]byte(line), &r); err != nil {
				t.Fatal(err)
			}
			recs = append(recs, r)
		}
		shown := runOnSizedTerminal(t, env, 80, "list", id, "--limit", "25", "--utc")
		var rows []string
		for _, l := range shown[1:] {
			if l != "" && !strings.HasSuffix(l, "(UTC)") {
				rows = append(rows, l)
			}
		}
		if len(rows) != len(recs) {
			t.Fatalf("list %s: %d rows for %d records:\n%s", id, len(rows), len(recs), strings.Join(shown, "\n"))
		}
		for i, r := range recs {
			row := rows[i]
			if w := termwidth.String(row); w > 80 {
				t.Errorf("list %s: row %d columns wide: %s", id, w, row)
			}
			if at, err := time.Parse(time.RFC3339, r.CreatedAt); err == nil && !strings.Contains(row, at.UTC().Format("15:04")) {
				t.Errorf("list %s: row %q lacks the time %s", id, row, at.UTC().Format("15:04"))
			}
			if r.ResponseCode != nil && !strings.Contains(row, strconv.Itoa(*r.ResponseCode)) {
				t.Errorf("list %s: row %q lacks the status %d", id, row, *r.ResponseCode)
			}
			if r.ExceptionType != nil {
				class := (*r.ExceptionType)[strings.LastIndex(*r.ExceptionType, ".")+1:]
				if !strings.Contains(row, " "+class+" ") || strings.Contains(row, "requests.") {
					t.Errorf("list %s: row %q lacks the whole class name %s (or shows the module path)", id, row, class)
				}
			}
			if r.FullURL != nil {
				u, err := url.Parse(*r.FullURL)
				if err != nil {
					t.Fatal(err)
				}
				host := strings.TrimPrefix(u.Hostname(), "www.")
				last := u.Path[strings.LastIndex(strings.TrimSuffix(u.Path, "/"), "/"):]
				if !strings.Contains(row, " "+host+"/") || !strings.Contains(row, last) || strings.Contains(row, "www.") {
					t.Errorf("list %s: row %q lacks the host %s or the path's end %s", id, row, host, last)
				}
			}
		}
	}
}
