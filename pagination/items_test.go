package pagination

import (
	"context"
	"errors"
	"iter"
	"reflect"
	"testing"
)

// pagesOf is a Pages-like iterator over fixed pages, ending with err if set.
func pagesOf(err error, pages ...[]int) iter.Seq2[*Page[int], error] {
	return func(yield func(*Page[int], error) bool) {
		for _, items := range pages {
			if !yield(&Page[int]{Items: items}, nil) {
				return
			}
		}
		if err != nil {
			yield(nil, err)
		}
	}
}

func TestItems(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	var got []int
	var errs []error
	for item, err := range Items(pagesOf(boom, []int{1, 2}, nil, []int{3})) {
		if err != nil {
			if item != 0 {
				t.Errorf("item with the error = %d, want the zero value", item)
			}
			errs = append(errs, err)
			continue
		}
		got = append(got, item)
	}
	if !reflect.DeepEqual(got, []int{1, 2, 3}) || len(errs) != 1 || !errors.Is(errs[0], boom) {
		t.Fatalf("items %v, errors %v; want [1 2 3] then boom once", got, errs)
	}
}

func TestItemsBreak(t *testing.T) {
	t.Parallel()
	var got []int
	for item, err := range Items(pagesOf(nil, []int{1, 2}, []int{3, 4})) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, item)
		if item == 3 {
			break
		}
	}
	if !reflect.DeepEqual(got, []int{1, 2, 3}) {
		t.Fatalf("items %v", got)
	}
}

// Items over a real listing: every record of every page, and a mid-listing
// error after the records before it.
func TestItemsOverPages(t *testing.T) {
	t.Parallel()
	forEachPrefetch(t, func(t *testing.T, prefetch int) {
		api := newFakeAPI(t)
		api.chain(4, 3)
		api.fail("cursor=3", 503)
		var got []int
		var errs []error
		for item, err := range Items(Pages(context.Background(), api.first(), api.scope(), api.fetch(), Options{Prefetch: prefetch})) {
			if err != nil {
				errs = append(errs, err)
				continue
			}
			got = append(got, item)
		}
		if !reflect.DeepEqual(got, seq(9)) || len(errs) != 1 {
			t.Fatalf("items %v, errors %v; want 1..9 then one error", got, errs)
		}
	})
}
