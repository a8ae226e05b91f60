package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// pkg is what gendecode knows of the generated package.
type pkg struct {
	name    string
	fset    *token.FileSet
	types   map[string]ast.Expr // type name → its definition
	custom  map[string]bool     // types with their own UnmarshalJSON or UnmarshalText
	imports map[string]string   // package name → import path, over all files
}

// load parses the non-test Go files of dir.
func load(dir string) (*pkg, error) {
	p := &pkg{fset: token.NewFileSet(), types: map[string]ast.Expr{}, custom: map[string]bool{}, imports: map[string]string{}}
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		f, err := parser.ParseFile(p.fset, name, src, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		p.name = f.Name.Name
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			local := path[strings.LastIndex(path, "/")+1:]
			if imp.Name != nil {
				local = imp.Name.Name
			}
			p.imports[local] = path
		}
		for _, decl := range f.Decls {
			switch decl := decl.(type) {
			case *ast.GenDecl:
				for _, spec := range decl.Specs {
					if ts, ok := spec.(*ast.TypeSpec); ok && ts.TypeParams == nil {
						p.types[ts.Name.Name] = ts.Type
					}
				}
			case *ast.FuncDecl:
				if decl.Recv != nil && (decl.Name.Name == "UnmarshalJSON" || decl.Name.Name == "UnmarshalText") {
					p.custom[recvName(decl.Recv.List[0].Type)] = true
				}
			}
		}
	}
	if p.name == "" {
		return nil, fmt.Errorf("no Go files in %s", dir)
	}
	return p, nil
}

func recvName(t ast.Expr) string {
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// render prints a type expression as Go source.
func (p *pkg) render(t ast.Expr) string {
	var b bytes.Buffer
	_ = printer.Fprint(&b, p.fset, t)
	return b.String()
}

// field is one JSON member of a struct.
type field struct {
	goName, key string
	typ         ast.Expr
}

// structFields returns the JSON members of struct st as encoding/json sees
// them, or ok=false when the struct needs more than the generator does
// (embedded fields, the string option, a tag encoding/json would ignore).
func structFields(st *ast.StructType) (fields []field, ok bool) {
	for _, f := range st.Fields.List {
		if len(f.Names) == 0 {
			return nil, false // embedded: encoding/json promotes its fields
		}
		tag := ""
		if f.Tag != nil {
			raw, _ := strconv.Unquote(f.Tag.Value)
			tag = reflect.StructTag(raw).Get("json")
		}
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		for _, o := range strings.Split(opts, ",") {
			if o != "" && o != "omitempty" && o != "omitzero" {
				return nil, false
			}
		}
		if name != "" && !validTag(name) {
			return nil, false
		}
		for _, n := range f.Names {
			if !n.IsExported() {
				continue
			}
			key := name
			if key == "" {
				key = n.Name
			}
			fields = append(fields, field{goName: n.Name, key: key, typ: f.Type})
		}
	}
	seen := map[string]bool{}
	for _, f := range fields {
		if seen[f.key] {
			return nil, false // encoding/json drops both; leave it to encoding/json
		}
		seen[f.key] = true
	}
	return fields, true
}

// validTag is encoding/json's isValidTag.
func validTag(s string) bool {
	for _, c := range s {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c):
		case !unicode.IsLetter(c) && !unicode.IsDigit(c):
			return false
		}
	}
	return true
}
