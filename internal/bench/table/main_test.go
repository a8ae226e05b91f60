package main

import (
	"strings"
	"testing"
)

func TestTable(t *testing.T) {
	in := `goos: linux
BenchmarkLogs/sclogs-2   	       3	 136021923 ns/op	        18.25 allocs/record	      7360 cpu-ns/record
BenchmarkLogs/bare-2     	       3	 251354516 ns/op	        20.88 allocs/record	     13151 cpu-ns/record
BenchmarkPrefetch/on-2   	       1	1500000000 ns/op
BenchmarkPrefetch/off-2  	       1	2000000000 ns/op
BenchmarkCLIPeakRSS/records=20000-2 	 1	 250172170 ns/op	     17000 peak-KiB
BenchmarkCLIPeakRSS/records=200000-2	 1	4547495858 ns/op	     22528 peak-KiB
BenchmarkRedact-2              	    1128	   3529258 ns/op	  69.44 MB/s	       173.4 cpu-MB/s	         4.712 cpu-µs/record	        11.76 µs/record	  373884 B/op	    3333 allocs/op
BenchmarkRedactAdversarial/string-4MiB-percent-2                   	     201	  10635343 ns/op	 394.37 MB/s
PASS
`
	var out strings.Builder
	if err := print(&out, parse(strings.NewReader(in))); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"| library: CPU per record (Logs vs bare net/http+encoding/json loop) | 7.36 µs | 13.2 µs | 0.56× | ≤ 1.00× | yes |",
		"| prefetch: wall time, on vs off (50 ms latency, 50 ms work, 20 pages) | 1.5 s | 2 s | 0.75× | ≤ 0.60× | NO |",
		"| CLI: CPU per record, list --all -o ndjson vs bare program (maps) | not measured |",
		"(flat: within 20 %) | 22 MiB | 16.6 MiB | 1.33× | ≤ 1.20× | NO |",
		"| CLI peak RSS, 200,000 records | 22.0 MiB | | | ≤ 20 MiB | NO |",
		"| redaction: realistic records (the fake's data, every shop system), CPU | 4.71 µs/record, 173 MB/s | | | ≤ 2 µs | NO |",
		"| redaction: adversarial string-4MiB-percent | 394 MB/s | | | ≥ 1 MB/s | yes |",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("table lacks %q:\n%s", want, got)
		}
	}
}

// TestTableRounds: several runs give medians, each run's ratio paired with
// its own baseline run, and the lowest and highest in brackets.
func TestTableRounds(t *testing.T) {
	in := `BenchmarkLogs/sclogs-2 	3	1 ns/op	2.5 allocs/record	2000 cpu-ns/record
BenchmarkLogs/bare-2   	3	1 ns/op	20 allocs/record	10000 cpu-ns/record
BenchmarkLogs/sclogs-2 	3	1 ns/op	2.5 allocs/record	3000 cpu-ns/record
BenchmarkLogs/bare-2   	3	1 ns/op	20 allocs/record	20000 cpu-ns/record
BenchmarkLogs/sclogs-2 	3	1 ns/op	2.5 allocs/record	2500 cpu-ns/record
BenchmarkLogs/bare-2   	3	1 ns/op	20 allocs/record	5000 cpu-ns/record
`
	var out strings.Builder
	if err := print(&out, parse(strings.NewReader(in))); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"Medians of 3 runs",
		// ratios 0.2, 0.15, 0.5: median 0.2, not 2500/10000
		"| library: CPU per record (Logs vs bare net/http+encoding/json loop) | 2.5 µs (2–3) | 10 µs | 0.20× (0.15–0.50) | ≤ 1.00× | yes |",
		"| library: allocations per record | 2.5 (2.5–2.5) | 20 | 0.12× (0.12–0.12) | ≤ 8 | yes |",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("table lacks %q:\n%s", want, got)
		}
	}
}
