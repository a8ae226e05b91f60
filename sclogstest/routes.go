package sclogstest

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// handler decides the answer to one operation, after the checks every
// operation shares (method, body on a GET, authentication). rawID is the
// {id} path segment, "" for operations without one.
type handler func(r *http.Request, rawID string) answer

// operations maps a method to its handler, for one path.
type operations map[string]handler

// route finds the operations of an API path and its {id} segment; ok is
// false for a path the spec does not have.
func (s *Server) route(p string) (ops operations, rawID string, ok bool) {
	switch p {
	case apiPrefix + "/shop-order-statuses":
		return operations{http.MethodGet: s.listShopStatuses, http.MethodPost: s.replaceShopStatuses}, "", true
	case apiPrefix + "/shop-order-statuses/mapping":
		return operations{http.MethodGet: s.getShopMapping, http.MethodPost: s.upsertShopMapping}, "", true
	}
	rest, ok := strings.CutPrefix(p, apiPrefix+"/integrations")
	if !ok {
		return nil, "", false
	}
	switch rest {
	case "":
		return operations{http.MethodGet: s.listIntegrations}, "", true
	case "/logs":
		return operations{http.MethodGet: s.allLogs}, "", true
	}
	rest, ok = strings.CutPrefix(rest, "/")
	if !ok || rest == "" {
		return nil, "", false
	}
	if id, ok := strings.CutSuffix(rest, "/logs"); ok && id != "" && !strings.Contains(id, "/") {
		return operations{http.MethodGet: s.integrationLogs, http.MethodPost: s.createLog}, id, true
	}
	if strings.Contains(rest, "/") {
		return nil, "", false
	}
	return operations{http.MethodGet: s.getIntegration, http.MethodPatch: s.updateIntegration, http.MethodDelete: s.deleteIntegration}, rest, true
}

// serveAPI answers every API request: an unknown path is a 404; a known one
// takes the next queued fault, then is decided and written.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request, hasBody bool) {
	ops, rawID, ok := s.route(r.URL.Path)
	if !ok {
		writeError(w, http.StatusNotFound, "No route matches the requested path.", "")
		return
	}
	if s.rateLimited(w, r) {
		return
	}
	f, faulted := s.nextFault()
	if faulted && s.applyFault(w, r, f) {
		return
	}
	a := s.decide(r, ops, rawID, hasBody)
	for k, v := range a.header {
		w.Header()[k] = v
	}
	switch {
	case a.body == nil:
		w.WriteHeader(a.status) // 204: no body, no Content-Type
	case f.TruncateBody:
		writeTruncated(w, a.status, a.body)
	default:
		writeJSON(w, a.status, a.body)
	}
}

// decide runs the shared checks in Sendcloud's order (method, request shape,
// authentication), then the operation's handler.
func (s *Server) decide(r *http.Request, ops operations, rawID string, hasBody bool) answer {
	h, ok := ops[r.Method]
	if !ok {
		allow := make([]string, 0, len(ops))
		for m := range ops {
			allow = append(allow, m)
		}
		slices.Sort(allow)
		a := errorAnswer(http.StatusMethodNotAllowed, "Method \""+r.Method+"\" not allowed.", "")
		a.header.Set("Allow", strings.Join(allow, ", "))
		return a
	}
	if hasBody && (r.Method == http.MethodGet || r.Method == http.MethodDelete) {
		return errorAnswer(http.StatusForbidden, "A "+r.Method+" request must not have a body.", "")
	}
	if ok, detail := s.authenticate(r); !ok {
		a := errorAnswer(http.StatusUnauthorized, detail, "")
		a.header.Set("WWW-Authenticate", `Basic realm="api"`)
		return a
	}
	return h(r, rawID)
}

// parseID reads the {id} path segment: an integer, else a 400. The spec
// sets no maximum, so an integer beyond int64 is a valid id that no
// integration has: a 404, like any other unknown id.
func parseID(rawID string) (int, *answer) {
	id, err := strconv.Atoi(rawID)
	if errors.Is(err, strconv.ErrRange) && rawID[0] != '-' {
		a := notFound()
		return 0, &a
	}
	if err != nil {
		a := errorAnswer(http.StatusBadRequest, "The integration id must be an integer.", "id")
		return 0, &a
	}
	return id, nil
}

// notFound is the spec's 404 document for an unknown integration.
func notFound() answer {
	return errorAnswer(http.StatusNotFound, "The Integration could not be found with the search criteria given", "")
}
