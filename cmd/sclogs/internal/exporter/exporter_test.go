package exporter

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/sclogs/sclogs"
	"github.com/sclogs/sclogs/cmd/sclogs/internal/doctor"
	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/sclogstest"
)

// The metric names the issue gives, each of its type: a contract.
var wantFamilies = map[string]dto.MetricType{
	"sendcloud_integration_exception_logs_total":             dto.MetricType_COUNTER,
	"sendcloud_integration_failing":                          dto.MetricType_GAUGE,
	"sendcloud_integration_last_exception_timestamp_seconds": dto.MetricType_GAUGE,
	"sendcloud_integration_info":                             dto.MetricType_GAUGE,
	"sclogs_exporter_polls_total":                            dto.MetricType_COUNTER,
	"sclogs_exporter_last_successful_poll_timestamp_seconds": dto.MetricType_GAUGE,
	"sclogs_exporter_http_retries_total":                     dto.MetricType_COUNTER,
	"sclogs_exporter_http_rate_limited_total":                dto.MetricType_COUNTER,
	"sclogs_exporter_http_requests_total":                    dto.MetricType_COUNTER,
	"sclogs_exporter_integrations_over_limit":                dto.MetricType_GAUGE,
	"sclogs_exporter_polls_limited_total":                    dto.MetricType_COUNTER,
	"sclogs_exporter_logs_unread_total":                      dto.MetricType_COUNTER,
	"process_resident_memory_bytes":                          dto.MetricType_GAUGE,
	"go_goroutines":                                          dto.MetricType_GAUGE,
}

func httpLog(code int, typ string) gen.IntegrationLog {
	return gen.IntegrationLog{BaseURL: "https://shop.example", ResponseCode: &code, ExceptionType: &typ}
}

// The exposition parses with expfmt and promtool, has every metric with its
// type, labels from the fixed sets only, and the fake's integrations with
// their shop names and systems.
func TestExposition(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Config{})
	f.poll(t)
	f.srv.AddLogs(2, httpLog(401, ""), httpLog(0, "requests.exceptions.SSLError"), httpLog(503, ""))
	f.poll(t)
	text := f.scrape(t)
	promtool(t, text)
	mfs := families(t, text)
	for name, typ := range wantFamilies {
		if mfs[name] == nil {
			t.Errorf("no %s", name)
		} else if mfs[name].GetType() != typ {
			t.Errorf("%s is a %s, want %s", name, mfs[name].GetType(), typ)
		}
	}
	allowed := map[string]bool{"other": true}
	for _, id := range f.srv.Integrations() {
		allowed[strconv.Itoa(id)] = true
	}
	for _, m := range mfs["sendcloud_integration_exception_logs_total"].GetMetric() {
		for _, l := range m.GetLabel() {
			switch l.GetName() {
			case labelIntegration:
				if !allowed[l.GetValue()] {
					t.Errorf("integration_id %q is not the account's", l.GetValue())
				}
			case labelCause:
				if !slices.Contains(causes(), l.GetValue()) {
					t.Errorf("cause %q is not one of doctor's hints", l.GetValue())
				}
			default:
				t.Errorf("label %s", l.GetName())
			}
		}
	}
	for cause, want := range map[string]float64{"auth": 1, "ssl": 1, "server_error": 1, "connection": 0} {
		if got, ok := value(mfs, "sendcloud_integration_exception_logs_total", labelIntegration, "2", labelCause, cause); !ok || got != want {
			t.Errorf("integration 2, %s: %v (%v), want %v", cause, got, ok, want)
		}
	}
	if v, ok := value(mfs, "sendcloud_integration_info", labelIntegration, "2", labelShop, "Fietsenwinkel Delft", labelSystem, "woocommerce"); !ok || v != 1 {
		t.Errorf("no info series for integration 2:\n%s", text)
	}
	if v, _ := value(mfs, "sclogs_exporter_polls_total", labelResult, resultSuccess); v != 2 {
		t.Errorf("polls: %v, want 2", v)
	}
	if v, _ := value(mfs, "sclogs_exporter_last_successful_poll_timestamp_seconds"); v != float64(f.clock.Now().Unix()) {
		t.Errorf("last successful poll %v, want %v", v, f.clock.Now().Unix())
	}
	// Every cause of the hints table has a series for every integration,
	// at 0 until a log comes, so that increase() sees the first one.
	if n := len(mfs["sendcloud_integration_exception_logs_total"].GetMetric()); n != (len(f.srv.Integrations())+1)*(len(doctor.Hints)+1) {
		t.Errorf("%d log series, want (%d integrations + other) × %d causes", n, len(f.srv.Integrations()), len(doctor.Hints)+1)
	}
	// Gzip, as Prometheus asks for it, says the same.
	code, h, body := f.get(t, "/metrics", "Accept-Encoding", "gzip")
	if code != 200 || h.Get("Content-Encoding") != "gzip" {
		t.Fatalf("gzip scrape: %d %q", code, h.Get("Content-Encoding"))
	}
	families(t, gunzip(t, body))
}

// Counters grow as the fake adds logs (sclogstest's live logs, as
// serve-fake --new-log-every), never by more than it added.
func TestCountersGrowWithLiveLogs(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Config{}, sclogstest.WithLiveLogs(sclogstest.MinLiveInterval))
	before := maxID(t, f) // every log added later has a higher id
	f.poll(t)
	if first := sum(families(t, f.scrape(t)), "sendcloud_integration_exception_logs_total"); first != 0 {
		t.Errorf("the logs there at start were counted: %v", first)
	}
	var got, last float64
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline) && got < 20; {
		time.Sleep(20 * time.Millisecond)
		f.poll(t)
		got = sum(families(t, f.scrape(t)), "sendcloud_integration_exception_logs_total")
		if got < last {
			t.Fatalf("the counters went down: %v after %v", got, last)
		}
		last = got
	}
	if got < 20 {
		t.Fatalf("counted %v logs while the fake added new ones", got)
	}
	added := 0
	for l, err := range f.client.AllLogs(context.Background(), &sclogs.ListOptions{PageSize: 100}) {
		if err != nil {
			t.Fatal(err)
		}
		if l.GetID() > before {
			added++
		}
	}
	if got > float64(added) {
		t.Errorf("counted %v logs, but the fake added only %v", got, added)
	}
}

// maxID is the highest id on the fake's newest page.
func maxID(t *testing.T, f *fixture) int {
	t.Helper()
	p, err := f.client.ListAllLogs(context.Background(), &sclogs.ListOptions{PageSize: 100})
	if err != nil || len(p.Logs) == 0 {
		t.Fatalf("newest page: %v", err)
	}
	m := 0
	for _, l := range p.Logs {
		m = max(m, l.GetID())
	}
	return m
}

// Many logs between two polls (three pages' worth): each counted once, in
// its integration and under doctor's cause; the newest time per integration.
func TestCountsMatchTheLogs(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Config{})
	f.poll(t)
	kinds := []struct {
		code int
		typ  string
	}{{401, ""}, {0, "requests.exceptions.SSLError"}, {503, ""}, {0, "requests.exceptions.ConnectTimeout"},
		{404, ""}, {429, ""}, {302, ""}, {0, "SomethingOdd"}, {418, ""}}
	want := map[[2]string]float64{}
	newest := map[int]time.Time{}
	at := time.Now().UTC().Truncate(time.Second)
	for i := range 250 {
		integ := 1 + i%3
		k := kinds[i%len(kinds)]
		l := httpLog(k.code, k.typ)
		ts := at.Add(time.Duration(i) * time.Second)
		l.CreatedAt = &ts
		f.srv.AddLogs(integ, l)
		want[[2]string{strconv.Itoa(integ), doctor.HintFor(k.typ, k.code).ID}]++
		newest[integ] = ts
	}
	f.clock.add(time.Hour)
	f.poll(t)
	mfs := families(t, f.scrape(t))
	for _, id := range []string{"1", "2", "3"} {
		for _, c := range causes() {
			got, ok := value(mfs, "sendcloud_integration_exception_logs_total", labelIntegration, id, labelCause, c)
			if !ok || got != want[[2]string{id, c}] {
				t.Errorf("integration %s, %s: %v (%v), want %v", id, c, got, ok, want[[2]string{id, c}])
			}
		}
	}
	for integ, ts := range newest {
		if got, _ := value(mfs, "sendcloud_integration_last_exception_timestamp_seconds", labelIntegration, strconv.Itoa(integ)); got != float64(ts.Unix()) {
			t.Errorf("integration %d: last exception %v, want %v", integ, got, ts.Unix())
		}
	}
}

// A log seen on two polls, or twice on one page, is counted once.
func TestLogSeenTwiceCountedOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Config{})
	f.poll(t)
	id := 900_001
	l := httpLog(401, "")
	l.ID = &id
	f.srv.AddLogs(1, l)
	f.poll(t)
	f.poll(t) // the same newest page again
	mfs := families(t, f.scrape(t))
	if v, _ := value(mfs, "sendcloud_integration_exception_logs_total", labelIntegration, "1", labelCause, "auth"); v != 1 {
		t.Errorf("auth logs of integration 1: %v, want 1", v)
	}
	if total := sum(mfs, "sendcloud_integration_exception_logs_total"); total != 1 {
		t.Errorf("%v logs counted, want 1", total)
	}
}

// A failing poll moves the polls counter at once and /healthz to 503 once
// no poll has succeeded for UnhealthyAfter; a good poll makes it 200.
func TestFailingPollMovesHealth(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Config{UnhealthyAfter: time.Minute})
	if code, _, body := f.get(t, "/healthz"); code != http.StatusOK {
		t.Fatalf("healthz at start: %d %s", code, body)
	}
	f.poll(t)
	// Every attempt of the next poll fails (1 + 2 retries).
	f.srv.Fail(sclogstest.Fault{Status: 500}, sclogstest.Fault{Status: 500}, sclogstest.Fault{Status: 500})
	if err := f.e.pollOnce(context.Background()); err == nil {
		t.Fatal("the poll did not fail")
	}
	mfs := families(t, f.scrape(t))
	if v, _ := value(mfs, "sclogs_exporter_polls_total", labelResult, resultError); v != 1 {
		t.Errorf("failed polls: %v, want 1", v)
	}
	if v := f.attempts.Retries(); v != 2 {
		t.Errorf("retries: %v, want 2", v)
	}
	if code, _, _ := f.get(t, "/healthz"); code != http.StatusOK {
		t.Errorf("healthz right after one failure: %d, want 200", code)
	}
	f.clock.add(time.Minute)
	code, _, body := f.get(t, "/healthz")
	if code != http.StatusServiceUnavailable || !strings.Contains(string(body), "no successful poll for 1m0s") {
		t.Errorf("healthz a minute later: %d %q, want 503", code, body)
	}
	f.poll(t)
	if code, _, body := f.get(t, "/healthz"); code != http.StatusOK {
		t.Errorf("healthz after a good poll: %d %s", code, body)
	}
	if code, _, _ := f.get(t, "/nope"); code != http.StatusNotFound {
		t.Errorf("/nope: %d", code)
	}
}

// Retries and 429s of the client are counted from its attempts.
func TestRetriesAndRateLimits(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Config{})
	f.srv.Fail(sclogstest.Fault{Status: 429, RetryAfter: "0"}, sclogstest.Fault{}, sclogstest.Fault{Status: 503})
	f.poll(t)
	mfs := families(t, f.scrape(t))
	for name, want := range map[string]float64{
		"sclogs_exporter_http_rate_limited_total": 1,
		"sclogs_exporter_http_retries_total":      2,
		"sclogs_exporter_http_requests_total":     4, // integrations twice, logs twice
	} {
		if v, _ := value(mfs, name); v != want {
			t.Errorf("%s = %v, want %v", name, v, want)
		}
	}
}

// A poll that fails after reading some pages counts nothing: the next one
// reads the same logs again and counts each once.
func TestFailedPollCountsNothing(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Config{})
	f.poll(t)
	at := time.Now().UTC().Truncate(time.Second)
	for i := range 250 {
		l := httpLog(401, "")
		ts := at.Add(time.Duration(i) * time.Second)
		l.CreatedAt = &ts
		f.srv.AddLogs(1, l)
	}
	// Integrations and the first page pass; every attempt at the second
	// page fails.
	f.srv.Fail(sclogstest.Fault{}, sclogstest.Fault{},
		sclogstest.Fault{Status: 500}, sclogstest.Fault{Status: 500}, sclogstest.Fault{Status: 500})
	if err := f.e.pollOnce(context.Background()); err == nil {
		t.Fatal("the poll did not fail")
	}
	if got := sum(families(t, f.scrape(t)), "sendcloud_integration_exception_logs_total"); got != 0 {
		t.Errorf("a failed poll counted %v logs", got)
	}
	f.poll(t)
	f.poll(t)
	if got, _ := value(families(t, f.scrape(t)), "sendcloud_integration_exception_logs_total", labelIntegration, "1", labelCause, "auth"); got != 250 {
		t.Errorf("counted %v logs, want 250", got)
	}
}
