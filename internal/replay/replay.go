// Package replay serves pages captured once from a server, from memory. The
// benchmarks use it so that the server's own work is small and the same for
// every client they compare.
package replay

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/sclogs/sclogs/pagination"
)

// Pages are the captured answers of one listing, by request URI.
type Pages struct {
	byURI   map[string]page
	Records int // how many records the pages hold
}

type page struct {
	body []byte
	link string
}

// Capture walks a listing from first (an absolute URL under base, the API's
// base URL) with Basic auth, keeping every page. Next links are made
// relative to the server, so a replay server answers them itself.
func Capture(base, first, user, password string) (*Pages, error) {
	p := &Pages{byURI: map[string]page{}}
	origin := strings.TrimSuffix(base, "/api/v3")
	next := first
	for next != "" {
		req, err := http.NewRequest(http.MethodGet, next, nil)
		if err != nil {
			return nil, err
		}
		req.SetBasicAuth(user, password)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return nil, err
		}
		body, err := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("replay: capturing %s: %s %v", req.URL.Path, resp.Status, err)
		}
		var decoded struct{ Data []json.RawMessage }
		if err := json.Unmarshal(body, &decoded); err != nil {
			return nil, fmt.Errorf("replay: capturing %s: %w", req.URL.Path, err)
		}
		p.Records += len(decoded.Data)
		p.byURI[req.URL.RequestURI()] = page{body: body, link: strings.ReplaceAll(resp.Header.Get("Link"), origin, "")}
		next = ""
		if u := pagination.NextURL(resp.Header, req.URL); u != nil {
			next = u.String()
		}
	}
	return p, nil
}

// ServeHTTP answers a captured request URI with its page, anything else 404.
func (p *Pages) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	pg, ok := p.byURI[r.URL.RequestURI()]
	if !ok {
		http.Error(w, "replay: no such page", http.StatusNotFound)
		return
	}
	if pg.link != "" {
		w.Header().Set("Link", pg.link)
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(pg.body)
}

// Serve starts a loopback server for p; close it when done.
func (p *Pages) Serve() *httptest.Server { return httptest.NewServer(p) }
