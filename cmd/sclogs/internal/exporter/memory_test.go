package exporter

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sclogs/sclogs"
)

// newLogs is an account that gets perPoll new logs before every request
// for the newest page, generated on the fly (its own memory stays flat
// whatever it serves): ids count up, pages of 100 go down by id with a next
// link, as the API's do. Each log carries a 720-byte response body.
type newLogs struct {
	mu      sync.Mutex
	top     int
	perPoll int
}

var newLogsBody = strings.Repeat("<p>error</p>", 60)

func (a *newLogs) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	switch r.URL.Path {
	case "/api/v3/integrations":
		bw.WriteString(`{"data":[{"id":1,"shop_name":"Shop One","type":"shopify","started_failing_at":"2026-12-07T09:00:00Z"},` +
			`{"id":2,"shop_name":"Shop Two","type":"woocommerce"},{"id":3,"shop_name":"Shop Three","type":"api"}]}`)
		return
	case "/api/v3/integrations/logs":
	default:
		http.NotFound(w, r)
		return
	}
	var from int
	if c := r.URL.Query().Get("cursor"); c != "" {
		from, _ = strconv.Atoi(c)
	} else {
		a.mu.Lock()
		a.top += a.perPoll
		from = a.top
		a.mu.Unlock()
	}
	to := max(from-100, 0)
	if to > 0 {
		w.Header().Set("Link", fmt.Sprintf(`<http://%s%s?cursor=%d&page_size=100>; rel="next"`, r.Host, r.URL.Path, to))
	}
	bw.WriteString(`{"data":[`)
	codes := []int{401, 404, 500, 503, 429, 302}
	for id := from; id > to; id-- {
		if id != from {
			bw.WriteByte(',')
		}
		created := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC).Add(time.Duration(id) * time.Second).Format(time.RFC3339)
		fmt.Fprintf(bw, `{"id":%d,"integration_id":%d,"created_at":%q,"base_url":"https://shop.example","full_url":"https://shop.example/api/orders?page=%d",`+
			`"method":"GET","response_code":%d,"exception_type":"requests.exceptions.HTTPError","exception":"HTTP error %d",`+
			`"response":{"body":%q,"headers":{"Content-Type":"text/html"}}}`, id, 1+id%3, created, id, codes[id%len(codes)], id, newLogsBody)
	}
	bw.WriteString(`]}`)
}

// soakChild is set in the environment of the child process that runs the
// soak, so that its peak RSS is the soak's alone.
const soakChild = "SCLOGS_EXPORTER_SOAK_CHILD"

var soakLine = regexp.MustCompile(`soak: peak RSS (\d+) KiB after (\d+) logs`)

// Memory stays flat over a long run: an exporter counts 100,000 new logs
// (1,000 between two polls, 1 kB each, scraped after every poll) and its
// peak RSS then is within 20% of its peak after the first 10,000. The soak
// runs in a child process (this test binary again), so that the peak is
// its own; not a timed test (it polls without waiting). Skipped under the
// race detector, whose shadow memory makes RSS meaningless, and with -short.
func TestMemoryFlat(t *testing.T) {
	if os.Getenv(soakChild) != "" {
		soak(t)
		return
	}
	switch {
	case raceEnabled:
		t.Skip("RSS under the race detector says nothing: go test -run TestMemoryFlat ./cmd/sclogs/internal/exporter/")
	case testing.Short():
		t.Skip("a soak of 100,000 logs: run without -short")
	}
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("no /proc/self/status to read the peak RSS from")
	}
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestMemoryFlat$", "-test.v")
	cmd.Env = append(os.Environ(), soakChild+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the soak: %v\n%s", err, out)
	}
	peaks := map[int]int{}
	for _, m := range soakLine.FindAllStringSubmatch(string(out), -1) {
		kib, _ := strconv.Atoi(m[1])
		n, _ := strconv.Atoi(m[2])
		peaks[n] = kib
	}
	at10k, at100k := peaks[10_000], peaks[100_000]
	if at10k == 0 || at100k == 0 {
		t.Fatalf("no figures from the soak:\n%s", out)
	}
	t.Logf("peak RSS %.1f MiB after 10,000 logs, %.1f MiB after 100,000 (%.2f×)", float64(at10k)/1024, float64(at100k)/1024,
		float64(at100k)/float64(at10k))
	if float64(at100k) > 1.2*float64(at10k) {
		t.Errorf("peak RSS grew from %d KiB after 10,000 logs to %d KiB after 100,000: more than 20%%\n%s", at10k, at100k, out)
	}
}

// soak is the child's part of TestMemoryFlat.
func soak(t *testing.T) {
	srv := httptest.NewServer(&newLogs{perPoll: 1_000})
	defer srv.Close()
	c, err := sclogs.NewClient(sclogs.WithBaseURL(srv.URL+"/api/v3"), sclogs.WithBasicAuth("k", "s"),
		sclogs.WithRateLimit(0, 0)) // 1,000+ requests as fast as it can: not the budget under test
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(Config{Client: c, Attempts: &AttemptCounter{}})
	if err != nil {
		t.Fatal(err)
	}
	web := httptest.NewServer(e.Handler())
	defer web.Close()
	ctx := context.Background()
	if err := e.pollOnce(ctx); err != nil { // the baseline
		t.Fatal(err)
	}
	for n := 1_000; n <= 100_000; n += 1_000 {
		if err := e.pollOnce(ctx); err != nil {
			t.Fatal(err)
		}
		resp, err := http.Get(web.URL + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		text := new(strings.Builder)
		_, _ = bufio.NewReader(resp.Body).WriteTo(text)
		resp.Body.Close()
		if got := countedLogs(t, text.String()); got != float64(n) {
			t.Fatalf("%v logs counted, want %d", got, n)
		}
		if n%10_000 == 0 {
			fmt.Printf("soak: peak RSS %d KiB after %d logs\n", peakRSS(t), n)
		}
	}
}

// countedLogs sums sendcloud_integration_exception_logs_total.
func countedLogs(t *testing.T, text string) float64 {
	return sum(families(t, text), "sendcloud_integration_exception_logs_total")
}

// peakRSS is this process's peak RSS so far in KiB (VmHWM).
func peakRSS(t *testing.T) int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kib, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			if err != nil {
				t.Fatalf("VmHWM %q", v)
			}
			return kib
		}
	}
	t.Fatal("no VmHWM")
	return 0
}
