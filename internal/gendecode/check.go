package main

import (
	"bytes"
	"fmt"
	"go/ast"
)

// The checkers: for every struct T that gets a decoder, checkT reads the
// same JSON with jsonscan's Check calls, one for each decode call that
// decodeT would make (check mirrors value case by case), so that it
// accepts exactly what decodeT accepts without building a value. Being
// generated from the same types, a property added to the spec is checked
// as soon as it is decoded.

// checks maps a predeclared type to the jsonscan call that checks a value
// for it. "%[1]s" is the Go type for the call's type argument, "%[2]q" the
// type named in errors (as in basics).
var checks = map[string]string{
	"string": "d.CheckString(%[2]q)", "bool": "d.CheckBool(%[2]q)",
	"int": "jsonscan.CheckInt[%[1]s](d, %[2]q)", "int8": "jsonscan.CheckInt[%[1]s](d, %[2]q)",
	"int16": "jsonscan.CheckInt[%[1]s](d, %[2]q)", "int32": "jsonscan.CheckInt[%[1]s](d, %[2]q)",
	"int64": "jsonscan.CheckInt[%[1]s](d, %[2]q)",
	"uint":  "jsonscan.CheckUint[%[1]s](d, %[2]q)", "uint8": "jsonscan.CheckUint[%[1]s](d, %[2]q)",
	"uint16": "jsonscan.CheckUint[%[1]s](d, %[2]q)", "uint32": "jsonscan.CheckUint[%[1]s](d, %[2]q)",
	"uint64":  "jsonscan.CheckUint[%[1]s](d, %[2]q)",
	"float32": "jsonscan.CheckFloat[%[1]s](d, %[2]q, 32)", "float64": "jsonscan.CheckFloat[%[1]s](d, %[2]q, 64)",
}

// check returns statements that check the current JSON value as value(t,
// ...) would decode it, setting err.
func (g *gen) check(t ast.Expr) string {
	typ := g.p.render(t)
	switch t := t.(type) {
	case *ast.Ident:
		if call, ok := checks[t.Name]; ok {
			return "err = " + fmt.Sprintf(call, t.Name, typ)
		}
		if _, ok := g.structs[t.Name]; ok {
			return "err = check" + t.Name + "(d)"
		}
		if under, ok := g.p.types[t.Name].(*ast.Ident); ok && !g.p.custom[t.Name] {
			if call, ok := checks[under.Name]; ok {
				return "err = " + fmt.Sprintf(call, g.typeRef(t), typ)
			}
		}
	case *ast.SelectorExpr:
		switch g.p.imports[g.p.render(t.X)] + "." + t.Sel.Name {
		case "time.Time":
			return "err = d.CheckTime()"
		case jsonvaluePath + ".Value", "encoding/json.RawMessage":
			return "err = d.CheckRaw()"
		}
	case *ast.StarExpr:
		if _, double := t.X.(*ast.StarExpr); double {
			break
		}
		null := "d.Null()"
		if arr, ok := t.X.(*ast.ArrayType); ok && arr.Len == nil {
			null = "d.NullArray()"
		}
		return "if d.Peek() == 'n' {\nerr = " + null + "\n} else {\n" + g.check(t.X) + "\n}"
	case *ast.ArrayType:
		if t.Len != nil {
			break
		}
		return fmt.Sprintf("err = jsonscan.CheckSlice(d, %s, %q)", g.checkElemFunc(t.Elt), typ)
	}
	return fmt.Sprintf("err = jsonscan.CheckFallback[%s](d, %q)", g.typeRef(t), typ)
}

// checkElemFunc returns a function that checks one element of type t.
func (g *gen) checkElemFunc(t ast.Expr) string {
	typ := g.typeRef(t)
	if id, ok := t.(*ast.Ident); ok {
		if _, ok := g.structs[id.Name]; ok {
			return "check" + id.Name
		}
	}
	if name, ok := g.checks[typ]; ok {
		return name
	}
	name := "checkElem" + ident(typ)
	g.checks[typ] = name
	fmt.Fprintf(&g.extra, "\nfunc %s(d *jsonscan.Decoder) error {\nvar err error\n%s\nreturn err\n}\n", name, g.check(t))
	return name
}

// structChecker writes checkT of struct name: decodeT's reads, nothing
// kept.
func (g *gen) structChecker(b *bytes.Buffer, name string) {
	fields := g.structs[name]
	fmt.Fprintf(b, "\n// check%s checks the JSON value at d's position as decode%s\n// would decode it, building nothing.\nfunc check%s(d *jsonscan.Decoder) error {\n", name, name, name)
	fmt.Fprintf(b, "switch d.Peek() {\ncase '{':\ncase 'n':\nreturn d.Null()\ndefault:\nreturn d.Mismatch(%q)\n}\n", g.p.name+"."+name)
	b.WriteString("if err := d.BeginObject(); err != nil {\nreturn err\n}\n")
	b.WriteString("for first := true; ; first = false {\nkey, err := d.Key(first)\nif err != nil || key == nil {\nreturn err\n}\n")
	b.WriteString("switch " + g.fieldIndex(name, fields) + " {\n")
	for i, f := range fields {
		fmt.Fprintf(b, "case %d:\n%s\n", i, g.check(f.typ))
	}
	b.WriteString("default:\nerr = d.Skip()\n}\nif err != nil {\nreturn err\n}\n}\n}\n")
}
