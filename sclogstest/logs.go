package sclogstest

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Page sizes, as the spec gives them.
const (
	DefaultPageSize = 25
	MaxPageSize     = 100
)

// answer is a response decided but not yet written, so a fault can still
// cut it short. A nil body is written as no body at all (204).
type answer struct {
	status int
	header http.Header
	body   []byte
}

func errorAnswer(status int, detail, parameter string) answer {
	return answer{status: status, header: http.Header{}, body: errorBody(status, detail, parameter)}
}

// pageParams reads page_size and cursor, as both listings take them.
func pageParams(r *http.Request) (size int, cursor *time.Time, bad *answer) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		a := errorAnswer(http.StatusBadRequest, "The query string is malformed.", "")
		return 0, nil, &a
	}
	size = DefaultPageSize
	if v, ok := q["page_size"]; ok {
		size, err = strconv.Atoi(v[0])
		if err != nil || size < 1 || size > MaxPageSize {
			a := errorAnswer(http.StatusBadRequest, "page_size must be an integer from 1 to 100.", "page_size")
			return 0, nil, &a
		}
	}
	if v, ok := q["cursor"]; ok {
		t, ok := parseDateTime(v[0])
		if !ok {
			a := errorAnswer(http.StatusBadRequest, "cursor must be a date-time with a UTC offset, as given in the Link header.", "cursor")
			return 0, nil, &a
		}
		cursor = &t
	}
	return size, cursor, nil
}

// integrationLogs answers GET /integrations/{id}/logs.
func (s *Server) integrationLogs(r *http.Request, rawID string) answer {
	id, bad := parseID(rawID)
	if bad != nil {
		return *bad
	}
	size, cursor, bad := pageParams(r)
	if bad != nil {
		return *bad
	}
	s.dataMu.RLock()
	defer s.dataMu.RUnlock()
	in := s.integr[id]
	if in == nil {
		return notFound()
	}
	ents, _ := in.page(cursor, size+1)
	ents, more := cutPage(ents, size, func(t time.Time) bool {
		older, _ := in.page(&t, 1)
		return len(older) > 0
	})
	return pageAnswer(r, "/integrations/"+strconv.Itoa(id)+"/logs", ents, more, size)
}

// pageAnswer writes a page of records and, when more remain, the Link to the
// next page: an absolute URL with the cursor and page size.
func pageAnswer(r *http.Request, path string, ents []entry, more bool, size int) answer {
	var b bytes.Buffer
	b.WriteString(`{"data":[`)
	for i, e := range ents {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(e.raw)
	}
	b.WriteString("]}")
	a := answer{status: http.StatusOK, header: http.Header{}, body: b.Bytes()}
	if more {
		next := url.URL{
			Scheme:   "http",
			Host:     r.Host,
			Path:     apiPrefix + path,
			RawQuery: url.Values{"cursor": {ents[len(ents)-1].cursor}, "page_size": {strconv.Itoa(size)}}.Encode(),
		}
		a.header.Set("Link", "<"+next.String()+`>; rel="next"`)
	}
	return a
}
