package bench_test

import (
	"bytes"
	"fmt"
	"os/exec"
	"testing"
	"time"

	"github.com/sclogs/sclogs/sclogstest"
)

// The account of issue 22: 40 integrations of 250 logs, 50 ms a request.
const (
	accountIntegrations = 40
	accountLogs         = 250
	accountLatency      = 50 * time.Millisecond
)

// BenchmarkAccountDoctor runs `sclogs doctor -o json` over a whole account
// whose every answer takes 50 ms, reading it through the single
// account-wide cursor (--concurrency 1) and integration by integration
// (--concurrency 8). It reports the wall time per run and the floor, the
// time the requests of one run take back to back at that concurrency
// (pages ÷ concurrency × latency), and checks first that both give the
// same diagnosis.
func BenchmarkAccountDoctor(b *testing.B) {
	sclogsBin, _ := binaries(b)
	srv := sclogstest.NewServer(sclogstest.WithIntegrations(accountIntegrations),
		sclogstest.WithLogsPerIntegration(accountLogs), sclogstest.WithLatency(accountLatency))
	defer srv.Close()
	doctor := func(conc int) []byte {
		cmd := exec.Command(sclogsBin, "doctor", "-o", "json", "--concurrency", fmt.Sprint(conc))
		cmd.Env = env(srv.URL())
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			b.Fatalf("doctor --concurrency %d: %v\n%s", conc, err, stderr.String())
		}
		return out
	}
	if one, eight := doctor(1), doctor(8); !bytes.Equal(one, eight) {
		b.Fatalf("doctor --concurrency 8 gives another diagnosis than --concurrency 1:\n%.500s\n---\n%.500s", eight, one)
	}
	// Pages of 100 (doctor's default): the account-wide cursor reads all
	// the logs in a row; each integration reads its own, side by side.
	perIntegration := (accountLogs + 99) / 100
	pages := map[int]int{1: (accountIntegrations*accountLogs + 99) / 100, 8: accountIntegrations * perIntegration}
	for _, conc := range []int{1, 8} {
		b.Run(fmt.Sprintf("concurrency=%d", conc), func(b *testing.B) {
			var wall time.Duration
			runs := 0
			for b.Loop() {
				start := time.Now()
				doctor(conc)
				wall += time.Since(start)
				runs++
			}
			floor := time.Duration(float64(pages[conc]) / float64(conc) * float64(accountLatency))
			b.ReportMetric(float64(wall.Milliseconds())/float64(runs), "wall-ms")
			b.ReportMetric(float64(floor.Milliseconds()), "floor-ms")
			b.ReportMetric(float64(wall)/float64(runs)/float64(floor), "x-floor")
		})
	}
}

// BenchmarkAccountDoctorPeakRSS measures the parallel doctor's peak memory
// at 10,000 and 100,000 logs over the same 40 integrations: the pages held
// are bounded by the integrations, not by the logs.
func BenchmarkAccountDoctorPeakRSS(b *testing.B) {
	for _, logs := range []int{accountLogs, 10 * accountLogs} {
		b.Run(fmt.Sprintf("logs=%d", accountIntegrations*logs), func(b *testing.B) {
			srv := sclogstest.NewServer(sclogstest.WithIntegrations(accountIntegrations), sclogstest.WithLogsPerIntegration(logs))
			defer srv.Close()
			// --rate 0: 100,000 logs are 1,000 pages, past the default
			// budget's minute; memory is what is measured here.
			peakRSS(b, srv, -1, "doctor", "--concurrency", "8", "--rate", "0")
		})
	}
}
