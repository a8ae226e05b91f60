package cli

import (
	"errors"
	"strings"
	"testing"

	"github.com/sclogs/sclogs/sclogstest"
)

// Error messages name what to do, never a library option or a Go parse
// error.
func TestMessagesSayWhatToDo(t *testing.T) {
	srv := sclogstest.NewServer()
	defer srv.Close()
	oauth := map[string]string{envBaseURL: srv.URL(), envClientID: srv.ClientID(), envClientSecret: "wrong", envTokenURL: srv.TokenURL()}
	for _, c := range []struct {
		name string
		env  map[string]string
		args []string
		code int
		want []string
	}{
		{"invalid_client", oauth, []string{"list", "1"}, 1, []string{envClientID, envClientSecret}},
		{"token URL left at Sendcloud", map[string]string{envClientID: "id", envClientSecret: "s"},
			[]string{"list", "1", "--base-url", srv.URL()}, 2, []string{"--token-url", envTokenURL}},
		{"bad base URL", fakeEnv(srv), []string{"list", "1", "--base-url", "ftp://x"}, 2, []string{"--base-url", envBaseURL, "https://"}},
		{"base URL with query", fakeEnv(srv), []string{"doctor", "1", "--base-url", "https://h/x?a=1"}, 2, []string{"--base-url", "query"}},
		{"bad token URL", fakeEnv(srv), []string{"list", "1", "--token-url", "::"}, 2, []string{"--token-url"}},
		{"int flag", nil, []string{"list", "1", "--limit", "abc"}, 2, []string{`invalid --limit "abc": must be a whole number`}},
		{"duration flag", nil, []string{"list", "1", "-f", "--interval", "soon"}, 2, []string{`invalid --interval "soon"`, "30s"}},
		{"bool flag", nil, []string{"doctor", "1", "--utc=maybe"}, 2, []string{`invalid --utc "maybe": must be true or false`}},
	} {
		code, _, errOut := run(t, c.env, c.args...)
		if code != c.code {
			t.Errorf("%s: exit %d, want %d; stderr %q", c.name, code, c.code, errOut)
		}
		for _, w := range c.want {
			if !strings.Contains(errOut, w) {
				t.Errorf("%s: stderr %q lacks %q", c.name, errOut, w)
			}
		}
		for _, bad := range []string{"strconv.", "time: ", "WithBaseURL", "WithTokenURL", "With"} {
			if strings.Contains(errOut, bad) {
				t.Errorf("%s: stderr %q shows %q", c.name, errOut, bad)
			}
		}
	}
	// With the token URL set, another base URL is fine.
	code, _, errOut := run(t, map[string]string{envClientID: srv.ClientID(), envClientSecret: srv.ClientSecret()},
		"list", "1", "--limit", "1", "--base-url", srv.URL(), "--token-url", srv.TokenURL())
	if code != 0 {
		t.Errorf("OAuth2 against the fake with --token-url: exit %d: %s", code, errOut)
	}
}

// When the filters leave nothing, stderr says out of how many and how new
// the newest was.
func TestNoneMatchedNote(t *testing.T) {
	srv := sclogstest.NewServer()
	defer srv.Close()
	code, out, errOut := run(t, fakeEnv(srv), "list", "1", "--since", "2025-11-24T00:00:00Z", "--status", "999", "--utc")
	if code != 0 || strings.Contains(out, "\n1") {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	if !strings.Contains(errOut, "sclogs: 0 of ") || !strings.Contains(errOut, "logs matched --since 2025-11-24T00:00:00Z --status 999; newest is 2025-11-24T") {
		t.Errorf("stderr %q: want the 0-of-N note", errOut)
	}
	_, _, errOut = run(t, fakeEnv(srv), "doctor", "1", "--until", "2000-01-01")
	if !strings.Contains(errOut, "0 of 100 logs matched --until 2000-01-01; newest is ") {
		t.Errorf("doctor stderr %q: want the 0-of-N note", errOut)
	}
	if _, _, errOut = run(t, fakeEnv(srv), "list", "1", "--limit", "1"); strings.Contains(errOut, "matched") {
		t.Errorf("note without filters: %q", errOut)
	}
}

// list --help and doctor --help name the credential variables and the
// --since forms.
func TestHelpNamesCredentialsAndSinceForms(t *testing.T) {
	for _, cmd := range []string{"list", "doctor"} {
		_, out, _ := run(t, nil, cmd, "--help")
		for _, want := range []string{envPublicKey, envSecretKey, envClientID, envClientSecret, envBaseURL, envTokenURL,
			"2024-03-01T10:00:00+01:00", "2024-03-01", "7d", "24h", "--wide", "--utc"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s --help lacks %q", cmd, want)
			}
		}
	}
}

// pollFailure drops the library's prefix and its "giving up", keeping the
// rest of the reason (a request ID too).
func TestPollFailure(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"sclogs: dial tcp: connection refused; giving up after 2 attempts":            "dial tcp: connection refused",
		"sclogs: 503 Service Unavailable: busy (giving up after 3 attempts)":          "503 Service Unavailable: busy",
		"sclogs: 503 Service Unavailable (request ID r1; giving up after 3 attempts)": "503 Service Unavailable (request ID r1)",
		"sclogs: timeout": "timeout",
	} {
		if got := pollFailure(errors.New(in)); got != want {
			t.Errorf("pollFailure(%q) = %q, want %q", in, got, want)
		}
	}
}
