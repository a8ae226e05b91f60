package scrub

import (
	"net/url"
	"strings"

	"github.com/sclogs/sclogs/internal/redact"
)

// URL returns u without userinfo and with the values of secret query
// parameters (the module's one list: redact.SecretName) replaced by
// redact.Placeholder, the rest of the query as it was, for logs and errors.
func URL(u *url.URL) string {
	if u == nil {
		return ""
	}
	r := *u
	r.User = nil
	if r.RawQuery != "" {
		pairs := strings.Split(r.RawQuery, "&")
		for i, p := range pairs {
			k, _, _ := strings.Cut(p, "=")
			if name, err := url.QueryUnescape(k); err == nil && redact.SecretName(name) || err != nil && redact.SecretName(k) {
				pairs[i] = k + "=" + redact.Placeholder
			}
		}
		r.RawQuery = strings.Join(pairs, "&")
	}
	return r.String()
}

// URLError redacts the URL of a *url.Error, as http.Client.Do returns
// them; other errors are returned as they are.
func URLError(err error) error {
	ue, ok := err.(*url.Error)
	if !ok {
		return err
	}
	u, perr := url.Parse(ue.URL)
	if perr != nil {
		return &url.Error{Op: ue.Op, URL: "(URL not shown)", Err: ue.Err}
	}
	return &url.Error{Op: ue.Op, URL: URL(u), Err: ue.Err}
}
