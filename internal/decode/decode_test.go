package decode

import (
	"os"
	"strings"
	"testing"
)

// TestNoFallback checks that no decoder here hands a value to encoding/json
// (jsonscan's Fallback, for a type gendecode does not know): every body the
// client decodes goes through these decoders, and the request path is to
// have one JSON engine. A new field type in gen that needs the fallback
// fails this test instead of slowing down every record unnoticed.
func TestNoFallback(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("decode.gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(src), "Fallback(") {
		t.Fatal("decode.gen.go decodes a field with encoding/json (d.Fallback): teach internal/gendecode its type")
	}
}
