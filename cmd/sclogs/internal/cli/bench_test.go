package cli

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/sclogs/sclogs/sclogstest"
)

// BenchmarkListNDJSON streams 20,000 records to NDJSON in-process, redacted
// as by default. Its CPU profile shows where the CLI's own time goes.
func BenchmarkListNDJSON(b *testing.B) {
	srv := sclogstest.NewServer(sclogstest.WithLogsPerIntegration(20000))
	defer srv.Close()
	env := fakeEnv(srv)
	for b.Loop() {
		var errb strings.Builder
		if code := Execute(context.Background(), []string{"list", "1", "--all", "-o", "ndjson"}, nil, io.Discard, &errb,
			func(k string) string { return env[k] }); code != 0 {
			b.Fatalf("exit %d: %s", code, errb.String())
		}
	}
}
