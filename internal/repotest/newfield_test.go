package repotest

import (
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// propertyLine finds the spec's definition of the log's exception_type
// property (a key alone on its line, unlike the examples), to add a sibling.
var propertyLine = regexp.MustCompile(`(?m)^( +)exception_type:[ \t]*\r?\n`)

// A property added to the spec reaches the generated type and its getter
// with `go generate` alone, and the library's JSON with no edit at all. The
// CLI's NDJSON encoder is written by hand for speed: the new field either
// reaches `sclogs list -o ndjson`, or the output package's own test fails
// and names it, which is the README's "one hand edit" for a new field.
func TestNewSpecPropertyAfterRegeneration(t *testing.T) {
	if testing.Short() {
		t.Skip("copies the repository, regenerates and builds the CLI")
	}
	dir := copyRepo(t)
	specPath := filepath.Join(dir, "api", "openapi.yaml")
	spec, err := os.ReadFile(specPath)
	if err != nil {
		t.Fatal(err)
	}
	m := propertyLine.FindSubmatchIndex(spec)
	if m == nil {
		t.Fatal("api/openapi.yaml: no exception_type property definition to add a sibling to")
	}
	indent := string(spec[m[2]:m[3]])
	added := indent + "ticket_ref:\n" + indent + "  type: string\n" + indent + "  description: A property added by a test\n"
	spec = append(spec[:m[0]:m[0]], append([]byte(added), spec[m[0]:]...)...)
	if err := os.WriteFile(specPath, spec, 0o644); err != nil {
		t.Fatal(err)
	}

	runGo(t, dir, "generate", ".")
	accessors, err := os.ReadFile(filepath.Join(dir, "gen", "accessors.gen.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(accessors), "func (i *IntegrationLog) GetTicketRef() string {") {
		t.Fatal("regeneration wrote no GetTicketRef getter")
	}

	// The CLI, built from the regenerated copy, against a server that sends
	// the new property.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/v3/integrations/1/logs" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"data":[{"id":1,"base_url":"https://s.example","ticket_ref":"T-1"}]}`))
	}))
	defer srv.Close()
	bin := filepath.Join(t.TempDir(), "sclogs")
	runGo(t, dir, "build", "-o", bin, "./cmd/sclogs")
	cmd := exec.Command(bin, "list", "1", "-o", "ndjson")
	cmd.Env = append(os.Environ(), "SENDCLOUD_BASE_URL="+srv.URL+"/api/v3",
		"SENDCLOUD_PUBLIC_KEY=k", "SENDCLOUD_SECRET_KEY=s", "SENDCLOUD_CLIENT_ID=", "SENDCLOUD_CLIENT_SECRET=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("sclogs list: %v\n%s", err, out)
	}
	if strings.Contains(string(out), `"ticket_ref":"T-1"`) {
		return // reaches NDJSON without a hand edit
	}
	t.Logf("NDJSON without the new property (%s): the CLI's encoder needs the README's hand edit", strings.TrimSpace(string(out)))
	guard, err := goCommand(t, dir, []string{"GOPROXY=off"}, "test", "-count=1", "-run", "TestAppendLogKnowsEveryField",
		"./cmd/sclogs/internal/output")
	if err == nil || !strings.Contains(guard, "ticket_ref") {
		t.Fatalf("the new property is missing from NDJSON and no test of the output package names it:\n%s", guard)
	}
}
