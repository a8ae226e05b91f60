// Command table reads `go test -bench` output on stdin and prints, side by
// side, each sclogs figure against its baseline from the same run, as a
// ratio with the goal it is held to. `make bench` pipes into it.
//
// Output of several runs (`make bench BENCH_ROUNDS=5`: whole passes one
// after another, so sclogs and its baseline alternate) gives medians: the
// k-th run of a benchmark is paired with the k-th run of its baseline, the
// row shows the median of those ratios and, in brackets, the lowest and
// highest. The machine may be shared; the ranges show how much that moved.
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
	a, b     string // benchmark names without the -GOMAXPROCS suffix; b "": a's metric is the ratio itself
	metric   string
	goal     float64 // the ratio must be at most this; 0: no goal
	scale    float64 // shown values are divided by this
	unitShow string
}

var comparisons = []comparison{
	{"library: CPU per record (Logs vs bare net/http+encoding/json loop)", "BenchmarkLogs/sclogs", "BenchmarkLogs/bare", "cpu-ns/record", 1.0, 1000, "µs"},
	{"library: allocations per record", "BenchmarkLogs/sclogs", "BenchmarkLogs/bare", "allocs/record", 0, 1, ""},
	{"CLI: CPU per record, list --all -o ndjson vs bare program (maps)", "BenchmarkCLI/sclogs", "BenchmarkCLI/bare", "cpu-ns/record", 0.25, 1000, "µs"},
	{"prefetch: wall time, on vs off (50 ms latency, 50 ms work, 20 pages)", "BenchmarkPrefetch/on", "BenchmarkPrefetch/off", "ns/op", 0.6, 1e9, "s"},
	{"CLI peak RSS, 200,000 vs 20,000 records (flat: within 20 %)", "BenchmarkCLIPeakRSS/records=200000", "BenchmarkCLIPeakRSS/records=20000", "peak-KiB", 1.2, 1024, "MiB"},
	{"doctor peak RSS, account of 200,000 vs 20,000 logs (flat: within 20 %)", "BenchmarkDoctorPeakRSS/records=200000", "BenchmarkDoctorPeakRSS/records=20000", "peak-KiB", 1.2, 1024, "MiB"},
	{"account doctor: wall time, --concurrency 8 vs 1 (40 integrations × 250 logs, 50 ms a request)", "BenchmarkAccountDoctor/concurrency=8", "BenchmarkAccountDoctor/concurrency=1", "wall-ms", 0.3, 1000, "s"},
	{"account doctor --concurrency 8: wall time vs the floor (pages ÷ 8 × 50 ms)", "BenchmarkAccountDoctor/concurrency=8", "", "x-floor", 1.5, 1, "× floor"},
	{"account doctor --concurrency 1 (the single cursor): wall time vs its floor (pages × 50 ms)", "BenchmarkAccountDoctor/concurrency=1", "", "x-floor", 0, 1, "× floor"},
	{"account doctor peak RSS, 100,000 vs 10,000 logs, --concurrency 8 (flat: within 30 %)", "BenchmarkAccountDoctorPeakRSS/logs=100000", "BenchmarkAccountDoctorPeakRSS/logs=10000", "peak-KiB", 1.3, 1024, "MiB"},
}

// rssLimits are the benchmarks held to the absolute peak RSS goal.
var rssLimits = []struct{ what, bench string }{
	{"CLI peak RSS, 200,000 records", "BenchmarkCLIPeakRSS/records=200000"},
	{"doctor peak RSS, account of 200,000 logs", "BenchmarkDoctorPeakRSS/records=200000"},
}

// show formats v in the row's unit.
func (c comparison) show(v float64) string {
	return strings.TrimSpace(fmt.Sprintf("%.3g %s", v/c.scale, c.unitShow))
}

// Absolute goals: the CLI's peak RSS, and the library's allocations per
// record (issue 15; the peer benchmark, bench/peers, holds the rest).
const (
	rssLimitMiB     = 20
	allocsPerRecord = 8
)

var line = regexp.MustCompile(`^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+(.*)$`)

func main() {
	results := parse(os.Stdin)
	if err := print(os.Stdout, results); err != nil {
		fmt.Fprintln(os.Stderr, "table:", err)
		os.Exit(1)
	}
}

// results are metric values by benchmark name and unit, one per run in the
// order of the input.
type results map[string]map[string][]float64

// parse reads benchmark lines; a benchmark seen again (-count, or another
// round) adds a run.
func parse(r io.Reader) results {
	out := results{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		m := line.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		fields := strings.Fields(m[2])
		if out[m[1]] == nil {
			out[m[1]] = map[string][]float64{}
		}
		for i := 0; i+1 < len(fields); i += 2 {
			if v, err := strconv.ParseFloat(fields[i], 64); err == nil {
				out[m[1]][fields[i+1]] = append(out[m[1]][fields[i+1]], v)
			}
		}
	}
	return out
}

// median of v, which is not empty.
func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// spread is " (lowest–highest)" of v scaled by scale, or "" for one run.
func spread(v []float64, scale float64, format string) string {
	if len(v) < 2 {
		return ""
	}
	return fmt.Sprintf(" ("+format+"–"+format+")", slices.Min(v)/scale, slices.Max(v)/scale)
}

func print(w io.Writer, res results) error {
	bw := bufio.NewWriter(w)
	if runs := len(res["BenchmarkLogs/sclogs"]["cpu-ns/record"]); runs > 1 {
		fmt.Fprintf(bw, "Medians of %d runs; in brackets the lowest and highest.\n\n", runs)
	}
	fmt.Fprintln(bw, "| measure | sclogs | baseline | ratio | goal | met |")
	fmt.Fprintln(bw, "|---|---:|---:|---:|---:|---|")
	for _, c := range comparisons {
		a, b := res[c.a][c.metric], res[c.b][c.metric]
		var ratios []float64
		if c.b == "" {
			ratios, b = a, []float64{1}
		}
		for k := range min(len(a), len(b)) {
			if c.b != "" && b[k] != 0 {
				ratios = append(ratios, a[k]/b[k])
			}
		}
		if len(ratios) == 0 {
			fmt.Fprintf(bw, "| %s | not measured | | | | |\n", c.what)
			continue
		}
		ratio := median(ratios)
		goal, met := "—", "—"
		switch {
		case c.goal > 0:
			goal = fmt.Sprintf("≤ %.2f×", c.goal)
			met = yes(ratio <= c.goal)
		case c.metric == "allocs/record":
			goal = fmt.Sprintf("≤ %d", allocsPerRecord)
			met = yes(median(a) <= allocsPerRecord)
		}
		fmt.Fprintf(bw, "| %s | %s%s | %s | %.2f×%s | %s | %s |\n",
			c.what, c.show(median(a)), spread(a, c.scale, "%.3g"), c.show(median(b)),
			ratio, spread(ratios, 1, "%.2f"), goal, met)
	}
	printRedaction(bw, res)
	for _, l := range rssLimits {
		if rss, ok := res[l.bench]["peak-KiB"]; ok {
			mib := median(rss) / 1024
			fmt.Fprintf(bw, "| %s | %.1f MiB%s | | | ≤ %d MiB | %s |\n",
				l.what, mib, spread(rss, 1024, "%.1f"), rssLimitMiB, yes(mib <= rssLimitMiB))
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
func printRedaction(w io.Writer, res results) {
	if m, ok := res["BenchmarkRedact"]; ok {
		// CPU time when measured: wall time on a busy machine waits for a core.
		us, mb := m["µs/record"], m["MB/s"]
		if cpu, ok := m["cpu-µs/record"]; ok {
			us, mb = cpu, m["cpu-MB/s"]
		}
		if len(us) > 0 && len(mb) > 0 {
			fmt.Fprintf(w, "| redaction: realistic records (the fake's data, every shop system), CPU | %.3g µs/record%s, %.3g MB/s | | | ≤ %g µs | %s |\n",
				median(us), spread(us, 1, "%.3g"), median(mb), redactGoalMicros, yes(median(us) <= redactGoalMicros))
		}
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
		if len(mb) == 0 {
			continue
		}
		fmt.Fprintf(w, "| redaction: adversarial %s | %.3g MB/s%s | | | ≥ %g MB/s | %s |\n",
			strings.TrimPrefix(name, "BenchmarkRedactAdversarial/"), median(mb), spread(mb, 1, "%.3g"), adversarialMinMB, yes(median(mb) >= adversarialMinMB))
	}
}

func yes(ok bool) string {
	if ok {
		return "yes"
	}
	return "NO"
}
