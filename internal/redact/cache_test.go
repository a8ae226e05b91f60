package redact

import (
	"strings"
	"testing"
)

// The cache answers what classifying answers, whatever it held before:
// names that differ only in trailing zero bytes, in case, in length around
// maxCachedName, and enough names to overwrite every entry many times.
func TestNameCache(t *testing.T) {
	names := []string{"", "a", "a\x00", "\x00", "key", "key\x00", "KEY", "Key", "token", "tokens", "code", "Code", "carrier_code",
		"api%5Fkey", "api%5fkey", "x+token", strings.Repeat("a", maxCachedName-1) + "key", strings.Repeat("a", maxCachedName) + "key",
		strings.Repeat("b", maxCachedName-3) + "key", strings.Repeat("b", maxCachedName-3) + "kez", "Content-Type", "X-Api-Key"}
	for _, examples := range nameExamples {
		names = append(names, examples...)
	}
	names = append(names, plainNames...)
	for _, decode := range []bool{false, true} {
		c := new(nameCache)
		for round := 0; round < 3; round++ {
			for i, name := range names {
				for _, n := range []string{name, name + string(rune('a'+i%26))} {
					if got, want := cachedKind(c, n, decode), kindOf(n, decode); got != want {
						t.Fatalf("decode=%v round %d: cachedKind(%q) = %v, want %v", decode, round, n, got, want)
					}
					if got, want := cachedKind(c, []byte(n), decode), kindOf(n, decode); got != want {
						t.Fatalf("decode=%v round %d: cachedKind([]byte(%q)) = %v, want %v", decode, round, n, got, want)
					}
				}
			}
		}
	}
}
