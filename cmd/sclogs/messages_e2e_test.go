package main

import (
	"net"
	"os"
	"strings"
	"testing"

	"github.com/sclogs/sclogs/sclogstest"
)

// A failed poll of --follow is one line with one "sclogs:" that says what
// happens next, not the library's "giving up" after "retrying in".
func TestFollowPollFailureLine(t *testing.T) {
	t.Parallel()
	// A port that refuses connections: listen, note it, close.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	env := map[string]string{"SENDCLOUD_PUBLIC_KEY": sclogstest.DefaultPublicKey, "SENDCLOUD_SECRET_KEY": sclogstest.DefaultSecretKey,
		"SENDCLOUD_BASE_URL": "http://" + addr + "/api/v3"}
	cmd, _, errs := startSclogs(t, env, "list", "1", "--follow", "--interval", "1s", "--max-retries", "1", "-o", "ndjson")
	got := errs.waitFor(t, "a note on the failed poll", anyContains("retrying in"))
	_ = cmd.Process.Signal(os.Interrupt)
	_ = cmd.Wait()
	for _, l := range got {
		if !strings.Contains(l, "retrying in") {
			continue
		}
		if strings.Count(l, "sclogs:") != 1 || !strings.HasPrefix(l, "sclogs: polling failed, retrying in 1s: ") ||
			strings.Contains(l, "giving up") || !strings.Contains(l, "connection refused") {
			t.Errorf("poll failure line %q: want one sclogs: prefix, when the next poll comes, why, and no \"giving up\"", l)
		}
	}
}
