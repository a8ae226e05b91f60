package retry

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"
)

func TestSleepCtx(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := sleepCtx(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("sleepCtx = %v", err)
	}
	if err := sleepCtx(t.Context(), 0); err != nil {
		t.Errorf("sleepCtx(0) = %v", err)
	}
}

func TestBackoff(t *testing.T) {
	t.Parallel()
	d := &Doer{BaseDelay: 250 * time.Millisecond, MaxDelay: 8 * time.Second, Clock: &Clock{RandN: func(n int64) int64 { return n - 1 }}}
	var got []time.Duration
	for attempt := 1; attempt <= 8; attempt++ {
		got = append(got, d.Backoff(attempt)+1)
	}
	want := []time.Duration{250 * time.Millisecond, 500 * time.Millisecond, time.Second, 2 * time.Second,
		4 * time.Second, 8 * time.Second, 8 * time.Second, 8 * time.Second}
	if !slices.Equal(got, want) {
		t.Errorf("backoff ceilings = %v, want %v", got, want)
	}
	d.RandN = func(int64) int64 { return 0 }
	if b := d.Backoff(3); b != 0 {
		t.Errorf("full jitter can wait 0, got %v", b)
	}
}
