package doctor

import "strings"

// Hint is one row of the hints table: which failures it explains and what a
// shop owner can do about them.
type Hint struct {
	// ID names the row in JSON output and tests, e.g. "ssl".
	ID string
	// Title is a short label for the table.
	Title string
	// Text is the advice, written for a shop owner.
	Text string
	// types are lower-case fragments of an exception type's last dotted
	// segment ("SSLError" of "requests.exceptions.SSLError").
	types []string
	// statuses are exact HTTP status codes; from..to is a range (0 = none).
	statuses []int
	from, to int
}

// Hints is the one hints table. An exception type decides first (the first
// row whose fragment it contains); failing that, the status (first row that
// lists it or whose range holds it); failing both, Unknown. Order matters:
// 525/526 are SSL and 522–524 connection problems before 5xx is the server's.
var Hints = []Hint{
	{
		ID: "ssl", Title: "SSL certificate problem",
		Text: "The shop's SSL certificate is not accepted: it has expired, is self-signed, names another " +
			"domain, or its chain is incomplete. Renew the certificate or install the full certificate " +
			"chain (with the intermediate certificates) on the shop's server, then check the address with an SSL checker.",
		types:    []string{"ssl", "certificate"},
		statuses: []int{495, 496, 525, 526},
	},
	{
		ID: "redirects", Title: "Shop URL redirects",
		Text: "The shop's URL redirects, possibly in a loop: the shop moved to another domain, to https, " +
			"or to another path. Update the shop URL in the Sendcloud integration settings and check the " +
			"shop's redirect rules (plugins, .htaccess, CDN).",
		types: []string{"toomanyredirects", "redirect"},
		from:  300, to: 399,
	},
	{
		ID: "connection", Title: "Shop unreachable or too slow",
		Text: "Sendcloud could not reach the shop, or the shop answered too slowly. Check that the shop " +
			"is online, and allow-list Sendcloud in the shop's firewall or security plugin (and at the host or CDN).",
		types:    []string{"timeout", "connection", "proxy", "refused", "unreachable", "disconnect", "nameresolution", "dns", "maxretry"},
		statuses: []int{408, 522, 523, 524},
	},
	{
		ID: "auth", Title: "Access refused: reconnect",
		Text: "The shop refused Sendcloud's credentials: the API key, token or app access was revoked, " +
			"expired or changed, or lacks a permission. Reconnect or re-authorise the integration in the Sendcloud panel.",
		statuses: []int{401, 403},
	},
	{
		ID: "not_found", Title: "Resource gone or URL changed",
		Text: "The shop answered 'not found': the order or product no longer exists, or the shop's URL " +
			"changed (domain, path, or a plugin that moved its API). Check the shop URL in the integration settings.",
		statuses: []int{404, 410},
	},
	{
		ID: "rate_limited", Title: "Shop throttles Sendcloud",
		Text: "The shop is throttling Sendcloud (too many requests). Raise the API rate limit in the shop, " +
			"its security plugin or at the host, or allow-list Sendcloud; Sendcloud retries later.",
		statuses: []int{429},
	},
	{
		ID: "server_error", Title: "Shop's server failed",
		Text: "The shop's own server failed or was overloaded. Check the shop's error logs, recently " +
			"changed plugins or extensions, and the hosting status; this is not caused by Sendcloud.",
		from: 500, to: 599,
	},
}

// Unknown is the hint for a failure the table does not explain.
var Unknown = Hint{
	ID: "unknown", Title: "Unknown cause",
	Text: "sclogs does not recognise this failure, so it has no specific advice. Read the exception text " +
		"of one of these logs; if it keeps happening, contact Sendcloud support with the log's id.",
}

// HintFor returns the row of the hints table that explains a failure with
// this exception type and HTTP status (0 when the log has none).
func HintFor(exceptionType string, status int) Hint {
	if t := typeName(exceptionType); t != "" {
		for _, h := range Hints {
			for _, f := range h.types {
				if strings.Contains(t, f) {
					return h
				}
			}
		}
	}
	if status != 0 {
		for _, h := range Hints {
			if h.hasStatus(status) {
				return h
			}
		}
	}
	return Unknown
}

func (h Hint) hasStatus(status int) bool {
	for _, s := range h.statuses {
		if s == status {
			return true
		}
	}
	return h.from != 0 && status >= h.from && status <= h.to
}

// typeName is the last dotted segment of an exception type, lower-cased.
func typeName(exceptionType string) string {
	t := strings.TrimSpace(exceptionType)
	if i := strings.LastIndexByte(t, '.'); i >= 0 {
		t = t[i+1:]
	}
	return strings.ToLower(t)
}

// statusClass is how a status groups: exactly, when some row lists it (401
// and 404 need different advice), else by class ("5xx"); "" for none.
func statusClass(status int) string {
	if status == 0 {
		return ""
	}
	for _, h := range Hints {
		for _, s := range h.statuses {
			if s == status {
				return itoa(status)
			}
		}
	}
	if status < 100 || status > 999 {
		return itoa(status)
	}
	return string(rune('0'+status/100)) + "xx"
}
