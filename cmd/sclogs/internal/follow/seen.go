package follow

// seenSet remembers the last n keys added, in fixed memory: the oldest is
// forgotten when a new one comes.
type seenSet struct {
	keys map[key]struct{}
	ring []key
	next int
	full bool
}

func newSeenSet(n int) *seenSet {
	return &seenSet{keys: make(map[key]struct{}, n), ring: make([]key, n)}
}

func (s *seenSet) has(k key) bool {
	_, ok := s.keys[k]
	return ok
}

func (s *seenSet) add(k key) {
	if s.has(k) {
		return
	}
	if s.full {
		delete(s.keys, s.ring[s.next])
	}
	s.ring[s.next] = k
	s.keys[k] = struct{}{}
	s.next++
	if s.next == len(s.ring) {
		s.next, s.full = 0, true
	}
}

// len is how many keys are remembered.
func (s *seenSet) len() int { return len(s.keys) }
