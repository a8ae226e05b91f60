package follow

import (
	"math/rand/v2"
	"runtime"
	"testing"
)

// The set agrees with a plain model (the last n keys added) through long
// churn, whatever the keys: sequential ids, random ones, hashed ones.
func TestSeenSetMatchesModel(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1, 2, 3, 7, 64, 1000} {
		s := newSeenSet(n)
		var model []key // the last n distinct keys added, oldest first
		in := func(k key) bool {
			for _, m := range model {
				if m == k {
					return true
				}
			}
			return false
		}
		for i := range 20 * n {
			var k key
			switch i % 3 {
			case 0:
				k = key{v: uint64(i)}
			case 1:
				k = key{v: r.Uint64N(uint64(3 * n))}
			default:
				k = key{hashed: true, v: r.Uint64N(uint64(3 * n))}
			}
			s.add(k)
			if !in(k) {
				model = append(model, k)
				if len(model) > n {
					model = model[1:]
				}
			}
			if s.len() != len(model) {
				t.Fatalf("n=%d step %d: len %d, model %d", n, i, s.len(), len(model))
			}
			probe := key{hashed: r.IntN(2) == 0, v: r.Uint64N(uint64(3*n) + 1)}
			if s.has(probe) != in(probe) {
				t.Fatalf("n=%d step %d: has(%v) = %v, model says %v", n, i, probe, s.has(probe), in(probe))
			}
		}
		for _, m := range model {
			if !s.has(m) {
				t.Fatalf("n=%d: lost %v", n, m)
			}
		}
	}
}

// Memory is fixed: forgetting keys never grows the set.
func TestSeenSetFixedMemory(t *testing.T) {
	s := newSeenSet(50_000)
	var before, after runtime.MemStats
	for i := range 50_000 {
		s.add(key{v: uint64(i)})
	}
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := 50_000; i < 300_000; i++ {
		s.add(key{v: uint64(i)})
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	if grew := int64(after.HeapAlloc) - int64(before.HeapAlloc); grew > 64<<10 {
		t.Errorf("the set grew by %d bytes while forgetting 250,000 keys", grew)
	}
	runtime.KeepAlive(s)
}
