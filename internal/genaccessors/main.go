// Command genaccessors writes nil-safe getters for the data types in gen/, in
// the style of go-github's github-accessors.go: for a field ID *int of
// IntegrationLog it writes
//
//	func (x *IntegrationLog) GetID() int
//
// which returns the zero value when x or x.ID is nil, so a record is read
// without nil checks while the field itself stays a pointer (absent stays
// absent when the record is encoded again). It also writes a String method
// per data type that returns the record as JSON, so fmt's %v and %+v print
// values instead of pointer addresses.
//
// It reads the package's Go files (not its own output), so it runs after
// oapi-codegen in `go generate` and covers whatever types the spec adds.
//
// Usage: go run ./internal/genaccessors -dir gen -out accessors.gen.go
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	dir := flag.String("dir", "gen", "directory of the generated package")
	out := flag.String("out", "accessors.gen.go", "output file name, inside -dir")
	flag.Parse()
	if err := run(*dir, *out); err != nil {
		fmt.Fprintln(os.Stderr, "genaccessors:", err)
		os.Exit(1)
	}
}

func run(dir, out string) error {
	if filepath.Base(out) != out {
		return fmt.Errorf("-out %q must be a file name inside -dir", out)
	}
	pkg, err := load(dir, out)
	if err != nil {
		return err
	}
	src, err := render(pkg)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, out), src, 0o644)
}
