package cli

import (
	"strconv"
	"strings"
	"time"

	"github.com/sclogs/sclogs"
)

// defaultRate is the --rate default: Sendcloud's limit of GET requests.
var defaultRate = strconv.Itoa(sclogs.DefaultRateLimit) + "/min"

// rateUnits are the periods --rate and --rate-limit take after the slash.
var rateUnits = map[string]time.Duration{
	"s": time.Second, "sec": time.Second, "second": time.Second,
	"m": time.Minute, "min": time.Minute, "minute": time.Minute,
	"h": time.Hour, "hour": time.Hour,
}

// parseRate reads a rate such as 1000/min, 20/s or 500/30s (N requests per
// period: a unit or a duration); 0 or off means none (0, 0).
func parseRate(flag, s string) (int, time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "0" || strings.EqualFold(s, "off") {
		return 0, 0, nil
	}
	bad := usagef("invalid --%s %q: want requests per period, such as 1000/min, 20/s or 500/30s (0 or off: no limit)", flag, s)
	num, unit, ok := strings.Cut(s, "/")
	if !ok {
		return 0, 0, bad
	}
	n, err := strconv.Atoi(strings.TrimSpace(num))
	if err != nil || n < 1 {
		return 0, 0, bad
	}
	unit = strings.ToLower(strings.TrimSpace(unit))
	per, ok := rateUnits[unit]
	if !ok {
		if per, err = time.ParseDuration(unit); err != nil || per <= 0 {
			return 0, 0, bad
		}
	}
	return n, per, nil
}
