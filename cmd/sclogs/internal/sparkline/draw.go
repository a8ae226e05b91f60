package sparkline

import "strings"

// ticks are the sparkline's levels, lowest first.
var ticks = []rune("▁▂▃▄▅▆▇█")

// empty marks a column without events, so the span of the period shows.
const empty = '·'

// Draw draws counts as a sparkline: a column without events as a dot (empty), the others
// from ▁ (one event) to █ (the largest count), on a square-root scale so
// that a few events next to many still show.
func Draw(counts []int) string {
	peak := 0
	for _, c := range counts {
		peak = max(peak, c)
	}
	var b strings.Builder
	for _, c := range counts {
		b.WriteRune(level(c, peak))
	}
	return b.String()
}

func level(c, peak int) rune {
	if c <= 0 {
		return empty
	}
	if peak <= 1 {
		return ticks[len(ticks)-1]
	}
	// sqrt scale: isqrt avoids floating point for stable output.
	i := isqrt(c*1_000_000/peak) * (len(ticks) - 1) / 1000
	return ticks[min(max(i, 0), len(ticks)-1)]
}

func isqrt(n int) int {
	if n <= 0 {
		return 0
	}
	x := n
	y := (x + 1) / 2
	for y < x {
		x = y
		y = (x + n/x) / 2
	}
	return x
}
