package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"time"
)

func main() {
	if v := os.Getenv(serveEnv); v != "" {
		pages, err := strconv.Atoi(v)
		if err == nil {
			err = serve(pages)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "peers: replay server:", err)
			os.Exit(1)
		}
		return
	}
	rounds := flag.Int("rounds", 5, "rounds; each runs every client once, in a rotating order")
	pages := flag.Int("pages", 200, "pages of 100 records to replay")
	cpu := flag.Int("cpu", 1, "GOMAXPROCS for the clients")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the first client (sclogs) alone to this file")
	memProfile := flag.String("memprofile", "", "write a profile of every allocation of the first client (sclogs) alone to this file")
	flag.Parse()
	if *rounds < 1 || *pages < 1 || *cpu < 1 {
		fmt.Fprintln(os.Stderr, "peers: -rounds, -pages and -cpu must be at least 1")
		os.Exit(2)
	}
	if *profile != "" && *memProfile != "" {
		fmt.Fprintln(os.Stderr, "peers: -cpuprofile and -memprofile one at a time")
		os.Exit(2)
	}
	if err := run(*rounds, *pages, *cpu, *profile, *memProfile); err != nil {
		fmt.Fprintln(os.Stderr, "peers:", err)
		os.Exit(1)
	}
}

func run(rounds, pages, cpu int, profile, memProfile string) error {
	srv, err := startServer(pages)
	if err != nil {
		return err
	}
	defer srv.Close()
	ps, err := peers(srv.BaseURL)
	if err != nil {
		return err
	}
	runtime.GOMAXPROCS(cpu)
	ctx := context.Background()
	// One warm-up pass each: connections open, code paged in, and the
	// checksums compared before anything is timed.
	var want checksum
	for i, p := range ps {
		n, sum, err := p.run(ctx)
		if err != nil {
			return fmt.Errorf("%s: %w", p.name, err)
		}
		if n != srv.Records {
			return fmt.Errorf("%s saw %d records, the server has %d", p.name, n, srv.Records)
		}
		if i == 0 {
			want = sum
		} else if sum != want {
			return fmt.Errorf("%s saw other records than %s: checksum %016x, want %016x", p.name, ps[0].name, sum, want)
		}
	}
	if profile != "" {
		return profileFirst(ctx, ps[0], rounds, profile)
	}
	if memProfile != "" {
		return memProfileFirst(ctx, ps[0], rounds, memProfile)
	}
	res := make([][]sample, len(ps))
	for r := range rounds {
		for k := range ps {
			i := (k + r) % len(ps)
			s, err := measure(ctx, ps[i], srv.Records, want)
			if err != nil {
				return err
			}
			res[i] = append(res[i], s)
		}
	}
	fmt.Printf("peers: %d records (%d pages of %d), %d rounds, GOMAXPROCS=%d, %s %s/%s, %s, %s\n",
		srv.Records, pages, perPage, rounds, cpu, runtime.Version(), runtime.GOOS, runtime.GOARCH,
		cpuModel(), time.Now().UTC().Format("2006-01-02"))
	fmt.Printf("checksum %016x: every client saw the same %d records\n\n", uint64(want), srv.Records)
	printTable(os.Stdout, ps, res)
	return nil
}

// profileFirst profiles rounds runs of p, for finding where its time goes.
func profileFirst(ctx context.Context, p peer, rounds int, file string) error {
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := pprof.StartCPUProfile(f); err != nil {
		return err
	}
	defer pprof.StopCPUProfile()
	for range rounds {
		if _, _, err := p.run(ctx); err != nil {
			return err
		}
	}
	return nil
}

// memProfileFirst records every allocation of rounds runs of p, for finding
// where its bytes go (go tool pprof -sample_index=alloc_space).
func memProfileFirst(ctx context.Context, p peer, rounds int, file string) error {
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	defer f.Close()
	// Every allocation from here on; the profile is scaled by the rate in
	// force when it is written, so the rate stays.
	runtime.MemProfileRate = 1
	runtime.GC()
	for range rounds {
		if _, _, err := p.run(ctx); err != nil {
			return err
		}
	}
	runtime.GC() // the profile shows allocations as of the last GC
	return pprof.Lookup("allocs").WriteTo(f, 0)
}
