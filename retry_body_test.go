package sclogs

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sclogs/sclogs/internal/retry"
)

func TestSlowServers(t *testing.T) {
	t.Parallel()
	cases := map[string]func(c net.Conn, req *http.Request){
		"no headers": func(c net.Conn, req *http.Request) { time.Sleep(3 * time.Second) },
		"drip": func(c net.Conn, req *http.Request) {
			fmt.Fprintf(c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n")
			for i := 0; i < 30; i++ {
				if _, err := c.Write([]byte(" ")); err != nil {
					return
				}
				time.Sleep(100 * time.Millisecond)
			}
		},
	}
	for name, h := range cases {
		t.Run(name, func(t *testing.T) {
			base := rawServer(t, h)
			c := rawClient(t, base, WithTimeout(300*time.Millisecond), WithMaxRetries(1))
			start := time.Now()
			_, err := c.ListLogs(context.Background(), 7, nil)
			t.Logf("%v after %s", err, time.Since(start))
			onePrefix(t, name, err)
			var ne net.Error
			if !errors.As(err, &ne) || !ne.Timeout() {
				t.Errorf("not a timeout: %v", err)
			}
			if time.Since(start) > 2*time.Second {
				t.Errorf("took %s", time.Since(start))
			}
		})
	}
}

func TestLyingLength(t *testing.T) {
	base := rawServer(t, func(c net.Conn, req *http.Request) {
		fmt.Fprintf(c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 134217728\r\n\r\n{")
	})
	c := rawClient(t, base, WithMaxRetries(0))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var wg sync.WaitGroup
	errs := make([]error, 16)
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, err := range c.Logs(context.Background(), 7, nil) {
				errs[i] = err
			}
		}()
	}
	wg.Wait()
	runtime.ReadMemStats(&after)
	t.Logf("alloc %d KiB, err %v", (after.TotalAlloc-before.TotalAlloc)>>10, errs[0])
	if d := after.TotalAlloc - before.TotalAlloc; d > 8<<20 {
		t.Errorf("16 listings allocated %d KiB", d>>10)
	}
	for _, err := range errs {
		onePrefix(t, "lying", err)
		if !errors.Is(err, ErrInvalidResponse) {
			t.Errorf("not invalid response: %v", err)
		}
	}
}

func TestEndless(t *testing.T) {
	// 200 MiB once decoded: a gzip member of the record's start and 1 MiB
	// of "a", then 199 members of 1 MiB of "a" (gzip readers read members
	// in a row as one stream). Compressing 1 MiB once rather than 200 MiB
	// saved 12 s of the test's 14 under -race.
	member := func(prefix string) []byte {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		zw.Write([]byte(prefix))
		zw.Write(bytes.Repeat([]byte("a"), 1<<20))
		zw.Close()
		return b.Bytes()
	}
	var gz bytes.Buffer
	gz.Write(member(`{"data":[{"id":1,"base_url":"`))
	rest := member("")
	for range 199 {
		gz.Write(rest)
	}
	cases := map[string]func(c net.Conn, req *http.Request){
		"chunked": func(c net.Conn, req *http.Request) {
			fmt.Fprintf(c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
			chunk := strings.Repeat("[", 32<<10)
			for {
				if _, err := fmt.Fprintf(c, "%x\r\n%s\r\n", len(chunk), chunk); err != nil {
					return
				}
			}
		},
		"gzip announced": func(c net.Conn, req *http.Request) {
			fmt.Fprintf(c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n", gz.Len())
			c.Write(gz.Bytes())
		},
		"gzip unannounced": func(c net.Conn, req *http.Request) {
			fmt.Fprintf(c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", gz.Len())
			c.Write(gz.Bytes())
		},
		"close delimited": func(c net.Conn, req *http.Request) {
			fmt.Fprintf(c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n")
			chunk := []byte(strings.Repeat(" ", 32<<10))
			for {
				if _, err := c.Write(chunk); err != nil {
					return
				}
			}
		},
	}
	for name, h := range cases {
		t.Run(name, func(t *testing.T) {
			base := rawServer(t, h)
			c := rawClient(t, base)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			_, err := c.ListLogs(context.Background(), 7, nil)
			runtime.ReadMemStats(&after)
			t.Logf("%v; alloc %d MiB", err, (after.TotalAlloc-before.TotalAlloc)>>20)
			onePrefix(t, name, err)
			if !errors.Is(err, ErrInvalidResponse) {
				t.Errorf("not invalid response: %v", err)
			}
			if d := after.TotalAlloc - before.TotalAlloc; d > 80<<20 {
				t.Errorf("allocated %d MiB", d>>20)
			}
		})
	}
}

// Byte-level nonsense from the server: an error with the prefix, no panic,
// no hang.
func TestMalformedHTTP(t *testing.T) {
	t.Parallel()
	for name, resp := range map[string]string{
		"status 999":     "HTTP/1.1 999 Nope\r\nContent-Length: 0\r\n\r\n",
		"status 000":     "HTTP/1.1 000 Zero\r\nContent-Length: 0\r\n\r\n",
		"http 0.9":       "{\"data\":[]}",
		"negative cl":    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: -1\r\n\r\n{\"data\":[]}",
		"two cl":         "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\nContent-Length: 12\r\n\r\n{\"data\":[]}",
		"cl and chunked": "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nb\r\n{\"data\":[]}\r\n0\r\n\r\n",
		"bad chunk":      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{\"data\":[]}\r\n0\r\n\r\n",
		"nul header":     "HTTP/1.1 200 OK\r\nContent-Type: application/json\x00\r\nContent-Length: 11\r\n\r\n{\"data\":[]}",
		"1xx storm":      strings.Repeat("HTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\n", 50) + "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
		"smaller cl":     "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n{\"data\":[]}",
		"close early":    "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n{\"data\":[{\"id\":1",
		"bad encoding":   "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: 11\r\n\r\n{\"data\":[]}",
		"ct garbage":     "HTTP/1.1 200 OK\r\nContent-Type: ;;;===\r\nContent-Length: 11\r\n\r\n{\"data\":[]}",
	} {
		t.Run(name, func(t *testing.T) {
			base := rawServer(t, func(c net.Conn, req *http.Request) { _, _ = c.Write([]byte(resp)) })
			c := rawClient(t, base, WithTimeout(2*time.Second))
			start := time.Now()
			for m, err := range allMethods(context.Background(), c) {
				if err == nil {
					// Transfer-Encoding overrides Content-Length (RFC 9112 §6.3): a
					// valid answer.
					if name != "cl and chunked" && m != "DeleteIntegration" && m != "UpdateIntegration" {
						t.Errorf("%s: no error", m)
					}
					continue
				}
				onePrefix(t, m, err)
			}
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("took %s", d)
			}
		})
	}
}

// A server that answers with the request's Authorization header as its
// status line: net/http quotes a malformed status line in its error, which
// must not show the credential.
func TestCredentialInMalformedStatus(t *testing.T) {
	t.Parallel()
	const secret = "hunter2hunter2"
	for _, tmpl := range []string{"%s\r\n\r\n", "HTTP/1.1 %s\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: %s\r\n\r\n", "HTTP/1.1 200 OK\r\nTransfer-Encoding: %s\r\n\r\n"} {
		base := rawServer(t, func(c net.Conn, req *http.Request) {
			fmt.Fprintf(c, tmpl, req.Header.Get("Authorization"))
		})
		tok := rawServer(t, func(c net.Conn, req *http.Request) {
			fmt.Fprintf(c, tmpl, req.Header.Get("Authorization"))
		})
		for _, opt := range []Option{WithBasicAuth("pub", secret), WithOAuth2ClientCredentials("id", secret)} {
			c := rawClient(t, base, opt, WithTokenURL(tok+"/token"), WithMaxRetries(1))
			for m, err := range allMethods(context.Background(), c) {
				onePrefix(t, m, err)
				for _, leak := range []string{secret, base64.StdEncoding.EncodeToString([]byte("pub:" + secret)), base64.StdEncoding.EncodeToString([]byte("id:" + secret))} {
					if strings.Contains(err.Error(), leak) {
						t.Errorf("%q %s: %v", tmpl, m, err)
					}
				}
			}
		}
	}
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
