package sclogstest_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/sclogs/sclogs/sclogstest"
)

// TestPagingYieldsEveryRecordOnce walks every integration at several page
// sizes and checks ids, page sizes and the Link header of every page.
func TestPagingYieldsEveryRecordOnce(t *testing.T) {
	t.Parallel()
	const n = 137 // not a multiple of any page size below
	s := newServer(t, sclogstest.WithLogsPerIntegration(n))
	c := newClient(t)
	base, err := url.Parse(s.URL())
	if err != nil {
		t.Fatal(err)
	}
	for _, integ := range []int{1, 2, 3} {
		for _, size := range []int{0, 1, 7, 25, 100} {
			l := listAll(t, s, c, integ, size)
			want := size
			if size == 0 {
				want = sclogstest.DefaultPageSize
			}
			if len(l.pages) != (n+want-1)/want {
				t.Errorf("integration %d page_size %d: %d pages, want %d", integ, size, len(l.pages), (n+want-1)/want)
			}
			seen := map[int]bool{}
			for _, raw := range l.records {
				var rec struct{ ID int }
				if err := json.Unmarshal(raw, &rec); err != nil {
					t.Fatal(err)
				}
				if seen[rec.ID] {
					t.Errorf("integration %d page_size %d: id %d twice", integ, size, rec.ID)
				}
				seen[rec.ID] = true
			}
			if len(seen) != n {
				t.Errorf("integration %d page_size %d: %d distinct records, want %d", integ, size, len(seen), n)
			}
			for i, p := range l.pages {
				var pg page
				_ = json.Unmarshal(p.body, &pg)
				next := nextURL(t, p.header)
				last := i == len(l.pages)-1
				if last != (next == nil) {
					t.Fatalf("page %d of %d: Link %q", i+1, len(l.pages), p.header.Get("Link"))
				}
				if !last && len(pg.Data) != want {
					t.Errorf("page %d has %d records, want %d", i+1, len(pg.Data), want)
				}
				if next == nil {
					continue
				}
				// Absolute, on this server, same path, page_size kept, cursor the
				// created_at of the page's last record exactly.
				if !next.IsAbs() || next.Host != base.Host || next.Path != base.Path+logsPath(integ, 0) {
					t.Errorf("Link URL %s not absolute on %s", next, base.Host)
				}
				if got := next.Query().Get("page_size"); got != strconv.Itoa(want) {
					t.Errorf("Link page_size %q, want %d", got, want)
				}
				lastRec := fields(t, pg.Data[len(pg.Data)-1])
				if got := next.Query().Get("cursor"); got != str(lastRec, "created_at") {
					t.Errorf("Link cursor %q, want last created_at %q", got, str(lastRec, "created_at"))
				}
				if strings.Contains(next.RawQuery, "+") || !strings.Contains(next.RawQuery, "%2B0") {
					t.Errorf("Link query %q: the offset's + must be sent as %%2B", next.RawQuery)
				}
			}
		}
	}
}

func TestCursorResumesAfterIt(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	c := newClient(t)
	all := decodePage(t, get(t, s, c, logsPath(1, 100))).Data
	mid := str(fields(t, all[40]), "created_at")
	r := get(t, s, c, logsPath(1, 5)+"&cursor="+url.QueryEscape(mid))
	got := decodePage(t, r).Data
	for i := range got {
		if string(got[i]) != string(all[41+i]) {
			t.Fatalf("record %d after the cursor differs from record %d of the listing", i, 41+i)
		}
	}
}

func TestUnencodedPlusInCursorIsRejected(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	// A client that forgets to encode + sends a space in the offset's place.
	r := get(t, s, newClient(t), logsPath(1, 0)+"?cursor=2025-11-24T12:00:00+01:00")
	wantError(t, r, http.StatusBadRequest, "invalid", "cursor")
}

func TestBadParameters(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	c := newClient(t)
	for _, q := range []string{"page_size=0", "page_size=101", "page_size=abc", "page_size=", "page_size=2.5"} {
		wantError(t, get(t, s, c, "/integrations/1/logs?"+q), http.StatusBadRequest, "invalid", "page_size")
	}
	for _, q := range []string{"cursor=yesterday", "cursor=", "cursor=2023-03-01T02%3A02%3A00", "cursor=2023-13-01T02%3A02%3A00%2B01%3A00"} {
		wantError(t, get(t, s, c, "/integrations/1/logs?"+q), http.StatusBadRequest, "invalid", "cursor")
	}
	wantError(t, get(t, s, c, "/integrations/abc/logs"), http.StatusBadRequest, "invalid", "id")
	wantError(t, get(t, s, c, "/integrations/1/logs?cursor=%zz"), http.StatusBadRequest, "invalid", "")
}

func TestUnknownIntegrationIsTheSpecs404(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	r := get(t, s, newClient(t), logsPath(999, 0))
	e := wantError(t, r, http.StatusNotFound, "not_found", "")
	if e["title"] != "Not Found" || e["detail"] != "The Integration could not be found with the search criteria given" {
		t.Errorf("404 error %v differs from the spec's example", e)
	}
}

func TestOtherRoutesAndMethods(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	c := newClient(t)
	for _, p := range []string{"/integrations/1/orders", "/integrations/", "/integrations/1/logs/2", "/parcels"} {
		wantError(t, get(t, s, c, p), http.StatusNotFound, "not_found", "")
	}
	for path, allow := range map[string]string{
		logsPath(1, 0):       "GET, POST",
		"/integrations/1":    "DELETE, GET, PATCH",
		"/integrations":      "GET",
		"/integrations/logs": "GET",
	} {
		req := newGet(t, s, path)
		req.Method = http.MethodPut
		r := do(t, c, req)
		if r.status != http.StatusMethodNotAllowed || r.header.Get("Allow") != allow {
			t.Errorf("PUT %s: status %d Allow %q, want 405 %q", path, r.status, r.header.Get("Allow"), allow)
		}
		apiErrors(t, r)
	}
}

func TestEveryResponseHasARequestID(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	c := newClient(t)
	seen := map[string]bool{}
	for _, ref := range []string{logsPath(1, 0), logsPath(999, 0), "/integrations/1/logs?page_size=0"} {
		id := get(t, s, c, ref).header.Get("X-Request-Id")
		if id == "" || seen[id] {
			t.Errorf("%s: X-Request-Id %q missing or repeated", ref, id)
		}
		seen[id] = true
	}
}

func TestRequestsRecordsWhatWasSent(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	c := newClient(t)
	get(t, s, c, logsPath(2, 3))
	get(t, s, c, logsPath(999, 0))
	reqs := s.Requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests recorded, want 2", len(reqs))
	}
	r := reqs[0]
	if r.Method != http.MethodGet || r.URL.String() != s.URL()+logsPath(2, 3) {
		t.Errorf("recorded %s %s", r.Method, r.URL)
	}
	if u, p, ok := (&http.Request{Header: r.Header}).BasicAuth(); !ok || u != s.PublicKey() || p != s.SecretKey() {
		t.Error("recorded request lacks its Authorization header")
	}
	r.Header.Set("X-Changed", "1") // the copy is the caller's
	if s.Requests()[0].Header.Get("X-Changed") != "" {
		t.Error("Requests returned the server's own header map")
	}
}
