package sclogstest

import (
	"net/http"
	"net/http/httptest"
	"strings"
)

// serveOne sends one request straight to the fake's handler.
func (s *Server) serveOne(method, path, contentType, body string, auth func(*http.Request)) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, s.origin+path, strings.NewReader(body))
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	auth(r)
	w := httptest.NewRecorder()
	s.serveHTTP(w, r)
	return w
}
