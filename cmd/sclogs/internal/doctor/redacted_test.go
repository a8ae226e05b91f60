package doctor

import (
	"encoding/json"
	"testing"

	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/internal/redact"
)

// redacted is l as the CLI's pipeline hands it to Report.Add: its JSON
// redacted once, whole, and decoded.
func redacted(t testing.TB, l *gen.IntegrationLog) *gen.IntegrationLog {
	t.Helper()
	b, err := json.Marshal(l)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := redact.Record(b)
	var v gen.IntegrationLog
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatal(err)
	}
	return &v
}
