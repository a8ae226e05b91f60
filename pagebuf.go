package sclogs

import "io"

// Page bodies are read into buffers taken from pageBuffers and given back
// once a generated decoder (which copies everything it keeps) has decoded
// them: most of what a page walk allocated was these buffers. A small fixed
// free list rather than a sync.Pool: the pool is emptied by every other
// garbage collection, which a page walk triggers every few dozen pages, so
// it missed about one page in twelve; the list keeps at most
// cap(pageBuffers) buffers of at most maxPooledPage bytes (4 MiB in all).
var pageBuffers = make(chan []byte, 4)

// maxPooledPage bounds the buffers kept: an outsized page's buffer is left
// to the garbage collector, so memory stays flat after it.
const maxPooledPage = 1 << 20

// readPage reads at most limit bytes of r into a buffer from pageBuffers.
// size is the Content-Length (-1 if unknown): a buffer too small for it is
// replaced once, with a quarter (at most 256 KiB) to spare so that the next,
// slightly larger page fits too, rather than grown by doubling as it fills.
func readPage(r io.Reader, size, limit int64) ([]byte, error) {
	var buf []byte
	select {
	case buf = <-pageBuffers:
	default:
	}
	if size > 0 && size < limit && int64(cap(buf)) <= size {
		buf = make([]byte, 0, size+min(size/4, 256<<10)+1) // +1: room to read EOF without growing
	}
	r = io.LimitReader(r, limit)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// putPageBuffer gives b back for another page; nothing may use b afterwards.
func putPageBuffer(b []byte) {
	if cap(b) == 0 || cap(b) > maxPooledPage {
		return
	}
	select {
	case pageBuffers <- b[:0]:
	default: // full: let b go
	}
}
