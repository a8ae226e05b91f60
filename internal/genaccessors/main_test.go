package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The committed getters are what the generator makes of the committed gen/
// (make check-generated says the same, but only when it is run).
func TestCommittedOutputIsCurrent(t *testing.T) {
	p, err := load("../../gen", "accessors.gen.go")
	if err != nil {
		t.Fatal(err)
	}
	want, err := render(p)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../gen/accessors.gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("gen/accessors.gen.go is stale: run `go generate .` in the repository root")
	}
}

const fixture = `package fix

import (
	"encoding/json"
	"time"
)

type Color string

type Inner struct {
	Name *string ` + "`json:\"name,omitempty\"`" + `
}

type Outer struct {
	ID     *int             ` + "`json:\"id,omitempty\"`" + `
	When   *time.Time       ` + "`json:\"when,omitempty\"`" + `
	Color  *Color           ` + "`json:\"color,omitempty\"`" + `
	In     *Inner           ` + "`json:\"in,omitempty\"`" + `
	Tags   *[]string        ` + "`json:\"tags,omitempty\"`" + `
	Raw    json.RawMessage  ` + "`json:\"raw,omitempty\"`" + `
	Base   string           ` + "`json:\"base\"`" + `
	hidden int
}

// Wrapper has no JSON tags (like oapi-codegen's response wrappers): no getters.
type Wrapper struct {
	Body    []byte
	JSON200 *Outer
}

func (w Wrapper) GetBody() []byte { return w.Body }
`

const fixtureMain = `package main

import (
	"encoding/json"
	"fmt"
	"reflect"

	"example.com/fix/fix"
)

func main() {
	var nilOuter *fix.Outer
	fmt.Printf("nil: %d %v %q %q %v %q %q\n", nilOuter.GetID(), nilOuter.GetWhen().IsZero(), nilOuter.GetColor(),
		nilOuter.GetIn().GetName(), nilOuter.GetTags() == nil, nilOuter.GetRaw(), nilOuter.GetBase())
	var o fix.Outer
	if err := json.Unmarshal([]byte(` + "`" + `{"id":7,"color":"red","in":{"name":"n<&>"},"tags":["a"],"raw":{"k":1},"base":"b"}` + "`" + `), &o); err != nil {
		panic(err)
	}
	fmt.Printf("set: %d %q %q %v %s %q %v\n", o.GetID(), o.GetColor(), o.GetIn().GetName(), o.GetTags(), o.GetRaw(), o.GetBase(), o.When == nil)
	fmt.Printf("+v: %+v\n", o)
	_, has := reflect.TypeFor[*fix.Wrapper]().MethodByName("GetJSON200")
	fmt.Printf("wrapper getters: %v\n", has)
}
`

// The getters of every kind of field, on a nil record and on a decoded one,
// and the String method, in a module built and run by the go command.
func TestGeneratedGettersBehave(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	dir := t.TempDir()
	write(t, filepath.Join(dir, "go.mod"), "module example.com/fix\n\ngo 1.24\n")
	write(t, filepath.Join(dir, "fix", "fix.go"), fixture)
	write(t, filepath.Join(dir, "main.go"), fixtureMain)
	if err := run(filepath.Join(dir, "fix"), "accessors.gen.go"); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(goBin, "run", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOPROXY=off")
	out, err := cmd.CombinedOutput()
	if err != nil {
		src, _ := os.ReadFile(filepath.Join(dir, "fix", "accessors.gen.go"))
		t.Fatalf("go run: %v\n%s\ngenerated:\n%s", err, out, src)
	}
	want := strings.Join([]string{
		`nil: 0 true "" "" true "" ""`,
		`set: 7 "red" "n<&>" [a] {"k":1} "b" true`,
		`+v: {"id":7,"color":"red","in":{"name":"n<&>"},"tags":["a"],"raw":{"k":1},"base":"b"}`,
		`wrapper getters: false`,
	}, "\n") + "\n"
	if string(out) != want {
		t.Fatalf("output:\n%s\nwant:\n%s", out, want)
	}
}

// A getter that would clash with a method the type already has stops
// generation with a message, rather than writing code that does not compile.
func TestNameClashIsAnError(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "fix.go"), "package fix\n\ntype T struct {\n\tID *int `json:\"id\"`\n}\n\nfunc (T) GetID() int { return 1 }\n")
	err := run(dir, "accessors.gen.go")
	if err == nil || !strings.Contains(err.Error(), "T already has a method or field GetID") {
		t.Fatalf("err = %v, want a clash on GetID", err)
	}
	if _, serr := os.Stat(filepath.Join(dir, "accessors.gen.go")); !os.IsNotExist(serr) {
		t.Fatal("output written despite the error")
	}
}

func TestOutMustBeAFileName(t *testing.T) {
	if err := run(t.TempDir(), "../x.go"); err == nil {
		t.Fatal("no error for -out outside -dir")
	}
}

func write(t *testing.T, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
