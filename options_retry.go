package sclogs

import (
	"fmt"
	"time"
)

// Backoff defaults, used unless [WithRetryBackoff] says otherwise.
const (
	DefaultRetryBackoffBase = 250 * time.Millisecond
	DefaultRetryBackoffMax  = 8 * time.Second
)

// Limits of the retry loop, used by [NewClient].
const (
	// DefaultMaxWait bounds the time one request spends waiting between its
	// attempts (backoff and Retry-After together): past it the request fails
	// with the last error. Two minutes is two full Retry-After waits of a
	// minute, or every backoff of the default retries many times over.
	DefaultMaxWait = 2 * time.Minute
	// DefaultMaxBody caps a 2xx body held in memory. A page of 100 logs,
	// each with a shop's request and response, is a few MB at most; 16 MiB
	// (160 KiB a record on a full page) is far above a real page and keeps
	// the CLI's peak memory under 100 MiB against a hostile server, with a
	// page fetched ahead (see the README).
	DefaultMaxBody = 16 << 20
)

// maxBackoffCap bounds WithRetryBackoff's max: no wait longer than this is a
// backoff any more, and it keeps the doubling far from overflow.
const maxBackoffCap = time.Hour

// WithRetryBackoff sets the exponential backoff between retries: before
// retry n the client waits a random time below min(max, base·2ⁿ⁻¹), default
// [DefaultRetryBackoffBase] and [DefaultRetryBackoffMax]. A Retry-After
// header from the server still takes precedence. Tests against
// sclogstest that inject failures can pass, say, WithRetryBackoff(time.Millisecond,
// time.Millisecond) so that retries take milliseconds.
func WithRetryBackoff(base, max time.Duration) Option {
	return func(c *config) error {
		switch {
		case base <= 0:
			return fmt.Errorf("WithRetryBackoff: base %s must be positive", base)
		case max < base:
			return fmt.Errorf("WithRetryBackoff: max %s is less than base %s", max, base)
		case max > maxBackoffCap:
			return fmt.Errorf("WithRetryBackoff: max %s is more than %s", max, maxBackoffCap)
		}
		c.backoff = &[2]time.Duration{base, max}
		return nil
	}
}
