package follow

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sclogs/sclogs"
	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/sclogstest"
)

// fakeSource is a Source reading integration 7 of a sclogstest server, with
// a hook run before each page is fetched.
func fakeSource(t *testing.T, srv *sclogstest.Server, before func(cursor string)) Source {
	t.Helper()
	c, err := sclogs.NewClient(sclogs.WithBaseURL(srv.URL()), sclogs.WithBasicAuth(srv.PublicKey(), srv.SecretKey()))
	if err != nil {
		t.Fatal(err)
	}
	return func(ctx context.Context, cursor string) (*sclogs.Page, error) {
		if before != nil {
			before(cursor)
		}
		return c.ListLogs(ctx, 7, &sclogs.ListOptions{Cursor: cursor, PageSize: 100})
	}
}

func newLog(code int) gen.IntegrationLog {
	return gen.IntegrationLog{BaseURL: "https://shop.example.com", ResponseCode: &code}
}

func logs(n, code int) []gen.IntegrationLog {
	out := make([]gen.IntegrationLog, n)
	for i := range out {
		out[i] = newLog(code)
	}
	return out
}

// datedLogs are n logs dated a second apart from start, oldest first (AddLogs
// would date them after the newest log, which may be in the future).
func datedLogs(n int, start time.Time) []gen.IntegrationLog {
	out := logs(n, 500)
	for i := range out {
		t := start.Add(time.Duration(i) * time.Second)
		out[i].CreatedAt = &t
	}
	return out
}

func ids(ls []sclogs.Log) []int {
	out := make([]int, len(ls))
	for i := range ls {
		out[i] = ls[i].GetID()
	}
	return out
}

// consecutive checks that got is from..to, each once, in order.
func consecutive(t *testing.T, got []int, from, to int) {
	t.Helper()
	if len(got) != to-from+1 {
		t.Fatalf("%d logs (%v…), want ids %d to %d", len(got), got[:min(5, len(got))], from, to)
	}
	for i, id := range got {
		if id != from+i {
			t.Fatalf("log %d has id %d, want %d (out of order, repeated or missing)", i, id, from+i)
		}
	}
}

func mustPoll(t *testing.T, f *Follower) *Result {
	t.Helper()
	res, err := f.Poll(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// A log dated in the future stays at the top of the listing: the catch-up
// must not stop at it. 150 new logs between two polls are all returned.
func TestPollFutureDatedLogDoesNotStopCatchUp(t *testing.T) {
	t.Parallel()
	srv := sclogstest.NewServer(sclogstest.WithoutSeedData())
	defer srv.Close()
	now := time.Now()
	srv.AddLogs(7, datedLogs(5, now.Add(-time.Hour))...)
	future := now.Add(3 * time.Hour) // a time-zone slip
	l := newLog(501)
	l.CreatedAt = &future
	srv.AddLogs(7, l)
	f := New(fakeSource(t, srv, nil), Options{Initial: 10})
	consecutive(t, ids(mustPoll(t, f).Logs), 1, 6)
	srv.AddLogs(7, datedLogs(150, now.Add(-30*time.Minute))...)
	res := mustPoll(t, f)
	consecutive(t, ids(res.Logs), 7, 156)
	if res.Stop != CaughtUp {
		t.Errorf("stop %v, want caught up", res.Stop)
	}
	if res := mustPoll(t, f); len(res.Logs) != 0 || res.Stop != CaughtUp {
		t.Errorf("third poll: %d logs, stop %v; want none, caught up", len(res.Logs), res.Stop)
	}
}

// A whole page of logs dated in the future (seen before) does not stop the
// catch-up either: the new logs are listed below it.
func TestPollFutureDatedPage(t *testing.T) {
	t.Parallel()
	srv := sclogstest.NewServer(sclogstest.WithoutSeedData())
	defer srv.Close()
	now := time.Now()
	srv.AddLogs(7, datedLogs(3, now.Add(-time.Hour))...)
	future := now.Add(24 * time.Hour)
	fut := logs(100, 501)
	for i := range fut {
		ts := future.Add(time.Duration(i) * time.Second)
		fut[i].CreatedAt = &ts
	}
	srv.AddLogs(7, fut...)
	f := New(fakeSource(t, srv, nil), Options{Initial: 1})
	if got := ids(mustPoll(t, f).Logs); fmt.Sprint(got) != "[103]" {
		t.Fatalf("first poll %v, want [103]", got)
	}
	srv.AddLogs(7, datedLogs(2, now.Add(-time.Minute))...)
	consecutive(t, ids(mustPoll(t, f).Logs), 104, 105)
}

// --limit: the first poll returns the newest Initial logs, however many
// pages that takes, oldest first; later polls return only new ones.
func TestPollInitialAcrossPages(t *testing.T) {
	t.Parallel()
	srv := sclogstest.NewServer(sclogstest.WithoutSeedData())
	defer srv.Close()
	srv.AddLogs(7, logs(400, 500)...)
	f := New(fakeSource(t, srv, nil), Options{Initial: 250})
	res := mustPoll(t, f)
	consecutive(t, ids(res.Logs), 151, 400)
	if res.Pages != 3 || res.Stop != Enough || !res.First {
		t.Errorf("pages %d, stop %v, first %v; want 3, enough, true", res.Pages, res.Stop, res.First)
	}
	srv.AddLogs(7, newLog(401))
	consecutive(t, ids(mustPoll(t, f).Logs), 401, 401)
}

// Initial 0: the first poll returns nothing, later polls what is new.
func TestPollInitialZero(t *testing.T) {
	t.Parallel()
	srv := sclogstest.NewServer(sclogstest.WithoutSeedData())
	defer srv.Close()
	srv.AddLogs(7, logs(150, 500)...)
	f := New(fakeSource(t, srv, nil), Options{})
	if res := mustPoll(t, f); len(res.Logs) != 0 || res.Pages != 1 {
		t.Fatalf("first poll: %d logs in %d pages, want none in 1", len(res.Logs), res.Pages)
	}
	srv.AddLogs(7, logs(2, 500)...)
	consecutive(t, ids(mustPoll(t, f).Logs), 151, 152)
}

// Keep selects what is returned; what it refuses is still seen.
func TestPollKeep(t *testing.T) {
	t.Parallel()
	srv := sclogstest.NewServer(sclogstest.WithoutSeedData())
	defer srv.Close()
	srv.AddLogs(7, newLog(401), newLog(500), newLog(401))
	keep := func(l *sclogs.Log) bool { return l.GetResponseCode() == 401 }
	f := New(fakeSource(t, srv, nil), Options{Initial: 5, Keep: keep})
	if got := ids(mustPoll(t, f).Logs); fmt.Sprint(got) != "[1 3]" {
		t.Errorf("first poll %v, want [1 3]", got)
	}
	srv.AddLogs(7, newLog(500), newLog(401))
	if res := mustPoll(t, f); fmt.Sprint(ids(res.Logs)) != "[5]" || res.Pages != 1 {
		t.Errorf("second poll %v in %d pages, want [5] in 1", ids(res.Logs), res.Pages)
	}
}

// More new logs than MaxPages pages: the newest are returned, the stop
// says why, and the next poll goes on from there without repeats.
func TestPollPageLimit(t *testing.T) {
	t.Parallel()
	srv := sclogstest.NewServer(sclogstest.WithoutSeedData())
	defer srv.Close()
	srv.AddLogs(7, newLog(500))
	f := New(fakeSource(t, srv, nil), Options{Initial: 1, Limits: Limits{MaxPages: 2}})
	mustPoll(t, f)
	srv.AddLogs(7, logs(250, 500)...)
	res := mustPoll(t, f)
	consecutive(t, ids(res.Logs), 52, 251)
	if res.Stop != PageLimit || !res.Stop.Limited() || res.Pages != 2 {
		t.Errorf("stop %v after %d pages, want page limit after 2", res.Stop, res.Pages)
	}
	srv.AddLogs(7, newLog(500))
	consecutive(t, ids(mustPoll(t, f).Logs), 252, 252)
}

// What a poll holds is bounded by records and by bytes; it stops reading
// there, keeps the newest and counts the new logs it left on the page.
func TestPollHoldsBoundedRecordsAndBytes(t *testing.T) {
	t.Parallel()
	srv := sclogstest.NewServer(sclogstest.WithoutSeedData())
	defer srv.Close()
	srv.AddLogs(7, newLog(500))
	big := logs(40, 500)
	body := strings.Repeat("x", 10_000)
	for i := range big {
		big[i].ExceptionType = &body
	}
	for _, c := range []struct {
		limits Limits
		want   Stop
	}{
		{Limits{MaxRecords: 30}, RecordLimit},
		{Limits{MaxBytes: 30 * 10_500}, ByteLimit},
	} {
		f := New(fakeSource(t, srv, nil), Options{Initial: 1, Limits: c.limits})
		mustPoll(t, f)
		srv.AddLogs(7, big...)
		res := mustPoll(t, f)
		n := len(res.Logs)
		srv.AddLogs(7, newLog(500))
		newest := lastID(t, srv) - 1 // the one added just now is not in res
		if res.Stop != c.want || n == 0 || n > 30 || res.Unread != 40-n || res.Logs[n-1].GetID() != newest {
			t.Errorf("%+v: stop %v, %d logs (last %d), %d unread; want %v, the newest ≤30, the rest unread",
				c.limits, res.Stop, n, res.Logs[max(n-1, 0)].GetID(), res.Unread, c.want)
		}
		if res := mustPoll(t, f); len(res.Logs) != 1 || res.Stop != CaughtUp {
			t.Errorf("%+v: next poll %d logs, stop %v; want 1, caught up", c.limits, len(res.Logs), res.Stop)
		}
	}
}

// lastID is the id of the newest log of integration 7.
func lastID(t *testing.T, srv *sclogstest.Server) int {
	t.Helper()
	p, err := fakeSource(t, srv, nil)(context.Background(), "")
	if err != nil || len(p.Logs) == 0 {
		t.Fatalf("newest page: %v", err)
	}
	return p.Logs[0].GetID()
}

// A failed poll marks nothing as seen: the next poll returns its logs.
func TestPollErrorChangesNothing(t *testing.T) {
	t.Parallel()
	srv := sclogstest.NewServer(sclogstest.WithoutSeedData())
	defer srv.Close()
	srv.AddLogs(7, newLog(500))
	read := fakeSource(t, srv, nil)
	failNext := false
	errDown := errors.New("the network is down")
	src := func(ctx context.Context, cursor string) (*sclogs.Page, error) {
		if cursor != "" && failNext {
			failNext = false
			return nil, errDown
		}
		return read(ctx, cursor)
	}
	f := New(src, Options{Initial: 1})
	mustPoll(t, f)
	srv.AddLogs(7, logs(150, 500)...)
	failNext = true
	if _, err := f.Poll(context.Background()); !errors.Is(err, errDown) {
		t.Fatalf("err %v, want the source's error", err)
	}
	consecutive(t, ids(mustPoll(t, f).Logs), 2, 151)
}

// offsetServer lists logs newest first with offset cursors, so a page
// shifts when logs arrive between two requests: a log can appear on two
// pages of one poll.
type offsetServer struct {
	mu     sync.Mutex
	logs   []int // ids, newest first
	before func(offset int)
}

func (s *offsetServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	off, _ := strconv.Atoi(r.URL.Query().Get("cursor"))
	size, _ := strconv.Atoi(r.URL.Query().Get("page_size"))
	if size == 0 {
		size = 25
	}
	if s.before != nil {
		s.before(off)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	end := min(off+size, len(s.logs))
	data := []map[string]any{}
	for _, id := range s.logs[min(off, end):end] {
		data = append(data, map[string]any{"id": id, "base_url": "https://shop.example.com",
			"created_at": time.Date(2026, 1, 1, 0, 0, id, 0, time.UTC).Format(time.RFC3339)})
	}
	if end < len(s.logs) {
		w.Header().Set("Link", fmt.Sprintf(`<http://%s%s?cursor=%d&page_size=%d>; rel="next"`, r.Host, r.URL.Path, end, size))
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"data": data})
}

func (s *offsetServer) add(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	next := len(s.logs) + 1
	for i := range n {
		s.logs = append([]int{next + i}, s.logs...)
	}
}

// A log met on two pages of one poll (the newest page grew between two
// requests) is returned once.
func TestPollNoRepeatsWhenPagesShift(t *testing.T) {
	t.Parallel()
	os := &offsetServer{}
	srv := httptest.NewServer(os)
	defer srv.Close()
	c, err := sclogs.NewClient(sclogs.WithBaseURL(srv.URL), sclogs.WithBasicAuth("k", "s"))
	if err != nil {
		t.Fatal(err)
	}
	src := func(ctx context.Context, cursor string) (*sclogs.Page, error) {
		return c.ListLogs(ctx, 7, &sclogs.ListOptions{Cursor: cursor, PageSize: 100})
	}
	os.add(1)
	f := New(src, Options{Initial: 1})
	mustPoll(t, f)
	os.add(150)
	os.before = func(off int) {
		if off == 100 {
			os.before = nil
			os.add(30) // the newest page grew between two requests
		}
	}
	res := mustPoll(t, f)
	consecutive(t, ids(res.Logs), 2, 151)
	if res.Repeats != 30 {
		t.Errorf("%d repeats, want 30", res.Repeats)
	}
	res = mustPoll(t, f)
	consecutive(t, ids(res.Logs), 152, 181)
}

// Logs without an id are told apart by their content: returned once.
func TestPollLogsWithoutID(t *testing.T) {
	t.Parallel()
	var page atomicJSON
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(page.get())
	}))
	defer srv.Close()
	c, _ := sclogs.NewClient(sclogs.WithBaseURL(srv.URL), sclogs.WithBasicAuth("k", "s"))
	src := func(ctx context.Context, cursor string) (*sclogs.Page, error) {
		return c.ListLogs(ctx, 7, &sclogs.ListOptions{Cursor: cursor})
	}
	page.set(`{"data":[{"base_url":"a","exception":"one"}]}`)
	f := New(src, Options{Initial: 5})
	if n := len(mustPoll(t, f).Logs); n != 1 {
		t.Fatalf("first poll %d logs, want 1", n)
	}
	page.set(`{"data":[{"base_url":"a","exception":"two"},{"base_url":"a","exception":"one"}]}`)
	res := mustPoll(t, f)
	if len(res.Logs) != 1 || res.Logs[0].GetException() != "two" {
		t.Errorf("second poll %d logs, want only the new one", len(res.Logs))
	}
}

type atomicJSON struct {
	mu sync.Mutex
	b  []byte
}

func (a *atomicJSON) set(s string) { a.mu.Lock(); a.b = []byte(s); a.mu.Unlock() }
func (a *atomicJSON) get() []byte  { a.mu.Lock(); defer a.mu.Unlock(); return a.b }

// A Source that returns neither a page nor an error is an error, not a
// panic.
func TestPollNilPage(t *testing.T) {
	t.Parallel()
	f := New(func(context.Context, string) (*sclogs.Page, error) { return nil, nil }, Options{})
	if _, err := f.Poll(context.Background()); !errors.Is(err, errNilPage) {
		t.Errorf("err %v, want errNilPage", err)
	}
}

func TestSeenSetBounded(t *testing.T) {
	t.Parallel()
	s := newSeenSet(3)
	for _, id := range []uint64{1, 2, 3, 3, 4} {
		s.add(key{v: id})
	}
	if s.has(key{v: 1}) || !s.has(key{v: 2}) || !s.has(key{v: 4}) || s.len() != 3 {
		t.Errorf("set after 1,2,3,3,4 with room for 3: has(1)=%v has(2)=%v has(4)=%v len %d",
			s.has(key{v: 1}), s.has(key{v: 2}), s.has(key{v: 4}), s.len())
	}
}
