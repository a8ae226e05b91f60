package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sclogs/sclogs/pagination"
	"github.com/sclogs/sclogs/sclogstest"
)

// rawListing fetches every record of an integration straight from srv, as
// the API sent them, decoded without any Go type in between.
func rawListing(t *testing.T, srv *sclogstest.Server, id int) []map[string]any {
	t.Helper()
	var out []map[string]any
	next := fmt.Sprintf("%s/integrations/%d/logs?page_size=100", srv.URL(), id)
	for next != "" {
		req, err := http.NewRequest(http.MethodGet, next, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.SetBasicAuth(srv.PublicKey(), srv.SecretKey())
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var page struct{ Data []map[string]any }
		dec := json.NewDecoder(resp.Body)
		dec.UseNumber()
		err = dec.Decode(&page)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %s %v", next, resp.Status, err)
		}
		out = append(out, page.Data...)
		next = ""
		if u := pagination.NextURL(resp.Header, req.URL); u != nil {
			next = u.String()
		}
	}
	http.DefaultClient.CloseIdleConnections()
	return out
}

// sameAsSent reports where got (a record of the CLI's NDJSON) differs from
// sent (the record as the API sent it): the same field names and values at
// every depth; a field sent as null may be left out; created_at may be
// written differently but must be the same instant with the same offset.
func sameAsSent(path string, sent, got any) error {
	if path == ".created_at" {
		s, _ := sent.(string)
		g, _ := got.(string)
		ts, err1 := time.Parse(time.RFC3339Nano, s)
		tg, err2 := time.Parse(time.RFC3339Nano, g)
		_, offSent := ts.Zone()
		_, offGot := tg.Zone()
		if err1 != nil || err2 != nil || !ts.Equal(tg) || offSent != offGot {
			return fmt.Errorf("%s: sent %q, printed %q", path, s, g)
		}
		return nil
	}
	sm, sok := sent.(map[string]any)
	gm, gok := got.(map[string]any)
	if !sok || !gok {
		if !reflect.DeepEqual(sent, got) {
			return fmt.Errorf("%s: sent %v, printed %v", path, sent, got)
		}
		return nil
	}
	for k, v := range sm {
		gv, ok := gm[k]
		if !ok {
			if v == nil {
				continue // null may be left out
			}
			return fmt.Errorf("%s.%s: sent %v, left out", path, k, v)
		}
		if err := sameAsSent(path+"."+k, v, gv); err != nil {
			return err
		}
	}
	for k := range gm {
		if _, ok := sm[k]; !ok {
			return fmt.Errorf("%s.%s: printed, never sent", path, k)
		}
	}
	return nil
}

// ndjson prints each record as the API sent it: same field names, same
// values (strings, numbers, booleans, nested objects and header strings).
func TestNDJSONIsTheRecordAsSent(t *testing.T) {
	t.Parallel()
	srv := newFake(t, sclogstest.WithLogsPerIntegration(130))
	env := basicEnv(srv)
	checked := 0
	for _, id := range []int{1, 2, 3} {
		sent := rawListing(t, srv, id)
		out := sclogsRun(t, env, "list", fmt.Sprint(id), "--all", "--no-redact", "-o", "ndjson").wantCode(t, 0).stdout
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if len(lines) != len(sent) {
			t.Fatalf("integration %d: %d lines, the API sent %d records", id, len(lines), len(sent))
		}
		for i, line := range lines {
			dec := json.NewDecoder(bytes.NewReader([]byte(line)))
			dec.UseNumber()
			var got map[string]any
			if err := dec.Decode(&got); err != nil {
				t.Fatalf("integration %d line %d: %v", id, i+1, err)
			}
			if err := sameAsSent("", sent[i], got); err != nil {
				t.Errorf("integration %d record %d: %v", id, i, err)
			}
			checked++
		}
	}
	if checked != 390 {
		t.Errorf("%d records checked, want 390", checked)
	}
}
