package cli

import (
	"strings"
	"time"

	"github.com/sclogs/sclogs"
)

// filter selects records on the client side: the API itself has no filters.
type filter struct {
	since, until  time.Time // zero: no bound
	exceptionType string    // "" : any
	status        int       // 0: any
	desc          string    // the filter flags as given, e.g. "--since 7d"
}

func (f filter) active() bool {
	return !f.since.IsZero() || !f.until.IsZero() || f.exceptionType != "" || f.status != 0
}

// match reports whether l passes. since is inclusive, until exclusive, so
// consecutive windows never count a record twice. A record without
// created_at never passes a time bound.
func (f filter) match(l *sclogs.Log) bool {
	if !f.since.IsZero() || !f.until.IsZero() {
		if l.CreatedAt == nil {
			return false
		}
		if !f.since.IsZero() && l.CreatedAt.Before(f.since) {
			return false
		}
		if !f.until.IsZero() && !l.CreatedAt.Before(f.until) {
			return false
		}
	}
	if f.status != 0 && (l.ResponseCode == nil || *l.ResponseCode != f.status) {
		return false
	}
	if f.exceptionType != "" {
		if l.ExceptionType == nil || !sameType(*l.ExceptionType, f.exceptionType) {
			return false
		}
	}
	return true
}

// done reports whether no later record can pass: the API lists newest
// first, so once a record is older than --since every following one is too.
func (f filter) done(l *sclogs.Log) bool {
	return !f.since.IsZero() && l.CreatedAt != nil && l.CreatedAt.Before(f.since)
}

// sameType compares exception types without case, and lets a short name
// match the full one: "SSLError" matches "requests.exceptions.SSLError".
func sameType(full, want string) bool {
	if strings.EqualFold(full, want) {
		return true
	}
	if i := strings.LastIndexByte(full, '.'); i >= 0 && !strings.Contains(want, ".") {
		return strings.EqualFold(full[i+1:], want)
	}
	return false
}
