package sclogstest

import (
	"math/rand/v2"
	"sort"
	"sync"
	"time"
)

// Generated records are step apart, less a jitter below step, so created_at
// strictly decreases with the index whatever the jitter: t(i)-t(i+1) > 0.
const step = 10 * time.Minute

var (
	zoneCET  = time.FixedZone("CET", 3600)
	zoneCEST = time.FixedZone("CEST", 7200)
	// newestBase anchors the generated time lines; each integration and seed
	// starts a little earlier (newSeeded).
	newestBase = time.Date(2025, 11, 24, 15, 0, 0, 0, time.UTC)
)

const (
	layoutWhole = "2006-01-02T15:04:05-07:00"
	layoutMicro = "2006-01-02T15:04:05.000000-07:00" // Python's isoformat
)

// seeded is the generated part of one integration: n records, made on
// demand from (seed, integration, index). Up to maxCached records per
// integration are kept once made, so a benchmark that lists the same logs
// again measures its client, not the generator.
type seeded struct {
	seed   uint64
	integ  int
	n      int
	count  int // seeded integrations: ids interleave across them
	newest time.Time
	shop   *shop // the one shop every record is about; read-only

	mu    sync.Mutex
	cache [][]byte // record JSON by index; nil when n > maxCached
}

// maxCached bounds the cache at some 25 MB per integration.
const maxCached = 25000

func newSeeded(seed int64, integ, n, count int) *seeded {
	s := &seeded{seed: uint64(seed), integ: integ, n: n, count: max(count, integ), shop: shopOf(seed, integ)}
	if n <= maxCached {
		s.cache = make([][]byte, n)
	}
	shift := time.Duration(mix(s.seed, uint64(integ), 0, 0)%86400) * time.Second
	s.newest = newestBase.Add(-shift - time.Duration(integ)*37*time.Minute)
	return s
}

// at returns the created_at of record i and how it is written.
func (s *seeded) at(i int) (time.Time, string) {
	h := mix(s.seed, uint64(s.integ), uint64(i), 1)
	jitter := time.Duration(h>>8%uint64(step/time.Microsecond)) * time.Microsecond
	layout := layoutMicro
	if h&3 != 0 { // three in four are whole seconds
		jitter, layout = jitter.Truncate(time.Second), layoutWhole
	}
	zone := zoneCET
	if h&4 != 0 {
		zone = zoneCEST
	}
	t := s.newest.Add(-time.Duration(i)*step - jitter).In(zone)
	return t, t.Format(layout)
}

// first returns the index of the newest record older than c.
func (s *seeded) first(c time.Time) int {
	return sort.Search(s.n, func(i int) bool { t, _ := s.at(i); return t.Before(c) })
}

// firstNotAfter returns the index of the newest record not newer than c.
func (s *seeded) firstNotAfter(c time.Time) int {
	return sort.Search(s.n, func(i int) bool { t, _ := s.at(i); return !t.After(c) })
}

// entry returns record i, from the cache or made now.
func (s *seeded) entry(i int) entry {
	at, created := s.at(i)
	id := (s.n-1-i)*s.count + s.integ
	e := entry{at: at, cursor: created, id: id}
	if s.cache != nil {
		s.mu.Lock()
		e.raw = s.cache[i]
		s.mu.Unlock()
		if e.raw != nil {
			return e
		}
	}
	e.raw = s.make(i, at, created, id)
	if s.cache != nil {
		s.mu.Lock()
		s.cache[i] = e.raw
		s.mu.Unlock()
	}
	return e
}

// make builds record i.
func (s *seeded) make(i int, at time.Time, created string, id int) []byte {
	r := rand.New(rand.NewPCG(mix(s.seed, uint64(s.integ), uint64(i), 2), mix(s.seed, uint64(s.integ), uint64(i), 3)))
	rec := build(r, s.shop, s.scenario(i), at)
	rec.ID, rec.CreatedAt = id, created
	if r.IntN(20) != 0 {
		integ := s.integ
		rec.IntegrationID = &integ
	}
	return rec.json()
}

// scenario deals the scenarios out in shuffled blocks, so any run of
// len(scenarios) records holds every exception family, whatever the seed.
func (s *seeded) scenario(i int) scenario {
	block := uint64(i / int(nScenarios))
	r := rand.New(rand.NewPCG(mix(s.seed, uint64(s.integ), block, 4), 0))
	return scenario(r.Perm(int(nScenarios))[i%int(nScenarios)])
}

// mix hashes its inputs (splitmix64 steps): cheap, well spread, stable.
func mix(vals ...uint64) uint64 {
	h := uint64(0x9E3779B97F4A7C15)
	for _, v := range vals {
		h ^= v
		h += 0x9E3779B97F4A7C15
		h = (h ^ h>>30) * 0xBF58476D1CE4E5B9
		h = (h ^ h>>27) * 0x94D049BB133111EB
		h ^= h >> 31
	}
	return h
}
