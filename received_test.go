package sclogs

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"testing"
)

// rawBody serves body as a page of logs, with a next link when link is set.
func rawBody(body, link string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		if link != "" {
			w.Header().Set("Link", fmt.Sprintf("<http://%s%s>; rel=\"next\"", r.Host, link))
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, body)
	}
}

// With KeepRaw every page gives each record's bytes exactly as sent:
// spacing, key order, nulls and members the spec does not know; Logs[i] is
// what Raw[i] decodes to. Without it, Raw is nil.
func TestKeepRawGivesRecordsAsReceived(t *testing.T) {
	t.Parallel()
	rec1 := `{ "zeta": {"api_key": "k"},
	  "id": 1, "full_url": null, "base_url": "https://a.example" }`
	rec2 := `{"id":2,"base_url":"https://b.example","new_field":[1,"x"]}`
	rec3 := `{"id":3}`
	s := &scripted{pages: map[string]func(http.ResponseWriter, *http.Request){
		"":          rawBody("{\"data\" : [\n "+rec1+" ,\n"+rec2+"], \"extra\": 1}", "/api/v3/integrations/7/logs?cursor=c2"),
		"cursor=c2": rawBody(`{"data":[`+rec3+`]}`, ""),
	}}
	c := newScripted(t, s)
	var raw []string
	var ids []int
	for p, err := range c.LogPages(context.Background(), 7, &ListOptions{KeepRaw: true, Prefetch: 1}) {
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Raw) != len(p.Logs) {
			t.Fatalf("%d raw records for %d logs", len(p.Raw), len(p.Logs))
		}
		for i, r := range p.Raw {
			raw = append(raw, string(r))
			ids = append(ids, p.Logs[i].GetID())
			var again Log
			if err := json.Unmarshal(r, &again); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(again.GetID(), p.Logs[i].GetID()) || again.BaseURL != p.Logs[i].BaseURL {
				t.Errorf("record %d decodes to %+v, the page gave %+v", i, again, p.Logs[i])
			}
		}
	}
	if want := []string{rec1, rec2, rec3}; !reflect.DeepEqual(raw, want) {
		t.Errorf("raw records\n%q\nwant\n%q", raw, want)
	}
	if !reflect.DeepEqual(ids, []int{1, 2, 3}) {
		t.Errorf("ids %v", ids)
	}
	p, err := c.ListLogs(context.Background(), 7, nil)
	if err != nil || p.Raw != nil {
		t.Errorf("without KeepRaw: Raw %q, err %v; want nil", p.Raw, err)
	}
	p, err = c.ListLogs(context.Background(), 7, &ListOptions{KeepRaw: true})
	if err != nil || len(p.Raw) != 2 || string(p.Raw[1]) != rec2 {
		t.Errorf("ListLogs with KeepRaw: %q, %v", p.Raw, err)
	}
	// Appending to one record never reaches the next.
	_ = append(p.Raw[0], 'x')
	if string(p.Raw[1]) != rec2 {
		t.Errorf("append to Raw[0] changed Raw[1]: %q", p.Raw[1])
	}
}

// A page that sends "data" twice: the last one's records are the page, and
// each log is exactly what its raw record decodes to (encoding/json would
// merge the second array into the first one's records, so a field of the
// first, say a secret, would show in a log whose raw bytes lack it).
func TestKeepRawDuplicateData(t *testing.T) {
	t.Parallel()
	body := `{"data":[{"id":1,"full_url":"https://h/?token=SECRET","exception":"x"},{"id":9}],"DATA":[{"id":2}],"data":[{"id":3}]}`
	s := &scripted{fallback: rawBody(body, "")}
	c := newScripted(t, s)
	p, err := c.ListLogs(context.Background(), 7, &ListOptions{KeepRaw: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Logs) != 1 || len(p.Raw) != 1 || string(p.Raw[0]) != `{"id":3}` {
		t.Fatalf("logs %+v raw %q", p.Logs, p.Raw)
	}
	if l := p.Logs[0]; l.GetID() != 3 || l.FullURL != nil || l.Exception != nil {
		t.Errorf("log %+v is not what its raw record decodes to", l)
	}
	for _, body := range []string{`{"data":null}`, `{"data":[]}`} {
		s := &scripted{fallback: rawBody(body, "")}
		p, err := newScripted(t, s).ListLogs(context.Background(), 7, &ListOptions{KeepRaw: true})
		if err != nil || len(p.Logs) != 0 || p.Raw == nil || len(p.Raw) != 0 {
			t.Errorf("%s: logs %v raw %v err %v; want empty, non-nil", body, p.Logs, p.Raw, err)
		}
	}
	for _, body := range []string{`{"data":[null]}`, `{"data":[{"id":1},]}`, `{"data":[{"id":1}]`} {
		s := &scripted{fallback: rawBody(body, "")}
		_, err := newScripted(t, s).ListLogs(context.Background(), 7, &ListOptions{KeepRaw: true})
		if err == nil {
			t.Errorf("%s: no error", body)
		}
	}
}

// Limit cuts Raw with Logs: the two stay parallel.
func TestKeepRawWithLimit(t *testing.T) {
	t.Parallel()
	s := &scripted{fallback: page(5, 1, "")}
	c := newScripted(t, s)
	n := 0
	for p, err := range c.LogPages(context.Background(), 7, &ListOptions{KeepRaw: true, Limit: 3}) {
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Raw) != len(p.Logs) {
			t.Fatalf("%d raw, %d logs", len(p.Raw), len(p.Logs))
		}
		n += len(p.Logs)
	}
	p, err := c.ListLogs(context.Background(), 7, &ListOptions{KeepRaw: true, Limit: 2})
	if err != nil || len(p.Raw) != 2 || len(p.Logs) != 2 || n != 3 {
		t.Errorf("walk %d; ListLogs %d raw, %d logs, %v", n, len(p.Raw), len(p.Logs), err)
	}
}

// BenchmarkLogPagesKeepRaw walks the 20,000 replayed records page by page
// without the records' bytes, with them (KeepRaw, what the CLI asks for
// when something reads the decoded records), with only them (RawOnly), and
// with only them in reused memory (RawOnly and ReuseRaw, what the CLI asks
// for to write JSON): the differences are what each costs per record.
func BenchmarkLogPagesKeepRaw(b *testing.B) {
	for _, mode := range []struct {
		name string
		o    ListOptions
	}{
		{"keepraw=false", ListOptions{}},
		{"keepraw=true", ListOptions{KeepRaw: true}},
		{"rawonly", ListOptions{RawOnly: true}},
		{"rawonly+reuse", ListOptions{RawOnly: true, ReuseRaw: true}},
	} {
		b.Run(mode.name, func(b *testing.B) {
			srv := newReplay(b)
			// No rate budget: 200 requests a walk, many walks.
			c, err := NewClient(WithBaseURL(srv.URL+"/api/v3"), WithBasicAuth("pub", "sec"), WithRateLimit(0, 0))
			if err != nil {
				b.Fatal(err)
			}
			o := mode.o
			o.PageSize = benchPerPage
			b.ReportAllocs()
			records := 0
			start, startAllocs := cpuTime(), mallocs()
			for b.Loop() {
				for p, err := range c.LogPages(context.Background(), 1, &o) {
					if err != nil {
						b.Fatal(err)
					}
					if (o.KeepRaw || o.RawOnly) && len(p.Raw) != p.Len() {
						b.Fatalf("%d records, %d raw", p.Len(), len(p.Raw))
					}
					records += p.Len()
				}
			}
			reportPerRecord(b, records, cpuTime()-start, mallocs()-startAllocs)
		})
	}
}
