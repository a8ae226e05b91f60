package exporter

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/sclogs/sclogs"
	"github.com/sclogs/sclogs/sclogstest"
)

// fixture is an exporter in front of a fake, polled by the test.
type fixture struct {
	srv      *sclogstest.Server
	client   *sclogs.Client
	e        *Exporter
	attempts *AttemptCounter
	clock    *testClock
	log      *syncBuffer // the exporter's and the client's log lines
	web      *httptest.Server
}

// testClock is a clock the test moves.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// syncBuffer is a bytes.Buffer safe for the logger and the test at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// newFixture starts a fake (opts) and an exporter (cfg's zero fields filled)
// with a client that retries after 1 ms and logs every attempt.
func newFixture(t *testing.T, cfg Config, opts ...sclogstest.Option) *fixture {
	t.Helper()
	f := &fixture{srv: sclogstest.NewServer(opts...), attempts: &AttemptCounter{}, log: &syncBuffer{},
		clock: &testClock{now: time.Now().UTC().Truncate(time.Second)}} // the tests date their logs by the real clock
	t.Cleanup(f.srv.Close)
	logger := slog.New(slog.NewTextHandler(f.log, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, err := sclogs.NewClient(sclogs.WithBaseURL(f.srv.URL()), sclogs.WithBasicAuth(f.srv.PublicKey(), f.srv.SecretKey()),
		sclogs.WithRetryBackoff(time.Millisecond, time.Millisecond), sclogs.WithMaxRetries(2),
		sclogs.WithLogger(slog.New(f.attempts.Handler(logger.Handler()))))
	if err != nil {
		t.Fatal(err)
	}
	f.client = c
	cfg.Client, cfg.Attempts, cfg.Logger, cfg.Now = c, f.attempts, logger, f.clock.Now
	if f.e, err = New(cfg); err != nil {
		t.Fatal(err)
	}
	f.web = httptest.NewServer(f.e.Handler())
	t.Cleanup(f.web.Close)
	return f
}

// poll runs one poll and fails the test on an error.
func (f *fixture) poll(t *testing.T) {
	t.Helper()
	if err := f.e.pollOnce(context.Background()); err != nil {
		t.Fatalf("poll: %v", err)
	}
}

// get fetches a path of the exporter's server.
func (f *fixture) get(t *testing.T, path string, header ...string) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, f.web.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultTransport.RoundTrip(req) // no transparent gzip: the test sees what was sent
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, body
}

// scrape returns /metrics as text.
func (f *fixture) scrape(t *testing.T) string {
	t.Helper()
	code, h, body := f.get(t, "/metrics")
	if code != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "text/plain") {
		t.Fatalf("/metrics: %d %s\n%s", code, h.Get("Content-Type"), body)
	}
	return string(body)
}

// families parses an exposition with client_golang's own text parser.
func families(t *testing.T, text string) map[string]*dto.MetricFamily {
	t.Helper()
	p := expfmt.NewTextParser(model.UTF8Validation)
	mf, err := p.TextToMetricFamilies(strings.NewReader(text))
	if err != nil {
		t.Fatalf("the exposition does not parse: %v\n%s", err, text)
	}
	return mf
}

// value is the value of the series of family name with exactly these
// labels (name, value pairs); ok is false when there is none.
func value(mfs map[string]*dto.MetricFamily, name string, labels ...string) (v float64, ok bool) {
	mf := mfs[name]
	if mf == nil {
		return 0, false
	}
	for _, m := range mf.GetMetric() {
		if len(m.GetLabel()) != len(labels)/2 {
			continue
		}
		match := true
		for _, lp := range m.GetLabel() {
			found := false
			for i := 0; i+1 < len(labels); i += 2 {
				if labels[i] == lp.GetName() && labels[i+1] == lp.GetValue() {
					found = true
				}
			}
			match = match && found
		}
		if !match {
			continue
		}
		switch {
		case m.Counter != nil:
			return m.GetCounter().GetValue(), true
		case m.Gauge != nil:
			return m.GetGauge().GetValue(), true
		case m.Untyped != nil:
			return m.GetUntyped().GetValue(), true
		}
	}
	return 0, false
}

// sum adds every series of family name.
func sum(mfs map[string]*dto.MetricFamily, name string) float64 {
	total := 0.0
	for _, m := range mfs[name].GetMetric() {
		total += m.GetCounter().GetValue() + m.GetGauge().GetValue()
	}
	return total
}

// gunzip decodes a gzip body.
func gunzip(t *testing.T, b []byte) string {
	t.Helper()
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// promtool checks an exposition with `promtool check metrics` where it is
// installed (Debian: apt-get install prometheus), and says so where not.
func promtool(t *testing.T, text string) {
	t.Helper()
	path, err := exec.LookPath("promtool")
	if err != nil {
		t.Log("promtool is not installed (apt-get install prometheus): `promtool check metrics` skipped")
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, "check", "metrics")
	cmd.Stdin = strings.NewReader(text)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("promtool check metrics: %v\n%s", err, out)
	}
}
