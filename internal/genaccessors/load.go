package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// pkg is what the generator needs to know of the generated package.
type pkg struct {
	name    string
	fset    *token.FileSet
	types   []*dataType                // sorted by name
	structs map[string]bool            // every struct type declared in the package
	imports map[string]string          // package name -> import path, over all files
	methods map[string]map[string]bool // type name -> its declared method names
}

// dataType is a struct type whose fields map to JSON: a schema, a request
// body or a parameter set. The client and response wrappers are left out.
type dataType struct {
	name   string
	fields []field // sorted by name
}

type field struct {
	name string
	typ  ast.Expr
}

// load parses dir's non-test Go files except out (the previous output, which
// may name types the spec no longer has).
func load(dir, out string) (*pkg, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	p := &pkg{fset: token.NewFileSet(), structs: map[string]bool{}, imports: map[string]string{},
		methods: map[string]map[string]bool{}}
	candidates := map[string]*ast.StructType{}
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") || n == out {
			continue
		}
		f, err := parser.ParseFile(p.fset, path.Join(dir, n), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		if p.name != "" && p.name != f.Name.Name {
			return nil, fmt.Errorf("%s: package %s, want %s", n, f.Name.Name, p.name)
		}
		p.name = f.Name.Name
		if err := p.addImports(f); err != nil {
			return nil, err
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				for _, s := range d.Specs {
					ts, ok := s.(*ast.TypeSpec)
					if !ok || ts.Assign.IsValid() || ts.TypeParams != nil {
						continue
					}
					if st, ok := ts.Type.(*ast.StructType); ok {
						p.structs[ts.Name.Name] = true
						if ast.IsExported(ts.Name.Name) && hasJSONTags(st) {
							candidates[ts.Name.Name] = st
						}
					}
				}
			case *ast.FuncDecl:
				if recv := receiverType(d); recv != "" {
					if p.methods[recv] == nil {
						p.methods[recv] = map[string]bool{}
					}
					p.methods[recv][d.Name.Name] = true
				}
			}
		}
	}
	if p.name == "" {
		return nil, fmt.Errorf("no Go files in %s", dir)
	}
	for name, st := range candidates {
		dt := &dataType{name: name}
		for _, f := range st.Fields.List {
			for _, id := range f.Names { // embedded fields have no names: skipped
				if ast.IsExported(id.Name) {
					dt.fields = append(dt.fields, field{name: id.Name, typ: f.Type})
				}
			}
		}
		sort.Slice(dt.fields, func(i, j int) bool { return dt.fields[i].name < dt.fields[j].name })
		p.types = append(p.types, dt)
	}
	sort.Slice(p.types, func(i, j int) bool { return p.types[i].name < p.types[j].name })
	return p, nil
}

// majorSuffix matches a module's major version element, e.g. "/v2".
var majorSuffix = regexp.MustCompile(`/v[0-9]+$`)

func (p *pkg) addImports(f *ast.File) error {
	for _, imp := range f.Imports {
		ipath, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			return err
		}
		name := path.Base(majorSuffix.ReplaceAllString(ipath, ""))
		if imp.Name != nil {
			name = imp.Name.Name
		}
		if name == "_" || name == "." {
			continue
		}
		if prev, ok := p.imports[name]; ok && prev != ipath {
			return fmt.Errorf("package name %s stands for both %s and %s", name, prev, ipath)
		}
		p.imports[name] = ipath
	}
	return nil
}

// hasJSONTags reports whether any field of st has a json struct tag.
func hasJSONTags(st *ast.StructType) bool {
	for _, f := range st.Fields.List {
		if f.Tag == nil {
			continue
		}
		tag, err := strconv.Unquote(f.Tag.Value)
		if err == nil && reflect.StructTag(tag).Get("json") != "" {
			return true
		}
	}
	return false
}

// receiverType returns the name of a method's receiver type ("" for a
// function).
func receiverType(d *ast.FuncDecl) string {
	if d.Recv == nil || len(d.Recv.List) == 0 {
		return ""
	}
	t := d.Recv.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	switch t := t.(type) {
	case *ast.Ident:
		return t.Name
	case *ast.IndexExpr:
		if id, ok := t.X.(*ast.Ident); ok {
			return id.Name
		}
	}
	return ""
}
