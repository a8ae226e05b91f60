package redact_test

import (
	"syscall"
	"testing"
	"time"

	"github.com/sclogs/sclogs/internal/fakelogs"
	"github.com/sclogs/sclogs/internal/redact"
)

// BenchmarkRedact redacts the fake's realistic records as received (every
// shop system, secrets in headers, URLs, payloads and bodies): the CLI does
// this once for every record it reads. MB/s counts the records' bytes.
func BenchmarkRedact(b *testing.B) {
	_, raw := fakelogs.Records(b)
	size := 0
	for _, r := range raw {
		size += len(r)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	start := cpuTime()
	var buf []byte
	for b.Loop() {
		for _, r := range raw {
			// As the CLI does: one buffer for the records it redacts.
			if out, changed := redact.Append(buf[:0], r); changed {
				buf = out
			}
		}
	}
	cpu := cpuTime() - start
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(raw))/1000, "µs/record")
	// CPU time says the same without the wait for a busy machine's cores.
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N*len(raw))/1000, "cpu-µs/record")
	b.ReportMetric(float64(b.N*size)/cpu.Seconds()/1e6, "cpu-MB/s")
}

// cpuTime is the CPU time (user + system) this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
