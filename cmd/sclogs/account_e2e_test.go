package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sclogs/sclogs"
	"github.com/sclogs/sclogs/sclogstest"
)

// rename gives an integration of srv a shop name, through the API.
func rename(t *testing.T, srv *sclogstest.Server, id int, name string) {
	t.Helper()
	c, err := sclogs.NewClient(sclogs.WithBaseURL(srv.URL()), sclogs.WithBasicAuth(srv.PublicKey(), srv.SecretKey()))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.UpdateIntegration(context.Background(), id, sclogs.IntegrationUpdate{ShopName: &name}); err != nil {
		t.Fatal(err)
	}
}

// integrations: failing ones first (longest failing at the top), every
// format, --sort passed to the API, shop names never markup or formulas.
func TestIntegrationsCommand(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	evil := "=HYPERLINK(\"https://evil.example\")\x1b[31m"
	rename(t, srv, 3, evil)
	env := basicEnv(srv)

	r := sclogsRun(t, env, "integrations", "-o", "json").wantCode(t, 0)
	var list []sclogs.Integration
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil || len(list) != 3 {
		t.Fatalf("json: %v, %d integrations\n%s", err, len(list), r.stdout)
	}
	seenHealthy := false
	for i, in := range list {
		if in.StartedFailingAt == nil {
			seenHealthy = true
		} else if seenHealthy {
			t.Errorf("integration %d failing after a healthy one: not failing first", *in.ID)
		} else if i > 0 && list[i-1].StartedFailingAt != nil && in.StartedFailingAt.Before(*list[i-1].StartedFailingAt) {
			t.Errorf("failing integrations not longest-failing first")
		}
	}

	table := sclogsRun(t, env, "integrations", "--utc").wantCode(t, 0).stdout
	lines := strings.Split(strings.TrimSpace(table), "\n")
	if len(lines) != 4 || strings.Join(strings.Fields(lines[0]), " ") != "ID SHOP NAME TYPE FAILING SINCE LAST FETCHED" {
		t.Fatalf("table:\n%s", table)
	}
	for i, in := range list {
		if f := strings.Fields(lines[i+1]); f[0] != strconv.Itoa(*in.ID) {
			t.Errorf("table row %d is integration %s, json says %d", i, f[0], *in.ID)
		}
	}
	if strings.Contains(table, "\x1b") {
		t.Error("an escape sequence from a shop name reached the terminal")
	}

	rows, err := csv.NewReader(strings.NewReader(sclogsRun(t, env, "integrations", "-o", "csv").wantCode(t, 0).stdout)).ReadAll()
	if err != nil || len(rows) != 4 || strings.Join(rows[0], ",") != "id,shop_name,type,started_failing_at,last_fetched_at,shop_url" {
		t.Fatalf("csv %q, %v", rows, err)
	}
	for _, row := range rows[1:] {
		if row[0] == "3" && !strings.HasPrefix(row[1], "'=") {
			t.Errorf("csv shop name %q: a formula, not defused", row[1])
		}
	}
	if nd := strings.Split(strings.TrimSpace(sclogsRun(t, env, "integrations", "-o", "ndjson").wantCode(t, 0).stdout), "\n"); len(nd) != 3 {
		t.Errorf("ndjson: %d lines", len(nd))
	}

	sorted := sclogsRun(t, env, "integrations", "--sort", "-created_at", "-o", "json").wantCode(t, 0)
	var byCreated []sclogs.Integration
	_ = json.Unmarshal([]byte(sorted.stdout), &byCreated)
	for i := 1; i < len(byCreated); i++ {
		if byCreated[i].CreatedAt.After(*byCreated[i-1].CreatedAt) {
			t.Errorf("--sort -created_at: not newest first")
		}
	}
	found := false
	for _, req := range srv.Requests() {
		if strings.HasSuffix(req.URL.Path, "/integrations") && req.URL.Query().Get("sort") == "-created_at" {
			found = true
		}
	}
	if !found {
		t.Error("--sort was not sent as the API's sort parameter")
	}
	if r := sclogsRun(t, env, "integrations", "--sort", "name"); r.code != 2 || !strings.Contains(r.stderr, "failing_since") {
		t.Errorf("--sort name: exit %d, %q", r.code, r.stderr)
	}
}

// doctor with no id reads GET /integrations/logs and groups the causes per
// integration, labelled with the shop name; the counts add up; --html
// makes a report with a timeline per cause and per integration.
func TestDoctorAccountWide(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	rename(t, srv, 2, "Fietsen <b>Delft</b>")
	env := basicEnv(srv)
	r := sclogsRun(t, env, "doctor", "--concurrency", "1").wantCode(t, 0) // the single account-wide cursor
	for _, want := range []string{"300 logs read", "Integration 1 (", "Integration 2 (Fietsen <b>Delft</b>):", "Integration 3 ("} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("account doctor lacks %q:\n%.3000s", want, r.stdout)
		}
	}
	var groups []struct {
		IntegrationID int `json:"integration_id"`
		Count         int `json:"count"`
	}
	js := sclogsRun(t, env, "doctor", "-o", "json", "--concurrency", "1").wantCode(t, 0)
	if err := json.Unmarshal([]byte(js.stdout), &groups); err != nil {
		t.Fatal(err)
	}
	per := map[int]int{}
	for _, g := range groups {
		per[g.IntegrationID] += g.Count
	}
	if per[1]+per[2]+per[3]+per[0] != 300 || per[1] == 0 || per[2] == 0 || per[3] == 0 {
		t.Errorf("counts per integration %v: want all 300, from each", per)
	}
	all := -3 // the first run's 3 pages
	for _, req := range srv.Requests() {
		if req.URL.Path == "/api/v3/integrations/logs" {
			all++
		}
	}
	if all != 3 {
		t.Errorf("%d GET /integrations/logs: want the 3 pages of 100", all)
	}
	file := filepath.Join(t.TempDir(), "account.html")
	sclogsRun(t, env, "doctor", "--since", "2025-11-23", "--html", file).wantCode(t, 0)
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	sections := 3
	if strings.Contains(page, "Records without an integration id") {
		sections++ // the fake leaves out integration_id now and then, as Sendcloud may
	}
	if n := strings.Count(page, "<section class=\"integration\">"); n != sections {
		t.Errorf("%d integration sections in the HTML report, want %d", n, sections)
	}
	// A timeline per fix block, and one per integration in the overview.
	if strings.Count(page, "<svg") != strings.Count(page, `<div class="fix">`)+sections || strings.Contains(page, "<b>Delft") ||
		!strings.Contains(page, "Fietsen &lt;b&gt;Delft&lt;/b&gt;") {
		t.Errorf("HTML report: svgs %d, fix blocks %d, shop name escaped: %v", strings.Count(page, "<svg"),
			strings.Count(page, `<div class="fix">`), strings.Contains(page, "Fietsen &lt;b&gt;"))
	}
}

// list --follow without an id follows the whole account.
func TestFollowAccountWide(t *testing.T) {
	t.Parallel()
	srv := newFake(t, sclogstest.WithLogsPerIntegration(2))
	cmd, out, errs := startSclogs(t, basicEnv(srv), "list", "-f", "--limit", "2", "--interval", "1s", "-o", "ndjson")
	out.waitFor(t, "the newest 2", count(2))
	srv.AddLogs(1, httpLog(500))
	srv.AddLogs(3, httpLog(501))
	got := out.waitFor(t, "logs of two integrations", count(4))
	_ = cmd.Process.Signal(os.Interrupt)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("exit: %v; %q", err, errs.snapshot())
	}
	var integ []int
	for _, line := range got[2:] {
		var l sclogs.Log
		_ = json.Unmarshal([]byte(line), &l)
		integ = append(integ, *l.IntegrationID)
	}
	if len(integ) != 2 || integ[0]+integ[1] != 4 || integ[0] == integ[1] {
		t.Errorf("new records from integrations %v, want one from 1 and one from 3", integ)
	}
	if r := sclogsRun(t, basicEnv(srv), "list"); r.code != 2 || !strings.Contains(r.stderr, "--follow") {
		t.Errorf("list without id or --follow: exit %d, %q", r.code, r.stderr)
	}
}

// Shell completion of INTEGRATION_ID: the ids with shop names when
// credentials are in the environment; nothing, and no request, without.
func TestIntegrationIDCompletion(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	for _, cmd := range []string{"list", "doctor"} {
		r := sclogsRun(t, basicEnv(srv), "__complete", cmd, "").wantCode(t, 0)
		for _, want := range []string{"1\tKaffeehaus Berlin", "2\tFietsenwinkel Delft", "3\tUrban Sneakers"} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("%s completion lacks %q:\n%s", cmd, want, r.stdout)
			}
		}
		if r := sclogsRun(t, basicEnv(srv), "__complete", cmd, "2").wantCode(t, 0); strings.Contains(r.stdout, "1\t") {
			t.Errorf("completing 2 offered 1:\n%s", r.stdout)
		}
	}
	before := len(srv.Requests())
	start := time.Now()
	r := sclogsRun(t, map[string]string{"SENDCLOUD_BASE_URL": srv.URL()}, "__complete", "list", "").wantCode(t, 0)
	if strings.Contains(r.stdout, "\t") || len(srv.Requests()) != before {
		t.Errorf("without credentials: %q, %d requests", r.stdout, len(srv.Requests())-before)
	}
	t.Logf("completion without credentials took %s", time.Since(start))
	// A server that never answers: completion gives up (bounded), nothing offered.
	slow := newFake(t, sclogstest.WithLatency(time.Hour))
	r = sclogsRun(t, basicEnv(slow), "__complete", "doctor", "").wantCode(t, 0)
	if strings.Contains(r.stdout, "\t") {
		t.Errorf("slow server: offered %q", r.stdout)
	}
}
