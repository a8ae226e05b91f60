package sclogstest

import (
	"net/http"
	"strconv"
	"strings"
)

// apiError is one JSON:API error object, as Sendcloud writes them.
type apiError struct {
	Status string       `json:"status"` // a string, as the spec's schema says
	Code   string       `json:"code"`
	Title  string       `json:"title"`
	Detail string       `json:"detail"`
	Source *errorSource `json:"source,omitempty"`
}

type errorSource struct {
	Pointer   string `json:"pointer,omitempty"`
	Parameter string `json:"parameter,omitempty"`
}

// errorCodes are the spec's codes for the statuses this server decides on;
// other statuses (faults) get their reason phrase in snake case.
var errorCodes = map[int]string{
	// 405, 413 and 415 are not in the spec; "invalid" keeps their documents
	// within its code enum.
	http.StatusMethodNotAllowed:      "invalid",
	http.StatusRequestEntityTooLarge: "invalid",
	http.StatusUnsupportedMediaType:  "invalid",
	http.StatusBadRequest:            "invalid",
	http.StatusUnauthorized:          "authentication_failed",
	http.StatusForbidden:             "forbidden",
	http.StatusNotFound:              "not_found",
}

func newAPIError(status int, detail, parameter string) apiError {
	code, ok := errorCodes[status]
	if !ok {
		code = strings.ReplaceAll(strings.ToLower(http.StatusText(status)), " ", "_")
		if code == "" {
			code = "error"
		}
	}
	e := apiError{Status: strconv.Itoa(status), Code: code, Title: http.StatusText(status), Detail: detail}
	if e.Title == "" {
		e.Title = "Error"
	}
	if parameter != "" {
		e.Source = &errorSource{Parameter: parameter}
	}
	return e
}

// errorBody is the JSON:API document for one error.
func errorBody(status int, detail, parameter string) []byte {
	b, err := encode(map[string][]apiError{"errors": {newAPIError(status, detail, parameter)}})
	if err != nil { // cannot happen: strings only
		return []byte(`{"errors":[]}`)
	}
	return b
}

// writeError answers with a JSON:API error document.
func writeError(w http.ResponseWriter, status int, detail, parameter string) {
	writeJSON(w, status, errorBody(status, detail, parameter))
}

// writeJSON answers with a JSON body and its length.
func writeJSON(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body) // the client may be gone; nothing to do about it
}

// bodyError is a 400 about a member of the request body: code is from the
// spec's enum (invalid, required, unknown_field), pointer names the member
// as Sendcloud does ("body/base_url").
func bodyError(code, detail, member string) answer {
	e := newAPIError(http.StatusBadRequest, detail, "")
	e.Code = code
	if member != "" {
		e.Source = &errorSource{Pointer: "body/" + member}
	}
	b, err := encode(map[string][]apiError{"errors": {e}})
	if err != nil { // cannot happen: strings only
		b = []byte(`{"errors":[]}`)
	}
	return answer{status: http.StatusBadRequest, header: http.Header{}, body: b}
}
