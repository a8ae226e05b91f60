package sclogs

import (
	"io"
	"sync"
)

// Page bodies are read into buffers taken from pageBuffers and given back
// once a generated decoder (which copies everything it keeps) has decoded
// them: most of what a page walk allocated was these buffers.
var pageBuffers sync.Pool

// maxPooledPage bounds what the pool keeps: an outsized page's buffer is left
// to the garbage collector, so memory stays flat after it.
const maxPooledPage = 4 << 20

// readPage reads at most limit bytes of r into a buffer from pageBuffers.
// size is the Content-Length (-1 if unknown): a buffer too small for it is
// replaced once, with a quarter to spare so that the next, slightly larger
// page fits too, rather than grown by doubling as it fills.
func readPage(r io.Reader, size, limit int64) ([]byte, error) {
	var buf []byte
	if p, ok := pageBuffers.Get().(*[]byte); ok {
		buf = (*p)[:0]
	}
	if size > 0 && size < limit && int64(cap(buf)) <= size {
		buf = make([]byte, 0, size+size/4+1) // +1: room to read EOF without growing
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
	b = b[:0]
	pageBuffers.Put(&b)
}
