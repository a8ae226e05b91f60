package bench_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"testing"

	"github.com/sclogs/sclogs"
	"github.com/sclogs/sclogs/sclogstest"
)

// BenchmarkDoctorPeakRSS measures `sclogs doctor --concurrency 1` over a
// whole account (GET /integrations/logs, three integrations; no rate budget:
// 2,000 pages are past the default budget's minute) of 20,000 and 200,000 logs:
// its memory grows with the causes, not the records, so the peak stays flat.
func BenchmarkDoctorPeakRSS(b *testing.B) {
	for _, records := range []int{20_000, 200_000} {
		b.Run(fmt.Sprintf("records=%d", records), func(b *testing.B) {
			srv := sclogstest.NewServer(sclogstest.WithLogsPerIntegration(records / 3))
			defer srv.Close()
			checkDoctorTotal(b, srv)
			peakRSS(b, srv, -1, "doctor", "--page-size", "100", "--concurrency", "1", "--rate", "0")
		})
	}
}

// checkDoctorTotal runs doctor -o json once and checks its counts add up
// to every log the account's listing serves (walked with the library): the
// benchmark measures a complete walk. (A created_at cursor cannot tell apart
// logs of two integrations created in the same instant, so the listing may
// serve a few fewer than the fake holds.)
func checkDoctorTotal(b *testing.B, srv *sclogstest.Server) {
	b.Helper()
	c, err := sclogs.NewClient(sclogs.WithBaseURL(srv.URL()), sclogs.WithBasicAuth(srv.PublicKey(), srv.SecretKey()), sclogs.WithRateLimit(0, 0))
	if err != nil {
		b.Fatal(err)
	}
	want := 0
	for _, err := range c.AllLogs(context.Background(), &sclogs.ListOptions{PageSize: 100}) {
		if err != nil {
			b.Fatal(err)
		}
		want++
	}
	sclogsBin, _ := binaries(b)
	cmd := exec.Command(sclogsBin, "doctor", "-o", "json", "--concurrency", "1", "--rate", "0")
	cmd.Env = env(srv.URL())
	out, err := cmd.Output()
	if err != nil {
		b.Fatal(err)
	}
	var groups []struct{ Count int }
	if err := json.Unmarshal(out, &groups); err != nil {
		b.Fatal(err)
	}
	n := 0
	for _, g := range groups {
		n += g.Count
	}
	if n != want {
		b.Fatalf("doctor counted %d logs, the listing serves %d", n, want)
	}
}
