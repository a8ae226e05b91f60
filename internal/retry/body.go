package retry

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/sclogs/sclogs/internal/scrub"
)

// A 2xx body that is too large or cut short is a response the client cannot
// use: both match API.InvalidResponse as well.
var (
	ErrBodyTooLarge = errors.New("body too large")
	ErrCutShort     = errors.New("body cut short")
)

// read reads resp's body into memory (capped) in place of the connection's,
// or turns a non-2xx answer into the root package's error (API.Check).
func (d *Doer) read(resp *http.Response, authz string) error {
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return d.API.Check(resp, d.Scrub.With(scrub.CredentialForms(authz)...), d.Now())
	}
	// Close the connection's body, not the BufferedBody put in its place.
	raw := resp.Body
	defer func() { _ = raw.Close() }()
	if !IsJSON(resp.Header.Get("Content-Type")) {
		// Not JSON (a proxy's login page, say): the caller reports it by its
		// Content-Type and first bytes. Keep those and close the connection
		// rather than read a page of any size to its end.
		// Read past the prefix, so that a credential across its end is
		// found and the prefix cut before it.
		head, _ := io.ReadAll(io.LimitReader(resp.Body, nonJSONPrefix+scrub.CutMargin))
		sc := d.Scrub.With(scrub.CredentialForms(authz)...)
		head = sc.Cut(head, nonJSONPrefix)
		resp.Header.Set("Content-Type", sc.Value(resp.Header.Get("Content-Type")))
		resp.Body = &BufferedBody{Reader: bytes.NewReader(head), all: head}
		resp.ContentLength = -1
		return nil
	}
	body, err := readBody(resp.Body, resp.ContentLength, d.MaxBody+1)
	switch {
	case err != nil:
		return fmt.Errorf("%w: %w after %d bytes: %w", d.API.InvalidResponse, ErrCutShort, len(body), scrub.URLError(err))
	case int64(len(body)) > d.MaxBody:
		return fmt.Errorf("%w: %w: more than the limit of %d MiB (a smaller page size makes smaller pages)", d.API.InvalidResponse, ErrBodyTooLarge, d.MaxBody>>20)
	case closeDelimited(resp) && d.API.EndsEarly(body):
		// A connection closed early with no Content-Length and no chunked
		// framing looks complete to net/http. Framed bodies cut short are
		// already read errors above, so they need no second JSON pass.
		return fmt.Errorf("%w: %w: JSON ends early after %d bytes", d.API.InvalidResponse, ErrCutShort, len(body))
	}
	resp.Body = &BufferedBody{Reader: bytes.NewReader(body), all: body}
	resp.ContentLength = int64(len(body))
	return nil
}

// BufferedBody is a 2xx body already read into memory; the decoders take
// the bytes from it rather than copying them again.
type BufferedBody struct {
	*bytes.Reader
	all []byte
}

// Bytes returns the whole body; the caller may give it back with
// PutPageBuffer once nothing points into it.
func (b *BufferedBody) Bytes() []byte { return b.all }

// Close does nothing: the connection's body is closed already.
func (*BufferedBody) Close() error { return nil }

// readBody reads r to its end or to limit bytes, whichever comes first. The
// buffer grows as bytes arrive: at most maxPrealloc is allocated from
// sizeHint (a Content-Length, which a server may lie about), and it never
// grows past limit, so a lying or endless body costs what it sent. It starts
// from a recycled page buffer when there is one.
func readBody(r io.Reader, sizeHint, limit int64) ([]byte, error) {
	r = io.LimitReader(r, limit)
	buf := takePageBuffer() // one a page walk gave back (pagebuf.go), if any
	if cap(buf) == 0 {
		size := int64(512)
		if sizeHint > 0 {
			size = min(sizeHint+1, maxPrealloc) // +1: room to see EOF
		}
		buf = make([]byte, 0, min(size, limit))
	}
	for {
		if len(buf) == cap(buf) {
			if int64(len(buf)) >= limit {
				return buf, nil
			}
			next := min(max(2*int64(cap(buf)), 4<<10), limit)
			if limit-next < next/2 {
				next = limit // one step to the limit, not a last one of a few bytes
			}
			if sizeHint > int64(len(buf)) {
				next = min(next, sizeHint+1) // no further than the server said
			}
			grown := make([]byte, len(buf), next)
			copy(grown, buf)
			buf = grown
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		switch {
		case err == io.EOF:
			return buf, nil
		case err != nil:
			return buf, err
		}
	}
}

// closeDelimited reports whether resp's body ends only where the connection
// closes (HTTP/1.x with neither Content-Length nor chunked encoding).
func closeDelimited(resp *http.Response) bool {
	return resp.ContentLength < 0 && len(resp.TransferEncoding) == 0 && resp.ProtoMajor < 2
}
