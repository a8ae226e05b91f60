package retry

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

// takePageBuffer returns an empty buffer from pageBuffers, or nil.
func takePageBuffer() []byte {
	select {
	case buf := <-pageBuffers:
		return buf
	default:
		return nil
	}
}

// PutPageBuffer gives b back for another page; nothing may use b afterwards.
func PutPageBuffer(b []byte) {
	if cap(b) == 0 || cap(b) > maxPooledPage {
		return
	}
	select {
	case pageBuffers <- b[:0]:
	default: // full: let b go
	}
}

// PooledPages reports how many buffers wait in the free list: for a test
// that a page walk gives its buffers back.
func PooledPages() int { return len(pageBuffers) }
