package jsonscan

import (
	"encoding/json"
	"strconv"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// String decodes a JSON string into dst; null leaves dst alone. The string
// is assigned at the next Flush.
func (d *Decoder) String(dst *string, goType string) error {
	switch d.Peek() {
	case '"':
	case 'n':
		return d.Null()
	default:
		return d.mismatch(goType)
	}
	start := d.pos + 1
	end, plain, err := d.scanString()
	if err != nil {
		return err
	}
	if end == start {
		d.setString(dst, "")
		return nil
	}
	off := len(d.strs)
	if plain {
		d.strs = append(d.strs, d.data[start:end]...)
	} else {
		d.strs = unquote(d.strs, d.data[start:end])
	}
	d.addString(dst, off)
	return nil
}

// Bool decodes true or false into dst; null leaves dst alone.
func (d *Decoder) Bool(dst *bool, goType string) error {
	switch d.Peek() {
	case 't':
		*dst = true
		return d.literal("true")
	case 'f':
		*dst = false
		return d.literal("false")
	case 'n':
		return d.Null()
	}
	return d.mismatch(goType)
}

// Int decodes an integer into dst; null leaves dst alone. Like encoding/json
// it rejects a fraction or exponent (1.0, 1e2) and values out of range.
func Int[T ~int | ~int8 | ~int16 | ~int32 | ~int64](d *Decoder, dst *T, goType string) error {
	lit, start, err := d.numberFor(goType)
	if lit == nil || err != nil {
		return err
	}
	n, ok := parseInt(lit)
	if !ok {
		var perr error
		if n, perr = strconv.ParseInt(string(lit), 10, 64); perr != nil {
			return numberError(lit, goType, start, perr)
		}
	}
	if int64(T(n)) != n {
		return numberError(lit, goType, start, nil)
	}
	*dst = T(n)
	return nil
}

// Uint decodes a non-negative integer into dst; null leaves dst alone.
func Uint[T ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64](d *Decoder, dst *T, goType string) error {
	lit, start, err := d.numberFor(goType)
	if lit == nil || err != nil {
		return err
	}
	n, perr := strconv.ParseUint(string(lit), 10, 64)
	if perr != nil || uint64(T(n)) != n {
		return numberError(lit, goType, start, perr)
	}
	*dst = T(n)
	return nil
}

// Float decodes a number into dst; null leaves dst alone.
func Float[T ~float32 | ~float64](d *Decoder, dst *T, goType string, bits int) error {
	lit, start, err := d.numberFor(goType)
	if lit == nil || err != nil {
		return err
	}
	f, perr := strconv.ParseFloat(string(lit), bits)
	if perr != nil {
		return numberError(lit, goType, start, perr)
	}
	*dst = T(f)
	return nil
}

// numberFor reads a number; lit is nil (and err nil) for null.
func (d *Decoder) numberFor(goType string) (lit []byte, start int, err error) {
	switch c := d.Peek(); {
	case c == 'n':
		return nil, 0, d.Null()
	case c == '-' || '0' <= c && c <= '9':
	default:
		return nil, 0, d.mismatch(goType)
	}
	start = d.pos
	lit, err = d.number()
	return lit, start, err
}

// parseInt is the common case: up to 18 digits, optionally negative.
func parseInt(lit []byte) (int64, bool) {
	neg := lit[0] == '-'
	digits := lit
	if neg {
		digits = lit[1:]
	}
	if len(digits) == 0 || len(digits) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

// Raw keeps a copy of the value at the current position, null included, as
// its bytes, like a json.Unmarshaler that keeps its input.
func (d *Decoder) Raw(dst *[]byte) error {
	start, end, err := d.rawValue()
	if err != nil {
		return err
	}
	*dst = d.keepRaw(d.data[start:end])
	return nil
}

// Time decodes into dst with time.Time's own UnmarshalJSON, as encoding/json
// does (null leaves dst alone).
func (d *Decoder) Time(dst *time.Time) error {
	start, end, err := d.rawValue()
	if err != nil {
		return err
	}
	if err := dst.UnmarshalJSON(d.data[start:end]); err != nil {
		return &TypeError{Value: "string", Type: "time.Time", Offset: int64(start), Err: err}
	}
	return nil
}

// Fallback decodes the value at the current position with encoding/json
// itself, for a type the generator does not handle; dst is a pointer.
func (d *Decoder) Fallback(dst any, goType string) error {
	start, end, err := d.rawValue()
	if err != nil {
		return err
	}
	if err := json.Unmarshal(d.data[start:end], dst); err != nil {
		return &TypeError{Value: "value", Type: goType, Offset: int64(start), Err: err}
	}
	return nil
}

// Fold returns key folded the way encoding/json (Go 1.21 and later) matches
// keys that are not an exact field name: see AppendFold. The result is valid
// until the next call.
func (d *Decoder) Fold(key []byte) []byte {
	d.fold = AppendFold(d.fold[:0], key)
	return d.fold
}

// AppendFold appends key folded as encoding/json's foldName does: ASCII
// letters in upper case, every other rune replaced by the smallest rune of
// its unicode.SimpleFold orbit. So "ſ" (U+017F) and the Kelvin sign (U+212A)
// fold to "S" and "K", while "İ" (U+0130) and "ı" (U+0131), whose orbits hold
// only themselves, match no "I" or "i" (unicode.ToUpper(unicode.ToLower(r))
// would fold them to "I"). The generator folds field names with it too, so
// both sides of a match use one rule.
func AppendFold(dst, key []byte) []byte {
	for i := 0; i < len(key); {
		if c := key[i]; c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, n := utf8.DecodeRune(key[i:])
		dst = utf8.AppendRune(dst, foldRune(r))
		i += n
	}
	return dst
}

// foldRune returns the smallest rune of r's simple case-folding orbit. The
// orbit is a short cycle, so the loop ends within a few steps.
func foldRune(r rune) rune {
	for {
		r2 := unicode.SimpleFold(r)
		if r2 <= r {
			return r2
		}
		r = r2
	}
}

// unquote appends the value of the string whose escaped text (without
// quotes) is s, as encoding/json's unquote does: invalid UTF-8 and unpaired
// surrogates become U+FFFD. s has been checked by scanString.
func unquote(dst, s []byte) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\':
			switch s[i+1] {
			case 'b':
				dst = append(dst, '\b')
			case 'f':
				dst = append(dst, '\f')
			case 'n':
				dst = append(dst, '\n')
			case 'r':
				dst = append(dst, '\r')
			case 't':
				dst = append(dst, '\t')
			case 'u':
				r := getu4(s[i:])
				i += 6
				if utf16.IsSurrogate(r) {
					if r2 := getu4(s[i:]); r2 >= 0 {
						if dec := utf16.DecodeRune(r, r2); dec != unicode.ReplacementChar {
							dst = utf8.AppendRune(dst, dec)
							i += 6
							continue
						}
					}
					r = unicode.ReplacementChar
				}
				dst = utf8.AppendRune(dst, r)
				continue
			default: // " \ /
				dst = append(dst, s[i+1])
			}
			i += 2
		case c < utf8.RuneSelf:
			dst = append(dst, c)
			i++
		default:
			r, n := utf8.DecodeRune(s[i:])
			if r == utf8.RuneError && n == 1 {
				dst = utf8.AppendRune(dst, unicode.ReplacementChar)
			} else {
				dst = append(dst, s[i:i+n]...)
			}
			i += n
		}
	}
	return dst
}

// getu4 decodes \uXXXX at the start of s, or returns -1.
func getu4(s []byte) rune {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range s[2:6] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}
