package jsonscan

import (
	"encoding/binary"
	"errors"
	"hash/maphash"
	"sync"
	"unicode/utf8"
)

// maxDepth is encoding/json's limit on nesting: deeper is an error there.
const maxDepth = 10000

// Decoder reads one JSON document held in memory. Generated decoders drive
// it; its methods read one value each, from the current position.
type Decoder struct {
	data  []byte
	pos   int
	depth int

	key  []byte // a key that needed unescaping, valid until the next key
	fold []byte // a key folded for case-insensitive matching

	// Strings waiting for Flush: their bytes are collected in strs and
	// become one string, of which each gets its substring.
	strs    []byte
	pendStr []pendingString

	// Raw values are copied into the free end of rawChunk, a fresh one of
	// rawChunkSize bytes when one does not fit: less lost to rounding up to
	// size classes than an allocation per value. The slices handed out are
	// capped at their length, so appending to one never reaches another.
	rawChunk []byte

	// Strings up to internMax bytes seen in this document, by hash, so that
	// a repeated one (a shop's base URL, an exception type, the URL that
	// keeps failing) is stored once: a flushed string, or one still pending
	// (its index in pendStr, until the next Flush).
	intern map[uint64]internedString
	seed   maphash.Seed

	// page, when not nil, is what DecodePage learns of the arrays that are
	// members of the top-level object (a page's record lists).
	page *Page
}

// Span is where one value is in a document: data[Start:End].
type Span struct{ Start, End int }

// pendingString is a string assigned at the next Flush: the n bytes of
// strs at off, or val when off is -1 (a value known already still waits its
// turn, so that the last of duplicate keys wins, as in encoding/json).
type pendingString struct {
	dst    *string
	off, n int
	val    string
	hash   uint64 // set for the first of its text, which Flush interns
	first  bool
}

type internedString struct {
	s    string
	pend int // index in pendStr; -1: s is the string
}

// Interning limits: strings up to internMax bytes, up to internCap of them
// per document. Hashing costs a few percent on long strings that do not
// repeat; a log's URLs and exception messages often do, within a page.
const (
	internMax = 256
	internCap = 512
)

// rawChunkSize is a size class of Go's allocator, so nothing is lost to
// rounding, and small enough that a record kept alone keeps little else.
// A value over a quarter of it gets an allocation of its own, which keeps
// the chunk's free end for the values after it.
const rawChunkSize = 8192

var decoders = sync.Pool{New: func() any { return new(Decoder) }}

// Limits on what a pooled Decoder keeps between documents.
const (
	maxPooledBuf     = 64 << 10
	maxPooledPending = 1024
)

// Decode decodes data, one JSON document, with decode (for a generated
// decoder, DecodeValue avoids the closure). Like encoding/json's Unmarshal
// it reports a syntax error anywhere in data in preference to a type
// mismatch.
func Decode(data []byte, decode func(*Decoder) error) error {
	return DecodeValue(data, &decode, func(d *Decoder, f *func(*Decoder) error) error { return (*f)(d) })
}

// DecodeValue decodes data, one JSON document, into v with decode (a
// generated decoder), as Decode does.
func DecodeValue[T any](data []byte, v *T, decode func(*Decoder, *T) error) error {
	return DecodePage(data, v, decode, nil)
}

// Page is what DecodePage learns of a page: a JSON object whose array
// members are lists of records (a page's "data").
type Page struct {
	// Lists counts the arrays decoded as members of the top-level object,
	// null included: 0 means the page had none (its "data" is missing).
	Lists int
	// KeepSpans asks for Spans: where each element of the last such array
	// starts and ends in the input (an array decoded again, for a duplicate
	// key, starts them over, as its elements replace the earlier ones).
	KeepSpans bool
	Spans     []Span
}

// ErrNullRecord is a null element in a page's list of records, which
// encoding/json would decode as a zero record, indistinguishable from {}.
var ErrNullRecord = errors.New("a record is null")

// DecodePage is DecodeValue for a page, with the page's rules enforced
// while decoding: an element of a record list (see Page) that is null is
// ErrNullRecord; what the page holds is noted in p (nil: no page rules).
func DecodePage[T any](data []byte, v *T, decode func(*Decoder, *T) error, p *Page) (err error) {
	d := decoders.Get().(*Decoder)
	d.data, d.pos, d.depth = data, 0, 0
	d.page = p
	if p != nil {
		p.Lists, p.Spans = 0, p.Spans[:0]
	}
	if d.intern == nil {
		d.intern = make(map[uint64]internedString)
		d.seed = maphash.MakeSeed()
	}
	err = decode(d, v)
	if err == nil {
		d.Flush()
		d.skipSpace()
		if d.pos < len(d.data) {
			err = d.syntaxError("after top-level value")
		}
	}
	var se *SyntaxError
	if err != nil && !errors.As(err, &se) {
		if verr := Valid(data); verr != nil {
			err = verr
		}
	}
	d.release()
	return err
}

func (d *Decoder) release() {
	d.data, d.page = nil, nil
	clear(d.intern)
	clear(d.pendStr)
	d.strs, d.pendStr = d.strs[:0], d.pendStr[:0]
	if cap(d.strs) > maxPooledBuf || cap(d.key) > maxPooledBuf || cap(d.fold) > maxPooledBuf ||
		cap(d.pendStr) > maxPooledPending {
		return // let an outsized decoder go rather than keep its memory
	}
	decoders.Put(d)
}

// Valid reports the first syntax error in data, or nil if data is one JSON
// value (with optional white space around it).
func Valid(data []byte) error {
	d := &Decoder{data: data}
	if err := d.skip(false); err != nil {
		return err
	}
	d.skipSpace()
	if d.pos < len(d.data) {
		return d.syntaxError("after top-level value")
	}
	return nil
}

// Flush makes the strings decoded since the last Flush. Slice calls it
// every few elements (records) and before its scratch slice may move;
// Decode calls it at the end.
func (d *Decoder) Flush() {
	if len(d.pendStr) == 0 {
		return
	}
	s := string(d.strs) // one allocation for all of them
	for _, p := range d.pendStr {
		if p.off < 0 {
			*p.dst = p.val
			continue
		}
		v := s[p.off : p.off+p.n]
		*p.dst = v
		if p.first {
			d.intern[p.hash] = internedString{s: v, pend: -1}
		}
	}
	clear(d.pendStr)
	d.pendStr, d.strs = d.pendStr[:0], d.strs[:0]
}

// addString hands out the string whose bytes were just appended to strs
// at off: at the next Flush, or an equal one interned already (setString).
func (d *Decoder) addString(dst *string, off int) {
	b := d.strs[off:]
	p := pendingString{dst: dst, off: off, n: len(b)}
	if len(b) <= internMax {
		p.hash = maphash.Bytes(d.seed, b)
		e, ok := d.intern[p.hash]
		switch {
		case !ok:
			if len(d.intern) < internCap {
				d.intern[p.hash] = internedString{pend: len(d.pendStr)}
				p.first = true
			}
		case e.pend < 0 && e.s == string(b):
			d.strs = d.strs[:off]
			d.setString(dst, e.s)
			return
		case e.pend >= 0:
			if q := d.pendStr[e.pend]; string(d.strs[q.off:q.off+q.n]) == string(b) {
				p.off = q.off // share the earlier one's bytes
				d.strs = d.strs[:off]
			}
		}
	}
	d.pendStr = append(d.pendStr, p)
}

// setString assigns v to dst now, or at the next Flush when strings are
// pending: one of them may be for dst, from an earlier duplicate key.
func (d *Decoder) setString(dst *string, v string) {
	if len(d.pendStr) == 0 {
		*dst = v
		return
	}
	d.pendStr = append(d.pendStr, pendingString{dst: dst, off: -1, val: v})
}

// keepRaw returns a copy of b (a raw value), capped at its length.
func (d *Decoder) keepRaw(b []byte) []byte {
	if cap(d.rawChunk)-len(d.rawChunk) < len(b) {
		if len(b) > rawChunkSize/4 {
			return append(make([]byte, 0, len(b)), b...)
		}
		d.rawChunk = make([]byte, 0, rawChunkSize)
	}
	at := len(d.rawChunk)
	d.rawChunk = append(d.rawChunk, b...)
	return d.rawChunk[at:len(d.rawChunk):len(d.rawChunk)]
}

var space = [256]bool{' ': true, '\t': true, '\n': true, '\r': true}

func (d *Decoder) skipSpace() {
	for d.pos < len(d.data) && space[d.data[d.pos]] {
		d.pos++
	}
}

// Peek skips white space and returns the next byte without reading it; 0 at
// the end of the input.
func (d *Decoder) Peek() byte {
	d.skipSpace()
	if d.pos < len(d.data) {
		return d.data[d.pos]
	}
	return 0
}

// Null reads the literal null.
func (d *Decoder) Null() error { return d.literal("null") }

func (d *Decoder) literal(lit string) error {
	for i := range len(lit) {
		if d.pos >= len(d.data) || d.data[d.pos] != lit[i] {
			if i == 0 {
				return d.syntaxError("looking for beginning of value")
			}
			return d.syntaxError("in literal " + lit + " (expecting " + quoteChar(lit[i]) + ")")
		}
		d.pos++
	}
	return nil
}

func (d *Decoder) enter() error {
	d.depth++
	if d.depth > maxDepth {
		return &SyntaxError{Offset: int64(d.pos), msg: "exceeded max depth"}
	}
	return nil
}

// BeginObject reads '{' (Peek has seen it).
func (d *Decoder) BeginObject() error {
	d.pos++
	return d.enter()
}

// Key reads the next member's key and the ':' after it; first says whether
// it is the first member (no ',' before it). At the object's closing '}' it
// returns a nil key. The key is valid until the next call.
func (d *Decoder) Key(first bool) ([]byte, error) {
	c := d.Peek()
	switch {
	case c == '}':
		d.pos++
		d.depth--
		return nil, nil
	case !first && c == ',':
		d.pos++
		c = d.Peek()
	case !first:
		return nil, d.syntaxError("after object key:value pair")
	}
	if c != '"' {
		return nil, d.syntaxError("looking for beginning of object key string")
	}
	key, err := d.keyString()
	if err != nil {
		return nil, err
	}
	if d.Peek() != ':' {
		return nil, d.syntaxError("after object key")
	}
	d.pos++
	return key, nil
}

// keyString reads a string; the result is data itself when it needs no
// unescaping, else d.key.
func (d *Decoder) keyString() ([]byte, error) {
	start := d.pos + 1
	end, plain, err := d.scanString()
	if err != nil {
		return nil, err
	}
	if plain {
		return d.data[start:end], nil
	}
	d.key = unquote(d.key[:0], d.data[start:end])
	return d.key, nil
}

// str table: 1 for bytes that end the fast path of a string.
var strStop = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = true
	}
	t['"'], t['\\'] = true, true
	for c := 0x80; c < 256; c++ {
		t[c] = true
	}
	return t
}()

// scanString checks the string at d.pos (its opening quote) and moves past
// it. end is the index of the closing quote; plain says the bytes between
// the quotes are the string's value as they are (no escapes, valid UTF-8).
func (d *Decoder) scanString() (end int, plain bool, err error) {
	data := d.data
	i := d.pos + 1
	plain = true
	for {
		// Eight bytes at a time while none of them ends the fast path.
		for i+8 <= len(data) && !stopIn8(binary.LittleEndian.Uint64(data[i:])) {
			i += 8
		}
		for i < len(data) && !strStop[data[i]] {
			i++
		}
		if i >= len(data) {
			d.pos = len(data)
			return 0, false, d.syntaxError("")
		}
		switch c := data[i]; {
		case c == '"':
			d.pos = i + 1
			return i, plain, nil
		case c == '\\':
			plain = false
			if i+1 >= len(data) {
				d.pos = len(data)
				return 0, false, d.syntaxError("")
			}
			switch data[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				for k := 2; k < 6; k++ {
					if i+k >= len(data) {
						d.pos = len(data)
						return 0, false, d.syntaxError("")
					}
					if !isHex(data[i+k]) {
						d.pos = i + k
						return 0, false, d.syntaxError("in \\u hexadecimal character escape")
					}
				}
				i += 6
			default:
				d.pos = i + 1
				return 0, false, d.syntaxError("in string escape code")
			}
		case c < 0x20:
			d.pos = i
			return 0, false, d.syntaxError("in string literal")
		default: // non-ASCII: encoding/json replaces invalid UTF-8 with U+FFFD
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size == 1 {
				plain = false
			}
			i += size
		}
	}
}

// stopIn8 reports whether any byte of x is '"', '\\', a control character
// or non-ASCII (the bytes strStop marks), with the usual SWAR bit tricks.
func stopIn8(x uint64) bool {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
	)
	quote := x ^ (ones * '"')
	backslash := x ^ (ones * '\\')
	zeroish := (quote - ones) &^ quote
	zeroish |= (backslash - ones) &^ backslash
	zeroish |= x - ones*0x20 // borrows into the high bit for bytes < 0x20
	return (zeroish|x)&highs != 0
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

// Skip checks the syntax of the value at the current position and moves
// past it. An array of more than MaxElements elements in it is
// ErrTooManyElements, as it is where it would be decoded: a member nobody
// decodes is held to the same limits.
func (d *Decoder) Skip() error { return d.skip(true) }

// skip is Skip; limit says whether arrays are held to MaxElements (not in
// a raw value, kept as its bytes, or in Valid, which only checks syntax).
func (d *Decoder) skip(limit bool) error {
	switch d.Peek() {
	case '"':
		_, _, err := d.scanString()
		return err
	case '{':
		if err := d.BeginObject(); err != nil {
			return err
		}
		for first := true; ; first = false {
			key, err := d.Key(first)
			if err != nil {
				return err
			}
			if key == nil {
				return nil
			}
			if err := d.skip(limit); err != nil {
				return err
			}
		}
	case '[':
		return d.skipArray(limit)
	case 't':
		return d.literal("true")
	case 'f':
		return d.literal("false")
	case 'n':
		return d.literal("null")
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		_, err := d.number()
		return err
	}
	return d.syntaxError("looking for beginning of value")
}

func (d *Decoder) skipArray(limit bool) error {
	more, err := d.BeginArray()
	for n := 1; more && err == nil; n++ {
		if limit && n > MaxElements {
			return ErrTooManyElements
		}
		if err = d.skip(limit); err == nil {
			more, err = d.NextElement()
		}
	}
	return err
}

// BeginArray reads '[' (Peek has seen it); more says whether an element
// follows (false: the array was empty and is read).
func (d *Decoder) BeginArray() (more bool, err error) {
	d.pos++
	if err := d.enter(); err != nil {
		return false, err
	}
	if d.Peek() == ']' {
		d.pos++
		d.depth--
		return false, nil
	}
	return true, nil
}

// NextElement reads the ',' before the next element, or the closing ']'.
func (d *Decoder) NextElement() (more bool, err error) {
	switch d.Peek() {
	case ',':
		d.pos++
		return true, nil
	case ']':
		d.pos++
		d.depth--
		return false, nil
	}
	return false, d.syntaxError("after array element")
}

// number checks a number's syntax and returns its text.
func (d *Decoder) number() ([]byte, error) {
	data, i := d.data, d.pos
	start := i
	if i < len(data) && data[i] == '-' {
		i++
	}
	digits := func() bool {
		j := i
		for i < len(data) && '0' <= data[i] && data[i] <= '9' {
			i++
		}
		return i > j
	}
	switch {
	case i < len(data) && data[i] == '0':
		i++
	case i < len(data) && '1' <= data[i] && data[i] <= '9':
		digits()
	default:
		d.pos = i
		return nil, d.syntaxError("in numeric literal")
	}
	if i < len(data) && data[i] == '.' {
		i++
		if !digits() {
			d.pos = i
			return nil, d.syntaxError("after decimal point in numeric literal")
		}
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		if !digits() {
			d.pos = i
			return nil, d.syntaxError("in exponent of numeric literal")
		}
	}
	d.pos = i
	return data[start:i], nil
}

// rawValue checks the value at the current position and returns its span;
// its arrays are not held to MaxElements (a raw value is kept as its bytes).
func (d *Decoder) rawValue() (start, end int, err error) {
	d.skipSpace()
	start = d.pos
	if err := d.skip(false); err != nil {
		return 0, 0, err
	}
	return start, d.pos, nil
}

// Value checks the value at the current position, as Skip does (limits
// included), and returns its bytes: a part of the input, valid as long as
// the input is, for a decoder of its own rules (an error document's
// lenient status).
func (d *Decoder) Value() ([]byte, error) {
	d.skipSpace()
	start := d.pos
	if err := d.Skip(); err != nil {
		return nil, err
	}
	return d.data[start:d.pos], nil
}
