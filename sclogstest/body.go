package sclogstest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
)

// MaxRequestBody bounds the JSON body of a POST or PATCH; a larger one is
// answered 413 without reading further.
const MaxRequestBody = 1 << 20

// jsonKind is the JSON type of a raw value: "object", "array", "string",
// "number", "boolean" or "null".
func jsonKind(raw json.RawMessage) string {
	b := bytes.TrimSpace(raw)
	if len(b) == 0 {
		return ""
	}
	switch b[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

// readObject reads a JSON object body into its members, keeping each value's
// bytes (compacted). A body that is not one JSON object, too large, or not
// application/json is the answer to give instead.
func readObject(r *http.Request) (map[string]json.RawMessage, *answer) {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		a := errorAnswer(http.StatusUnsupportedMediaType, "The request body must be application/json.", "")
		return nil, &a
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, MaxRequestBody+1))
	if err != nil {
		a := errorAnswer(http.StatusBadRequest, "The request body could not be read.", "")
		return nil, &a
	}
	if len(b) > MaxRequestBody {
		a := errorAnswer(http.StatusRequestEntityTooLarge, "The request body is larger than 1 MiB.", "")
		return nil, &a
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	var m map[string]json.RawMessage
	if err := dec.Decode(&m); err != nil || m == nil {
		a := bodyError("invalid", "Wrong request format, expected object", "")
		return nil, &a
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		a := bodyError("invalid", "Wrong request format: data after the object", "")
		return nil, &a
	}
	for k, v := range m {
		var c bytes.Buffer
		if err := json.Compact(&c, v); err == nil {
			m[k] = c.Bytes()
		}
	}
	return m, nil
}

// member checks that body member name has one of the JSON kinds allowed
// (absent is always allowed) and returns its bytes, nil when absent.
func member(m map[string]json.RawMessage, name string, kinds ...string) (json.RawMessage, *answer) {
	v, ok := m[name]
	if !ok {
		return nil, nil
	}
	k := jsonKind(v)
	for _, want := range kinds {
		if k == want {
			return v, nil
		}
	}
	a := bodyError("invalid", name+" must be "+joinKinds(kinds)+", not "+k+".", name)
	return nil, &a
}

func joinKinds(kinds []string) string {
	s := ""
	for i, k := range kinds {
		switch {
		case i == 0:
		case i == len(kinds)-1:
			s += " or "
		default:
			s += ", "
		}
		s += k
	}
	return s
}

// str decodes a member already known to be a string.
func str(raw json.RawMessage) string {
	var s string
	_ = json.Unmarshal(raw, &s)
	return s
}

// optStr decodes a string-or-null member: nil for null or absent.
func optStr(raw json.RawMessage) *string {
	if raw == nil || jsonKind(raw) == "null" {
		return nil
	}
	s := str(raw)
	return &s
}

// bodyFor checks a request that writes to integration rawID, in the order
// the spec's errors come: the id (400), the integration (404), then the JSON
// object in the body (400, 413, 415). The caller takes the write lock after.
func (s *Server) bodyFor(r *http.Request, rawID string) (int, map[string]json.RawMessage, *answer) {
	id, bad := parseID(rawID)
	if bad != nil {
		return 0, nil, bad
	}
	s.dataMu.RLock()
	known := s.integr[id] != nil
	s.dataMu.RUnlock()
	if !known {
		a := notFound()
		return 0, nil, &a
	}
	m, bad := readObject(r)
	return id, m, bad
}
