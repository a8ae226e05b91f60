package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"unsafe"
)

// openPTY opens a pseudo-terminal pair: what is written to tty can be read
// from pty.
func openPTY(t *testing.T) (pty, tty *os.File) {
	t.Helper()
	pty, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	var n uint32
	var unlock int32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, pty.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		pty.Close()
		t.Skipf("TIOCGPTN: %v", e)
	}
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, pty.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		pty.Close()
		t.Skipf("TIOCSPTLCK: %v", e)
	}
	tty, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		pty.Close()
		t.Skipf("opening the terminal side: %v", err)
	}
	return pty, tty
}

// Where runOnTerminal sends stdout.
const (
	toPipe    = iota // a pipe, read by the test
	toTTY            // the terminal stderr is on
	toDevNull        // /dev/null: a character device, but no terminal
)

// runOnTerminal runs the binary with stderr on a terminal and stdout where
// told; it returns what the terminal showed and what the pipe got.
func runOnTerminal(t *testing.T, env map[string]string, stdoutTo int, args ...string) (terminal, stdout string) {
	t.Helper()
	pty, tty := openPTY(t)
	defer pty.Close()
	shown := make(chan []byte)
	go func() {
		b, _ := io.ReadAll(pty) // ends with EIO once no process holds the terminal
		shown <- b
	}()
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, tty
	switch stdoutTo {
	case toTTY:
		cmd.Stdout = tty
	case toDevNull:
		devNull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer devNull.Close()
		cmd.Stdout = devNull
	}
	err := cmd.Run()
	tty.Close()
	term := string(<-shown)
	if err != nil {
		t.Fatalf("sclogs %s: %v\nterminal: %q", strings.Join(args, " "), err, term)
	}
	return term, out.String()
}

// Progress shows on stderr when it is a terminal and more than one page is
// read; stdout gets the records and nothing else, also when it is /dev/null.
// No progress when stdout is a terminal too, nor for a single page.
func TestProgressOnTerminal(t *testing.T) {
	srv := newFake(t)
	env := basicEnv(srv)
	args := []string{"list", "1", "--all", "--page-size", "10", "-o", "ndjson"}

	term, out := runOnTerminal(t, env, toPipe, args...)
	if !strings.Contains(term, "sclogs: 20 records, 2 pages read") || !strings.Contains(term, "sclogs: 100 records, 10 pages read") {
		t.Errorf("terminal showed %q: want the records and pages read so far", term)
	}
	if n := len(ndjson(t, out)); n != 100 || strings.Contains(out, "pages read") {
		t.Errorf("stdout: %d records (want 100), progress in it: %v", n, strings.Contains(out, "pages read"))
	}

	if term, _ = runOnTerminal(t, env, toDevNull, args...); !strings.Contains(term, "sclogs: 100 records, 10 pages read") {
		t.Errorf("stdout to /dev/null: terminal showed %q, want the progress", term)
	}
	if term, _ = runOnTerminal(t, env, toTTY, args...); strings.Contains(term, "pages read") {
		t.Errorf("progress mixed into records on the same terminal: %q", term)
	}
	if term, _ = runOnTerminal(t, env, toPipe, "list", "1", "--limit", "10", "-o", "ndjson"); strings.Contains(term, "pages read") {
		t.Errorf("progress for a single page: %q", term)
	}
}
