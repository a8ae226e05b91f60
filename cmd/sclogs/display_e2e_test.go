package main

import (
	"encoding/csv"
	"strings"
	"testing"
	"time"
)

// Times in the table are in one zone: local (TZ) with its offset by
// default, UTC with --utc; piped, rows keep full width; CSV ends with the
// exception text, redacted like the other formats.
func TestZonesWidthAndCSVException(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	env := basicEnv(srv)
	env["TZ"] = "Asia/Kolkata"
	times := func(out string) []string {
		var ts []string
		for _, line := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
			ts = append(ts, strings.Fields(line)[1])
		}
		return ts
	}
	local := sclogsRun(t, env, "list", "1", "--limit", "20").wantCode(t, 0)
	utc := sclogsRun(t, env, "list", "1", "--limit", "20", "--utc").wantCode(t, 0)
	lt, ut := times(local.stdout), times(utc.stdout)
	for i := range lt {
		a, errA := time.Parse(time.RFC3339, lt[i])
		b, errB := time.Parse(time.RFC3339, ut[i])
		if errA != nil || errB != nil || !strings.HasSuffix(lt[i], "+05:30") || !strings.HasSuffix(ut[i], "Z") || !a.Equal(b) {
			t.Fatalf("row %d: local %q, --utc %q: want the same instant, +05:30 and Z", i, lt[i], ut[i])
		}
		if i > 0 && lt[i] > lt[i-1] {
			t.Errorf("rows not sorted as shown: %q after %q", lt[i], lt[i-1])
		}
	}
	if strings.Contains(local.stdout, "…") || !strings.Contains(local.stdout, "updated_at_min=2025-11-01T00%3A00%3A00%2B01%3A00") {
		t.Errorf("piped table shortened:\n%s", local.stdout)
	}

	r := sclogsRun(t, env, "list", "1", "--limit", "30", "-o", "csv").wantCode(t, 0)
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	withText := 0
	for _, row := range rows[1:] {
		if len(row) != 8 || row[7] != "1" && row[7] != "" { // the fake leaves integration_id out now and then
			t.Fatalf("row %q: want 8 columns, integration_id 1 last", row)
		}
		if row[6] != "" {
			withText++
		}
		if strings.Contains(row[6], "consumer_secret=cs_") || strings.Contains(row[6], "access_token=shpat_") {
			t.Errorf("exception text not redacted: %q", row[6])
		}
		if !strings.HasSuffix(row[1], "+05:30") {
			t.Errorf("CSV created_at %q: want local time (+05:30)", row[1])
		}
	}
	if rows[0][6] != "exception" || withText < 10 {
		t.Errorf("header %q, %d rows with exception text", rows[0], withText)
	}
}
