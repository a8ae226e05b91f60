// Package jsonvalue holds one JSON value exactly as it was received, for the
// fields of the Sendcloud spec whose type is a list of JSON types (OpenAPI 3.1
// `type: [string, object, 'null']` and the like).
//
// oapi-codegen cannot generate such fields, and `interface{}` would lose the
// distinction between a string that holds JSON and an object. A [Value] keeps
// the bytes, so a record marshals back to the JSON the API sent (encoding/json
// compacts the bytes and, unless told SetEscapeHTML(false), escapes <, > and
// &: the same JSON value, not always the same bytes), and offers typed
// readers: [Value.Kind], [Value.AsString], [Value.AsObject], [Value.Decode],
// [Value.Text]. fmt prints a Value as its JSON text ([Value.String]).
// gen/ refers to it through `x-go-type` in api/overlay.yaml.
package jsonvalue

import (
	"bytes"
	"encoding/json"
	"errors"
)

// Kind says which JSON type a [Value] holds.
type Kind int

// The kinds a [Value] can hold. Absent is the zero Value: the field was not in
// the document at all, which is different from an explicit null.
const (
	Absent Kind = iota
	Null
	String
	Object
	Array
	Number
	Bool
)

var kindNames = [...]string{"absent", "null", "string", "object", "array", "number", "bool"}

// String returns the kind's lower-case name, e.g. "object".
func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return "invalid"
	}
	return kindNames[k]
}

// Value is one JSON value kept as its raw bytes. The zero Value is Absent; with
// `omitempty` it is left out when marshalled, so a field the API did not send
// is not sent back either.
type Value []byte

// Of marshals v into a Value; it is meant for building records in tests and
// fakes, e.g. jsonvalue.Of("text") or jsonvalue.Of(map[string]string{…}).
func Of(v any) (Value, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return Value(b), nil
}

// MustOf is [Of] for values that always marshal (strings, maps of strings); it
// panics otherwise, so use it only with literals.
func MustOf(v any) Value {
	val, err := Of(v)
	if err != nil {
		panic("jsonvalue.MustOf: " + err.Error())
	}
	return val
}

// Kind reports which JSON type v holds, judged by its first byte.
func (v Value) Kind() Kind {
	b := bytes.TrimLeft(v, " \t\r\n")
	if len(b) == 0 {
		return Absent
	}
	switch b[0] {
	case 'n':
		return Null
	case '"':
		return String
	case '{':
		return Object
	case '[':
		return Array
	case 't', 'f':
		return Bool
	default:
		return Number
	}
}

// IsNull reports whether v is JSON null or absent: either way there is nothing
// to read.
func (v Value) IsNull() bool {
	k := v.Kind()
	return k == Null || k == Absent
}

// AsString returns the string v holds; ok is false when v is not a JSON string.
func (v Value) AsString() (s string, ok bool) {
	if v.Kind() != String {
		return "", false
	}
	if err := json.Unmarshal(v, &s); err != nil {
		return "", false
	}
	return s, true
}

// AsObject returns the object v holds; ok is false when v is not a JSON object.
func (v Value) AsObject() (m map[string]any, ok bool) {
	if v.Kind() != Object {
		return nil, false
	}
	if err := json.Unmarshal(v, &m); err != nil {
		return nil, false
	}
	return m, true
}

// Decode unmarshals v into dst, like json.Unmarshal. An absent value is an
// error; null leaves dst as json.Unmarshal would.
func (v Value) Decode(dst any) error {
	if v.Kind() == Absent {
		return errors.New("jsonvalue: no value to decode")
	}
	return json.Unmarshal(v, dst)
}

// Text returns the value for display: a string's text, or the raw JSON of
// anything else ("" when absent or null).
func (v Value) Text() string {
	if s, ok := v.AsString(); ok {
		return s
	}
	if v.IsNull() {
		return ""
	}
	return string(v)
}

// String returns the JSON text as received ("" when absent), so fmt's %v and
// %s print the value, not its bytes: a string body prints with its quotes,
// an object as an object. Use [Value.Text] for a string's text unquoted.
func (v Value) String() string { return string(v) }

// Raw returns the JSON bytes as received (nil when absent).
func (v Value) Raw() json.RawMessage { return json.RawMessage(v) }

// MarshalJSON returns the bytes as received; an absent value marshals as null.
func (v Value) MarshalJSON() ([]byte, error) {
	if len(v) == 0 {
		return []byte("null"), nil
	}
	return v, nil
}

// UnmarshalJSON keeps a copy of data. encoding/json has already checked that
// data is one well-formed JSON value, null included.
func (v *Value) UnmarshalJSON(data []byte) error {
	if v == nil {
		return errors.New("jsonvalue: UnmarshalJSON on nil pointer")
	}
	*v = append(Value(nil), data...)
	return nil
}
