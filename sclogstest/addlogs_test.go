package sclogstest_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/jsonvalue"
	"github.com/sclogs/sclogs/sclogstest"
)

func at(s string) *time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return &t
}

func ids(t *testing.T, recs []json.RawMessage) []int {
	t.Helper()
	out := make([]int, len(recs))
	for i, raw := range recs {
		var l gen.IntegrationLog
		if err := json.Unmarshal(raw, &l); err != nil || l.ID == nil {
			t.Fatalf("record %d: %v %s", i, err, raw)
		}
		out[i] = *l.ID
	}
	return out
}

func TestAddLogsWithoutSeedData(t *testing.T) {
	t.Parallel()
	s := newServer(t, sclogstest.WithoutSeedData())
	c := newClient(t)
	if len(s.Integrations()) != 0 {
		t.Fatalf("Integrations() = %v, want none", s.Integrations())
	}
	wantError(t, get(t, s, c, logsPath(1, 0)), 404, "not_found", "")

	s.AddLogs(7) // an integration without logs
	if p := decodePage(t, get(t, s, c, logsPath(7, 0))); len(p.Data) != 0 {
		t.Fatalf("empty integration served %d records", len(p.Data))
	}

	id := 500
	s.AddLogs(7,
		gen.IntegrationLog{BaseURL: "https://a.example", CreatedAt: at("2025-01-01T10:00:00+01:00")},
		gen.IntegrationLog{BaseURL: "https://b.example", CreatedAt: at("2025-01-01T12:00:00.5+01:00"), ID: &id,
			Request:  &gen.IntegrationLogRequest{Headers: jsonvalue.MustOf("raw header string"), Payload: jsonvalue.Value("null")},
			Response: &gen.IntegrationLogResponse{Body: jsonvalue.MustOf(map[string]string{"k": "v"})}},
		gen.IntegrationLog{BaseURL: "https://c.example", CreatedAt: at("2025-01-01T11:00:00Z")},
		gen.IntegrationLog{BaseURL: "https://d.example"}, // no created_at: newer than the rest
	)
	l := listAll(t, s, c, 7, 1)
	got := ids(t, l.records)
	want := []int{3, 500, 2, 1} // newest first; ids given or assigned in order
	if len(got) != len(want) {
		t.Fatalf("ids %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("ids %v, want %v", got, want)
		}
	}
	var b gen.IntegrationLog
	if err := json.Unmarshal(l.records[1], &b); err != nil {
		t.Fatal(err)
	}
	if b.BaseURL != "https://b.example" || *b.IntegrationID != 7 || string(b.Request.Payload) != "null" ||
		b.Request.Headers.Text() != "raw header string" || string(b.Response.Body) != `{"k":"v"}` {
		t.Errorf("log served as %s", l.records[1])
	}
	if next := nextURL(t, l.pages[0].header); next.Query().Get("cursor") != "2025-01-01T12:00:01+01:00" {
		t.Errorf("cursor after the log without created_at: %q", next.Query().Get("cursor"))
	}
	if len(s.Integrations()) != 1 {
		t.Errorf("Integrations() = %v, want [7]", s.Integrations())
	}
}

// TestAddLogsMergesWithSeededData: an added log lands in date order among
// the generated ones, and paging still yields every record once.
func TestAddLogsMergesWithSeededData(t *testing.T) {
	t.Parallel()
	s := newServer(t, sclogstest.WithLogsPerIntegration(30))
	c := newClient(t)
	before := listAll(t, s, c, 2, 100).records
	mid := fields(t, before[10])
	var midTime time.Time
	if err := json.Unmarshal(mid["created_at"], &midTime); err != nil {
		t.Fatal(err)
	}
	s.AddLogs(2,
		gen.IntegrationLog{BaseURL: "https://new.example", CreatedAt: new(midTime.Add(time.Second))},
		gen.IntegrationLog{BaseURL: "https://newest.example"},
	)
	after := listAll(t, s, c, 2, 7).records
	if len(after) != 32 {
		t.Fatalf("%d records, want 32", len(after))
	}
	if str(fields(t, after[0]), "base_url") != "https://newest.example" || str(fields(t, after[11]), "base_url") != "https://new.example" {
		t.Errorf("added logs not in date order: %s / %s", after[0], after[11])
	}
	if string(after[12]) != string(before[10]) {
		t.Error("the generated record after the added one moved")
	}
	seen := map[int]bool{}
	for _, id := range ids(t, after) {
		if seen[id] {
			t.Errorf("id %d twice", id)
		}
		seen[id] = true
	}
}

// Logs with the same created_at are never split across pages, so a
// created_at cursor reaches them all: a page ends before such a run. Only a
// run longer than a whole page cannot be served whole (documented).
func TestAddLogsTiesAtAPageBoundary(t *testing.T) {
	t.Parallel()
	s := newServer(t, sclogstest.WithoutSeedData())
	same := at("2025-03-01T00:00:00+01:00")
	s.AddLogs(1,
		gen.IntegrationLog{BaseURL: "https://new.example", CreatedAt: at("2025-03-02T00:00:00+01:00")},
		gen.IntegrationLog{BaseURL: "https://a.example", CreatedAt: same},
		gen.IntegrationLog{BaseURL: "https://b.example", CreatedAt: same},
		gen.IntegrationLog{BaseURL: "https://old.example", CreatedAt: at("2025-02-01T00:00:00+01:00")})
	for size := 2; size <= 4; size++ {
		if l := listAll(t, s, newClient(t), 1, size); len(l.records) != 4 {
			t.Errorf("%d records at page_size %d, want 4", len(l.records), size)
		}
	}
	if l := listAll(t, s, newClient(t), 1, 1); len(l.records) != 3 {
		t.Errorf("%d records at page_size 1, want 3 (a run of 2 is longer than the page)", len(l.records))
	}
}

func TestAddLogsPanicsOnInvalidJSON(t *testing.T) {
	t.Parallel()
	s := newServer(t, sclogstest.WithoutSeedData())
	defer func() {
		if recover() == nil {
			t.Error("no panic for a jsonvalue that is not JSON")
		}
	}()
	s.AddLogs(1, gen.IntegrationLog{BaseURL: "https://x.example", AdditionalData: jsonvalue.Value("{not json")})
}
