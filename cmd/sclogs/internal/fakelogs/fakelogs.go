// Package fakelogs gives the CLI's tests and benchmarks the seeded records of
// sclogstest, read through the public client as the CLI reads them.
package fakelogs

import (
	"context"
	"testing"

	"github.com/sclogs/sclogs"
	"github.com/sclogs/sclogs/sclogstest"
)

// All returns every record of every seeded integration of a default fake.
func All(tb testing.TB) []sclogs.Log {
	tb.Helper()
	srv := sclogstest.NewServer()
	defer srv.Close()
	c, err := sclogs.NewClient(sclogs.WithBaseURL(srv.URL()), sclogs.WithBasicAuth(srv.PublicKey(), srv.SecretKey()))
	if err != nil {
		tb.Fatal(err)
	}
	var logs []sclogs.Log
	for _, id := range srv.Integrations() {
		for l, err := range c.Logs(context.Background(), id, &sclogs.ListOptions{PageSize: 100}) {
			if err != nil {
				tb.Fatal(err)
			}
			logs = append(logs, l)
		}
	}
	return logs
}
