package cli

import (
	"testing"
	"time"
)

func TestParseID(t *testing.T) {
	for _, s := range []string{"1", "42", "007", "2147483647"} {
		if _, err := parseID(s); err != nil {
			t.Errorf("parseID(%q): %v", s, err)
		}
	}
	for _, s := range []string{"", "0", "-1", "+5", "abc", "1.5", " 1", "1e3", "99999999999999999999"} {
		_, err := parseID(s)
		if err == nil {
			t.Errorf("parseID(%q) accepted", s)
			continue
		}
		if want := `"` + s + `"`; !contains(err.Error(), want) {
			t.Errorf("parseID(%q) error %q does not name the value", s, err)
		}
	}
}

func TestParseTime(t *testing.T) {
	now := time.Date(2024, 3, 10, 12, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Time{
		"2024-03-01T10:00:00+01:00": time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC),
		"2024-03-01T10:00:00.5Z":    time.Date(2024, 3, 1, 10, 0, 0, 5e8, time.UTC),
		"2024-03-01":                time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC),
		"24h":                       now.Add(-24 * time.Hour),
		"90m":                       now.Add(-90 * time.Minute),
		"7d":                        now.Add(-7 * 24 * time.Hour),
		"1d12h":                     now.Add(-36 * time.Hour),
		"0.5d":                      now.Add(-12 * time.Hour),
		" 7d ":                      now.Add(-7 * 24 * time.Hour),
	} {
		got, err := parseTime("since", in, now)
		if err != nil || !got.Equal(want) {
			t.Errorf("parseTime(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "yesterday", "-24h", "0s", "d", "7dd", "1d-2h", "7w", "2024-13-01", "1e9d", "99999d"} {
		if _, err := parseTime("until", in, now); err == nil || !contains(err.Error(), "--until") {
			t.Errorf("parseTime(%q) err = %v, want a usage error naming --until", in, err)
		}
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
