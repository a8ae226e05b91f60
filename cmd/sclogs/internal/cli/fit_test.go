package cli

import (
	"strings"
	"testing"

	"github.com/sclogs/sclogs/cmd/sclogs/internal/termwidth"
	"github.com/sclogs/sclogs/sclogstest"
)

// On an 80-column terminal no line of list's or doctor's output is wider
// than 80; --wide and -o wide keep every cell whole.
func TestTablesFitTerminal(t *testing.T) {
	srv := sclogstest.NewServer()
	defer srv.Close()
	env := fakeEnv(srv)
	for _, args := range [][]string{
		{"list", "2", "--limit", "30"},
		{"doctor", "2"},
		{"doctor", "1", "--utc"},
	} {
		code, out, errOut := runApp(t, env, width80, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		for _, line := range strings.Split(out, "\n") {
			if w := termwidth.String(line); w > 80 {
				t.Errorf("%v: line %d columns wide:\n%s", args, w, line)
			}
		}
		t.Logf("%v:\n%s", args, out)
	}
	_, wide, _ := runApp(t, env, width80, "list", "2", "--limit", "5", "--wide")
	_, wideO, _ := runApp(t, env, width80, "list", "2", "--limit", "5", "-o", "wide")
	if wide != wideO || !strings.Contains(wide, "consumer_secret=[REDACTED]") || strings.Contains(wide, "…") {
		t.Errorf("--wide:\n%s\n-o wide:\n%s", wide, wideO)
	}
}
