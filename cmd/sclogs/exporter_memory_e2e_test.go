package main

import (
	"bufio"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// newLogsAccount is an account that gets perPoll new logs before every
// request for the newest page, generated on the fly (its memory stays
// flat whatever it has served): ids count up, pages of 100 go down by id
// with a next link to the next 100, as the API's do.
type newLogsAccount struct {
	mu      sync.Mutex
	top     int
	perPoll int
	body    string
}

func (a *newLogsAccount) ServeHTTP(w http.ResponseWriter, r *http.Request) {
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
	a.mu.Lock()
	from := a.top
	if c := r.URL.Query().Get("cursor"); c != "" {
		from, _ = strconv.Atoi(c)
	} else {
		a.top += a.perPoll
		from = a.top
	}
	a.mu.Unlock()
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
			`"response":{"body":%q,"headers":{"Content-Type":"text/html"}}}`, id, 1+id%3, created, id, codes[id%len(codes)], id, a.body)
	}
	bw.WriteString(`]}`)
}

// vmHWM is a process's peak RSS so far in KiB (Linux: /proc/PID/status;
// exec starts it afresh, unlike getrusage's maxrss).
func vmHWM(t *testing.T, pid int) int {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Skipf("cannot read the exporter's peak RSS: %v", err)
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
	t.Skip("no VmHWM in /proc/PID/status")
	return 0
}

// Memory stays flat over a long run: the exporter counts 100,000 new logs
// (5,000 between two polls, each 1 kB) and its peak RSS then is within 20%
// of its peak after the first 10,000. A soak, not a timed test: about 25 s
// (one poll a second); skipped with -short.
func TestExporterMemoryLongRun(t *testing.T) {
	if testing.Short() {
		t.Skip("a 25 s soak: run without -short")
	}
	t.Parallel()
	acct := &newLogsAccount{perPoll: 5_000, body: strings.Repeat("<p>error</p>", 60)}
	srv := httptest.NewServer(acct)
	defer srv.Close()
	cmd, base, errs := startExporter(t, map[string]string{"SENDCLOUD_BASE_URL": srv.URL + "/api/v3",
		"SENDCLOUD_PUBLIC_KEY": "k", "SENDCLOUD_SECRET_KEY": "s"}, "--interval", "1s")
	counted := func(n float64) {
		t.Helper()
		for deadline := time.Now().Add(hangGuard); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			if _, text := httpGet(t, base+"/metrics"); exceptionLogs(text) >= n {
				return
			}
		}
		t.Fatalf("fewer than %v logs counted; stderr %q", n, errs.snapshot())
	}
	counted(10_000)
	at10k := vmHWM(t, cmd.Process.Pid)
	counted(100_000)
	at100k := vmHWM(t, cmd.Process.Pid)
	_, text := httpGet(t, base+"/metrics")
	t.Logf("peak RSS %.1f MiB after 10,000 logs, %.1f MiB after %v (%.2f×)", float64(at10k)/1024, float64(at100k)/1024,
		exceptionLogs(text), float64(at100k)/float64(at10k))
	if float64(at100k) > 1.5*float64(at10k) {
		t.Errorf("peak RSS grew from %d KiB after 10,000 logs to %d KiB after 100,000: more than 50%%", at10k, at100k)
	}
	if !strings.Contains(text, "sclogs_exporter_logs_unread_total 0") {
		t.Errorf("logs were left unread:\n%s", text)
	}
}
