package sclogstest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"time"
	"unicode/utf8"
)

// feedbackTypes is the spec's enum for feedback_type.
var feedbackTypes = []string{"eager", "delayed", "none"}

// updateIntegration answers PATCH /integrations/{id}: the members given
// (integration-model) replace the integration's, all or none; members the
// schema does not name are ignored, as it allows them.
func (s *Server) updateIntegration(r *http.Request, rawID string) answer {
	id, m, bad := s.bodyFor(r, rawID)
	if bad != nil {
		return *bad
	}
	s.dataMu.Lock()
	defer s.dataMu.Unlock()
	in := s.integr[id]
	if in == nil {
		return notFound()
	}
	next, bad := patched(in.meta, m)
	if bad != nil {
		return *bad
	}
	next.updated = s.cfg.now().UTC().Truncate(time.Microsecond)
	in.meta = next
	return answer{status: http.StatusNoContent, header: http.Header{}}
}

// patched returns m applied to cur, or the 400 for the first bad member.
func patched(cur meta, m map[string]json.RawMessage) (meta, *answer) {
	if v, bad := member(m, "shop_name", "string"); bad != nil {
		return cur, bad
	} else if v != nil {
		name := str(v)
		if n := utf8.RuneCountInString(name); n < 1 || n > 250 {
			a := bodyError("invalid", "shop_name must be 1 to 250 characters.", "shop_name")
			return cur, &a
		}
		cur.shopName = name
	}
	if v, bad := member(m, "shop_url", "string"); bad != nil {
		return cur, bad
	} else if v != nil {
		if !isURI(str(v)) {
			a := bodyError("invalid", "shop_url must be an absolute URL.", "shop_url")
			return cur, &a
		}
		cur.shopURL = str(v)
	}
	for _, f := range []struct {
		name string
		dst  *bool
	}{{"service_point_enabled", &cur.spEnabled}, {"webhook_active", &cur.webhookActive}} {
		v, bad := member(m, f.name, "boolean")
		if bad != nil {
			return cur, bad
		}
		if v != nil {
			*f.dst = string(v) == "true"
		}
	}
	if v, bad := member(m, "service_point_carriers", "array"); bad != nil {
		return cur, bad
	} else if v != nil {
		var carriers []string
		if err := json.Unmarshal(v, &carriers); err != nil || slices.Contains(carriers, "") {
			a := bodyError("invalid", "service_point_carriers must be a list of carrier codes.", "service_point_carriers")
			return cur, &a
		}
		cur.spCarriers = carriers
	}
	if v, bad := member(m, "webhook_url", "string", "null"); bad != nil {
		return cur, bad
	} else if v != nil {
		u := optStr(v)
		if u != nil && !isURI(*u) {
			a := bodyError("invalid", "webhook_url must be an absolute URL.", "webhook_url")
			return cur, &a
		}
		cur.webhookURL = u
	}
	if v, bad := member(m, "feedback_type", "string"); bad != nil {
		return cur, bad
	} else if v != nil {
		if !slices.Contains(feedbackTypes, str(v)) {
			a := bodyError("invalid", "feedback_type must be eager, delayed or none.", "feedback_type")
			return cur, &a
		}
		cur.feedback = str(v)
	}
	if cur.webhookActive && cur.webhookURL == nil {
		a := bodyError("invalid", "Webhook URL required when enable webhook is set to true", "webhook_url")
		return cur, &a
	}
	if cur.spEnabled && len(cur.spCarriers) == 0 {
		a := bodyError("invalid", "Service point delivery needs at least one carrier.", "service_point_carriers")
		return cur, &a
	}
	return cur, nil
}

// isURI reports whether s is an absolute http(s) URL with a host.
func isURI(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
