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
