// Package sparkline counts events over time in a fixed amount of memory and
// draws the counts as a one-line sparkline (▁▂▃▄▅▆▇█) or as numbers for an
// SVG chart.
package sparkline

import (
	"math"
	"time"
)

// buckets is how many time buckets a Hist keeps: its memory is fixed,
// however many events and however long the span.
const buckets = 128

// baseUnit is the narrowest bucket, in seconds.
const baseUnit = 60

// Hist counts events in a fixed number (buckets) of equal-width buckets on a grid aligned to
// the Unix epoch. When an event falls outside the buckets' span, the span
// slides if the events so far and the new one fit, else the bucket width
// doubles (merging neighbours) until they do. The zero value is empty and
// ready.
type Hist struct {
	unit   int64 // bucket width in seconds: baseUnit × a power of two
	start  int64 // grid index (time / unit) of counts[0]
	lo, hi int64 // grid indexes of the oldest and newest events
	n      int
	counts [buckets]uint32 // 512 bytes: a doctor report holds one per cause
}

// floorDiv divides rounding towards minus infinity (times before 1970).
func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// Add counts one event at t.
func (h *Hist) Add(t time.Time) { h.AddN(t, 1) }

// Merge adds o's events to h, each at the start of its bucket in o: the
// timeline of several causes folded into one.
func (h *Hist) Merge(o *Hist) {
	if o == nil {
		return
	}
	for i, v := range o.counts {
		if v != 0 {
			h.AddN(time.Unix((o.start+int64(i))*o.unit, 0), int(v))
		}
	}
}

// AddN counts n events at t.
func (h *Hist) AddN(t time.Time, n int) {
	if n <= 0 {
		return
	}
	sec := t.Unix()
	if h.n == 0 {
		h.unit = baseUnit
		g := floorDiv(sec, h.unit)
		h.start, h.lo, h.hi = g-buckets/2, g, g
	}
	g := floorDiv(sec, h.unit)
	for min(h.lo, g) <= max(h.hi, g)-buckets {
		h.double()
		g = floorDiv(sec, h.unit)
	}
	h.lo, h.hi = min(h.lo, g), max(h.hi, g)
	switch {
	case g < h.start:
		h.slide(h.hi - buckets + 1) // going back in time: leave room below
	case g >= h.start+buckets:
		h.slide(h.lo)
	}
	h.counts[g-h.start] = uint32(min(uint64(h.counts[g-h.start])+uint64(n), math.MaxUint32))
	h.n += n
}

// double merges neighbouring buckets: the width doubles, the grid stays
// aligned to the epoch.
func (h *Hist) double() {
	var c [buckets]uint32
	ns := floorDiv(h.start, 2)
	for i, v := range h.counts {
		if v != 0 {
			j := floorDiv(h.start+int64(i), 2) - ns
			c[j] = uint32(min(uint64(c[j])+uint64(v), math.MaxUint32))
		}
	}
	h.counts, h.start, h.unit = c, ns, h.unit*2
	h.lo, h.hi = floorDiv(h.lo, 2), floorDiv(h.hi, 2)
}

// slide moves the first bucket to grid index start, keeping the counts.
func (h *Hist) slide(start int64) {
	var c [buckets]uint32
	for i, v := range h.counts {
		if v != 0 {
			c[h.start+int64(i)-start] = v // one bucket each: a slide never merges
		}
	}
	h.counts, h.start = c, start
}

// Total is the number of events counted.
func (h *Hist) Total() int { return h.n }

// Rebin spreads the counts over cols equal columns from from to to: each
// bucket goes to the column holding its middle (clamped to the first or
// last column). The result's sum is Total (unless a bucket passed 2^32-1
// events, where it saturates).
func (h *Hist) Rebin(from, to time.Time, cols int) []int {
	out := make([]int, max(cols, 0))
	if cols < 1 || h.n == 0 {
		return out
	}
	f, span := float64(from.Unix()), float64(to.Unix()-from.Unix())
	for i, v := range h.counts {
		if v == 0 {
			continue
		}
		mid := float64((h.start+int64(i))*h.unit) + float64(h.unit)/2
		col := 0
		if span > 0 {
			col = int((mid - f) / span * float64(cols))
		}
		out[min(max(col, 0), cols-1)] += int(v)
	}
	return out
}
