package repotest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestGoDocNamesNoInternalType checks every public package of the module
// (not internal, not a command) as its users' compiler sees it: no exported
// function, method, field, variable or constant has a type from an internal
// package in its signature, so `go doc` names none (gen.IntegrationLog once
// showed DecodeJSONFrom(*jsonscan.Decoder)).
func TestGoDocNamesNoInternalType(t *testing.T) {
	t.Parallel()
	cmd := exec.Command(goBin(t), "list", "-export", "-deps", "-json=ImportPath,Name,Export,Module", "./...")
	cmd.Dir = repoRoot(t)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.Bytes())
	}
	exports := map[string]string{}
	var public []string
	for dec := json.NewDecoder(bytes.NewReader(out)); ; {
		var p struct {
			ImportPath, Name, Export string
			Module                   *struct{ Path string }
		}
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		exports[p.ImportPath] = p.Export
		if p.Module != nil && p.Module.Path == "github.com/sclogs/sclogs" && p.Name != "main" && p.Export != "" && !isInternal(p.ImportPath) {
			public = append(public, p.ImportPath)
		}
	}
	if !slices.Contains(public, "github.com/sclogs/sclogs/gen") || !slices.Contains(public, "github.com/sclogs/sclogs") {
		t.Fatalf("public packages found: %v", public)
	}
	imp := importer.ForCompiler(token.NewFileSet(), "gc", func(path string) (io.ReadCloser, error) {
		if exports[path] == "" {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(exports[path])
	})
	for _, path := range public {
		pkg, err := imp.Import(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range internalNames(pkg) {
			t.Errorf("go doc %s shows an internal type: %s", path, bad)
		}
	}
}

// TestInternalNames checks the check itself on a package made to fail it.
func TestInternalNames(t *testing.T) {
	t.Parallel()
	q := types.NewPackage("example.com/m/internal/q", "q")
	d := types.NewTypeName(token.NoPos, q, "D", nil)
	types.NewNamed(d, types.NewStruct(nil, nil), nil)
	q.Scope().Insert(d)
	q.MarkComplete()
	const src = `package p

import "example.com/m/internal/q"

type T struct{ F *q.D; hidden q.D }
type U = q.D
type L[X any] []X
type I interface{ M(map[string]q.D) }
type ok struct{ D q.D }

func (T) M(x q.D)      {}
func (T) fine(x q.D)   {}
func F() func() []q.D  { return nil }
func G(L[q.D])         {}
func H(ok) error       { return nil }
var V = make(chan q.D)
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	conf := types.Config{Importer: importerFunc(func(string) (*types.Package, error) { return q, nil })}
	pkg, err := conf.Check("example.com/m/p", fset, []*ast.File{f}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := internalNames(pkg)
	want := []string{"F", "G", "I.M", "T.F", "T.M", "U", "V"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("internalNames = %v, want %v", got, want)
	}
}

type importerFunc func(string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

func isInternal(path string) bool {
	return strings.HasSuffix(path, "/internal") || strings.Contains(path, "/internal/")
}

// internalNames lists pkg's exported names (Type.Member for fields and
// methods) whose signature names a type of an internal package.
func internalNames(pkg *types.Package) []string {
	var bad []string
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		obj := scope.Lookup(name)
		if !obj.Exported() {
			continue
		}
		tn, isType := obj.(*types.TypeName)
		if !isType || tn.IsAlias() {
			if namesInternal(obj.Type()) {
				bad = append(bad, name)
			}
			continue
		}
		named, _ := types.Unalias(tn.Type()).(*types.Named)
		if named == nil {
			continue
		}
		switch u := named.Underlying().(type) {
		case *types.Struct:
			for i := range u.NumFields() {
				if f := u.Field(i); f.Exported() && namesInternal(f.Type()) {
					bad = append(bad, name+"."+f.Name())
				}
			}
		case *types.Interface:
			for i := range u.NumMethods() {
				if m := u.Method(i); m.Exported() && namesInternal(m.Type()) {
					bad = append(bad, name+"."+m.Name())
				}
			}
		default:
			if namesInternal(u) {
				bad = append(bad, name)
			}
		}
		if _, isIface := named.Underlying().(*types.Interface); isIface {
			continue
		}
		ms := types.NewMethodSet(types.NewPointer(named))
		for i := range ms.Len() {
			if m := ms.At(i).Obj(); m.Exported() && namesInternal(m.Type()) {
				bad = append(bad, name+"."+m.Name())
			}
		}
	}
	slices.Sort(bad)
	return slices.Compact(bad)
}

// namesInternal reports whether writing t down names a type of an internal
// package. A named type of the module is checked where it is declared.
func namesInternal(t types.Type) bool {
	switch t := t.(type) {
	case *types.Alias:
		return t.Obj().Pkg() != nil && isInternal(t.Obj().Pkg().Path()) || namesInternal(types.Unalias(t))
	case *types.Named:
		if t.Obj().Pkg() != nil && isInternal(t.Obj().Pkg().Path()) {
			return true
		}
		for arg := range t.TypeArgs().Types() {
			if namesInternal(arg) {
				return true
			}
		}
		return false
	case *types.Pointer:
		return namesInternal(t.Elem())
	case *types.Slice:
		return namesInternal(t.Elem())
	case *types.Array:
		return namesInternal(t.Elem())
	case *types.Chan:
		return namesInternal(t.Elem())
	case *types.Map:
		return namesInternal(t.Key()) || namesInternal(t.Elem())
	case *types.Signature:
		for v := range t.Params().Variables() {
			if namesInternal(v.Type()) {
				return true
			}
		}
		for v := range t.Results().Variables() {
			if namesInternal(v.Type()) {
				return true
			}
		}
		return false
	case *types.Struct:
		for i := range t.NumFields() {
			if f := t.Field(i); f.Exported() && namesInternal(f.Type()) {
				return true
			}
		}
		return false
	case *types.Interface:
		for i := range t.NumMethods() {
			if m := t.Method(i); m.Exported() && namesInternal(m.Type()) {
				return true
			}
		}
		return false
	}
	return false
}
