package redact

import (
	"testing"

	"github.com/sclogs/sclogs/cmd/sclogs/internal/fakelogs"
)

// BenchmarkLog redacts the fake's realistic records: the CLI does this for
// every record it prints.
func BenchmarkLog(b *testing.B) {
	logs := fakelogs.All(b)
	b.ReportAllocs()
	for b.Loop() {
		for i := range logs {
			_ = Log(logs[i])
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(logs)), "ns/record")
}
