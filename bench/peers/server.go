package main

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"

	"github.com/sclogs/sclogs/internal/replay"
	"github.com/sclogs/sclogs/sclogstest"
)

// serveEnv, when set to a number of pages, makes this program the replay
// server instead of the benchmark.
const serveEnv = "SCLOGS_PEERS_SERVE"

// perPage is the page size every client asks for.
const perPage = 100

// serve captures pages×perPage records from sclogstest, replays them on a
// loopback port, prints the base URL (…/api/v3) and the record count on one
// line, and serves until its standard input closes (the parent exited).
func serve(pages int) error {
	src := sclogstest.NewServer(sclogstest.WithLogsPerIntegration(pages * perPage))
	first := fmt.Sprintf("%s/integrations/1/logs?page_size=%d", src.URL(), perPage)
	p, err := replay.Capture(src.URL(), first, sclogstest.DefaultPublicKey, sclogstest.DefaultSecretKey)
	src.Close()
	if err != nil {
		return err
	}
	srv := httptest.NewServer(canonicalQuery(p))
	defer srv.Close()
	fmt.Printf("%s/api/v3 %d\n", srv.URL, p.Records)
	_, _ = io.Copy(io.Discard, os.Stdin)
	return nil
}

// canonicalQuery re-encodes the query the way the captured links are encoded
// (url.Values.Encode: sorted, escaped), so a client that escapes the cursor
// differently still finds its page.
func canonicalQuery(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.URL.RawQuery = r.URL.Query().Encode()
		next.ServeHTTP(w, r)
	})
}

// replayServer is the child process serving the pages.
type replayServer struct {
	cmd     *exec.Cmd
	stdin   io.WriteCloser
	BaseURL string
	Records int
}

// startServer starts this program as the replay server for pages pages.
func startServer(pages int) (*replayServer, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%d", serveEnv, pages))
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &replayServer{cmd: cmd, stdin: stdin}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if _, serr := fmt.Sscanf(strings.TrimSpace(line), "%s %d", &s.BaseURL, &s.Records); err != nil || serr != nil {
		s.Close()
		return nil, fmt.Errorf("replay server did not start: %q: %v %v", line, err, serr)
	}
	return s, nil
}

// Close stops the server and waits for it.
func (s *replayServer) Close() {
	_ = s.stdin.Close()
	_ = s.cmd.Wait()
}
