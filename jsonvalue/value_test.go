package jsonvalue_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/sclogs/sclogs/jsonvalue"
)

// helperCase is one input and what every reader must say about it.
type helperCase struct {
	name     string
	in       jsonvalue.Value
	kind     jsonvalue.Kind
	isNull   bool
	str      string // AsString result when strOK
	strOK    bool
	obj      map[string]any // AsObject result when objOK
	objOK    bool
	text     string
	marshals string // MarshalJSON output
}

var helperCases = []helperCase{
	{name: "absent", in: nil, kind: jsonvalue.Absent, isNull: true, text: "", marshals: "null"},
	{name: "empty non-nil", in: jsonvalue.Value{}, kind: jsonvalue.Absent, isNull: true, text: "", marshals: "null"},
	{name: "null", in: jsonvalue.Value(`null`), kind: jsonvalue.Null, isNull: true, text: "", marshals: "null"},
	{
		name: "string", in: jsonvalue.Value(`"hello"`), kind: jsonvalue.String,
		str: "hello", strOK: true, text: "hello", marshals: `"hello"`,
	},
	{
		name: "empty string", in: jsonvalue.Value(`""`), kind: jsonvalue.String,
		str: "", strOK: true, text: "", marshals: `""`,
	},
	{
		name: "escaped string", in: jsonvalue.Value(`"a\"b\u00e9\n"`), kind: jsonvalue.String,
		str: "a\"bé\n", strOK: true, text: "a\"bé\n", marshals: `"a\"b\u00e9\n"`,
	},
	{
		// A string that holds JSON is still a string: the API sends both forms.
		name: "string holding JSON", in: jsonvalue.Value(`"{\"a\":1}"`), kind: jsonvalue.String,
		str: `{"a":1}`, strOK: true, text: `{"a":1}`, marshals: `"{\"a\":1}"`,
	},
	{
		name: "object", in: jsonvalue.Value(`{"a":1,"b":"x","c":null}`), kind: jsonvalue.Object,
		obj: map[string]any{"a": 1.0, "b": "x", "c": nil}, objOK: true,
		text: `{"a":1,"b":"x","c":null}`, marshals: `{"a":1,"b":"x","c":null}`,
	},
	{
		name: "empty object", in: jsonvalue.Value(`{}`), kind: jsonvalue.Object,
		obj: map[string]any{}, objOK: true, text: `{}`, marshals: `{}`,
	},
	{
		name: "object after whitespace", in: jsonvalue.Value(" \n\t{\"k\":\"v\"}"), kind: jsonvalue.Object,
		obj: map[string]any{"k": "v"}, objOK: true, text: " \n\t{\"k\":\"v\"}", marshals: " \n\t{\"k\":\"v\"}",
	},
	{name: "array", in: jsonvalue.Value(`[1,"a"]`), kind: jsonvalue.Array, text: `[1,"a"]`, marshals: `[1,"a"]`},
	{name: "number", in: jsonvalue.Value(`-1.5e3`), kind: jsonvalue.Number, text: `-1.5e3`, marshals: `-1.5e3`},
	{name: "true", in: jsonvalue.Value(`true`), kind: jsonvalue.Bool, text: `true`, marshals: `true`},
	{name: "false", in: jsonvalue.Value(`false`), kind: jsonvalue.Bool, text: `false`, marshals: `false`},
}

func TestHelpers(t *testing.T) {
	for _, tc := range helperCases {
		t.Run(tc.name, func(t *testing.T) {
			v := tc.in
			if got := v.Kind(); got != tc.kind {
				t.Errorf("Kind() = %v, want %v", got, tc.kind)
			}
			if got := v.IsNull(); got != tc.isNull {
				t.Errorf("IsNull() = %v, want %v", got, tc.isNull)
			}
			s, ok := v.AsString()
			if ok != tc.strOK || s != tc.str {
				t.Errorf("AsString() = %q, %v; want %q, %v", s, ok, tc.str, tc.strOK)
			}
			m, ok := v.AsObject()
			if ok != tc.objOK || !reflect.DeepEqual(m, tc.obj) {
				t.Errorf("AsObject() = %#v, %v; want %#v, %v", m, ok, tc.obj, tc.objOK)
			}
			if got := v.Text(); got != tc.text {
				t.Errorf("Text() = %q, want %q", got, tc.text)
			}
			if got := v.Raw(); !bytes.Equal(got, v) {
				t.Errorf("Raw() = %q, want %q", got, v)
			}
			b, err := v.MarshalJSON()
			if err != nil || string(b) != tc.marshals {
				t.Errorf("MarshalJSON() = %q, %v; want %q", b, err, tc.marshals)
			}
		})
	}
}

func TestRawAbsentIsNil(t *testing.T) {
	var v jsonvalue.Value
	if v.Raw() != nil {
		t.Fatalf("Raw() of an absent value = %q, want nil", v.Raw())
	}
}

func TestKindString(t *testing.T) {
	want := map[jsonvalue.Kind]string{
		jsonvalue.Absent: "absent", jsonvalue.Null: "null", jsonvalue.String: "string",
		jsonvalue.Object: "object", jsonvalue.Array: "array", jsonvalue.Number: "number",
		jsonvalue.Bool: "bool", jsonvalue.Kind(-1): "invalid", jsonvalue.Kind(99): "invalid",
	}
	for k, name := range want {
		if got := k.String(); got != name {
			t.Errorf("Kind(%d).String() = %q, want %q", int(k), got, name)
		}
	}
}

func TestDecode(t *testing.T) {
	t.Run("object into struct", func(t *testing.T) {
		var dst struct {
			Note string `json:"note"`
		}
		if err := jsonvalue.Value(`{"note":"Success"}`).Decode(&dst); err != nil {
			t.Fatal(err)
		}
		if dst.Note != "Success" {
			t.Fatalf("Note = %q", dst.Note)
		}
	})
	t.Run("string", func(t *testing.T) {
		var dst string
		if err := jsonvalue.Value(`"x"`).Decode(&dst); err != nil || dst != "x" {
			t.Fatalf("Decode = %q, %v", dst, err)
		}
	})
	t.Run("null leaves dst alone", func(t *testing.T) {
		dst := "keep"
		if err := jsonvalue.Value(`null`).Decode(&dst); err != nil || dst != "keep" {
			t.Fatalf("Decode = %q, %v", dst, err)
		}
	})
	t.Run("absent is an error", func(t *testing.T) {
		var dst string
		err := jsonvalue.Value(nil).Decode(&dst)
		if err == nil || !strings.Contains(err.Error(), "no value") {
			t.Fatalf("Decode(absent) error = %v, want a 'no value' error", err)
		}
	})
	t.Run("type mismatch is an error", func(t *testing.T) {
		var dst int
		if err := jsonvalue.Value(`"x"`).Decode(&dst); err == nil {
			t.Fatal("Decode of a string into an int succeeded")
		}
	})
	t.Run("array", func(t *testing.T) {
		var dst []int
		if err := jsonvalue.Value(`[1,2]`).Decode(&dst); err != nil || !reflect.DeepEqual(dst, []int{1, 2}) {
			t.Fatalf("Decode = %v, %v", dst, err)
		}
	})
}

func TestUnmarshalJSON(t *testing.T) {
	t.Run("keeps a copy", func(t *testing.T) {
		src := []byte(`{"a":1}`)
		var v jsonvalue.Value
		if err := v.UnmarshalJSON(src); err != nil {
			t.Fatal(err)
		}
		src[2] = 'X' // the decoder may reuse its buffer; the value must not change
		if string(v) != `{"a":1}` {
			t.Fatalf("value changed with its source: %q", v)
		}
	})
	t.Run("nil pointer", func(t *testing.T) {
		var p *jsonvalue.Value
		if err := p.UnmarshalJSON([]byte(`1`)); err == nil {
			t.Fatal("UnmarshalJSON on a nil pointer succeeded")
		}
	})
	t.Run("every kind through encoding/json", func(t *testing.T) {
		for in, kind := range map[string]jsonvalue.Kind{
			`null`: jsonvalue.Null, `"s"`: jsonvalue.String, `{"a":[1]}`: jsonvalue.Object,
			`[{}]`: jsonvalue.Array, `0`: jsonvalue.Number, `false`: jsonvalue.Bool,
		} {
			var v jsonvalue.Value
			if err := json.Unmarshal([]byte(" "+in+"\n"), &v); err != nil {
				t.Fatalf("%s: %v", in, err)
			}
			if string(v) != in || v.Kind() != kind {
				t.Errorf("%s: got %q kind %v, want kind %v", in, v, v.Kind(), kind)
			}
		}
	})
	t.Run("invalid JSON is refused by encoding/json", func(t *testing.T) {
		var v jsonvalue.Value
		for _, in := range []string{`{"a":`, `<html>`, `nul`, ``} {
			if err := json.Unmarshal([]byte(in), &v); err == nil {
				t.Errorf("%q: no error", in)
			}
		}
	})
}

func TestOf(t *testing.T) {
	for _, tc := range []struct {
		in   any
		want string
		kind jsonvalue.Kind
	}{
		{"text", `"text"`, jsonvalue.String},
		{map[string]string{"k": "v"}, `{"k":"v"}`, jsonvalue.Object},
		{nil, `null`, jsonvalue.Null},
		{[]int{1}, `[1]`, jsonvalue.Array},
		{json.RawMessage(`{"raw":true}`), `{"raw":true}`, jsonvalue.Object},
	} {
		v, err := jsonvalue.Of(tc.in)
		if err != nil || string(v) != tc.want || v.Kind() != tc.kind {
			t.Errorf("Of(%#v) = %q (%v), %v; want %q (%v)", tc.in, v, v.Kind(), err, tc.want, tc.kind)
		}
		if got := jsonvalue.MustOf(tc.in); string(got) != tc.want {
			t.Errorf("MustOf(%#v) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if _, err := jsonvalue.Of(make(chan int)); err == nil {
		t.Error("Of(chan) succeeded")
	}
}

func TestMustOfPanicsOnUnmarshalable(t *testing.T) {
	defer func() {
		r := recover()
		msg, _ := r.(string)
		if !strings.HasPrefix(msg, "jsonvalue.MustOf: ") {
			t.Fatalf("recover() = %#v, want a jsonvalue.MustOf panic", r)
		}
	}()
	jsonvalue.MustOf(func() {})
}

// record mirrors how gen/ uses Value: a plain field with omitempty.
type record struct {
	Body    jsonvalue.Value `json:"body,omitempty"`
	Headers jsonvalue.Value `json:"headers,omitempty"`
	Extra   jsonvalue.Value `json:"extra,omitempty"`
}

func TestStructRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name  string
		in    string
		kinds [3]jsonvalue.Kind // Body, Headers, Extra
	}{
		{"all absent", `{}`, [3]jsonvalue.Kind{}},
		{"null stays null", `{"body":null,"headers":null}`, [3]jsonvalue.Kind{jsonvalue.Null, jsonvalue.Null, jsonvalue.Absent}},
		{
			"string, object and absent", `{"body":"plain text","headers":{"Content-Type":"text/html; charset=utf-8","X":["a","b"]}}`,
			[3]jsonvalue.Kind{jsonvalue.String, jsonvalue.Object, jsonvalue.Absent},
		},
		{
			"key order and number text kept", `{"body":{"z":1,"a":1.50,"m":1e2},"extra":""}`,
			[3]jsonvalue.Kind{jsonvalue.Object, jsonvalue.Absent, jsonvalue.String},
		},
		{"array and bool", `{"body":[3,1,2],"headers":true,"extra":0}`, [3]jsonvalue.Kind{jsonvalue.Array, jsonvalue.Bool, jsonvalue.Number}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var r record
			if err := json.Unmarshal([]byte(tc.in), &r); err != nil {
				t.Fatal(err)
			}
			got := [3]jsonvalue.Kind{r.Body.Kind(), r.Headers.Kind(), r.Extra.Kind()}
			if got != tc.kinds {
				t.Errorf("kinds = %v, want %v", got, tc.kinds)
			}
			out, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			if string(out) != tc.in {
				t.Errorf("round trip:\n got %s\nwant %s", out, tc.in)
			}
		})
	}
}

func TestAbsentWithoutOmitemptyMarshalsNull(t *testing.T) {
	out, err := json.Marshal(struct {
		V jsonvalue.Value `json:"v"`
	}{})
	if err != nil || string(out) != `{"v":null}` {
		t.Fatalf("Marshal = %s, %v; want {\"v\":null}", out, err)
	}
}

// encoding/json compacts a Marshaler's output and, by default, escapes <, >
// and &. The value itself keeps the bytes; an Encoder with SetEscapeHTML(false)
// writes them unchanged. This pins that behaviour for the CLI's JSON output.
func TestHTMLEscaping(t *testing.T) {
	const in = `{"body":"<!doctype html>\n<p>a & b</p>"}`
	var r record
	if err := json.Unmarshal([]byte(in), &r); err != nil {
		t.Fatal(err)
	}
	if b, _ := r.Body.MarshalJSON(); string(b) != `"<!doctype html>\n<p>a & b</p>"` {
		t.Errorf("MarshalJSON changed the bytes: %s", b)
	}
	out, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"body":"\u003c!doctype html\u003e\n\u003cp\u003ea \u0026 b\u003c/p\u003e"}`; string(out) != want {
		t.Errorf("json.Marshal = %s, want %s", out, want)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSuffix(buf.String(), "\n"); got != in {
		t.Errorf("Encoder without HTML escaping = %s, want %s", got, in)
	}
}

// trimJSONSpace drops the whitespace JSON allows around a value; encoding/json
// hands UnmarshalJSON the value without it.
func trimJSONSpace(b []byte) []byte { return bytes.Trim(b, " \t\r\n") }

// FuzzValueRoundTrip checks, for any input: the readers never panic; invalid
// JSON is refused; valid JSON is kept byte for byte, its Kind matches what
// encoding/json decodes, and a struct round trip with omitempty gives exactly
// the compacted (HTML-escaped) input and is stable. Seeds: testdata/fuzz.
func FuzzValueRoundTrip(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		// Any bytes, even invalid, may sit in a hand-built Value: no panics.
		raw := jsonvalue.Value(data)
		_, _ = raw.AsString()
		_, _ = raw.AsObject()
		_ = raw.Text()
		_ = raw.IsNull()
		_ = raw.Kind().String()
		var sink any
		_ = raw.Decode(&sink)

		var v jsonvalue.Value
		err := json.Unmarshal(data, &v)
		if !json.Valid(data) {
			if err == nil {
				t.Fatalf("invalid JSON %q accepted", data)
			}
			return
		}
		if err != nil {
			t.Fatalf("valid JSON %q refused: %v", data, err)
		}
		if !bytes.Equal(v, trimJSONSpace(data)) {
			t.Fatalf("kept %q, want %q", v, trimJSONSpace(data))
		}
		if b, err := v.MarshalJSON(); err != nil || !bytes.Equal(b, v) {
			t.Fatalf("MarshalJSON = %q, %v; want %q", b, err, v)
		}

		// Kind agrees with encoding/json (UseNumber: 1e999 is still a number).
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var decoded any
		if err := dec.Decode(&decoded); err != nil {
			t.Fatalf("decode %q: %v", data, err)
		}
		var want jsonvalue.Kind
		switch decoded.(type) {
		case nil:
			want = jsonvalue.Null
		case string:
			want = jsonvalue.String
		case map[string]any:
			want = jsonvalue.Object
		case []any:
			want = jsonvalue.Array
		case json.Number:
			want = jsonvalue.Number
		case bool:
			want = jsonvalue.Bool
		}
		if v.Kind() != want {
			t.Fatalf("Kind(%q) = %v, want %v", data, v.Kind(), want)
		}
		if v.IsNull() != (want == jsonvalue.Null) {
			t.Fatalf("IsNull(%q) = %v", data, v.IsNull())
		}
		s, ok := v.AsString()
		if ok != (want == jsonvalue.String) || (ok && s != decoded) {
			t.Fatalf("AsString(%q) = %q, %v", data, s, ok)
		}
		if ok && v.Text() != s {
			t.Fatalf("Text(%q) = %q, want %q", data, v.Text(), s)
		}
		if _, ok := v.AsObject(); ok && want != jsonvalue.Object {
			t.Fatalf("AsObject(%q) ok for a %v", data, want)
		}

		// Inside a struct with omitempty, as in gen/.
		doc := append(append([]byte(`{"v":`), data...), '}')
		var r struct {
			V jsonvalue.Value `json:"v,omitempty"`
		}
		if err := json.Unmarshal(doc, &r); err != nil {
			t.Fatalf("unmarshal %q: %v", doc, err)
		}
		out, err := json.Marshal(r)
		if err != nil {
			t.Fatalf("marshal %q: %v", r.V, err)
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, data); err != nil {
			t.Fatal(err)
		}
		var escaped bytes.Buffer
		json.HTMLEscape(&escaped, compact.Bytes())
		wantOut := `{"v":` + escaped.String() + `}`
		if string(out) != wantOut {
			t.Fatalf("struct round trip of %q = %s, want %s", data, out, wantOut)
		}
		var again struct {
			V jsonvalue.Value `json:"v,omitempty"`
		}
		if err := json.Unmarshal(out, &again); err != nil {
			t.Fatal(err)
		}
		if out2, err := json.Marshal(again); err != nil || !bytes.Equal(out2, out) {
			t.Fatalf("second round trip = %s, %v; want %s", out2, err, out)
		}
	})
}

// fmt prints a Value as its JSON text, whatever it holds: a string with its
// quotes, an object as an object, absent as nothing (not as a list of bytes).
func TestFmtPrintsJSONText(t *testing.T) {
	for _, c := range helperCases {
		t.Run(c.name, func(t *testing.T) {
			want := string(c.in)
			for _, verb := range []string{"%v", "%s", "%+v"} {
				if got := fmt.Sprintf(verb, c.in); got != want {
					t.Errorf("Sprintf(%s) = %q, want %q", verb, got, want)
				}
			}
			if got := c.in.String(); got != want {
				t.Errorf("String() = %q, want %q", got, want)
			}
		})
	}
	type rec struct{ Body jsonvalue.Value }
	if got := fmt.Sprintf("%+v", rec{Body: jsonvalue.Value(`{"a":"b"}`)}); got != `{Body:{"a":"b"}}` {
		t.Errorf(`%%+v of a struct = %s, want {Body:{"a":"b"}}`, got)
	}
}
