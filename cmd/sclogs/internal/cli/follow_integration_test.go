package cli

import (
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/sclogs/sclogs/sclogstest"
)

// The account-wide follow says which integration each row belongs to: the
// table (piped, and fitted where there is room) gives the id and the shop's
// name, CSV an integration_id column; one integration's table does not.
func TestFollowAccountWideNamesIntegration(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name  string
		width int
		args  []string
	}{
		{"piped table", 0, nil},
		{"terminal of 160", 160, nil},
		{"csv", 0, []string{"-o", "csv"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			srv := sclogstest.NewServer(sclogstest.WithLogsPerIntegration(2))
			defer srv.Close()
			var waits []time.Duration
			script := followScript(&waits, func() { srv.AddLogs(1, newLog(500)); srv.AddLogs(3, newLog(501)) }, func() {})
			setup := func(a *app) {
				script(a)
				a.termWidth = func() int { return c.width }
			}
			code, out, errOut := runApp(t, fakeEnv(srv), setup, append([]string{"list", "-f", "--limit", "2", "--interval", "1s"}, c.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if c.name == "csv" {
				rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
				if err != nil {
					t.Fatal(err)
				}
				if h := rows[0]; h[len(h)-1] != "integration_id" || len(rows) != 5 {
					t.Fatalf("csv %q", rows)
				}
				if got := rows[3][len(rows[3])-1] + rows[4][len(rows[4])-1]; got != "13" && got != "31" {
					t.Errorf("new rows' integration_id %q, want 1 and 3", got)
				}
				return
			}
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if !strings.Contains(lines[0], "INT") || !strings.Contains(lines[0], "SHOP") {
				t.Errorf("header %q: no integration or shop column", lines[0])
			}
			if !strings.Contains(out, "Kaffeehaus Berlin") || !strings.Contains(out, "Urban Sneakers") {
				t.Errorf("the new rows do not name their shops:\n%s", out)
			}
		})
	}
	srv := sclogstest.NewServer()
	defer srv.Close()
	var waits []time.Duration
	_, out, _ := runApp(t, fakeEnv(srv), followScript(&waits), "list", "1", "-f", "--limit", "2")
	if strings.Contains(out, "INTEGRATION") || strings.Contains(out, "SHOP") {
		t.Errorf("one integration's table names the integration:\n%s", out)
	}
}
