package redact_test

import (
	"bytes"
	"testing"

	"github.com/sclogs/sclogs/internal/fakelogs"
	"github.com/sclogs/sclogs/internal/redact"
)

// The fake's records, as received (every shop system, secrets in headers,
// URLs, payloads and bodies), come out of the walk with its shortcuts byte
// for byte as out of the walk without them.
func TestShortcutsSameOutputOnRecords(t *testing.T) {
	t.Parallel()
	_, raw := fakelogs.Records(t)
	for _, r := range raw {
		got, changed := redact.Record(r)
		want, wantChanged := redact.GeneralRecord(r)
		if changed != wantChanged || !bytes.Equal(got, want) {
			t.Fatalf("shortcuts change the output of %s:\n got %v %s\nwant %v %s", r, changed, got, wantChanged, want)
		}
	}
}
