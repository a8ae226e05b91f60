package sclogstest

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// integrationJSON writes an integration as GET /integrations/{id} does, the
// members in the spec's order and its nullable ones as null.
func integrationJSON(id int, in *integration) obj {
	m := in.meta
	var failing, fetched any
	if t, ok := in.failingSince(); ok {
		failing = t.UTC().Format(time.RFC3339Nano)
	}
	if m.lastFetched != nil {
		fetched = m.lastFetched.UTC().Format(time.RFC3339Nano)
	}
	carriers := make([]any, len(m.spCarriers))
	for i, c := range m.spCarriers {
		carriers[i] = c
	}
	return obj{
		{"id", id}, {"shop_name", m.shopName}, {"shop_url", m.shopURL}, {"type", m.typ},
		{"started_failing_at", failing}, {"last_fetched_at", fetched},
		{"created_at", m.created.UTC().Format(time.RFC3339Nano)},
		{"updated_at", m.updated.UTC().Format(time.RFC3339Nano)},
		{"service_point_enabled", m.spEnabled}, {"service_point_carriers", jv(carriers)},
		{"webhook_active", m.webhookActive}, {"webhook_url", orNull(m.webhookURL)},
		{"feedback_type", m.feedback},
	}
}

// getIntegration answers GET /integrations/{id}.
func (s *Server) getIntegration(_ *http.Request, rawID string) answer {
	id, bad := parseID(rawID)
	if bad != nil {
		return *bad
	}
	s.dataMu.RLock()
	defer s.dataMu.RUnlock()
	in := s.integr[id]
	if in == nil {
		return notFound()
	}
	return answer{status: http.StatusOK, header: http.Header{}, body: appendJSON(nil, obj{{"data", integrationJSON(id, in)}})}
}

// sortKeys are the attributes GET /integrations sorts by, as the spec names
// them, each with its comparison (ascending). Nullable ones put null last
// ascending and first descending, as PostgreSQL does.
var sortKeys = map[string]func(a, b *integration) int{
	"integration_type": func(a, b *integration) int { return cmp.Compare(a.meta.typ, b.meta.typ) },
	"created_at":       func(a, b *integration) int { return a.meta.created.Compare(b.meta.created) },
	"updated_at":       func(a, b *integration) int { return a.meta.updated.Compare(b.meta.updated) },
	"last_fetch": func(a, b *integration) int {
		return compareNullable(a.meta.lastFetched, b.meta.lastFetched)
	},
	"failing_since": func(a, b *integration) int {
		fa, oka := a.failingSince()
		fb, okb := b.failingSince()
		return compareNullable(ptrIf(fa, oka), ptrIf(fb, okb))
	},
}

func ptrIf(t time.Time, ok bool) *time.Time {
	if !ok {
		return nil
	}
	return &t
}

// compareNullable orders times with nil after every time.
func compareNullable(a, b *time.Time) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	return a.Compare(*b)
}

// listIntegrations answers GET /integrations: every integration, ordered by
// `sort` (comma-separated attributes, `-` for descending; default
// last_fetch, created_at), ties by id.
func (s *Server) listIntegrations(r *http.Request, _ string) answer {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return errorAnswer(http.StatusBadRequest, "The query string is malformed.", "")
	}
	spec := "last_fetch,created_at"
	if v, ok := q["sort"]; ok {
		spec = v[0]
	}
	type key struct {
		cmp  func(a, b *integration) int
		desc bool
	}
	var keys []key
	for name := range strings.SplitSeq(spec, ",") {
		desc := strings.HasPrefix(name, "-")
		c, ok := sortKeys[strings.TrimPrefix(name, "-")]
		if !ok {
			return errorAnswer(http.StatusBadRequest,
				"sort must be integration_type, created_at, updated_at, last_fetch or failing_since, optionally prefixed with -.", "sort")
		}
		keys = append(keys, key{c, desc})
	}
	s.dataMu.RLock()
	defer s.dataMu.RUnlock()
	ids := make([]int, 0, len(s.integr))
	for id := range s.integr {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b int) int {
		for _, k := range keys {
			if c := k.cmp(s.integr[a], s.integr[b]); c != 0 {
				if k.desc {
					return -c
				}
				return c
			}
		}
		return cmp.Compare(a, b)
	})
	list := make([]obj, len(ids))
	for i, id := range ids {
		list[i] = integrationJSON(id, s.integr[id])
	}
	return answer{status: http.StatusOK, header: http.Header{}, body: appendJSON(nil, obj{{"data", list}})}
}

// deleteIntegration answers DELETE /integrations/{id}: the integration and
// its logs are gone (from both listings too).
func (s *Server) deleteIntegration(_ *http.Request, rawID string) answer {
	id, bad := parseID(rawID)
	if bad != nil {
		return *bad
	}
	s.dataMu.Lock()
	defer s.dataMu.Unlock()
	if s.integr[id] == nil {
		return notFound()
	}
	delete(s.integr, id)
	return answer{status: http.StatusNoContent, header: http.Header{}}
}
