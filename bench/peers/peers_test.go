package main

import (
	"context"
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/go-faster/jx"
	"github.com/sclogs/sclogs/bench/peers/ogenapi"
	"github.com/sclogs/sclogs/gen"
)

// TestMain lets the test binary be the replay server too, as the program is.
func TestMain(m *testing.M) {
	if v := os.Getenv(serveEnv); v != "" {
		pages, err := strconv.Atoi(v)
		if err == nil {
			err = serve(pages)
		}
		if err != nil {
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestSameRecords runs every client over a few replayed pages: each must see
// every record, and the same ones (one checksum), or the table compares
// clients doing different work.
func TestSameRecords(t *testing.T) {
	srv, err := startServer(3)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if srv.Records != 3*perPage {
		t.Fatalf("server replays %d records, want %d", srv.Records, 3*perPage)
	}
	ps, err := peers(srv.BaseURL)
	if err != nil {
		t.Fatal(err)
	}
	var want checksum
	for i, p := range ps {
		n, sum, err := p.run(context.Background())
		if err != nil {
			t.Fatalf("%s: %v", p.name, err)
		}
		if n != srv.Records {
			t.Errorf("%s saw %d records, want %d", p.name, n, srv.Records)
		}
		if i == 0 {
			want = sum
		} else if sum != want {
			t.Errorf("%s: checksum %016x, %s had %016x", p.name, sum, ps[0].name, want)
		}
	}
}

// TestDigest checks the checksum itself: a record hashes the same through
// gen's types and ogen's, and changing any one field changes the hash.
func TestDigest(t *testing.T) {
	base := `"id":1,"integration_id":2,"base_url":"https://s","full_url":"https://s/x","method":"POST",` +
		`"response_code":500,"response":{"headers":{"A":"b"},"body":"err"},"request":{"headers":"H: v","payload":{"p":1}},` +
		`"created_at":"2024-02-29T23:59:59.123456+02:00","exception_type":"E","exception":"boom","protected":false,"additional_data":""`
	records := []string{
		"{" + base + "}",
		`{"base_url":"https://s"}`,
		`{"base_url":"https://s","integration_id":null,"full_url":null,"response_code":null,"response":null,"request":null,"exception_type":null,"exception":null}`,
	}
	for _, change := range [][2]string{
		{`"id":1`, `"id":3`}, {`"integration_id":2`, `"integration_id":null`}, {`"base_url":"https://s"`, `"base_url":"https://t"`},
		{`"full_url":"https://s/x"`, `"full_url":"https://s/y"`}, {`"method":"POST"`, `"method":"GET"`},
		{`"response_code":500`, `"response_code":501`}, {`{"A":"b"}`, `{"A":"c"}`}, {`"body":"err"`, `"body":{"e":1}`},
		{`"headers":"H: v"`, `"headers":"H: w"`}, {`{"p":1}`, `{"p":2}`}, {`.123456+02:00`, `.123457+02:00`},
		{`+02:00`, `+01:00`}, {`"exception_type":"E"`, `"exception_type":"F"`}, {`"exception":"boom"`, `"exception":"bang"`},
		{`"protected":false`, `"protected":true`}, {`"additional_data":""`, `"additional_data":{}`},
		{`"response":{"headers":{"A":"b"},"body":"err"}`, `"response":null`},
	} {
		if !strings.Contains(base, change[0]) {
			t.Fatalf("test bug: %s not in the base record", change[0])
		}
		records = append(records, "{"+strings.Replace(base, change[0], change[1], 1)+"}")
	}
	seen := map[uint64]string{}
	var absent uint64
	for i, rec := range records {
		var g gen.IntegrationLog
		if err := json.Unmarshal([]byte(rec), &g); err != nil {
			t.Fatalf("%s: %v", rec, err)
		}
		var o ogenapi.IntegrationLog
		if err := o.Decode(jx.DecodeStr(rec)); err != nil {
			t.Fatalf("ogen: %s: %v", rec, err)
		}
		gd, od := genDigest(&g), ogenDigest(&o)
		if gd != od {
			t.Errorf("gen and ogen hash %s differently", rec)
		}
		switch i {
		case 1:
			absent = gd
		case 2: // null hashes like absent: gen's pointers cannot tell them apart
			if gd != absent {
				t.Errorf("null fields hash unlike absent ones")
			}
			continue
		}
		if prev, dup := seen[gd]; dup {
			t.Errorf("same hash for\n%s\n%s", prev, rec)
		}
		seen[gd] = rec
	}
}
