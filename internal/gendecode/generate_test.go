package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestKindsUpToDate checks that kinds/kindsdecode/decode.gen.go, which its fuzz test
// holds to encoding/json's behaviour, is what the generator makes today.
func TestKindsUpToDate(t *testing.T) {
	got, err := generate("kinds", "kinds/kindsdecode/decode.gen.go", []string{"Root"})
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("kinds", "kindsdecode", "decode.gen.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("kinds/kindsdecode/decode.gen.go is stale: run go generate ./internal/gendecode/kinds")
	}
}

// TestRootErrors checks that a root the generator cannot decode stops it,
// rather than leaving the caller with no decoder.
func TestRootErrors(t *testing.T) {
	for _, root := range []string{"Missing", "Embeds", "Union", "Stringly", "Status"} {
		if _, err := generate("kinds", "kinds/kindsdecode/decode.gen.go", []string{root}); err == nil || !strings.Contains(err.Error(), root) {
			t.Errorf("root %s: err = %v", root, err)
		}
	}
}
