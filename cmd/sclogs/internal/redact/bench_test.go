package redact

import (
	"context"
	"testing"

	"github.com/sclogs/sclogs"
	"github.com/sclogs/sclogs/sclogstest"
)

// BenchmarkLog redacts the fake's realistic records: the CLI does this for
// every record it prints.
func BenchmarkLog(b *testing.B) {
	srv := sclogstest.NewServer()
	defer srv.Close()
	c, err := sclogs.NewClient(sclogs.WithBaseURL(srv.URL()), sclogs.WithBasicAuth(srv.PublicKey(), srv.SecretKey()))
	if err != nil {
		b.Fatal(err)
	}
	var logs []sclogs.Log
	for _, id := range srv.Integrations() {
		for l, err := range c.Logs(context.Background(), id, &sclogs.ListOptions{PageSize: 100}) {
			if err != nil {
				b.Fatal(err)
			}
			logs = append(logs, l)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		for i := range logs {
			_ = Log(logs[i])
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(logs)), "ns/record")
}
