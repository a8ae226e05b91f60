// Command gendecode writes reflection-free JSON decoders for the generated
// types in gen/: a DecodeJSONFrom method (driven by internal/jsonscan) on
// every struct reachable from the root types, and DecodeJSON on the roots.
// It reads gen's source with go/ast, so it runs even when the file it
// replaces no longer compiles, and it runs after oapi-codegen in
// `go generate` (generate.go), so `make check-generated` covers its output.
//
//	gendecode -dir gen -out decode.gen.go -roots IntegrationLogPage,IntegrationLog
//
// A field whose type it does not know (a map, an interface, a union with its
// own UnmarshalJSON) is decoded by encoding/json itself, so the decoders keep
// encoding/json's semantics whatever oapi-codegen generates.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	dir := flag.String("dir", "gen", "the generated package's directory")
	out := flag.String("out", "decode.gen.go", "output file, in -dir")
	roots := flag.String("roots", "", "comma-separated types that get DecodeJSON")
	flag.Parse()
	if *roots == "" {
		fmt.Fprintln(os.Stderr, "gendecode: -roots is required")
		os.Exit(2)
	}
	src, err := generate(*dir, *out, strings.Split(*roots, ","))
	if err != nil {
		fmt.Fprintln(os.Stderr, "gendecode:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(filepath.Join(*dir, *out), src, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gendecode:", err)
		os.Exit(1)
	}
}
