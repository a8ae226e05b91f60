package output

import (
	"encoding/json"
	"io"
	"testing"

	"github.com/sclogs/sclogs"
	"github.com/sclogs/sclogs/internal/decode"
	"github.com/sclogs/sclogs/internal/fakelogs"
	"github.com/sclogs/sclogs/internal/redact"
)

// BenchmarkStages compares, per record, what streaming one record to NDJSON
// costs the CLI: decoding it (done by the client), redacting it, writing it.
func BenchmarkStages(b *testing.B) {
	logs, raw := fakelogs.Records(b)
	perRecord := func(b *testing.B) {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(logs)), "ns/record")
	}
	b.Run("decode", func(b *testing.B) {
		for b.Loop() {
			for _, r := range raw {
				var l sclogs.Log
				_ = decode.IntegrationLog(r, &l)
			}
		}
		perRecord(b)
	})
	b.Run("redact", func(b *testing.B) {
		var buf []byte
		for b.Loop() {
			for _, r := range raw {
				if out, changed := redact.Append(buf[:0], r); changed {
					buf = out
				}
			}
		}
		perRecord(b)
	})
	// As the pipeline hands them over: with redaction's verdict on
	// compactness (the short path), and without it (every record escaped).
	compact := make([]bool, len(raw))
	for i, r := range raw {
		_, _, compact[i] = redact.AppendCompact(nil, r)
	}
	for _, short := range []bool{true, false} {
		name := "ndjson"
		if !short {
			name = "ndjson-escaped"
		}
		b.Run(name, func(b *testing.B) {
			w := newNDJSON(io.Discard)
			for b.Loop() {
				for i := range logs {
					_ = w.Write(Record{JSON: raw[i], Log: &logs[i], Compact: short && compact[i]})
				}
			}
			perRecord(b)
		})
	}
	b.Run("decode-map-encode", func(b *testing.B) {
		enc := json.NewEncoder(io.Discard)
		for b.Loop() {
			for _, r := range raw {
				var m map[string]any
				_ = json.Unmarshal(r, &m)
				_ = enc.Encode(m)
			}
		}
		perRecord(b)
	})
}
