package exporter

// idSet (the same as list --follow's, until the follow engine is shared)
// remembers the last n ids added, in fixed memory: the oldest is
// forgotten when a new one comes.
type idSet struct {
	ids  map[int]struct{}
	ring []int
	next int
	full bool
}

func newIDSet(n int) *idSet {
	return &idSet{ids: make(map[int]struct{}, n), ring: make([]int, n)}
}

func (s *idSet) has(id int) bool {
	_, ok := s.ids[id]
	return ok
}

func (s *idSet) add(id int) {
	if s.has(id) {
		return
	}
	if s.full {
		delete(s.ids, s.ring[s.next])
	}
	s.ring[s.next] = id
	s.ids[id] = struct{}{}
	s.next++
	if s.next == len(s.ring) {
		s.next, s.full = 0, true
	}
}

// len is how many ids are remembered.
func (s *idSet) len() int { return len(s.ids) }
