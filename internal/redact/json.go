package redact

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"slices"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
)

// A JSON value (a payload, a body, headers, additional_data) is walked once,
// token by token, with an explicit stack (no recursion: 9,000 nested objects
// are 9,000 small frames). The walk notes edits — spans of the input and
// what replaces them — and the edits are applied in a second pass:
//
//   - the value of a key on the list is replaced by "[REDACTED]", whole (an
//     object or array too); null and booleans stay;
//   - headers as pairs: in ["Authorization", "…"] the second element, in
//     {"name": "X-Api-Key", "value": "…"} the value (in either order);
//   - every other string, keys included, is decoded and read as text
//     (text.go); when its text is JSON itself, that JSON is walked in turn
//     (up to maxNesting levels), so the output stays valid JSON either way.

// maxNesting bounds JSON text inside JSON strings walked as JSON; deeper
// text is still read as text.
const maxNesting = 3

// edit replaces in[start:end] by repl.
type edit struct {
	start, end int
	repl       []byte
	prio       int // of two edits of one span, the higher wins
}

var placeholderJSON = []byte(`"` + Placeholder + `"`)

// frame is an open object or array. (Its flags come first, together: a
// smaller frame is quicker to push.)
type frame struct {
	object bool
	// Objects: the kind of the key whose value comes next, and the
	// name/value pair rule.
	key         nameKind
	keyIsName   bool // the key is "name", "key", "header" or "field"
	keyIsValue  bool // the key is "value"
	nameSecret  bool // a name member named a secret
	keyIsKey    bool // the key is "key": a secret, or the name of a pair
	hasValue    bool // a value member was seen
	valueEdited bool
	// Arrays: whether element 0 named a secret.
	pairSecret bool
	// The container is the value member of its parent (its span is then
	// recorded at its end).
	isValueOf  bool
	keyStart   int // the span of a "key" member's string, -1 if none
	keyEnd     int
	valueStart int // the value member's span, -1 before it is seen
	valueEnd   int
	// Arrays: the element index.
	index int
	// Where this container started.
	start int
}

// walker holds one walk's state.
type walker struct {
	in    []byte
	edits []edit
	stack []frame
	depth int // of JSON text inside strings
	// decoded holds the decoded text of the one string being read (keys
	// and values with escapes), and arena the replacements of redacted
	// strings: edits point into it. Both are reused from value to value,
	// so a record's strings cost no allocations of their own; the copy
	// applyEdits makes is the only one.
	decoded, arena []byte
	// child walks JSON text inside this walk's strings (made when first
	// needed; at most maxNesting deep).
	child *walker
	// keys and params remember the kinds of names (cache.go): keys for
	// classify, params for classifyName. A child shares its parent's.
	keys, params *nameCache
	// spaced: the walk skipped whitespace between tokens (space).
	spaced bool
	// general: no shortcut (surelyPlain, the name caches, the text scan
	// resumed where stringEnd stopped), for tests that hold the walk with
	// its shortcuts to the walk without them, byte for byte. A child
	// inherits it.
	general bool
}

// newWalker returns a walker with its name caches.
func newWalker() *walker {
	return &walker{keys: new(nameCache), params: new(nameCache)}
}

// maxKeptBuffer bounds the bytes a pooled walker keeps between values.
const maxKeptBuffer = 64 << 10

// walkers keeps walkers with their buffers between records.
var walkers = sync.Pool{New: func() any { return newWalker() }}

// redact returns v, a JSON value depth levels inside JSON strings, with its
// secrets redacted and whether anything changed; ok is false when v is not
// well-formed JSON (nothing is returned then). A redacted value is appended
// to dst (a new slice when dst is nil); v itself is returned when nothing
// changed.
func (w *walker) redact(dst, v []byte, depth int) (out []byte, changed, ok bool) {
	w.in, w.depth, w.spaced = v, depth, false
	// One assignment each: s = s[:0] writes no pointer (no write barrier).
	w.edits = w.edits[:0]
	w.stack = w.stack[:0]
	w.decoded = w.decoded[:0]
	w.arena = w.arena[:0]
	ok = w.walk()
	if ok && len(w.edits) > 0 {
		out, changed = applyEdits(dst, v, w.edits), true
	} else if ok {
		out = v
	}
	w.release()
	return out, changed, ok
}

// release lets go of the input and of buffers an odd value made large; the
// rest is kept for the next value (edits point only into the arena, or to
// placeholderJSON).
func (w *walker) release() {
	w.in = nil
	if cap(w.stack) > 256 {
		w.stack = nil
	}
	if cap(w.edits) > 256 || cap(w.arena) > maxKeptBuffer {
		w.edits, w.arena = nil, nil
	}
	if cap(w.decoded) > maxKeptBuffer {
		w.decoded = nil
	}
}

// applyEdits appends in, with the edits applied, to dst (a new slice when
// dst is nil). Edits nest or are disjoint; one inside another is dropped
// (the outer one replaces it).
func applyEdits(dst, in []byte, edits []edit) []byte {
	slices.SortFunc(edits, func(a, b edit) int {
		if a.start != b.start {
			return a.start - b.start
		}
		if a.end != b.end {
			return b.end - a.end
		}
		return b.prio - a.prio
	})
	out := dst
	if out == nil {
		out = make([]byte, 0, len(in)+len(edits)*len(Placeholder))
	}
	pos := 0
	for _, e := range edits {
		if e.start < pos {
			continue
		}
		out = append(out, in[pos:e.start]...)
		out = append(out, e.repl...)
		pos = e.end
	}
	return append(out, in[pos:]...)
}

// walk reads the whole value; false when it is not well-formed.
func (w *walker) walk() bool {
	in := w.in
	i := w.space(0)
	expectValue := true // else: ',' or a close
	for i < len(in) {
		c := in[i]
		var top *frame
		if len(w.stack) > 0 {
			top = &w.stack[len(w.stack)-1]
		}
		if !expectValue {
			switch {
			case top != nil && c == ',':
				i = w.space(i + 1)
				if top.object {
					end, ok := w.key(i, top)
					if !ok {
						return false
					}
					i = end
				} else {
					top.index++
				}
				expectValue = true
			case top != nil && (c == '}' || c == ']'):
				if (c == '}') != top.object {
					return false
				}
				i++
				w.close(i)
			default:
				return false
			}
			i = w.space(i)
			if len(w.stack) == 0 && !expectValue {
				break
			}
			continue
		}
		switch {
		case c == '{' || c == '[':
			if top != nil && w.secretValue(top) != plainName {
				end := skipValue(in, i)
				if end < 0 {
					return false
				}
				w.add(i, end, placeholderJSON, 1)
				w.valueDone(top, i, end)
				i, expectValue = end, false
				break
			}
			w.stack = append(w.stack, frame{object: c == '{', start: i, valueStart: -1, keyStart: -1,
				isValueOf: top != nil && top.object && top.keyIsValue})
			i = w.space(i + 1)
			switch {
			case i < len(in) && (in[i] == '}' || in[i] == ']'):
				expectValue = false // closed below
			case c == '{':
				end, ok := w.key(i, &w.stack[len(w.stack)-1])
				if !ok {
					return false
				}
				i = end
			}
		case c == '"':
			end, first, escaped := stringEnd(in, i)
			if end < 0 {
				return false
			}
			if !w.general && top != nil && top.object && top.key == plainName && !top.keyIsName && !top.keyIsValue {
				// The value of a plain key that names no pair (most
				// strings): of scalar only its text is left.
				if text := w.stringText(i, end, escaped); first != end-1 || !plainText(text) {
					w.text(i, end, text, first)
				}
				i, expectValue = end, false
				break
			}
			w.scalar(top, i, end, true, first, escaped)
			i, expectValue = end, false
		default:
			end := i
			for end < len(in) && isLiteral(in[end]) {
				end++
			}
			if end == i || !validLiteral(in[i:end]) {
				return false
			}
			w.scalar(top, i, end, false, end-1, false)
			i, expectValue = end, false
		}
		i = w.space(i)
		if len(w.stack) == 0 && !expectValue {
			break
		}
	}
	return len(w.stack) == 0 && !expectValue && i == len(in)
}

// key reads the key string at i and its ':' into f and returns the index
// after them.
func (w *walker) key(i int, f *frame) (int, bool) {
	if i >= len(w.in) || w.in[i] != '"' {
		return 0, false
	}
	var end, first int
	escaped, plainLetters := false, false // plainLetters: surelyPlain(text), known when first == end-1
	if w.general {
		end, first, escaped = stringEnd(w.in, i)
	} else {
		end, first, escaped, plainLetters = keyEnd(w.in, i)
	}
	if end < 0 {
		return 0, false
	}
	text := w.stringText(i, end, escaped)
	var e *cachedName
	if first == end-1 && plainLetters {
		// Most keys: nothing for the text rules (plain) nor for the list.
		f.key = plainName
	} else {
		f.key, e = cachedEntry(w.keys, text, false)
	}
	f.keyIsName, f.keyIsValue, f.keyIsKey = false, false, false
	switch len(text) { // each word below compared only at its length
	case 3:
		f.keyIsKey = equalFold(text, "key")
		f.keyIsName = f.keyIsKey
	case 4:
		f.keyIsName = equalFold(text, "name")
	case 5:
		f.keyIsName = equalFold(text, "field")
		f.keyIsValue = equalFold(text, "value")
	case 6:
		f.keyIsName = equalFold(text, "header")
	}
	f.hasValue = f.hasValue || f.keyIsValue
	// A key is text too ({"https://u:pw@h": 1}); the usual keys of a
	// record are read as text once per walker (their entry remembers).
	if e == nil && first == end-1 && plainText(text) {
		// Most keys: text would return at once.
	} else if e == nil || !e.clean {
		edits := len(w.edits)
		w.text(i, end, text, first)
		if t := skipWS(text, 0); e != nil && len(w.edits) == edits && (t == len(text) || text[t] != '{' && text[t] != '[') {
			e.clean = true
		}
	}
	end = w.space(end)
	if end >= len(w.in) || w.in[end] != ':' {
		return 0, false
	}
	return end + 1, true
}

// secretValue tells whether the value about to be read in f is a secret.
func (w *walker) secretValue(f *frame) nameKind {
	switch {
	case f.object && f.key != plainName:
		return f.key
	case f.object && f.keyIsValue && f.nameSecret:
		return secretName
	case !f.object && f.index == 1 && f.pairSecret:
		return secretName
	}
	return plainName
}

// scalar handles the string or literal in[i:end] read as a value in top
// (first and escaped as stringEnd says; end-1 and false for a literal).
func (w *walker) scalar(top *frame, i, end int, isString bool, first int, escaped bool) {
	v := w.in[i:end]
	kind := plainName
	if top != nil {
		kind = w.secretValue(top)
	}
	redact := false
	switch {
	case kind == secretName && isString && top.object && top.keyIsKey:
		// {"key": "…"}: an API key, unless the object turns out to be a
		// pair {"key": "X-Api-Key", "value": "…"}; close decides.
		top.keyStart, top.keyEnd = i, end
	case kind == secretName:
		redact = isString || (v[0] != 'n' && v[0] != 't' && v[0] != 'f')
	case kind == secretIfStr:
		redact = isString && !errorCode(v[1:len(v)-1])
	}
	if redact {
		if !bytes.Equal(v, placeholderJSON) {
			w.add(i, end, placeholderJSON, 1)
		}
		if top != nil {
			w.valueDone(top, i, end)
		}
		return
	}
	if !isString {
		if top != nil {
			w.valueDone(top, i, end)
		}
		return
	}
	text := w.stringText(i, end, escaped)
	if top != nil {
		switch {
		case top.object && top.keyIsName && nameLike(text) && cachedKind(w.keys, text, false) != plainName:
			top.nameSecret = true
		case !top.object && top.index == 0 && nameLike(text) && cachedKind(w.keys, text, false) != plainName:
			top.pairSecret = true
		}
		w.valueDone(top, i, end)
	}
	if first != end-1 || !plainText(text) {
		w.text(i, end, text, first)
	}
}

// plainText reports, for the text of a plain string, what text tests
// before it returns at once (most strings): that it does not start with
// '{' or '[' (nor with whitespace, which text skips first).
func plainText(text []byte) bool {
	return len(text) == 0 || text[0] > ' ' && text[0] != '{' && text[0] != '['
}

// stringText returns the text of the string in[i:end], decoded (into
// w.decoded, valid until the next string) when it holds escapes (escaped,
// as stringEnd says).
func (w *walker) stringText(i, end int, escaped bool) []byte {
	if escaped || w.general {
		return w.decodedText(i, end)
	}
	return w.in[i+1 : end-1] // most strings (small enough to inline)
}

// decodedText is stringText for a string that may hold escapes.
func (w *walker) decodedText(i, end int) []byte {
	text := w.in[i+1 : end-1]
	if bytes.IndexByte(text, '\\') >= 0 {
		w.decoded = decodeString(w.decoded[:0], text)
		return w.decoded
	}
	return text
}

// text redacts the text of the string in[i:end]: as JSON when it holds
// JSON, else as free text. A plain string (first == end-1: see stringEnd)
// that is not JSON has nothing the text rules look at: it is left as it
// is at once. Else the text rules start at first when text is the
// string's own bytes (no byte before first is a trigger).
func (w *walker) text(i, end int, text []byte, first int) {
	if first == end-1 {
		if t := skipWS(text, 0); t == len(text) || text[t] != '{' && text[t] != '[' {
			return
		}
	}
	// The redacted text goes to the arena, then its encoding after it: the
	// edit points there.
	start := len(w.arena)
	var out []byte
	changed := false
	if t := skipWS(text, 0); t < len(text) && (text[t] == '{' || text[t] == '[') && w.depth < maxNesting {
		var ok bool
		if w.child == nil {
			w.child = &walker{keys: w.keys, params: w.params, general: w.general}
		}
		if out, changed, ok = w.child.redact(w.arena, text, w.depth+1); !ok {
			out, changed = redactText(w.arena, text, w.params)
		}
	} else {
		from := 0
		if len(text) > 0 && len(text) == end-i-2 && &text[0] == &w.in[i+1] && !w.general {
			from = first - (i + 1) // not decoded: the string's own bytes
		}
		out, changed = redactTextFrom(w.arena, text, w.params, from)
	}
	if !changed {
		return
	}
	w.arena = out
	enc := len(w.arena)
	w.arena = encodeString(w.arena, w.arena[start:enc])
	w.add(i, end, w.arena[enc:len(w.arena):len(w.arena)], 0)
}

// nameLike reports whether a string can be the name in a pair: a header or
// parameter name has no spaces ("Invalid access token" in a list of errors
// is a message, not a name).
func nameLike(text []byte) bool {
	return len(text) <= maxLookBack && bytes.IndexByte(text, ' ') < 0
}

// valueDone records, in an object, the span of its value member once read,
// and redacts it when its name member (read before or after) named a
// secret.
func (w *walker) valueDone(f *frame, start, end int) {
	if !f.object || !f.keyIsValue {
		return
	}
	f.valueStart, f.valueEnd = start, end
	if f.nameSecret {
		f.valueEdited = true
	}
}

// close pops the container that ends just before end.
func (w *walker) close(end int) {
	f := &w.stack[len(w.stack)-1] // stays valid: close pushes nothing
	w.stack = w.stack[:len(w.stack)-1]
	if f.object && f.nameSecret && f.valueStart >= 0 && !f.valueEdited {
		// {"value": "…", "name": "Authorization"}: the name came last.
		w.add(f.valueStart, f.valueEnd, placeholderJSON, 1)
	}
	if f.keyStart >= 0 && !f.hasValue && !bytes.Equal(w.in[f.keyStart:f.keyEnd], placeholderJSON) {
		w.add(f.keyStart, f.keyEnd, placeholderJSON, 1)
	}
	if len(w.stack) > 0 && f.isValueOf {
		w.valueDone(&w.stack[len(w.stack)-1], f.start, end)
	}
}

func (w *walker) add(start, end int, repl []byte, prio int) {
	w.edits = append(w.edits, edit{start, end, repl, prio})
}

// stringEnd returns the index after the JSON string starting at in[i], or
// -1 when it is not closed or holds a raw control character; and first,
// the index of its first escape or byte at which a text rule looks
// (trigger), or of its closing quote (end-1) when it has neither: the
// string is then plain; escaped when it holds an escape.
func stringEnd(in []byte, i int) (end, first int, escaped bool) {
	j := i + 1
	for ; j+4 <= len(in); j += 4 {
		if stringByte[in[j]]|stringByte[in[j+1]]|stringByte[in[j+2]]|stringByte[in[j+3]] != 0 {
			break
		}
	}
	for j < len(in) && stringByte[in[j]] == 0 {
		j++
	}
	// in[j] is the closing quote (the string is plain), a trigger, an
	// escape or an error.
	if j < len(in) && in[j] == '"' {
		return j + 1, j, false
	}
	end, escaped = stringRest(in, j)
	return end, j, escaped
}

// keyEnd is stringEnd that also notes a key's letters in the same pass:
// plainLetters is surelyPlain of the text when the string is plain
// (first == end-1). It reads on through a '_' at which the text rules do
// nothing (inertUnderscore: created_at, integration_id), so first is the
// first trigger at which they may act, and a key whose only triggers are
// such is plain.
func keyEnd(in []byte, i int) (end, first int, escaped, plainLetters bool) {
	var m uint32
	j := i + 1
	for {
		for ; j+4 <= len(in); j += 4 {
			v := keyByte[in[j]] | keyByte[in[j+1]] | keyByte[in[j+2]] | keyByte[in[j+3]]
			if v&keyStop != 0 {
				break
			}
			m |= v
		}
		for j < len(in) && keyByte[in[j]]&keyStop == 0 {
			m |= keyByte[in[j]]
			j++
		}
		if j < len(in) && in[j] == '_' && inertUnderscore(in[i+1:], j-(i+1)) {
			j++ // '_' has no letter
			continue
		}
		break
	}
	if j < len(in) && in[j] == '"' {
		return j + 1, j, false, lettersPlain(m)
	}
	end, escaped = stringRest(in, j)
	return end, j, escaped, false
}

// inertUnderscore reports whether the text rules do nothing at the '_'
// s[i], whatever precedes it: the two tests of their '_' case
// (redactTextFrom) that come before any token is looked at both fail.
func inertUnderscore(s []byte, i int) bool {
	return !(i-5 >= 0 && s[i-5] == 's' && s[i-4] == 'h') &&
		!(i-2 >= 0 && (s[i-2] == 'c' || s[i-2] == 's' || s[i-2] == 'r'))
}

// stringRest is stringEnd from in[j] on, once the string is known not to
// be plain: the index after it, or -1, and whether it holds an escape.
// Eight bytes a step: the lowest byte specialMask8 marks is the first
// special one, read at once (no byte-wise loop up to it).
func stringRest(in []byte, j int) (int, bool) {
	escaped := false
	for j+8 <= len(in) {
		m := specialMask8(binary.LittleEndian.Uint64(in[j:]))
		if m == 0 {
			j += 8
			continue
		}
		j += bits.TrailingZeros64(m) >> 3
		switch in[j] {
		case '"':
			return j + 1, escaped
		case '\\':
			escaped = true
			j += 2
		default:
			return -1, escaped // a control character
		}
	}
	for j < len(in) {
		switch c := in[j]; {
		case c == '\\':
			escaped = true
			j += 2
		case c == '"':
			return j + 1, escaped
		case c < 0x20:
			return -1, escaped
		default:
			j++
		}
	}
	return -1, escaped
}

// specialMask8 marks the high bit of each of the 8 bytes in x that may be
// '"', '\\' or a control character: the usual SWAR bit tricks. Its lowest
// marked byte is always one of them (a borrow only marks bytes above a
// marked one), so only the marks above it may be false. One test finds
// both '"' and the control characters: with bit 1 flipped, '"' (0x22) is
// 0x20 and they stay below it, so those bytes, and only those, are then
// below 0x21.
func specialMask8(x uint64) uint64 {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
	)
	y := x ^ (ones * 0x02)
	backslash := x ^ (ones * '\\')
	return ((y-ones*0x21)&^y | (backslash-ones)&^backslash) & highs
}

// specialIn8 reports whether any of the 8 bytes in x may be '"', '\\' or
// a control character (a false positive only costs a byte-wise loop).
func specialIn8(x uint64) bool { return specialMask8(x) != 0 }

// encodeStop8 reports whether any of the 8 bytes in x may be one that
// encodeString must look at: '"', '\\', a control character or a byte of
// a multi-byte character (specialIn8, and the high bit).
func encodeStop8(x uint64) bool {
	return specialIn8(x) || x&0x8080808080808080 != 0
}

// stringByte says which bytes stringEnd stops at: those that end or escape
// a string or may not be in one raw, and the text rules' triggers.
var stringByte = func() (t [256]uint8) {
	for c := range t {
		switch {
		case c == '"' || c == '\\' || c < 0x20:
			t[c] = stringSpecial
		case trigger[c]:
			t[c] = textTrigger
		}
	}
	return t
}()

const (
	stringSpecial = 1 + iota
	textTrigger
)

// keyByte is letterBit and, in keyStop, stringByte != 0: keyEnd reads both
// with one load a byte.
var keyByte = func() (t [256]uint32) {
	for c := range t {
		t[c] = letterBit[c]
		if stringByte[c] != 0 {
			t[c] |= keyStop
		}
	}
	return t
}()

// keyStop is keyByte's bit for the bytes stringEnd stops at; letterBit uses
// bits 0-26.
const keyStop = 1 << 31

// skipValue returns the index after the object or array at in[i], or -1.
func skipValue(in []byte, i int) int {
	depth := 0
	for j := i; j < len(in); j++ {
		switch in[j] {
		case '"':
			end, _, _ := stringEnd(in, j)
			if end < 0 {
				return -1
			}
			j = end - 1
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return j + 1
			}
		}
	}
	return -1
}

// space is skipWS for the whitespace between the tokens of w.in, noting
// whether there was any (spaced).
func (w *walker) space(i int) int {
	j := skipWS(w.in, i)
	if j != i {
		w.spaced = true
	}
	return j
}

// skipWS returns the index of the first byte at or after i that is not
// JSON whitespace (one comparison for the usual byte above ' ').
func skipWS(in []byte, i int) int {
	for i < len(in) && in[i] <= ' ' && (in[i] == ' ' || in[i] == '\t' || in[i] == '\r' || in[i] == '\n') {
		i++
	}
	return i
}

func isLiteral(c byte) bool {
	return isAlnum(c) || c == '-' || c == '+' || c == '.'
}

// validLiteral reports whether b is true, false, null or a JSON number.
func validLiteral(b []byte) bool {
	switch string(b) {
	case "true", "false", "null":
		return true
	}
	i := 0
	if b[i] == '-' {
		i++
	}
	digits := func() bool {
		start := i
		for i < len(b) && isDigit(b[i]) {
			i++
		}
		return i > start
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case !digits():
		return false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if !digits() {
			return false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if !digits() {
			return false
		}
	}
	return i == len(b)
}

// decodeString appends the text of a JSON string's inside that holds
// escapes to out.
func decodeString(out, s []byte) []byte {
	for i := 0; i < len(s); i++ {
		// The bytes up to the next escape, copied at once (found by a
		// plain loop: escaped JSON text has one every few bytes).
		run := i
		for run < len(s) && s[run] != '\\' {
			run++
		}
		out = append(out, s[i:run]...)
		if run == len(s) {
			return out
		}
		if i = run; i+1 >= len(s) {
			out = append(out, '\\') // a lone backslash at the end stays
			continue
		}
		i++
		switch s[i] {
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, n := decodeU(s[i+1:])
			if n == 0 {
				out = append(out, '\\', 'u')
				continue
			}
			i += n
			if utf16.IsSurrogate(r) {
				r2, n2 := rune(0), 0
				if i+2 < len(s) && s[i+1] == '\\' && s[i+2] == 'u' {
					r2, n2 = decodeU(s[i+3:])
				}
				if d := utf16.DecodeRune(r, r2); n2 > 0 && d != utf8.RuneError {
					r = d
					i += 2 + n2
				} else {
					r = utf8.RuneError
				}
			}
			out = utf8.AppendRune(out, r)
		default:
			out = append(out, s[i]) // \" \\ \/
		}
	}
	return out
}

// decodeU reads the four hex digits of a \u escape; n is 0 when they are
// not there.
func decodeU(s []byte) (rune, int) {
	if len(s) < 4 {
		return 0, 0
	}
	var r rune
	for _, c := range s[:4] {
		if !isHex(c) {
			return 0, 0
		}
		r = r<<4 | rune(unhex(c))
	}
	return r, 4
}

// encodeString appends text as a JSON string to out: '"', '\\' and control
// characters escaped, invalid UTF-8 as \ufffd, everything else as it is (no
// HTML escaping, so unchanged text stays readable; the CLI's writers escape
// what must not reach a terminal). out must not overlap text's memory past
// len(out).
func encodeString(out, text []byte) []byte {
	const hex = "0123456789abcdef"
	out = append(out, '"')
	for i := 0; i < len(text); {
		// A run of bytes that stay as they are is copied at once; it is
		// found 8 bytes at a time through ASCII text.
		run := i
		for run+8 <= len(text) && !encodeStop8(binary.LittleEndian.Uint64(text[run:])) {
			run += 8
		}
		for run < len(text) && text[run] >= 0x20 && text[run] < utf8.RuneSelf && text[run] != '"' && text[run] != '\\' {
			run++
		}
		out = append(out, text[i:run]...)
		if i = run; i == len(text) {
			break
		}
		c := text[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRune(text[i:])
			if r == utf8.RuneError && size == 1 {
				out = append(out, `\ufffd`...)
			} else {
				out = append(out, text[i:i+size]...)
			}
			i += size
			continue
		}
		switch {
		case c == '"' || c == '\\':
			out = append(out, '\\', c)
		case c == '\n':
			out = append(out, '\\', 'n')
		case c == '\r':
			out = append(out, '\\', 'r')
		case c == '\t':
			out = append(out, '\\', 't')
		case c < 0x20:
			out = append(out, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			out = append(out, c)
		}
		i++
	}
	return append(out, '"')
}
