// Package fakelogs gives tests and benchmarks the seeded records of
// sclogstest, read through the public client as the CLI reads them.
package fakelogs

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/sclogs/sclogs"
	"github.com/sclogs/sclogs/sclogstest"
)

// All returns every record of every seeded integration of a default fake.
func All(tb testing.TB) []sclogs.Log {
	logs, _ := Records(tb)
	return logs
}

// Records returns every record of every seeded integration of a default
// fake, decoded and as received (ListOptions.KeepRaw).
func Records(tb testing.TB) ([]sclogs.Log, []json.RawMessage) {
	tb.Helper()
	srv := sclogstest.NewServer()
	defer srv.Close()
	c, err := sclogs.NewClient(sclogs.WithBaseURL(srv.URL()), sclogs.WithBasicAuth(srv.PublicKey(), srv.SecretKey()))
	if err != nil {
		tb.Fatal(err)
	}
	var logs []sclogs.Log
	var raw []json.RawMessage
	for _, id := range srv.Integrations() {
		for p, err := range c.LogPages(context.Background(), id, &sclogs.ListOptions{PageSize: 100, KeepRaw: true}) {
			if err != nil {
				tb.Fatal(err)
			}
			logs = append(logs, p.Logs...)
			raw = append(raw, p.Raw...)
		}
	}
	return logs, raw
}
