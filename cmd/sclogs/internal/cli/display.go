package cli

import (
	"strings"
	"time"

	"github.com/sclogs/sclogs/cmd/sclogs/internal/termwidth"
	"github.com/spf13/cobra"
)

// displayFlags choose how tables look: fitted to the terminal or full
// width, and the zone of the times shown.
type displayFlags struct {
	wide bool
	utc  bool
}

func (d *displayFlags) register(cmd *cobra.Command) {
	fs := cmd.Flags()
	fs.BoolVar(&d.wide, "wide", false, "do not shorten table cells to the terminal's width (same as -o wide)")
	fs.BoolVar(&d.utc, "utc", false, "show times in UTC (default: local time, with its offset)")
}

// wideFormat reads "-o wide": the table format at full width.
func (d *displayFlags) wideFormat(format string) string {
	if strings.EqualFold(strings.TrimSpace(format), "wide") {
		d.wide = true
		return "table"
	}
	return format
}

// width is the width tables must fit: the terminal's, or 0 (no limit) with
// --wide or when stdout is not a terminal (pipes keep full rows).
func (a *app) width(d displayFlags) int {
	if d.wide {
		return 0
	}
	if a.termWidth != nil {
		return a.termWidth()
	}
	return termwidth.Of(a.stdout)
}

// zone is where times are shown: one zone for every row, so that rows
// sorted by time look sorted whatever offset each record was written with.
func zoneOf(d displayFlags) *time.Location {
	if d.utc {
		return time.UTC
	}
	return time.Local
}
