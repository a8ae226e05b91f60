package cli

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/sclogs/sclogs"
	"github.com/sclogs/sclogs/cmd/sclogs/internal/output"
	"github.com/sclogs/sclogs/internal/redact"
)

// checkEndpoint checks a --base-url or --token-url value before the client
// sees it, so the message names the flag and its environment variable
// instead of a library option or a Go parse error.
func checkEndpoint(flag, env, value, example string) error {
	bad := func(why string) error {
		// The value as typed may hold a password or a secret query value.
		return usagef("invalid --%s %q (or %s): %s; e.g. %s", flag, redact.URL(value), env, why, example)
	}
	u, err := url.Parse(value)
	switch {
	case err != nil:
		return bad("not a URL")
	case u.Scheme == "":
		return bad("must be absolute, starting with https:// or http://")
	case u.Scheme != "http" && u.Scheme != "https":
		return bad(fmt.Sprintf("the scheme must be https or http, not %q", u.Scheme))
	case u.Hostname() == "":
		return bad("has no host")
	case u.User != nil:
		return bad("must not hold credentials (they come from the environment)")
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return bad("must not have a query or fragment")
	}
	return nil
}

// cleartextRefused is the usage error for an http:// base or token URL to
// a host that is not loopback (the library refuses it; the CLI says so in
// its own flags): one sentence, naming the setting, its host and the way out.
func cleartextRefused(baseURL, tokenURL string) error {
	flag, env, value := "base-url", envBaseURL, baseURL
	if u, err := url.Parse(baseURL); err != nil || !strings.EqualFold(u.Scheme, "http") {
		flag, env, value = "token-url", envTokenURL, tokenURL
	}
	host := value
	if u, err := url.Parse(value); err == nil {
		host = u.Hostname()
	}
	msg := fmt.Sprintf("refusing to send credentials unencrypted to %s: --%s (or %s) is an http:// URL; "+
		"give an https:// one, or add --insecure-http to allow it", output.Cell(host), flag, env)
	return &reworded{msg: msg, err: sclogs.ErrInsecureHTTP}
}

// reworded is a library error said in the CLI's words: its message is the
// CLI's, errors.Is still finds the library's.
type reworded struct {
	msg string
	err error
}

func (e *reworded) Error() string { return e.msg }
func (e *reworded) Unwrap() error { return e.err }

// isSendcloud reports whether rawURL is on one of Sendcloud's own domains.
func isSendcloud(rawURL string) bool {
	u, err := url.Parse(rawURL)
	if err != nil {
		return false
	}
	h := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	for _, d := range []string{"sendcloud.com", "sendcloud.sc"} {
		if h == d || strings.HasSuffix(h, "."+d) {
			return true
		}
	}
	return false
}

// optionName matches a library option's name in an error ("WithBaseURL: "),
// which means nothing to a CLI user.
var optionName = regexp.MustCompile(`\bWith[A-Z][A-Za-z0-9]*: `)

// withoutOptionNames removes library option names from an error text.
func withoutOptionNames(s string) string { return optionName.ReplaceAllString(s, "") }
