package main

import (
	"context"
	"io"
	"os/exec"
	"strings"
	"syscall"
	"testing"
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
