package cli

import (
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// integrationArg checks that exactly one argument, the integration id, was
// given.
func integrationArg(_ *cobra.Command, args []string) error {
	switch len(args) {
	case 0:
		return usagef("missing INTEGRATION_ID")
	case 1:
		_, err := parseID(args[0])
		return err
	}
	return usagef("too many arguments: want only INTEGRATION_ID, got %d arguments", len(args))
}

// optionalIntegrationArg checks that at most one argument, the integration
// id, was given: without one the command covers the whole account.
func optionalIntegrationArg(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	return integrationArg(cmd, args)
}

// idArg is the integration id given, or accountWide when none was.
func idArg(args []string) (int, error) {
	if len(args) == 0 {
		return accountWide, nil
	}
	return parseID(args[0])
}

// parseID parses an integration id: a positive whole number, digits only.
func parseID(s string) (int, error) {
	bad := usagef("invalid INTEGRATION_ID %q: must be a positive whole number", s)
	if s == "" || strings.TrimLeft(s, "0123456789") != "" {
		return 0, bad
	}
	id, err := strconv.Atoi(s)
	if err != nil || id < 1 {
		return 0, bad
	}
	return id, nil
}

// parseTime reads a --since or --until value: an RFC 3339 time
// ("2024-03-01T10:00:00+01:00"), a date ("2024-03-01", midnight UTC), or a
// duration back from now ("90m", "24h", "7d", "1d12h").
func parseTime(flag, s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	d, err := parseDuration(s)
	if err != nil || d <= 0 {
		return time.Time{}, usagef("invalid --%s %q: use an RFC 3339 time (2024-03-01T10:00:00Z), a date (2024-03-01) or a duration such as 24h or 7d", flag, s)
	}
	return now.Add(-d), nil
}

// parseDuration is time.ParseDuration with days: a leading "<n>d" (n may
// have a fraction) followed by anything time.ParseDuration accepts.
func parseDuration(s string) (time.Duration, error) {
	days, rest, found := strings.Cut(s, "d")
	if !found {
		return time.ParseDuration(s)
	}
	if days == "" || strings.TrimLeft(days, "0123456789.") != "" {
		return 0, strconv.ErrSyntax
	}
	n, err := strconv.ParseFloat(days, 64)
	if err != nil || n > 10000 {
		return 0, strconv.ErrSyntax
	}
	d := time.Duration(n * 24 * float64(time.Hour))
	if rest != "" {
		r, err := time.ParseDuration(rest)
		if err != nil || r < 0 {
			return 0, strconv.ErrSyntax
		}
		d += r
	}
	return d, nil
}
