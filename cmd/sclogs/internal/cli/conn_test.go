package cli

import (
	"errors"
	"io"
	"testing"

	"github.com/sclogs/sclogs"
)

// --insecure-http lets an http:// URL to a host that is not loopback
// through; without it the client refuses one, as a usage error.
func TestInsecureHTTPReachesTheClient(t *testing.T) {
	a := &app{env: func(string) string { return "" }, stdout: io.Discard, stderr: io.Discard}
	a.logger = newLogger(a)
	auth := sclogs.WithBasicAuth("pk", "sk")
	f := &connFlags{maxRetries: 1, timeout: sclogs.DefaultTimeout}
	_, err := a.client(auth, "http://panel.example/api/v3", "", f)
	if !errors.Is(err, sclogs.ErrInsecureHTTP) || exitCode(err) != exitUsage {
		t.Fatalf("without --insecure-http: %v (exit %d)", err, exitCode(err))
	}
	f.insecureHTTP = true
	if _, err := a.client(auth, "http://panel.example/api/v3", "http://account.example/token", f); err != nil {
		t.Fatalf("with --insecure-http: %v", err)
	}
}
