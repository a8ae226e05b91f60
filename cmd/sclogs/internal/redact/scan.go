package redact

import (
	"bytes"
	"encoding/json"
)

// redactPairs is scanPairs for bytes that must stay valid JSON.
func redactPairs(b []byte, loose bool) ([]byte, bool) {
	out, changed, _ := scanPairs(b, loose)
	return out, changed
}

// scanPairs walks b looking for `"key": value` pairs (also 'key' with single
// quotes when loose, for Python's dict repr) at any depth, and replaces the
// values of sensitive keys. It does not need b to be well formed: a value cut
// short by the end of b is redacted to the end. found reports whether any
// pair was seen at all. Work is linear in len(b).
func scanPairs(b []byte, loose bool) (out []byte, changed, found bool) {
	var buf []byte
	last := 0 // b[last:] is not yet copied to buf
	for i := 0; i < len(b); {
		q := nextQuote(b[i:], loose)
		if q < 0 {
			break
		}
		i += q
		kEnd := stringEnd(b, i)
		j := skipSpace(b, kEnd)
		if j >= len(b) || b[j] != ':' {
			i = kEnd // a string that is no key: a value, or text
			continue
		}
		found = true
		name := keyText(b[i:kEnd])
		vStart := skipSpace(b, j+1)
		vEnd := valueEnd(b, vStart, loose)
		var repl []byte
		switch classifyHeader(name) {
		case secretHeader:
			repl = redactValue(b[vStart:vEnd], loose)
		case locationHeader:
			repl = redactURLValue(b[vStart:vEnd])
		}
		if repl != nil && !bytes.Equal(repl, b[vStart:vEnd]) {
			if buf == nil {
				buf = make([]byte, 0, len(b)+2*len(Placeholder))
			}
			buf = append(buf, b[last:vStart]...)
			buf = append(buf, repl...)
			last = vEnd
			changed = true
		}
		if repl != nil || vEnd <= vStart {
			i = max(vEnd, j+1)
		} else {
			i = vStart // look inside the value: nested objects too
		}
	}
	if !changed {
		return b, false, found
	}
	return append(buf, b[last:]...), true, found
}

// stringEnd returns the index just after the string that starts with the
// quote b[i], honouring backslash escapes; len(b) when it is not closed.
func stringEnd(b []byte, i int) int {
	q := b[i]
	for j := i + 1; j < len(b); {
		k := bytes.IndexByte(b[j:], q)
		if k < 0 {
			return len(b)
		}
		j += k
		// Escaped when an odd number of backslashes comes before it.
		n := 0
		for m := j - 1; m > i && b[m] == '\\'; m-- {
			n++
		}
		if n%2 == 0 {
			return j + 1
		}
		j++
	}
	return len(b)
}

// valueEnd returns the index just after the value starting at b[i]: a quoted
// string, a bracketed object or list (strings inside honoured), or a bare
// token up to ',', '}', ']' or a line end.
func valueEnd(b []byte, i int, loose bool) int {
	if i >= len(b) {
		return len(b)
	}
	switch c := b[i]; {
	case c == '"' || (loose && c == '\''):
		return stringEnd(b, i)
	case c == '{' || c == '[':
		depth := 0
		for j := i; j < len(b); {
			switch c := b[j]; {
			case c == '"' || (loose && c == '\''):
				j = stringEnd(b, j)
				continue
			case c == '{' || c == '[':
				depth++
			case c == '}' || c == ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
			j++
		}
		return len(b)
	}
	j := i
	for j < len(b) && b[j] != ',' && b[j] != '}' && b[j] != ']' && b[j] != '\r' && b[j] != '\n' {
		j++
	}
	for j > i && (b[j-1] == ' ' || b[j-1] == '\t') {
		j--
	}
	return j
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}

// keyText returns a quoted key's text, without copying when it has no
// escapes. JSON escapes are decoded; for a single-quoted key backslashes are
// simply dropped.
func keyText(q []byte) []byte {
	if len(q) < 2 {
		return nil
	}
	inner := q[1:]
	if inner[len(inner)-1] == q[0] {
		inner = inner[:len(inner)-1]
	}
	if bytes.IndexByte(inner, '\\') < 0 {
		return inner
	}
	if q[0] == '"' {
		var s string
		if json.Unmarshal(q, &s) == nil {
			return []byte(s)
		}
	}
	return bytes.ReplaceAll(inner, []byte(`\`), nil)
}

// nextQuote is the index of the first quote in b: a double quote, or also a
// single quote when loose; -1 when there is none.
func nextQuote(b []byte, loose bool) int {
	d := bytes.IndexByte(b, '"')
	if !loose {
		return d
	}
	end := len(b)
	if d >= 0 {
		end = d
	}
	if s := bytes.IndexByte(b[:end], '\''); s >= 0 {
		return s
	}
	return d
}
