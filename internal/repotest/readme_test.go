package repotest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/jsonvalue"
	"github.com/sclogs/sclogs/sclogstest"
)

// The README's library example is a whole program: it builds in a module of
// its own, and against the fake it prints every record, with string and
// object bodies alike, and turns a missing integration into its message.
func TestREADMELibraryExample(t *testing.T) {
	src := readmeGoBlock(t, "## Library")
	f, err := parser.ParseFile(token.NewFileSet(), "main.go", src, 0)
	if err != nil {
		t.Fatalf("README's library example does not parse: %v", err)
	}
	ast.Inspect(f, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name == "log" {
			t.Errorf("README's library example names something log, hiding the log package")
		}
		return true
	})

	dir := userModule(t, src)
	runGo(t, dir, "mod", "tidy")
	bin := filepath.Join(t.TempDir(), "example")
	runGo(t, dir, "build", "-o", bin, ".")

	srv := sclogstest.NewServer(sclogstest.WithoutSeedData())
	defer srv.Close()
	code, typ, method := 502, "requests.exceptions.HTTPError", "POST"
	at := func(s string) *time.Time {
		tm, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return &tm
	}
	srv.AddLogs(7,
		gen.IntegrationLog{BaseURL: "https://shop.example", ResponseCode: &code, ExceptionType: &typ, Method: &method,
			CreatedAt: at("2025-11-24T03:39:40+01:00"),
			Response:  &gen.IntegrationLogResponse{Body: jsonvalue.Value(`"Bad Gateway\u001b[2J"`)}},
		gen.IntegrationLog{BaseURL: "https://shop.example", CreatedAt: at("2025-11-24T03:40:00+01:00"),
			Response: &gen.IntegrationLogResponse{Body: jsonvalue.Value(`{"code":"woocommerce_rest_cannot_view"}`)}},
		gen.IntegrationLog{BaseURL: "https://shop.example", CreatedAt: at("2025-11-24T03:41:00+01:00")},
	)
	env := append(os.Environ(), "SENDCLOUD_BASE_URL="+srv.URL(),
		"SENDCLOUD_PUBLIC_KEY="+sclogstest.DefaultPublicKey, "SENDCLOUD_SECRET_KEY="+sclogstest.DefaultSecretKey)

	cmd := exec.Command(bin, "7")
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("example: %v\n%s", err, out)
	}
	want := `3 2025-11-24T03:41:00+01:00  0 
  body: ""
2 2025-11-24T03:40:00+01:00  0 
  body: "{\"code\":\"woocommerce_rest_cannot_view\"}"
1 2025-11-24T03:39:40+01:00 POST 502 requests.exceptions.HTTPError
  body: "Bad Gateway\x1b[2J"
`
	if string(out) != want {
		t.Fatalf("example printed:\n%s\nwant:\n%s", out, want)
	}

	cmd = exec.Command(bin, "8")
	cmd.Env = env
	out, err = cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 || strings.TrimSpace(string(out)) != "no integration 8" {
		t.Fatalf("unknown integration: %v, %q; want exit 1 and \"no integration 8\"", err, out)
	}
}
