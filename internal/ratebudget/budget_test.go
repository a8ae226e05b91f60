package ratebudget

import (
	"math/rand/v2"
	"testing"
	"time"
)

// maxInWindow is the largest number of times in any window [t, t+per).
func maxInWindow(times []time.Time, per time.Duration) int {
	best := 0
	for i, t := range times {
		n := 0
		for _, u := range times[i:] {
			if !u.Before(t) && u.Before(t.Add(per)) {
				n++
			}
		}
		best = max(best, n)
	}
	return best
}

func TestRateBudgetBurstIsTheWholeWindow(t *testing.T) {
	t.Parallel()
	b := New(5, time.Second)
	t0 := time.Unix(1000, 0)
	for i := range 5 {
		if at := b.Reserve(t0).At; !at.Equal(t0) {
			t.Fatalf("booking %d at %s, want at once", i, at.Sub(t0))
		}
	}
	if at := b.Reserve(t0).At; !at.Equal(t0.Add(b.window)) || b.window != 1050*time.Millisecond {
		t.Errorf("6th booking at +%s, want +1.05s (a window and its margin after the first)", at.Sub(t0))
	}
}

// Whatever the arrival pattern, no window holds more than n bookings.
func TestRateBudgetNeverMoreThanNInAWindow(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 20 {
		n := 1 + rng.IntN(10)
		per := time.Duration(1+rng.IntN(1000)) * time.Millisecond
		b := New(n, per)
		now := time.Unix(1000, 0)
		var booked []time.Time
		for range 200 {
			now = now.Add(time.Duration(rng.IntN(int(per) / n * 2)))
			bk := b.Reserve(now)
			at := bk.At
			if at.Before(now) {
				t.Fatalf("booked in the past")
			}
			if rng.IntN(10) == 0 {
				b.Cancel(bk) // given back: not sent
				continue
			}
			booked = append(booked, at)
		}
		if got := maxInWindow(booked, per); got > n {
			t.Errorf("round %d: %d bookings in one window of %s, limit %d", round, got, per, n)
		}
	}
}

func TestRateBudgetCutSpacesAndRecovers(t *testing.T) {
	t.Parallel()
	b := New(100, time.Second)
	t0 := time.Unix(1000, 0)
	var last Booking
	for range 61 { // within one window: the server took 60, under the allowance
		last = b.Reserve(t0)
	}
	b.RateLimited(last, t0, 0, false)
	if r := b.Rate(t0); r != 30 {
		t.Fatalf("rate after a 429 = %v, want 30 (half the 60 the server took)", r)
	}
	// A second 429 to a request sent before the cut is the same signal.
	b.RateLimited(last, t0.Add(time.Millisecond), 0, false)
	if r := b.Rate(t0.Add(time.Millisecond)); r > 31 {
		t.Errorf("rate = %v after a 429 to a request sent before the cut; want one cut", r)
	}
	// 61 are in the window and the allowance is 30: the next request waits
	// until the 30th latest is a window old (the window counts a twentieth
	// longer than per).
	if at := b.Reserve(t0).At; at.Before(t0.Add(b.window)) {
		t.Errorf("booking after the cut at +%s; want a window (%s) after the 30th latest", at.Sub(t0), b.window)
	}
	// Then requests are spaced (no burst): a window after the cut the
	// allowance has grown back to about 56, so about 1/56 s apart.
	a1 := b.Reserve(t0)
	a2 := b.Reserve(t0)
	if gap := a2.At.Sub(a1.At); gap < 15*time.Millisecond {
		t.Errorf("gap after a cut = %s, want about 18ms", gap)
	}
	// Many 429s in a row: each halves the allowance or what the server
	// took, whichever is lower, never to 0.
	now := a2.At
	for range 20 {
		now = now.Add(time.Millisecond)
		bk := b.Reserve(now)
		b.RateLimited(bk, bk.At, 0, false)
		now = bk.At
	}
	low := b.Rate(now)
	if low < 1 || low > 20 {
		t.Errorf("rate after a storm = %v, want between 1 and 20 (under the first cut's 30)", low)
	}
	// It grows back by n/4 per window and is whole again after 4 windows.
	if r := b.Rate(now.Add(time.Second)); r < low+24.9 || r > low+25.1 {
		t.Errorf("rate a window after the storm = %v, want %v", r, low+25)
	}
	if r := b.Rate(now.Add(4 * time.Second)); r != 100 {
		t.Errorf("rate 4 windows after the storm = %v, want 100", r)
	}
}

// A client whose requests the server took before its 429 (the others on
// the key took the rest of the window) is cut to half of what it took, so
// its next request waits for part of its share of the window to pass
// instead of meeting more 429s.
func TestRateBudgetCutsWhatTheServerTook(t *testing.T) {
	t.Parallel()
	for _, took := range []int{1, 2, 10, 99} {
		b := New(100, time.Minute)
		t0 := time.Unix(1000, 0)
		var last Booking
		for range took + 1 {
			last = b.Reserve(t0)
		}
		b.RateLimited(last, t0.Add(time.Second), 0, false)
		want := max(float64(took)/2, 1)
		if r := b.Rate(t0.Add(time.Second)); r < want || r > want+0.5 {
			t.Errorf("%d taken, then a 429: rate %v, want %v", took, r, want)
		}
		if at := b.Reserve(t0.Add(time.Second)).At; at.Before(t0.Add(b.window)) {
			t.Errorf("%d taken, then a 429: next at +%s, want after the window (%s)", took, at.Sub(t0), b.window)
		}
	}
	// Bookings older than the window, and refused ones, are not counted.
	b := New(100, time.Minute)
	t0 := time.Unix(1000, 0)
	for range 80 {
		b.Reserve(t0)
	}
	later := t0.Add(2 * b.window)
	for range 10 {
		b.Reserve(later)
	}
	b.RateLimited(b.Reserve(later), later, 3*time.Second, true) // refused, with Retry-After: no cut
	last := b.Reserve(later.Add(3 * time.Second))
	b.RateLimited(last, last.At, 0, false)
	if r := b.Rate(last.At); r != 5 {
		t.Errorf("rate = %v after a 429 with 10 requests taken in the window (80 older, 2 refused), want 5", r)
	}
}

// When the server took none of the window's requests, a first 429 halves
// the allowance and the retry loop's backoff paces the retry (a passing 429
// costs a moment); a second one means the window is full with none of it
// ours: the next request waits for the window to pass.
func TestRateBudgetCutWithNothingTaken(t *testing.T) {
	t.Parallel()
	b := New(1000, time.Minute)
	t0 := time.Unix(1000, 0)
	first := b.Reserve(t0)
	b.RateLimited(first, t0, 0, false)
	if r := b.Rate(t0); r != 500 {
		t.Errorf("rate after a first 429 = %v, want 500", r)
	}
	retry := b.Reserve(t0.Add(250 * time.Millisecond)) // after the backoff
	if wait := retry.At.Sub(t0); wait > time.Second {
		t.Fatalf("retry after a first 429 waits %s for the budget; want the backoff to pace it", wait)
	}
	b.RateLimited(retry, retry.At, 0, false)
	if r := b.Rate(retry.At); r != 1 {
		t.Errorf("rate after a second 429 with nothing taken = %v, want 1 (half the 2 sent)", r)
	}
	if next := b.Reserve(retry.At).At; next.Before(t0.Add(b.window)) {
		t.Errorf("next request at +%s after two 429s; want after the window (%s)", next.Sub(t0), b.window)
	}
}
