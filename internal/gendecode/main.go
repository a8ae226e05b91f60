// Command gendecode writes reflection-free JSON decoders for the generated
// types in gen/, as functions in a package of their own (internal/decode),
// so that no public package's documentation shows the decoders' runtime
// (internal/jsonscan): an unexported decodeT for every struct T reachable
// from the root types, and for each root R the functions R(data, *R) and
// RFrom(*jsonscan.Decoder, *R); beside each decoder a checker (checkT, and
// CheckR(data) and CheckRFrom(*jsonscan.Decoder) for the roots) that makes
// the same reads and accepts exactly what the decoder accepts, building
// nothing (check.go). It reads gen's source with go/ast, so it
// runs even when the file it replaces no longer compiles, and it runs after
// oapi-codegen in `go generate` (generate.go), so `make check-generated`
// covers its output.
//
//	gendecode -dir gen -out internal/decode/decode.gen.go -roots IntegrationLogPage,IntegrationLog
//
// A field whose type it does not know (a map, an interface, a union with its
// own UnmarshalJSON) is decoded by encoding/json itself, so the decoders keep
// encoding/json's semantics whatever oapi-codegen generates.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
)

func main() {
	dir := flag.String("dir", "gen", "the directory of the package whose types are decoded")
	out := flag.String("out", "internal/decode/decode.gen.go", "output file, in a package of its own (named after its directory)")
	roots := flag.String("roots", "", "comma-separated types that get exported decoders")
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
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gendecode:", err)
		os.Exit(1)
	}
}
