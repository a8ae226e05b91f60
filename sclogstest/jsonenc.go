package sclogstest

import (
	"bytes"
	"encoding/json"
	"strconv"

	"github.com/sclogs/sclogs/jsonvalue"
)

// kv is one member of an ordered JSON object.
type kv struct {
	k string
	v any
}

// obj is a JSON object that keeps its members in the order given, so headers
// read like headers rather than sorted maps.
type obj []kv

// MarshalJSON writes the members in order.
func (o obj) MarshalJSON() ([]byte, error) { return appendJSON(nil, o), nil }

// appendJSON appends v as JSON. Generated records are built from these few
// types only; writing them directly is many times faster than encoding/json
// with its reflection and re-compaction of nested Marshalers. Like Python's
// json.dumps, it leaves <, > and & alone.
func appendJSON(b []byte, v any) []byte {
	switch v := v.(type) {
	case nil:
		return append(b, "null"...)
	case string:
		return appendString(b, v)
	case int:
		return strconv.AppendInt(b, int64(v), 10)
	case bool:
		return strconv.AppendBool(b, v)
	case jsonvalue.Value:
		if len(v) == 0 {
			return append(b, "null"...)
		}
		return append(b, v...)
	case obj:
		b = append(b, '{')
		for i, m := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, m.k)
			b = append(b, ':')
			b = appendJSON(b, m.v)
		}
		return append(b, '}')
	case []obj:
		b = append(b, '[')
		for i, o := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSON(b, o)
		}
		return append(b, ']')
	}
	raw, err := encode(v) // not used by the generator; kept correct anyway
	if err != nil {
		return append(b, "null"...)
	}
	return append(b, raw...)
}

// appendString writes s as a JSON string. The generator's strings are valid
// UTF-8, which JSON allows unescaped.
func appendString(b []byte, s string) []byte {
	const digits = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c == '\n':
			b = append(b, '\\', 'n')
		case c == '\r':
			b = append(b, '\\', 'r')
		case c == '\t':
			b = append(b, '\\', 't')
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', digits[c>>4], digits[c&15])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

// encode returns v as JSON through encoding/json, without HTML escaping, for
// error documents and logs given to AddLogs.
func encode(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// jv is appendJSON for the union fields of a record.
func jv(v any) jsonvalue.Value { return jsonvalue.Value(appendJSON(nil, v)) }

// null is an explicit JSON null, as opposed to an absent field.
var null = jsonvalue.Value("null")
