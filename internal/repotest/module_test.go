package repotest

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// A module that imports only the library and runs `go mod tidy` gets in its
// go.mod exactly the modules whose packages the library compiles in: no code
// generator, YAML, CLI or test-only modules. (With the old root tools.go it
// got 21 indirect requirements, oapi-codegen, kin-openapi and x/tools among
// them: go mod tidy reads files of every build tag.)
func TestImporterGoModHasOnlyRuntimeModules(t *testing.T) {
	dir := userModule(t, `package main

import (
	"context"
	"fmt"

	"github.com/sclogs/sclogs"
)

func main() {
	c, err := sclogs.NewClient(sclogs.WithBasicAuth("k", "s"))
	if err != nil {
		panic(err)
	}
	for l, err := range c.Logs(context.Background(), 1, nil) {
		fmt.Println(l.GetID(), err)
		break
	}
}
`)
	runGo(t, dir, "mod", "tidy")

	var mod struct {
		Require []struct {
			Path     string
			Indirect bool
		}
	}
	if err := json.Unmarshal([]byte(runGo(t, dir, "mod", "edit", "-json")), &mod); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range mod.Require {
		if r.Path != "github.com/sclogs/sclogs" {
			got = append(got, r.Path)
		}
	}
	slices.Sort(got)
	t.Logf("go.mod of a module importing github.com/sclogs/sclogs: %d other requirements: %s", len(got), strings.Join(got, ", "))

	for _, banned := range []string{"oapi-codegen/v2", "kin-openapi", "yaml", "cobra", "pflag", "goleak",
		"golang.org/x/tools", "golang.org/x/mod", "golang.org/x/term", "speakeasy", "jsonschema"} {
		for _, p := range got {
			if strings.Contains(p, banned) {
				t.Errorf("go.mod requires %s, which the library does not compile in", p)
			}
		}
	}

	// The modules of the packages the library is built from, as the go command
	// lists them: nothing else belongs in the importer's go.mod.
	var want []string
	for _, m := range strings.Fields(runGo(t, dir, "list", "-deps", "-f", "{{with .Module}}{{.Path}}{{end}}", "github.com/sclogs/sclogs")) {
		if m != "github.com/sclogs/sclogs" && !slices.Contains(want, m) {
			want = append(want, m)
		}
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("go.mod requires\n  %s\nwant the modules the library is built from\n  %s",
			strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}

	runGo(t, dir, "build", "-o", t.TempDir(), ".")
}
