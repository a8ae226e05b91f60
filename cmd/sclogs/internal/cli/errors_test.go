package cli

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/sclogs/sclogs"
)

func TestExitCode(t *testing.T) {
	if exitCode(nil) != 0 || exitCode(errors.New("flag")) != 2 || exitCode(fail(errors.New("net"))) != 1 ||
		exitCode(fmt.Errorf("wrapped: %w", fail(errors.New("x")))) != 1 {
		t.Error("exit codes: want nil 0, plain (usage) 2, failure 1")
	}
}

func TestDescribe(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{fail(fmt.Errorf("listing integration 5: %w", &sclogs.APIError{StatusCode: 404,
			Errors: []sclogs.ErrorObject{{Code: "not_found", Detail: "The Integration could not be found"}}})),
			"sclogs: HTTP 404 Not Found: The Integration could not be found - check the integration id"},
		{&sclogs.APIError{StatusCode: 500, Attempts: 5, Errors: []sclogs.ErrorObject{{Title: "Server Error"}, {Code: "boom"}}},
			"sclogs: HTTP 500 Internal Server Error: Server Error; boom (after 5 attempts)"},
		{&sclogs.APIError{StatusCode: 502, Body: []byte("<html>\n<body>Bad\tgateway</body>\n</html>")},
			"sclogs: HTTP 502 Bad Gateway: <html> <body>Bad gateway</body> </html>"},
		{&sclogs.APIError{StatusCode: 401, Errors: []sclogs.ErrorObject{{Detail: "Invalid username/password."}}},
			"sclogs: HTTP 401 Unauthorized: Invalid username/password. - check SENDCLOUD_PUBLIC_KEY"},
		// The library's message brings the prefix; the command's context
		// follows it.
		{fail(fromLibrary(libErr(), "reading integration 5")), `sclogs: scheme must be http or https, got "ftp" (reading integration 5)`},
		{usagef("missing INTEGRATION_ID"), "sclogs: missing INTEGRATION_ID"},
	} {
		got := describe(c.err)
		if !strings.HasPrefix(got, c.want) {
			t.Errorf("describe(%v)\n got %q\nwant %q…", c.err, got, c.want)
		}
		if strings.ContainsAny(got, "\r\n\t") {
			t.Errorf("describe(%v) is not one line: %q", c.err, got)
		}
	}
	long := describe(&sclogs.APIError{StatusCode: 500, Body: []byte(strings.Repeat("x", 10000))})
	if n := len([]rune(long)); n > maxLine+1 {
		t.Errorf("line of %d runes, want at most %d", n, maxLine+1)
	}
}

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{
		"2024-03-01T02:02:00+01:00": "'2024-03-01T02:02:00+01:00'",
		"it's":                      `'it'\''s'`,
		"a\nb":                      "'a?b'",
	} {
		if got := shellQuote(in); got != want {
			t.Errorf("shellQuote(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestCredentials(t *testing.T) {
	for _, c := range []struct {
		env     map[string]string
		kind    string // "" when an error is expected
		errWant string
	}{
		{map[string]string{envPublicKey: "p", envSecretKey: "s"}, "API key pair", ""},
		{map[string]string{envClientID: "i", envClientSecret: "s"}, "OAuth2", ""},
		{map[string]string{envPublicKey: "p", envSecretKey: "s", envClientID: "i", envClientSecret: "s"}, "API key pair", ""},
		{map[string]string{}, "", envPublicKey},
		{map[string]string{envPublicKey: "p"}, "", envSecretKey},
		{map[string]string{envSecretKey: "s"}, "", envPublicKey},
		{map[string]string{envClientID: "i"}, "", envClientSecret},
	} {
		a := &app{env: func(k string) string { return c.env[k] }}
		opt, kind, err := a.credentials()
		switch {
		case c.kind != "" && (err != nil || opt == nil || !strings.Contains(kind, c.kind)):
			t.Errorf("%v: %q, %v; want %s", c.env, kind, err, c.kind)
		case c.kind == "" && (err == nil || !strings.Contains(err.Error(), c.errWant) || exitCode(err) != exitUsage):
			t.Errorf("%v: err %v, want a usage error naming %s", c.env, err, c.errWant)
		}
		for _, v := range c.env {
			if err != nil && strings.Contains(err.Error(), "="+v) {
				t.Errorf("error shows a value: %v", err)
			}
		}
	}
}

// libErr is an error from the library, "sclogs: " and all.
func libErr() error {
	_, err := sclogs.NewClient(sclogs.WithBaseURL("ftp://x"))
	return err
}
