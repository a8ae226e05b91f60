package redact

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/sclogs/sclogs/jsonvalue"
)

// Headers returns v with the values of sensitive headers replaced by
// Placeholder. v may be a JSON object, or a JSON string holding header lines
// ("Name: value" separated by CRLF or LF) or an object written as text
// (JSON, or a Python dict's repr). Key order, spacing and every other value
// stay as they were; v is returned unchanged (same bytes) when nothing is
// sensitive, and is never modified.
func Headers(v jsonvalue.Value) jsonvalue.Value {
	out, _ := headers(v)
	return out
}

func headers(v jsonvalue.Value) (jsonvalue.Value, bool) {
	switch v.Kind() {
	case jsonvalue.Object:
		out, changed := redactPairs(v, false)
		if !changed {
			return v, false
		}
		return jsonvalue.Value(out), true
	case jsonvalue.String:
		s, ok := unquote(v)
		if !ok {
			// A String kind that does not decode is no valid JSON; keep
			// nothing of it rather than risk showing a secret.
			return jsonvalue.Value(`"` + Placeholder + `"`), true
		}
		red, changed := headerText(s)
		if !changed {
			return v, false
		}
		return encodeString(red), true
	}
	return v, false
}

// headerText redacts headers written as text: an object's text when it
// starts with '{' or '[', header lines otherwise (and as a fallback when the
// object text has no recognisable "key": value pair).
func headerText(s string) (string, bool) {
	if t := strings.TrimLeft(s, " \t\r\n"); strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[") {
		out, changed, found := scanPairs([]byte(s), true)
		if found {
			return string(out), changed
		}
	}
	return headerLines(s)
}

// headerLines redacts "Name: value" lines, keeping line endings and the
// spacing after the colon.
func headerLines(s string) (string, bool) {
	var b strings.Builder
	changed := false
	for rest := s; rest != ""; {
		line, next, hasNL := strings.Cut(rest, "\n")
		rest = next
		body, cr := strings.CutSuffix(line, "\r")
		if colon := strings.IndexByte(body, ':'); colon > 0 {
			value := body[colon+1:]
			trimmed := strings.TrimLeft(value, " \t")
			name := strings.Trim(body[:colon], " \t{}[],\"'")
			switch {
			case trimmed == "" || trimmed == Placeholder:
			case sensitiveHeader(name):
				body = body[:colon+1] + value[:len(value)-len(trimmed)] + Placeholder
				changed = true
			case urlHeader(name):
				if u := URL(trimmed); u != trimmed {
					body = body[:colon+1] + value[:len(value)-len(trimmed)] + u
					changed = true
				}
			}
		}
		b.WriteString(body)
		if cr {
			b.WriteByte('\r')
		}
		if hasNL {
			b.WriteByte('\n')
		}
	}
	if !changed {
		return s, false
	}
	return b.String(), true
}

// redactValue returns the replacement for a sensitive value: strings (also
// each string in a list) become Placeholder, null stays null, anything else
// becomes the Placeholder string.
func redactValue(v []byte, loose bool) []byte {
	if len(v) == 0 {
		return nil
	}
	switch v[0] {
	case '"', '\'':
		return []byte(string(v[0]) + Placeholder + string(v[0]))
	case '[':
		var out []byte
		last := 0
		for i := 1; i < len(v); {
			c := v[i]
			if c == '"' || (loose && c == '\'') {
				end := stringEnd(v, i)
				out = append(out, v[last:i]...)
				out = append(out, c)
				out = append(out, Placeholder...)
				out = append(out, c)
				last, i = end, end
				continue
			}
			if c != ' ' && c != ',' && c != ']' && c != '\t' && c != '\r' && c != '\n' &&
				!bytes.HasPrefix(v[i:], []byte("null")) && !bytes.HasPrefix(v[i:], []byte("None")) {
				// Not a list of strings: replace it whole.
				return []byte(`"` + Placeholder + `"`)
			}
			if c == 'n' || c == 'N' {
				i += 4
				continue
			}
			i++
		}
		return append(out, v[last:]...)
	}
	if bytes.Equal(v, []byte("null")) || bytes.Equal(v, []byte("None")) {
		return v
	}
	return []byte(`"` + Placeholder + `"`)
}

// redactURLValue redacts the query of a header value that is a URL string.
func redactURLValue(v []byte) []byte {
	if len(v) < 2 || (v[0] != '"' && v[0] != '\'') || v[len(v)-1] != v[0] {
		return nil
	}
	inner := string(v[1 : len(v)-1])
	u := URL(inner)
	if u == inner {
		return nil
	}
	return []byte(string(v[0]) + u + string(v[0]))
}

// encodeString returns s as a JSON string, without HTML escaping so that
// unchanged text stays readable.
func encodeString(s string) jsonvalue.Value {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return jsonvalue.Value(`"` + Placeholder + `"`)
	}
	return jsonvalue.Value(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

// unquote returns the text of a JSON string: directly when it has no
// escapes, through encoding/json otherwise.
func unquote(v jsonvalue.Value) (string, bool) {
	b := bytes.TrimSpace(v)
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' && bytes.IndexByte(b, '\\') < 0 {
		inner := b[1 : len(b)-1]
		if bytes.IndexByte(inner, '"') < 0 && utf8.Valid(inner) && !hasControl(inner) {
			return string(inner), true
		}
	}
	return v.AsString()
}

func hasControl(b []byte) bool {
	for _, c := range b {
		if c < 0x20 {
			return true
		}
	}
	return false
}
