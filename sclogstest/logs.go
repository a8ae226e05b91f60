package sclogstest

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Page sizes, as the spec gives them.
const (
	DefaultPageSize = 25
	MaxPageSize     = 100
)

// logsPath returns the id segment of /api/v3/integrations/{id}/logs.
func logsPath(p string) (string, bool) {
	rest, ok := strings.CutPrefix(p, apiPrefix+"/integrations/")
	if !ok {
		return "", false
	}
	id, ok := strings.CutSuffix(rest, "/logs")
	return id, ok && id != "" && !strings.Contains(id, "/")
}

// answer is a response decided but not yet written, so a fault can still
// cut it short.
type answer struct {
	status int
	header http.Header
	body   []byte
}

func errorAnswer(status int, detail, parameter string) answer {
	return answer{status: status, header: http.Header{}, body: errorBody(status, detail, parameter)}
}

// serveLogs answers GET /api/v3/integrations/{id}/logs, applying the next
// queued fault if there is one.
func (s *Server) serveLogs(w http.ResponseWriter, r *http.Request, rawID string, hasBody bool) {
	f, faulted := s.nextFault()
	if faulted && s.applyFault(w, r, f) {
		return
	}
	a := s.logsAnswer(r, rawID, hasBody)
	for k, v := range a.header {
		w.Header()[k] = v
	}
	if f.TruncateBody {
		writeTruncated(w, a.status, a.body)
		return
	}
	writeJSON(w, a.status, a.body)
}

// logsAnswer decides the response in Sendcloud's order: request shape,
// authentication, parameters, then the integration.
func (s *Server) logsAnswer(r *http.Request, rawID string, hasBody bool) answer {
	if r.Method != http.MethodGet {
		a := errorAnswer(http.StatusMethodNotAllowed, "Method \""+r.Method+"\" not allowed.", "")
		a.header.Set("Allow", http.MethodGet)
		return a
	}
	if hasBody {
		return errorAnswer(http.StatusForbidden, "A GET request must not have a body.", "")
	}
	if ok, detail := s.authenticate(r); !ok {
		a := errorAnswer(http.StatusUnauthorized, detail, "")
		a.header.Set("WWW-Authenticate", `Basic realm="api"`)
		return a
	}
	id, err := strconv.Atoi(rawID)
	if err != nil {
		return errorAnswer(http.StatusBadRequest, "The integration id must be an integer.", "id")
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return errorAnswer(http.StatusBadRequest, "The query string is malformed.", "")
	}
	size := DefaultPageSize
	if v, ok := q["page_size"]; ok {
		size, err = strconv.Atoi(v[0])
		if err != nil || size < 1 || size > MaxPageSize {
			return errorAnswer(http.StatusBadRequest, "page_size must be an integer from 1 to 100.", "page_size")
		}
	}
	var cursor *time.Time
	if v, ok := q["cursor"]; ok {
		t, err := time.Parse(time.RFC3339Nano, v[0])
		if err != nil {
			return errorAnswer(http.StatusBadRequest, "cursor must be a date-time with a UTC offset, as given in the Link header.", "cursor")
		}
		cursor = &t
	}
	s.dataMu.RLock()
	defer s.dataMu.RUnlock()
	in := s.integr[id]
	if in == nil {
		return errorAnswer(http.StatusNotFound, "The Integration could not be found with the search criteria given", "")
	}
	ents, more := in.page(cursor, size)
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
			Path:     apiPrefix + "/integrations/" + strconv.Itoa(id) + "/logs",
			RawQuery: url.Values{"cursor": {ents[len(ents)-1].cursor}, "page_size": {strconv.Itoa(size)}}.Encode(),
		}
		a.header.Set("Link", "<"+next.String()+`>; rel="next"`)
	}
	return a
}
