package exporter

import (
	"context"

	"github.com/sclogs/sclogs"
	"github.com/sclogs/sclogs/cmd/sclogs/internal/follow"
)

// newFollower returns list --follow's engine over the account's logs: each
// log once (by id, the last 50,000 remembered), the newest pages read until
// the ones seen before, one poll's memory bounded. The first poll returns
// the newest page as a baseline: logs from before the start set the times
// but are not counted.
func newFollower(c *sclogs.Client, pageSize int) *follow.Follower {
	src := func(ctx context.Context, cursor string) (*sclogs.Page, error) {
		return c.ListAllLogs(ctx, &sclogs.ListOptions{PageSize: pageSize, Cursor: cursor})
	}
	return follow.New(src, follow.Options{Initial: pageSize})
}
