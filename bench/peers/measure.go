package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"
)

// sample is one client's pass over every record.
type sample struct {
	cpu, wall     time.Duration
	allocs, bytes uint64
	records       int
}

// measure runs p once from a clean heap and checks it saw the records.
func measure(ctx context.Context, p peer, records int, want checksum) (sample, error) {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	cpu0, t0 := cpuTime(), time.Now()
	n, sum, err := p.run(ctx)
	wall, cpu := time.Since(t0), cpuTime()-cpu0
	runtime.ReadMemStats(&after)
	switch {
	case err != nil:
		return sample{}, fmt.Errorf("%s: %w", p.name, err)
	case n != records || sum != want:
		return sample{}, fmt.Errorf("%s saw %d records with checksum %016x, want %d with %016x", p.name, n, sum, records, want)
	}
	return sample{cpu: cpu, wall: wall, allocs: after.Mallocs - before.Mallocs,
		bytes: after.TotalAlloc - before.TotalAlloc, records: n}, nil
}

// cpuTime is the CPU time (user + system) this process has used; the replay
// server is another process.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// printTable prints, per client, the medians per record and its CPU relative
// to the first client (sclogs) in the same round: median and range.
func printTable(w io.Writer, ps []peer, res [][]sample) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%-34s\tCPU ns/record\tvs sclogs\t(range)\tallocs/record\tbytes/record\twall ns/record\t\n", "client")
	for i, p := range ps {
		var cpu, ratio, allocs, bytes, wall []float64
		for r, s := range res[i] {
			n := float64(s.records)
			cpu = append(cpu, float64(s.cpu.Nanoseconds())/n)
			ratio = append(ratio, float64(s.cpu)/float64(res[0][r].cpu))
			allocs = append(allocs, float64(s.allocs)/n)
			bytes = append(bytes, float64(s.bytes)/n)
			wall = append(wall, float64(s.wall.Nanoseconds())/n)
		}
		fmt.Fprintf(tw, "%-34s\t%.0f\t%.2f×\t%.2f–%.2f\t%.1f\t%.0f\t%.0f\t\n", p.name, median(cpu), median(ratio),
			slices.Min(ratio), slices.Max(ratio), median(allocs), median(bytes), median(wall))
	}
	_ = tw.Flush()
}

// cpuModel names the processor, for the table's heading.
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return fmt.Sprintf("%d CPUs", runtime.NumCPU())
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return fmt.Sprintf("%s × %d", strings.TrimSpace(v), runtime.NumCPU())
		}
	}
	return fmt.Sprintf("%d CPUs", runtime.NumCPU())
}
