package sclogstest

import (
	"cmp"
	"net/http"
	"slices"
	"time"
)

// allLogs answers GET /integrations/logs: the logs of every integration
// merged newest first, paged like one integration's logs (the cursor is the
// created_at of the page's last record).
func (s *Server) allLogs(r *http.Request, _ string) answer {
	size, cursor, bad := pageParams(r)
	if bad != nil {
		return *bad
	}
	s.dataMu.RLock()
	defer s.dataMu.RUnlock()
	ents, more := s.mergedPage(cursor, size)
	return pageAnswer(r, "/integrations/logs", ents, more, size)
}

// mergedPage returns up to size records older than cursor across all
// integrations, newest first (equal created_at: higher id first), and
// whether more follow (see cutPage). Each integration gives at most size+1
// candidates, so a page costs O(integrations × size).
func (s *Server) mergedPage(cursor *time.Time, size int) ([]entry, bool) {
	var all []entry
	for _, in := range s.integr {
		ents, _ := in.page(cursor, size+1)
		all = append(all, ents...)
	}
	slices.SortFunc(all, func(a, b entry) int {
		if c := b.at.Compare(a.at); c != 0 {
			return c
		}
		return cmp.Compare(b.id, a.id)
	})
	return cutPage(all, size, func(t time.Time) bool {
		for _, in := range s.integr {
			if older, _ := in.page(&t, 1); len(older) > 0 {
				return true
			}
		}
		return false
	})
}
