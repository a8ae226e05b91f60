package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sclogs/sclogs/cmd/sclogs/internal/follow"
	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/sclogstest"
)

// followScript drives --follow without waiting: each sleep runs the next
// step, records the wait asked for, and the last one ends the run as Ctrl-C
// would.
func followScript(waits *[]time.Duration, steps ...func()) func(a *app) {
	return func(a *app) {
		a.sleep = func(ctx context.Context, d time.Duration) error {
			*waits = append(*waits, d)
			if len(*waits) > len(steps) {
				return context.Canceled
			}
			steps[len(*waits)-1]()
			return nil
		}
	}
}

func newLog(code int) gen.IntegrationLog {
	typ := "requests.exceptions.HTTPError"
	url := "https://shop.example.com/orders.json?token=s3cr3t"
	return gen.IntegrationLog{BaseURL: "https://shop.example.com", ResponseCode: &code, ExceptionType: &typ, FullURL: &url}
}

func ndjsonIDs(t *testing.T, out string) []int {
	t.Helper()
	var ids []int
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line == "" {
			continue
		}
		var l struct{ ID int }
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		ids = append(ids, l.ID)
	}
	return ids
}

// --follow prints the newest --limit records oldest first, then each new
// record once, oldest first; a failed poll is reported and retried with
// growing waits, then polling goes on; Ctrl-C ends with exit 0.
func TestFollow(t *testing.T) {
	srv := sclogstest.NewServer(sclogstest.WithoutSeedData())
	defer srv.Close()
	for i := range 5 {
		srv.AddLogs(7, newLog(500+i))
	}
	var waits []time.Duration
	steps := []func(){
		func() { srv.AddLogs(7, newLog(401), newLog(402)) },
		func() {}, // nothing new
		func() { srv.Fail(sclogstest.Fault{Status: 503}, sclogstest.Fault{Status: 503}) },
		func() {},
		func() { srv.AddLogs(7, newLog(403)) }, // appears once polling works again
		func() {},
	}
	env := fakeEnv(srv)
	code, out, errOut := runApp(t, env, followScript(&waits, steps...),
		"list", "7", "--follow", "--limit", "3", "--interval", "2s", "--max-retries", "0", "-o", "ndjson")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if got, want := fmt.Sprint(ndjsonIDs(t, out)), "[3 4 5 6 7 8]"; got != want {
		t.Errorf("ids %s, want %s (newest 3, then the new ones, each once)", got, want)
	}
	if strings.Contains(out, "s3cr3t") {
		t.Error("a secret in --follow output: not redacted")
	}
	if n := strings.Count(errOut, "polling failed, retrying in"); n != 2 || !strings.Contains(errOut, "HTTP 503") ||
		!strings.Contains(errOut, "polling works again") {
		t.Errorf("stderr %q: want two failure notes naming the 503 and a recovery note", errOut)
	}
	want := []time.Duration{2 * time.Second, 2 * time.Second, 2 * time.Second, 2 * time.Second, 4 * time.Second, 2 * time.Second, 2 * time.Second}
	if fmt.Sprint(waits) != fmt.Sprint(want) {
		t.Errorf("waits %v, want %v (backoff doubles from the interval, then resets)", waits, want)
	}
}

// More new logs than a page between two polls: the poll reads further
// pages, so none is lost.
func TestFollowCatchesUp(t *testing.T) {
	srv := sclogstest.NewServer(sclogstest.WithoutSeedData())
	defer srv.Close()
	srv.AddLogs(7, newLog(500))
	var more []gen.IntegrationLog
	for range 250 {
		more = append(more, newLog(502))
	}
	var waits []time.Duration
	code, out, errOut := runApp(t, fakeEnv(srv), followScript(&waits, func() { srv.AddLogs(7, more...) }),
		"list", "7", "-f", "-o", "ndjson")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	ids := ndjsonIDs(t, out)
	if len(ids) != 251 || ids[0] != 1 || ids[250] != 251 {
		t.Errorf("%d records (first %v): want all 251, in order", len(ids), ids[:min(3, len(ids))])
	}
	for i := 1; i < len(ids); i++ {
		if ids[i] != ids[i-1]+1 {
			t.Fatalf("ids out of order or repeated at %d: %v", i, ids[i-2:i+1])
		}
	}
}

// An error that waiting cannot fix ends --follow with exit 1.
func TestFollowStopsOnPermanentError(t *testing.T) {
	srv := sclogstest.NewServer()
	defer srv.Close()
	env := fakeEnv(srv)
	env[envSecretKey] = "wrong"
	var waits []time.Duration
	code, _, errOut := runApp(t, env, followScript(&waits), "list", "1", "-f")
	if code != 1 || !strings.Contains(errOut, "HTTP 401") || len(waits) != 0 {
		t.Errorf("exit %d, %d waits, stderr %q: want exit 1 at once on 401", code, len(waits), errOut)
	}
}

func TestFollowFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"list", "1", "--interval", "5s"}, "--interval is for --follow"},
		{[]string{"list", "1", "-f", "--interval", "100ms"}, "at least 1s"},
		{[]string{"list", "1", "-f", "--all"}, "cannot be used with"},
		{[]string{"list", "1", "-f", "--until", "1d"}, "cannot be used with"},
		{[]string{"list", "1", "-f", "-o", "json"}, "ndjson"},
	} {
		code, _, errOut := run(t, nil, c.args...)
		if code != 2 || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", c.args, code, errOut, c.want)
		}
	}
}

// More new logs than one poll reads between two polls: the newest are
// printed, and stderr says that logs were skipped and how many pages were
// read (never silently).
func TestFollowCatchUpBounded(t *testing.T) {
	t.Parallel()
	srv := sclogstest.NewServer(sclogstest.WithoutSeedData())
	defer srv.Close()
	srv.AddLogs(7, newLog(500))
	const pages = 3
	flood := make([]gen.IntegrationLog, pages*maxPageSize+50)
	for i := range flood {
		flood[i] = newLog(503)
	}
	var waits []time.Duration
	code, out, errOut := runApp(t, fakeEnv(srv), func(a *app) {
		followScript(&waits, func() { srv.AddLogs(7, flood...) })(a)
		a.followLimits = follow.Limits{MaxPages: pages}
	}, "list", "7", "-f", "-o", "ndjson")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	ids := ndjsonIDs(t, out)
	if len(ids) != 1+pages*maxPageSize || ids[len(ids)-1] != len(flood)+1 {
		t.Errorf("%d records, last id %d: want the first and the newest %d", len(ids), ids[len(ids)-1], pages*maxPageSize)
	}
	if !strings.Contains(errOut, "logs were skipped") || !strings.Contains(errOut, "after reading 3 pages") {
		t.Errorf("stderr %q: want the note on skipped logs and the pages read", errOut)
	}
}

// A log dated in the future (a time-zone slip in CreateLog) stays at the
// top of the listing: the catch-up must not stop at it. All 150 logs that
// arrive between two polls are printed, once, in order.
func TestFollowFutureDatedLog(t *testing.T) {
	t.Parallel()
	srv := sclogstest.NewServer(sclogstest.WithoutSeedData())
	defer srv.Close()
	now := time.Now()
	dated := func(code int, at time.Time) gen.IntegrationLog {
		l := newLog(code)
		l.CreatedAt = &at
		return l
	}
	srv.AddLogs(7, dated(500, now.Add(-time.Hour)), dated(500, now.Add(-time.Hour+time.Second)))
	srv.AddLogs(7, dated(501, now.Add(5*time.Hour)))
	var more []gen.IntegrationLog
	for i := range 150 {
		more = append(more, dated(502, now.Add(-30*time.Minute+time.Duration(i)*time.Second)))
	}
	var waits []time.Duration
	code, out, errOut := runApp(t, fakeEnv(srv), followScript(&waits, func() { srv.AddLogs(7, more...) }, func() {}),
		"list", "7", "-f", "-o", "ndjson")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	ids := ndjsonIDs(t, out)
	if len(ids) != 153 {
		t.Fatalf("%d records, want 3 then 150 new ones", len(ids))
	}
	for i, id := range ids {
		if id != i+1 {
			t.Fatalf("record %d has id %d: dropped, repeated or out of order", i, id)
		}
	}
	if errOut != "" {
		t.Errorf("stderr %q, want nothing", errOut)
	}
}

// --limit with --follow is the newest N logs, however many pages that
// takes, oldest first; then the new ones.
func TestFollowLimitBeyondOnePage(t *testing.T) {
	t.Parallel()
	srv := sclogstest.NewServer(sclogstest.WithoutSeedData())
	defer srv.Close()
	var logs []gen.IntegrationLog
	for range 300 {
		logs = append(logs, newLog(500))
	}
	srv.AddLogs(7, logs...)
	var waits []time.Duration
	code, out, errOut := runApp(t, fakeEnv(srv), followScript(&waits, func() { srv.AddLogs(7, newLog(501)) }),
		"list", "7", "-f", "--limit", "250", "-o", "ndjson")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	ids := ndjsonIDs(t, out)
	if len(ids) != 251 || ids[0] != 51 || ids[249] != 300 || ids[250] != 301 {
		t.Errorf("%d records (%v … %v), want 51..300 then 301", len(ids), ids[:min(2, len(ids))], ids[max(len(ids)-2, 0):])
	}
	code, _, errOut = run(t, nil, "list", "7", "-f", "--limit", "10001")
	if code != 2 || !strings.Contains(errOut, "at most 10000") {
		t.Errorf("--limit 10001 with --follow: exit %d, stderr %q; want a usage error", code, errOut)
	}
}

// A log that appears on two pages of one poll (the newest page grew
// between two requests; this server's cursors are offsets) is printed once.
func TestFollowNoRepeatWhenPagesShift(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var ids []int // newest first
	add := func(n int) {
		mu.Lock()
		defer mu.Unlock()
		for range n {
			ids = append([]int{len(ids) + 1}, ids...)
		}
	}
	var grow atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		off, _ := strconv.Atoi(r.URL.Query().Get("cursor"))
		if off > 0 && grow.CompareAndSwap(true, false) {
			add(30)
		}
		mu.Lock()
		defer mu.Unlock()
		end := min(off+100, len(ids))
		var b strings.Builder
		b.WriteString(`{"data":[`)
		for i, id := range ids[min(off, end):end] {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"id":%d,"base_url":"https://shop.example.com","created_at":"2026-01-01T00:00:00Z"}`, id)
		}
		b.WriteString(`]}`)
		if end < len(ids) {
			w.Header().Set("Link", fmt.Sprintf(`<http://%s%s?cursor=%d&page_size=100>; rel="next"`, r.Host, r.URL.Path, end))
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, b.String())
	}))
	defer srv.Close()
	add(1)
	env := map[string]string{envBaseURL: srv.URL, envPublicKey: "k", envSecretKey: "s"}
	var waits []time.Duration
	code, out, errOut := runApp(t, env, followScript(&waits, func() { add(150); grow.Store(true) }, func() {}),
		"list", "7", "-f", "-o", "ndjson")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	got := ndjsonIDs(t, out)
	seen := map[int]bool{}
	for _, id := range got {
		if seen[id] {
			t.Fatalf("id %d printed twice: %v", id, got)
		}
		seen[id] = true
	}
	if len(got) != 181 {
		t.Errorf("%d records, want all 181 once", len(got))
	}
}
