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
// with `go generate` alone, and every JSON output of the CLI with no edit at
// all, redacted: the CLI writes each record's object as received, redacted
// once, whole. So does a member the spec does not know yet. The test adds a
// property holding a URL with a userinfo password and an access_token
// query, regenerates, builds the CLI from the copy and runs it against a
// server that sends that property and an unknown member holding
// {"api_key": …}.
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
	added := indent + "callback_url:\n" + indent + "  type: string\n" + indent + "  description: A property added by a test\n"
	spec = append(spec[:m[0]:m[0]], append([]byte(added), spec[m[0]:]...)...)
	if err := os.WriteFile(specPath, spec, 0o644); err != nil {
		t.Fatal(err)
	}

	runGo(t, dir, "generate", ".")
	accessors, err := os.ReadFile(filepath.Join(dir, "gen", "accessors.gen.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(accessors), "func (i *IntegrationLog) GetCallbackURL() string {") {
		t.Fatal("regeneration wrote no GetCallbackURL getter")
	}

	// The CLI, built from the regenerated copy, against a server that sends
	// the new property and a member the spec does not know.
	const record = `{"id":1,"base_url":"https://s.example","full_url":null,` +
		`"callback_url":"https://hooks:pa55w0rd-9x@shop.example/sendcloud/hook?access_token=tok-7Hq2Vx9&shop=s1",` +
		`"x_integration_meta":{"api_key":"k-Zq7Bvvu35x","plan":"gold"}}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/v3/integrations/1/logs" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"data":[` + record + `]}`))
	}))
	defer srv.Close()
	bin := filepath.Join(t.TempDir(), "sclogs")
	runGo(t, dir, "build", "-o", bin, "./cmd/sclogs")
	list := func(args ...string) string {
		cmd := exec.Command(bin, append([]string{"list", "1"}, args...)...)
		cmd.Env = append(os.Environ(), "SENDCLOUD_BASE_URL="+srv.URL+"/api/v3",
			"SENDCLOUD_PUBLIC_KEY=k", "SENDCLOUD_SECRET_KEY=s", "SENDCLOUD_CLIENT_ID=", "SENDCLOUD_CLIENT_SECRET=")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("sclogs list %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	want := `{"id":1,"base_url":"https://s.example","full_url":null,` +
		`"callback_url":"https://hooks:[REDACTED]@shop.example/sendcloud/hook?access_token=[REDACTED]&shop=s1",` +
		`"x_integration_meta":{"api_key":"[REDACTED]","plan":"gold"}}`
	if got := list("-o", "ndjson"); got != want+"\n" {
		t.Errorf("ndjson:\n got %s\nwant %s", got, want)
	}
	if got := list("-o", "json"); got != "[\n"+want+"\n]\n" {
		t.Errorf("json:\n got %s\nwant [%s]", got, want)
	}
	if got := list("-o", "ndjson", "--no-redact"); got != record+"\n" {
		t.Errorf("ndjson --no-redact:\n got %s\nwant %s", got, record)
	}
}
