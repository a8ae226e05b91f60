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
	sent := b.Reserve(t0).At
	b.RateLimited(sent, t0, 0, false)
	if r := b.Rate(t0); r != 50 {
		t.Fatalf("rate after a 429 = %v, want 50", r)
	}
	// A second 429 to a request sent before the cut is the same signal.
	b.RateLimited(sent, t0.Add(time.Millisecond), 0, false)
	if r := b.Rate(t0.Add(time.Millisecond)); r > 51 {
		t.Errorf("rate = %v after a 429 to a request sent before the cut; want one cut", r)
	}
	// Requests are now spaced (no burst) at about 1/50 s.
	a1 := b.Reserve(t0).At
	a2 := b.Reserve(t0).At
	if gap := a2.Sub(a1); gap < 15*time.Millisecond {
		t.Errorf("gap after a cut = %s, want about 20ms", gap)
	}
	// Many 429s in a row: the rate never falls below n/16.
	now := t0
	for range 20 {
		now = now.Add(time.Millisecond)
		s := b.Reserve(now).At
		b.RateLimited(s, s, 0, false)
		now = s
	}
	if r := b.Rate(now); r < 100.0/minAllowanceDiv || r > 100.0/minAllowanceDiv+1 {
		t.Errorf("rate after a storm = %v, want about %v", r, 100.0/minAllowanceDiv)
	}
	// It grows back by n/4 per window and is whole again after 4 windows.
	if r := b.Rate(now.Add(time.Second)); r < 30 || r > 32 {
		t.Errorf("rate a window after the storm = %v, want about 31", r)
	}
	if r := b.Rate(now.Add(4 * time.Second)); r != 100 {
		t.Errorf("rate 4 windows after the storm = %v, want 100", r)
	}
}

func TestRateBudgetRetryAfterPauses(t *testing.T) {
	t.Parallel()
	b := New(100, time.Second)
	t0 := time.Unix(1000, 0)
	s := b.Reserve(t0).At
	b.RateLimited(s, t0, 3*time.Second, true)
	if at := b.Reserve(t0).At; at.Sub(t0) != 3*time.Second {
		t.Errorf("booking during a pause at +%s, want +3s", at.Sub(t0))
	}
	if r := b.Rate(t0); r != 100 {
		t.Errorf("rate after a 429 with Retry-After = %v; the pause alone should slow it", r)
	}
}

// A request whose answer came late counts from its answer: the booking a
// window after it waits for that too, since the server may have counted
// the late one late.
func TestRateBudgetSettledAnswersCount(t *testing.T) {
	t.Parallel()
	b := New(2, time.Second)
	t0 := time.Unix(1000, 0)
	first := b.Reserve(t0)
	b.Reserve(t0)
	b.Settle(first, t0.Add(300*time.Millisecond))
	third := b.Reserve(t0)
	if !third.At.Equal(t0.Add(b.window + 300*time.Millisecond)) {
		t.Errorf("third booked at +%s, want a window after the first's answer", third.At.Sub(t0))
	}
	// An answer that arrives after a later booking was made delays it.
	second := Booking{seq: 1}
	fourth := b.Reserve(t0)
	b.Settle(second, t0.Add(500*time.Millisecond))
	if got := b.Ready(fourth, fourth.At); got != 200*time.Millisecond {
		t.Errorf("fourth must wait %s more at its booking, want 200ms (a window after the second's late answer)", got)
	}
}
