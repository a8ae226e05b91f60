package sclogs

import (
	"bytes"
	"compress/gzip"
	"errors"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// totalAlloc returns the bytes allocated by the process so far.
func totalAlloc() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.TotalAlloc
}

// A server that claims 128 MiB and sends one byte costs kilobytes, also with
// 16 listings in parallel on one client: the body grows as bytes arrive.
func TestLyingContentLengthCostsWhatArrives(t *testing.T) {
	e := setup(t, WithMaxRetries(0))
	e.mux.HandleFunc("GET /integrations/{id}/logs", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "134217728")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte("{"))
		// Returning closes the connection: the body is cut short.
	})
	before := totalAlloc()
	var wg sync.WaitGroup
	errs := make([]error, 16)
	for i := range errs {
		wg.Go(func() {
			_, errs[i] = e.c.ListLogs(t.Context(), 7, nil)
		})
	}
	wg.Wait()
	allocated := totalAlloc() - before
	for _, err := range errs {
		if !errors.Is(err, errCutShort) {
			t.Fatalf("err = %v, want a body cut short", err)
		}
	}
	t.Logf("16 requests claiming 128 MiB each allocated %d KiB in all", allocated>>10)
	if allocated > 8<<20 {
		t.Errorf("16 requests allocated %d KiB, want kilobytes each", allocated>>10)
	}
}

// The cap applies to the bytes decoded: a gzip bomb stops at the cap, and
// reading to it never allocates far more than the cap.
func TestGzipBombStopsAtCap(t *testing.T) {
	e := setup(t, WithMaxRetries(0))
	e.c.doer.maxBody = 1 << 20
	var bomb bytes.Buffer
	zw := gzip.NewWriter(&bomb)
	_, _ = zw.Write([]byte(`{"data":[` + strings.Repeat(" ", 16<<20)))
	_ = zw.Close()
	e.mux.HandleFunc("GET /integrations/{id}/logs", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Encoding", "gzip")
		_, _ = w.Write(bomb.Bytes())
	})
	before := totalAlloc()
	_, err := e.c.ListLogs(t.Context(), 7, nil)
	allocated := totalAlloc() - before
	if !errors.Is(err, errBodyTooLarge) {
		t.Fatalf("err = %v, want the body cap", err)
	}
	t.Logf("a 16 MiB gzip bomb with a 1 MiB cap allocated %d KiB", allocated>>10)
	if allocated > 8<<20 {
		t.Errorf("allocated %d MiB for a 1 MiB cap", allocated>>20)
	}
}

// readBody grows with the bytes, not with the size hint, and stops at the
// limit without allocating past it.
func TestReadBody(t *testing.T) {
	data := strings.Repeat("x", 300<<10)
	got, err := readBody(strings.NewReader(data), int64(len(data)), 1<<20)
	if err != nil || string(got) != data {
		t.Fatalf("read %d bytes, %v", len(got), err)
	}
	got, err = readBody(strings.NewReader("ab"), 128<<20, 1<<20)
	if err != nil || string(got) != "ab" || cap(got) > maxPrealloc {
		t.Fatalf("got %q (cap %d), %v", got, cap(got), err)
	}
	got, err = readBody(strings.NewReader(data), -1, 100<<10)
	if err != nil || len(got) != 100<<10 || cap(got) != 100<<10 {
		t.Fatalf("capped read: %d bytes, cap %d, %v", len(got), cap(got), err)
	}
}
