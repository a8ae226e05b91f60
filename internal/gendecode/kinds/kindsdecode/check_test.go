package kindsdecode

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sclogs/sclogs/internal/gendecode/kinds"
)

// checkSeeds add to seeds what a checker could get wrong that a decoder
// does not: every kind of field of the wrong type, out of range, null where
// null is fine, duplicate keys whose first value is bad and whose last is
// good (and the reverse), arrays at and past the limit.
var checkSeeds = []string{
	`{"str":1}`, `{"str_ptr":[]}`, `{"enum_ptr":5}`, `{"lvl":"1"}`, `{"lvl":9223372036854775808}`, `{"bool":1}`,
	`{"int64":1e2}`, `{"int8_ptr":-129}`, `{"uint16":65536}`, `{"uint16":1.0}`, `{"f32":"1"}`, `{"f32":-3.5e38}`,
	`{"f64_ptr":1e309}`, `{"when":"x"}`, `{"when_ptr":5}`, `{"when":null,"when_ptr":null}`, `{"day":5}`,
	`{"raw":tru}`, `{"raw_ptr":[1,}`, `{"msg":{"a":1,}}`, `{"strs":[1]}`, `{"strs":[null]}`, `{"strs_ptr":{}}`,
	`{"grid":[1]}`, `{"grid":[[null,1]]}`, `{"items":[null]}`, `{"items":{}}`, `{"item_ptrs":[1]}`, `{"item":[]}`,
	`{"item_ptr":"x"}`, `{"any":[1,}`, `{"map":[]}`, `{"map":{"a":1}}`, `{"map_ptr":{"a":1}}`, `{"union":null}`,
	`{"fixed":[1,2,3,4]}`, `{"fixed":["a"]}`, `{"dbl_ptr":1}`, `{"dbl_ptr":null}`, `{"stringly":{"n":"x"}}`,
	`{"lvl":"bad","lvl":1}`, `{"lvl":1,"lvl":"bad"}`, `{"items":[{"id":"x"}],"items":[{"id":1}]}`,
	`{"items":[{"id":1}],"items":[{"id":"x"}]}`, `{"LVL":"x"}`, `{"İtems":[1]}`, `[]`, `"x"`, `1`, ``, ` `,
	`{"strs":[` + strings.Repeat(`"a",`, 9999) + `"a"]}`, `{"strs":[` + strings.Repeat(`"a",`, 10000) + `"a"]}`,
	`{"unknown":[` + strings.Repeat(`0,`, 10000) + `0]}`, `{"raw":[` + strings.Repeat(`0,`, 10000) + `0]}`,
	`{"lvl":"x","str":`, `{"str":"\ud800","lvl":"x"} x`,
}

// FuzzCheckRoot holds the generated checker to its decoder: CheckRoot
// accepts exactly what Root decodes, with the same error, into a fresh value
// and into what an earlier document left (whether a document decodes does
// not depend on the destination, which the checker never sees).
func FuzzCheckRoot(f *testing.F) {
	all := append(append([]string{}, seeds...), checkSeeds...)
	for _, s := range all {
		f.Add([]byte(s), []byte(seeds[2]))
		f.Add([]byte(seeds[2]), []byte(s))
	}
	for _, c := range corpus(f, "FuzzRoot") {
		f.Add(c[0], c[1])
	}
	f.Fuzz(func(t *testing.T, first, second []byte) {
		var fresh, used kinds.Root
		for _, in := range [][]byte{first, second} {
			checked := CheckRoot(in)
			decoded := Root(in, &fresh)
			fresh = kinds.Root{}
			if (checked == nil) != (decoded == nil) || checked != nil && checked.Error() != decoded.Error() {
				t.Fatalf("input %q:\nchecker: %v\ndecoder: %v", in, checked, decoded)
			}
			if merged := Root(in, &used); (merged == nil) != (checked == nil) {
				t.Fatalf("input %q, decoded into an earlier value: %v; checker: %v", in, merged, checked)
			}
		}
	})
}

// corpus reads the inputs a fuzz target has kept (testdata/fuzz/name),
// each a list of []byte arguments.
func corpus(tb testing.TB, name string) [][][]byte {
	tb.Helper()
	files, _ := filepath.Glob(filepath.Join("testdata", "fuzz", name, "*"))
	var out [][][]byte
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			tb.Fatal(err)
		}
		var args [][]byte
		for _, line := range strings.Split(string(src), "\n")[1:] {
			if q, ok := strings.CutPrefix(line, "[]byte("); ok {
				s, err := strconv.Unquote(strings.TrimSuffix(q, ")"))
				if err != nil {
					tb.Fatalf("%s: %v", file, err)
				}
				args = append(args, []byte(s))
			}
		}
		if len(args) == 2 {
			out = append(out, args)
		}
	}
	return out
}
