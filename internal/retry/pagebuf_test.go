package retry

import (
	"io"
	"strings"
	"testing"
)

// TestReadPage checks the page reader: the whole body, a buffer reused from
// the free list, and an outsized buffer not kept.
func TestReadPage(t *testing.T) {
	drain := func() {
		for {
			select {
			case <-pageBuffers:
			default:
				return
			}
		}
	}
	drain()
	defer drain()
	body := strings.Repeat("x", 5000)
	for _, size := range []int64{-1, 5000} {
		got, err := readBody(strings.NewReader(body), size, 1<<20)
		if err != nil || string(got) != body {
			t.Fatalf("size %d: read %d bytes, %v", size, len(got), err)
		}
		PutPageBuffer(got)
		again, err := readBody(strings.NewReader(body), size, 1<<20)
		if err != nil || string(again) != body || &again[0] != &got[0] {
			t.Fatalf("size %d: second page not read into the first one's buffer", size)
		}
	}
	if got, err := readBody(strings.NewReader(body), -1, 100); err != nil || len(got) != 100 {
		t.Fatalf("limit 100: read %d bytes, %v", len(got), err)
	}
	if _, err := readBody(io.MultiReader(strings.NewReader("ab"), errReader{}), -1, 100); err == nil {
		t.Fatal("a read error was lost")
	}
	drain()
	PutPageBuffer(make([]byte, maxPooledPage+1))
	if len(pageBuffers) != 0 {
		t.Fatal("an outsized buffer was kept")
	}
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, io.ErrUnexpectedEOF }

// readBody grows with the bytes, not with the size hint, and stops at the
// limit without allocating past it.
func TestReadBody(t *testing.T) {
	data := strings.Repeat("x", 300<<10)
	got, err := readBody(strings.NewReader(data), int64(len(data)), 1<<20)
	if err != nil || string(got) != data {
		t.Fatalf("read %d bytes, %v", len(got), err)
	}
	got, err = readBody(strings.NewReader("ab"), 128<<20, 1<<20)
	if err != nil || string(got) != "ab" || cap(got) > maxPrealloc {
		t.Fatalf("got %q (cap %d), %v", got, cap(got), err)
	}
	got, err = readBody(strings.NewReader(data), -1, 100<<10)
	if err != nil || len(got) != 100<<10 || cap(got) != 100<<10 {
		t.Fatalf("capped read: %d bytes, cap %d, %v", len(got), cap(got), err)
	}
}
