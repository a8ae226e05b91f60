package kindsdecode

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/sclogs/sclogs/internal/gendecode/kinds"
)

var seeds = []string{
	`{}`, `null`, `{"str":"a","str_ptr":"b","enum":"on","enum_ptr":"off","lvl":3,"bool":true,"int64":-9223372036854775808,` +
		`"int8_ptr":-128,"uint16":65535,"f32":1.5e3,"f64_ptr":-0.25,"when":"2024-01-02T03:04:05Z","when_ptr":null,` +
		`"day":"2024-02-29","uuid":"0b6f5d9c-3d2a-4c7e-9a3b-2f1e0d9c8b7a","raw":{"a":[1]},"raw_ptr":"x","msg":[true],` +
		`"strs":["a","b"],"strs_ptr":[],"grid":[[1,2],[],null],"items":[{"id":1,"name":"n","tags":[{"k":"a","v":"b"}],"NOTE":"x"}],` +
		`"item_ptrs":[null,{"id":2}],"item":{"name":"i"},"item_ptr":{"note":"lower"},"any":{"x":[1,"y",null]},"map":{"a":1},` +
		`"map_ptr":{"a":"b"},"union":[1,2],"embeds":{"k":"promoted","extra":"e"},"node":{"name":"r","children":[{"name":"c",` +
		`"next":{"name":"n"}}]},"fixed":[1,2,3],"dbl_ptr":"dp","Untagged":"u","untagged":"u2","-":"dash key","Dash":"no",` +
		`"stringly":{"n":"42"},"private":"p"}`,
	`{"int8_ptr":128}`, `{"uint16":-1}`, `{"f32":1e39}`, `{"f64_ptr":1e400}`, `{"lvl":1.5}`, `{"enum":5}`,
	`{"strs":"x"}`, `{"grid":[[1,"a"]]}`, `{"items":[1]}`, `{"day":"2024-13-01"}`, `{"uuid":"nope"}`, `{"stringly":{"n":42}}`,
	`{"items":[{"id":1},{"id":2}],"items":[{"name":"merged"}]}`, `{"strs":["a","b","c"],"strs":["z"]}`,
	`{"node":{"children":[{"name":"a"}]},"node":{"children":[{"next":{"name":"b"}},{"name":"c"}]}}`,
	`{"item_ptr":{"id":1},"item_ptr":null,"item_ptr":{"name":"x"}}`, `{"fixed":[1]}`, `{"any":1,"any":"s"}`,
	`{"STR":"fold","Str_Ptr":"fold2","ENUM":"x","iteM":{"ID":3}}`, `{"raw":null,"msg":null,"raw_ptr":null}`,
	`{"str":"a","İSTR":"no","ſTR":"long s"}`, `{"item":{"id":1,"İD":666,"ıd":667},"embeds":{"\u212a":"kelvin","K":"k"}}`,
	`{"items":[{"ID":1,"İd":2}],"ıtem":{"id":3},"İTEM_PTR":{"id":4},"tags":[{"\u212a":"x"}]}`,
	`{"when":"2024-01-02T03:04:05+25:00"}`, `{"when":1}`, `{"when_ptr":"2024-01-02T03:04:05.999999999-07:00"}`,
	`{"embeds":{"k":1}}`, `{"union":}`, `{"str":"a"`, `{"str":"\ud83d\ude00\u00e9\ud800"}`, "{\"str\":\"\xff\"}",
	`{"grid":` + strings.Repeat("[", 9999) + strings.Repeat("]", 9999) + `}`,
	`{"grid":[` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + `]}`,
}

// FuzzRoot holds the generated decoders to encoding/json's behaviour on
// every kind of field, also when a second document is decoded into what the
// first one left.
func FuzzRoot(f *testing.F) {
	for _, s := range seeds {
		f.Add([]byte(s), []byte(seeds[2]))
		f.Add([]byte(seeds[2]), []byte(s))
	}
	f.Fuzz(func(t *testing.T, first, second []byte) {
		var got, want kinds.Root
		compare(t, first, Root(first, &got), json.Unmarshal(first, &want), &got, &want)
		compare(t, second, Root(second, &got), json.Unmarshal(second, &want), &got, &want)
	})
}

func compare(t *testing.T, input []byte, err, stdErr error, got, want *kinds.Root) {
	t.Helper()
	if (err == nil) != (stdErr == nil) {
		t.Fatalf("input %q:\ngenerated decoder: %v\nencoding/json:     %v", input, err, stdErr)
	}
	if err != nil {
		*got, *want = kinds.Root{}, kinds.Root{}
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("input %q: values differ\ngenerated decoder: %+v\nencoding/json:     %+v", input, *got, *want)
	}
}
