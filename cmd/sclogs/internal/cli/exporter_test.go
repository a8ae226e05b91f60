package cli

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sclogs/sclogs/sclogstest"
)

// lockedBuffer is a bytes.Buffer the command and the test share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// exporter in-process: it serves the metrics with the client's retries
// counted and, when its context ends, returns exit 0 with nothing left
// running (TestMain's goleak).
func TestExporterCommand(t *testing.T) {
	srv := sclogstest.NewServer()
	defer srv.Close()
	srv.Fail(sclogstest.Fault{Status: 503}) // the first request is retried
	var out, errb lockedBuffer
	ctx, cancel := context.WithCancel(context.Background())
	a := newApp(strings.NewReader(""), &out, &errb, func(k string) string { return fakeEnv(srv)[k] })
	done := make(chan int, 1)
	go func() {
		done <- a.execute(ctx, []string{"exporter", "--listen", "127.0.0.1:0", "--interval", "1s"})
	}()
	var base string
	for deadline := time.Now().Add(time.Minute); base == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if _, rest, ok := strings.Cut(out.String(), "serving http://"); ok {
			addr, _, _ := strings.Cut(rest, "/")
			base = "http://" + addr
		}
	}
	if base == "" {
		cancel()
		t.Fatalf("no address; stdout %q stderr %q", out.String(), errb.String())
	}
	var text string
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		resp, err := http.Get(base + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if text = string(b); strings.Contains(text, `sclogs_exporter_polls_total{result="success"} 1`) {
			break
		}
	}
	cancel()
	if code := <-done; code != exitOK {
		t.Errorf("exit %d; stderr %q", code, errb.String())
	}
	for _, want := range []string{"sclogs_exporter_http_retries_total 1", `sendcloud_integration_info{integration_id="1"`} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in\n%s", want, text)
		}
	}
	if !strings.HasSuffix(out.String(), "sclogs exporter: stopped\n") {
		t.Errorf("stdout %q", out.String())
	}
}
