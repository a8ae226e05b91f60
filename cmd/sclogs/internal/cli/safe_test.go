package cli

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"
)

// hostileText has an escape sequence, an OSC title, C1 CSI, bidi
// overrides, a line separator, zero-width and BOM characters and a
// newline: none may reach the terminal raw.
const hostileText = "shop says \x1b[2J\x1b]0;pwned\x07 \u009b31m \u202egnp.exe\u202c \u2028 zw\u200bj \ufeff \u2066x\u2069 \nline2"

// rawControl returns the first character of s a terminal would act on or
// hide, found independently of output.Unsafe.
func rawControl(s string) (rune, bool) {
	for _, r := range s {
		switch {
		case r < 0x20 && r != '\n', r >= 0x7f && r <= 0x9f, r >= 0x200b && r <= 0x200f,
			r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x2028, r == 0x2029, r == 0xfeff,
			r == 0x061c, r == utf8.RuneError:
			return r, true
		}
	}
	return 0, false
}

// An error line and --verbose lines carry text from the server: it is
// neutralised like a table cell, and stays readable.
func TestErrorAndVerboseLinesAreNeutralised(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		body := `{"errors": [{"status": "404", "code": "not_found", "detail": ` + jsonText(hostileText) + `}]}`
		_, _ = w.Write([]byte(body))
	}))
	defer srv.Close()
	env := map[string]string{envBaseURL: srv.URL + "/api/v3", envPublicKey: "p", envSecretKey: "s"}
	code, _, stderr := run(t, env, "list", "1", "--verbose", "--max-retries", "0")
	if code != exitFailure {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if r, bad := rawControl(stderr); bad {
		t.Errorf("stderr carries %U raw:\n%q", r, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	last := lines[len(lines)-1]
	if !strings.HasPrefix(last, "sclogs: ") || !strings.Contains(last, "shop says") || !strings.Contains(last, "gnp.exe") {
		t.Errorf("error line %q", last)
	}
	if len(lines) < 2 || !strings.Contains(stderr, "http attempt") {
		t.Errorf("no --verbose line:\n%s", stderr)
	}
}

func TestSafeLines(t *testing.T) {
	var buf bytes.Buffer
	w := safeLines{&buf}
	in := "level=DEBUG msg=x url=" + hostileText + "\n"
	if n, err := w.Write([]byte(in)); n != len(in) || err != nil {
		t.Fatalf("Write = %d, %v", n, err)
	}
	out := buf.String()
	if strings.Count(out, "\n") != 1 || !strings.HasSuffix(out, "\n") {
		t.Errorf("not one line: %q", out)
	}
	if r, bad := rawControl(out); bad {
		t.Errorf("%U written raw: %q", r, out)
	}
}
