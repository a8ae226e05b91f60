// Command table reads `go test -bench` output on stdin and prints, side by
// side, each sclogs figure against its baseline from the same run, as a
// ratio with the goal it is held to. `make bench` pipes into it.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// comparison is one row: metric of bench a over metric of bench b.
type comparison struct {
	what     string
	a, b     string // benchmark names without the -GOMAXPROCS suffix
	metric   string
	goal     float64 // the ratio must be at most this; 0: no goal
	scale    float64 // shown values are divided by this
	unitShow string
}

var comparisons = []comparison{
	{"library: CPU per record (Logs vs bare net/http+encoding/json loop)", "BenchmarkLogs/sclogs", "BenchmarkLogs/bare", "cpu-ns/record", 1.0, 1000, "µs"},
	{"library: allocations per record", "BenchmarkLogs/sclogs", "BenchmarkLogs/bare", "allocs/record", 0, 1, ""},
	{"CLI: CPU per record, list --all -o ndjson vs bare program (maps)", "BenchmarkCLI/sclogs", "BenchmarkCLI/bare", "cpu-ns/record", 0.6, 1000, "µs"},
	{"prefetch: wall time, on vs off (50 ms latency, 50 ms work, 20 pages)", "BenchmarkPrefetch/on", "BenchmarkPrefetch/off", "ns/op", 0.6, 1e9, "s"},
	{"CLI peak RSS, 200,000 vs 20,000 records (flat: within 20 %)", "BenchmarkCLIPeakRSS/records=200000", "BenchmarkCLIPeakRSS/records=20000", "peak-KiB", 1.2, 1024, "MiB"},
	{"doctor peak RSS, account of 200,000 vs 20,000 logs (flat: within 20 %)", "BenchmarkDoctorPeakRSS/records=200000", "BenchmarkDoctorPeakRSS/records=20000", "peak-KiB", 1.2, 1024, "MiB"},
}

// rssLimits are the benchmarks held to the absolute peak RSS goal.
var rssLimits = []struct{ what, bench string }{
	{"CLI peak RSS, 200,000 records", "BenchmarkCLIPeakRSS/records=200000"},
	{"doctor peak RSS, account of 200,000 logs", "BenchmarkDoctorPeakRSS/records=200000"},
}

// rssLimitMiB is the absolute goal for the CLI's peak RSS.
const rssLimitMiB = 20

var line = regexp.MustCompile(`^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+(.*)$`)

func main() {
	results := parse(os.Stdin)
	if err := print(os.Stdout, results); err != nil {
		fmt.Fprintln(os.Stderr, "table:", err)
		os.Exit(1)
	}
}

// parse returns metric values by benchmark name and unit; a benchmark seen
// twice (-count) keeps its last run.
func parse(r io.Reader) map[string]map[string]float64 {
	out := map[string]map[string]float64{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		m := line.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		fields := strings.Fields(m[2])
		metrics := map[string]float64{}
		for i := 0; i+1 < len(fields); i += 2 {
			if v, err := strconv.ParseFloat(fields[i], 64); err == nil {
				metrics[fields[i+1]] = v
			}
		}
		out[m[1]] = metrics
	}
	return out
}

func print(w io.Writer, res map[string]map[string]float64) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "| measure | sclogs | baseline | ratio | goal | met |")
	fmt.Fprintln(bw, "|---|---:|---:|---:|---:|---|")
	for _, c := range comparisons {
		a, aok := res[c.a][c.metric]
		b, bok := res[c.b][c.metric]
		if !aok || !bok || b == 0 {
			fmt.Fprintf(bw, "| %s | not measured | | | | |\n", c.what)
			continue
		}
		ratio := a / b
		goal, met := "—", "—"
		if c.goal > 0 {
			goal = fmt.Sprintf("≤ %.2f×", c.goal)
			met = yes(ratio <= c.goal)
		}
		fmt.Fprintf(bw, "| %s | %.3g %s | %.3g %s | %.2f× | %s | %s |\n",
			c.what, a/c.scale, c.unitShow, b/c.scale, c.unitShow, ratio, goal, met)
	}
	printRedaction(bw, res)
	for _, l := range rssLimits {
		if rss, ok := res[l.bench]["peak-KiB"]; ok {
			mib := rss / 1024
			fmt.Fprintf(bw, "| %s | %.1f MiB | | | ≤ %d MiB | %s |\n", l.what, mib, rssLimitMiB, yes(mib <= rssLimitMiB))
		}
	}
	return bw.Flush()
}

// Redaction goals: µs per realistic record (issue 15), and for adversarial
// inputs well under a second per MiB.
const (
	redactGoalMicros = 2.0
	adversarialMinMB = 1.0
)

// printRedaction adds the redaction rows: per realistic record, and the
// throughput of each adversarial input (BenchmarkRedactAdversarial/…).
func printRedaction(w io.Writer, res map[string]map[string]float64) {
	if m, ok := res["BenchmarkRedact"]; ok {
		// CPU time when measured: wall time on a busy machine waits for a core.
		us, mb := m["µs/record"], m["MB/s"]
		if cpu, ok := m["cpu-µs/record"]; ok {
			us, mb = cpu, m["cpu-MB/s"]
		}
		fmt.Fprintf(w, "| redaction: realistic records (the fake's data, every shop system), CPU | %.3g µs/record, %.3g MB/s | | | ≤ %g µs | %s |\n",
			us, mb, redactGoalMicros, yes(us <= redactGoalMicros))
	}
	var names []string
	for name := range res {
		if strings.HasPrefix(name, "BenchmarkRedactAdversarial/") {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		mb := res[name]["MB/s"]
		if cpu, ok := res[name]["cpu-MB/s"]; ok {
			mb = cpu
		}
		fmt.Fprintf(w, "| redaction: adversarial %s | %.3g MB/s | | | ≥ %g MB/s | %s |\n",
			strings.TrimPrefix(name, "BenchmarkRedactAdversarial/"), mb, adversarialMinMB, yes(mb >= adversarialMinMB))
	}
}

func yes(ok bool) string {
	if ok {
		return "yes"
	}
	return "NO"
}
