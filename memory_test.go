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

	"github.com/sclogs/sclogs/internal/retry"
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
		if !errors.Is(err, retry.ErrCutShort) {
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
	e.c.doer.MaxBody = 1 << 20
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
	if !errors.Is(err, retry.ErrBodyTooLarge) {
		t.Fatalf("err = %v, want the body cap", err)
	}
	t.Logf("a 16 MiB gzip bomb with a 1 MiB cap allocated %d KiB", allocated>>10)
	if allocated > 8<<20 {
		t.Errorf("allocated %d MiB for a 1 MiB cap", allocated>>20)
	}
}
