package follow

import (
	"context"
	"time"
)

// Sleep waits for d between two polls, or until ctx ends (then its
// error): the wait of every follower (list --follow, the exporter).
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
