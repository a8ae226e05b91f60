package sclogs

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/internal/replay"
	"github.com/sclogs/sclogs/pagination"
	"github.com/sclogs/sclogs/sclogstest"
)

// The benchmarks compare sclogs with a bare net/http + encoding/json loop
// doing the same work in the same run; the README reports their ratios
// (make bench prints them). Absolute times depend on the machine.

const (
	benchPages   = 200 // of 100 records: 20,000 records
	benchPerPage = 100
)

var (
	replayOnce  sync.Once
	replayPages *replay.Pages
	replayErr   error
)

// newReplay serves 200 pages of 100 records captured once from sclogstest.
func newReplay(b *testing.B) *httptest.Server {
	b.Helper()
	replayOnce.Do(func() {
		src := sclogstest.NewServer(sclogstest.WithLogsPerIntegration(benchPages * benchPerPage))
		defer src.Close()
		first := fmt.Sprintf("%s/integrations/1/logs?page_size=%d", src.URL(), benchPerPage)
		replayPages, replayErr = replay.Capture(src.URL(), first, sclogstest.DefaultPublicKey, sclogstest.DefaultSecretKey)
	})
	if replayErr != nil {
		b.Fatal(replayErr)
	}
	srv := replayPages.Serve()
	b.Cleanup(srv.Close)
	return srv
}

// cpuTime is the CPU time (user + system) this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// mallocs is the number of heap allocations this process has made.
func mallocs() uint64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.Mallocs
}

// reportPerRecord adds CPU time and allocations per record; cpu and allocs
// are what the loop used since its start.
func reportPerRecord(b *testing.B, records int, cpu time.Duration, allocs uint64) {
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(records), "cpu-ns/record")
	b.ReportMetric(float64(allocs)/float64(records), "allocs/record")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(records), "ns/record")
}

// BenchmarkLogs iterates 20,000 records (200 pages of 100) with Client.Logs
// and with a bare loop that does the same work: GET with Basic auth, check
// the status, decode the page into the generated types, follow the Link.
func BenchmarkLogs(b *testing.B) {
	b.Run("sclogs", func(b *testing.B) {
		srv := newReplay(b)
		c, err := NewClient(WithBaseURL(srv.URL+"/api/v3"), WithBasicAuth("pub", "sec"))
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		records := 0
		start, startAllocs := cpuTime(), mallocs()
		for b.Loop() {
			for _, err := range c.Logs(context.Background(), 1, &ListOptions{PageSize: benchPerPage}) {
				if err != nil {
					b.Fatal(err)
				}
				records++
			}
		}
		reportPerRecord(b, records, cpuTime()-start, mallocs()-startAllocs)
	})
	b.Run("bare", func(b *testing.B) {
		srv := newReplay(b)
		b.ReportAllocs()
		records := 0
		start, startAllocs := cpuTime(), mallocs()
		for b.Loop() {
			n, err := bareLoop(srv.URL + fmt.Sprintf("/api/v3/integrations/1/logs?page_size=%d", benchPerPage))
			if err != nil {
				b.Fatal(err)
			}
			records += n
		}
		reportPerRecord(b, records, cpuTime()-start, mallocs()-startAllocs)
	})
}

// bareLoop is what a caller would write with net/http and encoding/json
// alone, following the Link header by hand.
func bareLoop(next string) (int, error) {
	n := 0
	for next != "" {
		req, err := http.NewRequest(http.MethodGet, next, nil)
		if err != nil {
			return n, err
		}
		req.SetBasicAuth("pub", "sec")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return n, err
		}
		var page gen.IntegrationLogPage
		err = json.NewDecoder(resp.Body).Decode(&page)
		resp.Body.Close()
		if err != nil {
			return n, err
		}
		if resp.StatusCode != http.StatusOK || page.Data == nil {
			return n, fmt.Errorf("bad page: %s", resp.Status)
		}
		n += len(*page.Data)
		next = ""
		if u := pagination.NextURL(resp.Header, req.URL); u != nil {
			next = u.String()
		}
	}
	return n, nil
}

// BenchmarkPrefetch walks 20 pages from a server that takes 50 ms a page,
// with 50 ms of caller work per page, with prefetch off and on. The figure
// to compare is wall time (ns/op): prefetching overlaps the two waits.
func BenchmarkPrefetch(b *testing.B) {
	const pages, work = 20, 50 * time.Millisecond
	runtime.GC() // start clean of the heap earlier benchmarks left
	for _, prefetch := range []int{0, 1} {
		name := map[int]string{0: "off", 1: "on"}[prefetch]
		b.Run(name, func(b *testing.B) {
			srv := sclogstest.NewServer(sclogstest.WithLatency(50*time.Millisecond), sclogstest.WithLogsPerIntegration(pages*10))
			defer srv.Close()
			c, err := NewClient(WithBaseURL(srv.URL()),
				WithBasicAuth(sclogstest.DefaultPublicKey, sclogstest.DefaultSecretKey))
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				n := 0
				for p, err := range c.LogPages(context.Background(), 1, &ListOptions{PageSize: 10, Prefetch: prefetch}) {
					if err != nil {
						b.Fatal(err)
					}
					n += len(p.Logs)
					time.Sleep(work) // the caller's work on this page
				}
				if n != pages*10 {
					b.Fatalf("%d records, want %d", n, pages*10)
				}
			}
		})
	}
}
