// Package secrettest lists the forms in which a hostile server echoes a
// secret back, for the tests of every package that must never show one.
package secrettest

import (
	"encoding/base64"
	"fmt"
	"html"
	"net/url"
	"strings"
)

// Forms returns every form in which a server may echo secret s, by name:
// as it is, URL- and path-encoded, JSON \u-escaped, HTML-escaped (named,
// hex, decimal), with \/ escapes, URL-encoded then JSON-escaped, and base64.
func Forms(s string) map[string]string {
	var uEsc, hexEnt, decEnt strings.Builder
	for _, r := range s {
		fmt.Fprintf(&uEsc, `\u%04x`, r)
		fmt.Fprintf(&hexEnt, "&#x%x;", r)
		fmt.Fprintf(&decEnt, "&#%d;", r)
	}
	return map[string]string{
		"plain":         s,
		"url-encoded":   url.QueryEscape(s),
		"path-encoded":  url.PathEscape(s),
		"json \\u":      uEsc.String(),
		"html named":    html.EscapeString(s),
		"html hex":      hexEnt.String(),
		"html decimal":  decEnt.String(),
		"\\/-escaped":   strings.ReplaceAll(s, "/", `\/`),
		"url then json": strings.ReplaceAll(url.QueryEscape(s), "%", `\u0025`),
		"base64":        base64.StdEncoding.EncodeToString([]byte(s)),
	}
}
