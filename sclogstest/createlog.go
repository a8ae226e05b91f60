package sclogstest

import (
	"encoding/json"
	"net/http"
	"slices"
	"time"

	"github.com/sclogs/sclogs/jsonvalue"
)

// createFields are the members of integration-log-create: the schema has
// additionalProperties false, so any other member is a 400.
var createFields = []string{"base_url", "full_url", "method", "response_code", "response", "request",
	"created_at", "exception_type", "exception"}

// createLog answers POST /integrations/{id}/logs: the log gets the next id,
// the integration's id and, unless the body gives one, created_at now; it is
// then served by both listings like any other log.
func (s *Server) createLog(r *http.Request, rawID string) answer {
	id, m, bad := s.bodyFor(r, rawID)
	if bad != nil {
		return *bad
	}
	rec, at, bad := s.logFromBody(m)
	if bad != nil {
		return *bad
	}
	s.dataMu.Lock()
	defer s.dataMu.Unlock()
	in := s.integr[id]
	if in == nil { // deleted while the body was read
		return notFound()
	}
	rec.ID, rec.IntegrationID = s.nextID, &id
	s.nextID++
	raw := rec.json()
	in.add(entry{at: at, cursor: rec.CreatedAt, id: rec.ID, raw: raw})
	s.created.add(s.integr, id, rec.ID, len(raw))
	return answer{status: http.StatusCreated, header: http.Header{}, body: appendJSON(nil, obj{{"data", jsonvalue.Value(raw)}})}
}

// logFromBody checks a create body against integration-log-create and
// builds the record, without id and integration_id.
func (s *Server) logFromBody(m map[string]json.RawMessage) (wireLog, time.Time, *answer) {
	var rec wireLog
	for k := range m {
		if !slices.Contains(createFields, k) {
			a := bodyError("unknown_field", "Extra inputs are not permitted", k)
			return rec, time.Time{}, &a
		}
	}
	base, bad := member(m, "base_url", "string")
	switch {
	case bad != nil:
		return rec, time.Time{}, bad
	case base == nil:
		a := bodyError("required", "base_url is required.", "base_url")
		return rec, time.Time{}, &a
	case str(base) == "":
		a := bodyError("invalid", "base_url must not be empty.", "base_url")
		return rec, time.Time{}, &a
	}
	rec.BaseURL = str(base)
	var strs [4]*string
	for i, name := range []string{"full_url", "method", "exception_type", "exception"} {
		v, bad := member(m, name, "string", "null")
		if bad != nil {
			return rec, time.Time{}, bad
		}
		strs[i] = optStr(v)
	}
	rec.FullURL, rec.ExceptionType, rec.Exception = strs[0], strs[2], strs[3]
	if strs[1] != nil { // null or absent: the default ''
		rec.Method = *strs[1]
	}
	code, bad := member(m, "response_code", "number", "null")
	if bad != nil {
		return rec, time.Time{}, bad
	}
	if code != nil && jsonKind(code) == "number" {
		// An integer in JSON Schema's sense: 495.0 is 495.
		n64, ok := jsonInteger(string(code))
		n := int(n64)
		if !ok || n < 0 {
			a := bodyError("invalid", "response_code must be an integer of at least 0.", "response_code")
			return rec, time.Time{}, &a
		}
		rec.ResponseCode = &n
	}
	resp, bad := nested(m, "response", [2]string{"headers", "body"}, [2][]string{{"object", "null"}, {"string", "object", "null"}})
	if bad != nil {
		return rec, time.Time{}, bad
	}
	if resp != nil {
		rec.Response = &wireResponse{Headers: resp[0], Body: resp[1]}
	}
	req, bad := nested(m, "request", [2]string{"headers", "payload"}, [2][]string{{"object", "string", "null"}, {"object", "string", "null"}})
	if bad != nil {
		return rec, time.Time{}, bad
	}
	if req != nil {
		rec.Request = &wireRequest{Headers: req[0], Payload: req[1]}
	}
	created, bad := member(m, "created_at", "string", "null")
	if bad != nil {
		return rec, time.Time{}, bad
	}
	at := s.cfg.now().UTC().Truncate(time.Microsecond) // Python's datetime resolution
	rec.CreatedAt = at.Format(layoutMicro)
	if c := optStr(created); c != nil {
		t, ok := parseDateTime(*c)
		if !ok {
			a := bodyError("invalid", "created_at must be an RFC 3339 date-time.", "created_at")
			return rec, time.Time{}, &a
		}
		at, rec.CreatedAt = t, t.Format(time.RFC3339Nano)
	}
	rec.AdditionalData = jv("")
	return rec, at, nil
}

// nested checks an object-or-null member with two members of the given
// kinds and returns their values (nil: absent, written as null); nil
// for a null or absent object.
func nested(m map[string]json.RawMessage, name string, members [2]string, kinds [2][]string) (*[2]jsonvalue.Value, *answer) {
	v, bad := member(m, name, "object", "null")
	if bad != nil || v == nil || jsonKind(v) == "null" {
		return nil, bad
	}
	var inner map[string]json.RawMessage
	if err := json.Unmarshal(v, &inner); err != nil {
		a := bodyError("invalid", name+" must be an object.", name)
		return nil, &a
	}
	var out [2]jsonvalue.Value
	for i, k := range members {
		raw, bad := member(inner, k, kinds[i]...)
		if bad != nil {
			a := bodyError("invalid", name+"."+k+" must be "+joinKinds(kinds[i])+".", name+"/"+k)
			return nil, &a
		}
		out[i] = jsonvalue.Value(raw)
	}
	return &out, nil
}

// Logs created through the API (POST) are kept up to MaxCreatedLogs and
// MaxCreatedBytes of JSON, so that a fake left running does not grow with
// every POST: past either, the earliest created is forgotten, as a
// retention period would. Logs given to [Server.AddLogs] do not count and
// are never forgotten.
const (
	// MaxCreatedLogs is how many logs created through the API are kept.
	MaxCreatedLogs = 10_000
	// MaxCreatedBytes bounds the JSON of the logs created through the API.
	MaxCreatedBytes = 64 << 20
)

// createdLogs are the logs created through the API, earliest first.
type createdLogs struct {
	refs  []createdRef
	bytes int
	// maxLogs and maxBytes replace MaxCreatedLogs and MaxCreatedBytes when
	// set: the package's tests prove the bound on a smaller one (cheaper
	// than 64 MiB of POSTs under the race detector).
	maxLogs, maxBytes int
}

// limits returns the bounds in force: the exported ones unless a test set
// its own.
func (c *createdLogs) limits() (logs, bytes int) {
	logs, bytes = MaxCreatedLogs, MaxCreatedBytes
	if c.maxLogs > 0 {
		logs = c.maxLogs
	}
	if c.maxBytes > 0 {
		bytes = c.maxBytes
	}
	return logs, bytes
}

type createdRef struct {
	integration, log, size int
}

// add records log of integration and forgets the earliest created logs
// past the limits. dataMu is held for writing.
func (c *createdLogs) add(integr map[int]*integration, integration, log, size int) {
	c.refs = append(c.refs, createdRef{integration, log, size})
	c.bytes += size
	maxLogs, maxBytes := c.limits()
	for len(c.refs) > maxLogs || c.bytes > maxBytes {
		r := c.refs[0]
		c.refs = c.refs[1:] // append copies the live part when it grows, freeing the rest
		c.bytes -= r.size
		if in := integr[r.integration]; in != nil { // nil: deleted since
			in.remove(r.log)
		}
	}
}
