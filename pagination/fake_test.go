package pagination

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// logsPath is the listing endpoint of the fake API.
const logsPath = "/api/v3/integrations/1/logs"

// fakeAPI is a loopback server of JSON pages `{"items":[…]}` with Link
// headers, keyed by the request's raw query, so a test sees exactly which
// bytes the client sent. It answers on any path, so that a request that
// should never have been made shows up in requests().
type fakeAPI struct {
	srv *httptest.Server

	mu    sync.Mutex
	pages map[string]fakePage
	got   []string // RequestURI of every request, in order

	// hook, when set, runs at the start of every request (outside mu), with
	// the request's raw query.
	hook func(rawQuery string)
}

type fakePage struct {
	items  []int
	links  []string // Link header lines; "{{base}}" is replaced by the server URL
	status int      // 0 = 200
}

func newFakeAPI(t *testing.T) *fakeAPI {
	f := &fakeAPI{pages: make(map[string]fakePage)}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.got = append(f.got, r.RequestURI)
	p, ok := f.pages[r.URL.RawQuery]
	hook := f.hook
	f.mu.Unlock()
	if hook != nil {
		hook(r.URL.RawQuery)
	}
	if !ok {
		http.NotFound(w, r)
		return
	}
	for _, l := range p.links {
		w.Header().Add("Link", strings.ReplaceAll(l, "{{base}}", f.srv.URL))
	}
	if p.status != 0 {
		w.WriteHeader(p.status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"items": p.items})
}

// add serves items and links for requests whose raw query is rawQuery.
func (f *fakeAPI) add(rawQuery string, items []int, links ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pages[rawQuery] = fakePage{items: items, links: links}
}

// fail answers requests with rawQuery with status.
func (f *fakeAPI) fail(rawQuery string, status int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pages[rawQuery] = fakePage{status: status}
}

// chain serves n pages of per items each (numbered from 1), first at the
// bare logsPath, then at ?cursor=1 … ?cursor=n-1, each linking the next.
func (f *fakeAPI) chain(n, per int) {
	for k := range n {
		q := ""
		if k > 0 {
			q = "cursor=" + strconv.Itoa(k)
		}
		items := make([]int, per)
		for i := range items {
			items[i] = k*per + i + 1
		}
		var links []string
		if k < n-1 {
			links = []string{fmt.Sprintf(`<{{base}}%s?cursor=%d>; rel="next"`, logsPath, k+1)}
		}
		f.add(q, items, links...)
	}
}

func (f *fakeAPI) requests() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.got...)
}

// first is the URL a listing starts at.
func (f *fakeAPI) first() *url.URL {
	u, _ := url.Parse(f.srv.URL + logsPath)
	return u
}

// scope is the listing's scope: the server's origin and logsPath.
func (f *fakeAPI) scope() Scope { return Scope{Base: f.first()} }

// fetch is a FetchFunc like a real client's: GET, decode, Link header.
func (f *fakeAPI) fetch() FetchFunc[int] {
	client := f.srv.Client()
	return func(ctx context.Context, u *url.URL) (*Page[int], error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
		if err != nil {
			return nil, err
		}
		resp, err := client.Do(req)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("status %d", resp.StatusCode)
		}
		var body struct {
			Items []int `json:"items"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
			return nil, err
		}
		next, err := Next(resp.Header, u)
		return &Page[int]{Items: body.Items, URL: u, Next: next}, err
	}
}

// listing is what ranging over a Pages iterator to the end produced.
type listing struct {
	items []int
	pages int
	errs  []error
	// afterErr counts yields after the first error: always 0 for a correct
	// iterator, since the loop below does not break on an error.
	afterErr int
}

func collect(seq iter.Seq2[*Page[int], error]) listing {
	var l listing
	for p, err := range seq {
		if len(l.errs) > 0 {
			l.afterErr++
		}
		if err != nil {
			l.errs = append(l.errs, err)
			continue
		}
		l.pages++
		l.items = append(l.items, p.Items...)
	}
	return l
}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i + 1
	}
	return s
}
