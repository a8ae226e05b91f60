package jsonscan

import (
	"encoding/json"
	"time"
)

// Checking is decoding without a destination: the checkers that
// internal/gendecode generates beside each decoder (checkT for a struct T)
// read the same JSON with the same calls, in the same order, and fail
// exactly where the decoder would (a value of the wrong type, a number out
// of range, a time that does not parse, an array over MaxElements, a null
// record, bad JSON anywhere), but keep nothing: no string is copied, no
// value stored, nothing allocated for the value. A caller that needs only
// to know that a document decodes, and keeps its bytes (a page read for
// its records as received), pays a fraction of decoding. Each check below
// shares its reading with the decode call it stands for, so the two cannot
// drift apart.

// Check checks data, one JSON document, with check (a generated checker):
// nil exactly when the decoder it stands for would decode data, and the
// same error otherwise (a syntax error anywhere wins over a type mismatch,
// as in DecodeValue).
func Check(data []byte, check func(*Decoder) error) error {
	return CheckPage(data, check, nil)
}

// CheckPage is Check for a page, with DecodePage's rules and notes in p
// (nil: no page rules): the record lists are counted and their spans noted
// as DecodePage notes them.
func CheckPage(data []byte, check func(*Decoder) error, p *Page) error {
	return DecodePage(data, &check, checkWith, p)
}

func checkWith(d *Decoder, check *func(*Decoder) error) error { return (*check)(d) }

// CheckString checks a value for String.
func (d *Decoder) CheckString(goType string) error {
	switch d.Peek() {
	case '"':
	case 'n':
		return d.Null()
	default:
		return d.mismatch(goType)
	}
	_, _, err := d.scanString()
	return err
}

// CheckBool checks a value for Bool.
func (d *Decoder) CheckBool(goType string) error {
	var b bool
	return d.Bool(&b, goType)
}

// CheckInt checks a value for Int into a T.
func CheckInt[T ~int | ~int8 | ~int16 | ~int32 | ~int64](d *Decoder, goType string) error {
	var v T
	return Int(d, &v, goType)
}

// CheckUint checks a value for Uint into a T.
func CheckUint[T ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64](d *Decoder, goType string) error {
	var v T
	return Uint(d, &v, goType)
}

// CheckFloat checks a value for Float into a T.
func CheckFloat[T ~float32 | ~float64](d *Decoder, goType string, bits int) error {
	var v T
	return Float(d, &v, goType, bits)
}

// CheckTime checks a value for Time: time.Time's own UnmarshalJSON reads
// it, into a value thrown away.
func (d *Decoder) CheckTime() error {
	var t time.Time
	return d.Time(&t)
}

// CheckRaw checks a value for Raw: its syntax only, without copying it.
func (d *Decoder) CheckRaw() error {
	_, _, err := d.rawValue()
	return err
}

// CheckFallback checks a value for Fallback: encoding/json decodes it into
// a new T, as Fallback would into the destination. (For the types the
// generator leaves to encoding/json, whether a value decodes does not
// depend on what the destination held.)
func CheckFallback[T any](d *Decoder, goType string) error {
	start, end, err := d.rawValue()
	if err != nil {
		return err
	}
	if err := json.Unmarshal(d.data[start:end], new(T)); err != nil {
		return &TypeError{Value: "value", Type: goType, Offset: int64(start), Err: err}
	}
	return nil
}

// CheckSlice checks a value for Slice, each element with elem; a page's
// record list (see Page) is counted, its null elements refused and its
// spans noted, as Slice does.
func CheckSlice(d *Decoder, elem func(*Decoder) error, goType string) error {
	if d.page != nil && d.depth == 1 {
		page := d.page
		page.Lists++
		page.Spans = page.Spans[:0]
		d.page = nil // nested arrays are no record lists
		defer func() { d.page = page }()
		return checkSlice(d, func(d *Decoder) error {
			if d.Peek() == 'n' {
				return ErrNullRecord
			}
			start := d.pos
			err := elem(d)
			if page.KeepSpans {
				page.Spans = append(page.Spans, Span{start, d.pos})
			}
			return err
		}, goType)
	}
	return checkSlice(d, elem, goType)
}

// checkSlice is slice (and sliceInPlace) without the elements: the same
// reads, the same limit at the same element.
func checkSlice(d *Decoder, elem func(*Decoder) error, goType string) error {
	switch d.Peek() {
	case '[':
	case 'n':
		return d.Null()
	default:
		return d.mismatch(goType)
	}
	more, err := d.BeginArray()
	for n := 0; more && err == nil; n++ {
		if n == MaxElements {
			return ErrTooManyElements
		}
		if err = elem(d); err == nil {
			more, err = d.NextElement()
		}
	}
	return err
}
