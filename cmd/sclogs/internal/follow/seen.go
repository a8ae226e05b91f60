package follow

import "hash/maphash"

// seenSet remembers the last n keys added, in fixed memory: the oldest is
// forgotten when a new one comes. It is an open-addressing table of at
// least 2n slots (linear probing; a removal shifts the following entries
// back, leaving no tombstones), allocated once: a Go map here grew by 60%
// once it began to forget (its tombstones make it grow), so memory was not
// flat over a long run (measured with `sclogs exporter`, see the README).
type seenSet struct {
	slots []slot // len is a power of two, at least 2·len(ring)
	mask  uint64
	ring  []key // the keys in the order added, to forget the oldest
	next  int
	full  bool
	n     int // keys held
}

// slot is one entry of the table.
type slot struct {
	k    key
	used bool
}

// seenSeed is fixed for the process and unknown outside it: ids chosen to
// collide in the table cannot be sent on purpose.
var seenSeed = maphash.Comparable(maphash.MakeSeed(), uint64(0))

func newSeenSet(n int) *seenSet {
	size := 2
	for size < 2*n {
		size *= 2
	}
	return &seenSet{slots: make([]slot, size), mask: uint64(size - 1), ring: make([]key, n)}
}

// home is k's first slot: a 64-bit mix (splitmix64's finaliser) of the key
// and the process's seed.
func (s *seenSet) home(k key) uint64 {
	x := k.v ^ seenSeed
	if k.hashed {
		x ^= 0x9e3779b97f4a7c15
	}
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x & s.mask
}

// find returns k's slot, or the empty slot where it would go and false.
// The table is never more than half full, so the walk ends.
func (s *seenSet) find(k key) (uint64, bool) {
	for i := s.home(k); ; i = (i + 1) & s.mask {
		switch {
		case !s.slots[i].used:
			return i, false
		case s.slots[i].k == k:
			return i, true
		}
	}
}

func (s *seenSet) has(k key) bool {
	_, ok := s.find(k)
	return ok
}

func (s *seenSet) add(k key) {
	i, ok := s.find(k)
	if ok {
		return
	}
	if s.full {
		s.remove(s.ring[s.next])
		i, _ = s.find(k) // the removal may have moved the empty slot
	}
	s.slots[i] = slot{k: k, used: true}
	s.n++
	s.ring[s.next] = k
	s.next++
	if s.next == len(s.ring) {
		s.next, s.full = 0, true
	}
}

// remove takes k out, moving back the entries after it that would no longer
// be found past the gap.
func (s *seenSet) remove(k key) {
	i, ok := s.find(k)
	if !ok {
		return
	}
	for j := (i + 1) & s.mask; s.slots[j].used; j = (j + 1) & s.mask {
		h := s.home(s.slots[j].k)
		// The entry at j may move to the gap at i unless its home lies
		// cyclically in (i, j].
		if (j > i && (h <= i || h > j)) || (j < i && h <= i && h > j) {
			s.slots[i] = s.slots[j]
			i = j
		}
	}
	s.slots[i] = slot{}
	s.n--
}

// len is how many keys are remembered.
func (s *seenSet) len() int { return s.n }
