package sclogstest

import (
	"strings"
	"time"
)

// parseDateTime reads an RFC 3339 date-time (§5.6), as the spec's
// `format: date-time` and JSON Schema require, and nothing else: `T` and
// `Z` in either case; a fraction only after a dot (Go's time.Parse also
// takes a comma); a leap second (23:59:60 in UTC) is the next second. Every
// date-time the fake reads (cursors, created_at) goes through it.
func parseDateTime(s string) (time.Time, bool) {
	// date-fullyear "-" date-month "-" date-mday "T" hh ":" mm ":" ss
	const head = len("2006-01-02T15:04:05")
	if len(s) < head+1 || !digitsAt(s, 0, 4) || s[4] != '-' || !digitsAt(s, 5, 2) || s[7] != '-' || !digitsAt(s, 8, 2) ||
		(s[10] != 'T' && s[10] != 't') || !digitsAt(s, 11, 2) || s[13] != ':' || !digitsAt(s, 14, 2) || s[16] != ':' || !digitsAt(s, 17, 2) {
		return time.Time{}, false
	}
	rest := s[head:]
	frac := ""
	if rest[0] == '.' {
		n := 1
		for n < len(rest) && isDigit(rest[n]) {
			n++
		}
		if n == 1 {
			return time.Time{}, false // a dot without digits
		}
		frac, rest = rest[:n], rest[n:]
	}
	switch {
	case rest == "Z" || rest == "z":
		rest = "Z"
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && digitsAt(rest, 1, 2) && rest[3] == ':' && digitsAt(rest, 4, 2):
		if rest[1:3] > "23" || rest[4:6] > "59" {
			return time.Time{}, false
		}
	default:
		return time.Time{}, false
	}
	leap := s[17:19] == "60"
	sec := s[17:19]
	if leap {
		sec = "59"
	}
	if len(frac) > 10 { // time.Parse takes at most 9 fraction digits: more add nothing
		frac = frac[:10]
	}
	t, err := time.Parse(time.RFC3339Nano, strings.ToUpper(s[:17])+sec+frac+rest)
	if err != nil {
		return time.Time{}, false
	}
	if leap {
		u := t.UTC()
		if u.Hour() != 23 || u.Minute() != 59 {
			return time.Time{}, false // a leap second only ends a UTC day
		}
		t = t.Add(time.Second).Truncate(time.Second)
	}
	return t, true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// digitsAt reports whether s[i:i+n] is n ASCII digits.
func digitsAt(s string, i, n int) bool {
	if i+n > len(s) {
		return false
	}
	for _, c := range []byte(s[i : i+n]) {
		if !isDigit(c) {
			return false
		}
	}
	return true
}
