package sclogs

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
)

// A page of millions of tiny records (a 15 MiB body of "{}", under the body
// cap) would decode into gigabytes: a page or list of more than 10,000
// records is ErrInvalidResponse, and costs about its body.
func TestAuditTinyRecordAmplification(t *testing.T) {
	for _, rec := range []string{"{}", `{"id":1}`, "null"} {
		list := `[` + strings.Repeat(rec+",", (15<<20)/(len(rec)+1)) + rec + `]`
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			if strings.HasSuffix(r.URL.Path, "/7") { // one integration with a huge list in it
				_, _ = w.Write([]byte(`{"data":{"id":7,"service_point_carriers":` + strings.ReplaceAll(list, rec, `""`) + `}}`))
				return
			}
			_, _ = w.Write([]byte(`{"data":` + list + `}`))
		}))
		c := auditClient(t, srv)
		for name, call := range map[string]func() error{
			"ListLogs":         func() error { _, err := c.ListLogs(context.Background(), 7, nil); return err },
			"ListIntegrations": func() error { _, err := c.ListIntegrations(context.Background(), nil); return err },
			"GetIntegration":   func() error { _, err := c.GetIntegration(context.Background(), 7); return err },
		} {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			err := call()
			runtime.ReadMemStats(&after)
			alloc := (after.TotalAlloc - before.TotalAlloc) >> 20
			if !errors.Is(err, ErrInvalidResponse) || alloc > 96 {
				t.Errorf("%s %s: %v; allocated %d MiB", name, rec, err, alloc)
			}
			onePrefix(t, name, err)
		}
		srv.Close()
	}
}

// Raw decodes with encoding/json: the same limit applies before it does.
func TestAuditRawAmplification(t *testing.T) {
	list := `[` + strings.Repeat("{},", 5<<20) + `{}]`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"data":` + list + `}`))
	}))
	defer srv.Close()
	c := auditClient(t, srv)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := c.Raw().ListIntegrationsWithResponse(context.Background(), nil)
	runtime.ReadMemStats(&after)
	if alloc := (after.TotalAlloc - before.TotalAlloc) >> 20; !errors.Is(err, ErrInvalidResponse) || alloc > 96 {
		t.Errorf("%v; allocated %d MiB", err, alloc)
	}
	onePrefix(t, "raw", err)
}

// An error document of 1 MiB of empty error objects is not decoded into
// hundreds of thousands of ErrorObjects.
func TestAuditErrorObjectsAmplification(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(400)
		_, _ = w.Write([]byte(`{"errors":[` + strings.Repeat("{},", 340_000) + `{}]}`))
	}))
	defer srv.Close()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := auditClient(t, srv).ListLogs(context.Background(), 7, nil)
	runtime.ReadMemStats(&after)
	var apiErr *APIError
	if alloc := (after.TotalAlloc - before.TotalAlloc) >> 20; !errors.As(err, &apiErr) || len(apiErr.Errors) > 10_000 || alloc > 16 {
		t.Errorf("%d error objects; allocated %d MiB", len(apiErr.Errors), alloc)
	}
}
