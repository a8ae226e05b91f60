package sclogs

import (
	"bytes"
	"strconv"
	"strings"
	"sync"

	"github.com/sclogs/sclogs/internal/jsonscan"
)

// Error documents are read by hand on internal/jsonscan, not by a
// generated decoder: their types (ErrorObject, ErrorSource) are this
// package's own, which internal/decode cannot import, and their rules are
// not encoding/json's alone: "errors" is a list or one object, a status is
// a number or a numeric string and anything else is 0, and a document that
// does not fit gives no errors rather than an error. What they give is
// what encoding/json gave with the rules written as UnmarshalJSON methods
// (FuzzDecodeErrorDocument holds them to it); limits are enforced while
// decoding, as for every other body.

// decodeErrors reads JSON:API errors (a list or one object) or an RFC 9457
// problem document; anything else gives nil and the body prefix is shown.
func decodeErrors(contentType string, body []byte) []ErrorObject {
	trimmed := bytes.TrimSpace(body)
	if !isJSON(contentType) && !bytes.HasPrefix(trimmed, []byte("{")) {
		return nil
	}
	// The top level as a map of raw members would read it: keys matched
	// exactly (after unescaping), the last of duplicates wins, null is an
	// empty document; nothing is decoded before the whole is known good.
	var (
		errs    []byte
		hasErrs bool
	)
	err := jsonscan.Decode(trimmed, func(d *jsonscan.Decoder) error {
		switch d.Peek() {
		case '{':
		case 'n':
			return d.Null()
		default:
			return d.Mismatch("map[string]json.RawMessage")
		}
		if err := d.BeginObject(); err != nil {
			return err
		}
		for first := true; ; first = false {
			key, err := d.Key(first)
			if err != nil || key == nil {
				return err
			}
			// Compared before Value: an unescaped key lives in the
			// decoder's scratch, which the value's own keys reuse.
			isErrs := string(key) == "errors"
			v, err := d.Value()
			if err != nil {
				return err
			}
			if isErrs {
				errs, hasErrs = v, true
			}
		}
	})
	if err != nil {
		return nil // not JSON, or over the limits: 1 MiB of {} would be 350,000 error objects
	}
	if hasErrs {
		var list []ErrorObject
		if jsonscan.DecodeValue(errs, &list, decodeErrorList) == nil {
			return list
		}
		var one ErrorObject
		if jsonscan.DecodeValue(errs, &one, decodeErrorObject) == nil {
			return []ErrorObject{one}
		}
		return nil
	}
	// RFC 9457 problem (title, detail, status), or a bare {"detail": …}.
	var p ErrorObject
	if jsonscan.DecodeValue(trimmed, &p, decodeErrorObject) != nil || (p.Title == "" && p.Detail == "") {
		return nil
	}
	return []ErrorObject{{Status: p.Status, Title: p.Title, Detail: p.Detail}}
}

// scratchErrors holds reusable scratch slices for jsonscan.Slice.
var scratchErrors sync.Pool

// decodeErrorList decodes a list of error objects (null: nil).
func decodeErrorList(d *jsonscan.Decoder, v *[]ErrorObject) error {
	return jsonscan.Slice(d, v, decodeErrorObject, &scratchErrors, "[]sclogs.ErrorObject")
}

// decodeErrorObject decodes one error object as encoding/json would into
// its fields, with "status" read by lenientInt. The object starts from
// zero, and null gives the zero object (as the UnmarshalJSON it was).
func decodeErrorObject(d *jsonscan.Decoder, v *ErrorObject) error {
	*v = ErrorObject{}
	switch d.Peek() {
	case '{':
	case 'n':
		return d.Null()
	default:
		return d.Mismatch("sclogs.ErrorObject")
	}
	if err := d.BeginObject(); err != nil {
		return err
	}
	for first := true; ; first = false {
		key, err := d.Key(first)
		if err != nil || key == nil {
			return err
		}
		switch errorObjectField(d, key) {
		case "status":
			var raw []byte
			if raw, err = d.Value(); err == nil {
				v.Status = lenientInt(raw)
			}
		case "code":
			err = d.String(&v.Code, "string")
		case "title":
			err = d.String(&v.Title, "string")
		case "detail":
			err = d.String(&v.Detail, "string")
		case "source":
			err = decodeErrorSource(d, &v.Source)
		default:
			err = d.Skip()
		}
		if err != nil {
			return err
		}
	}
}

// errorObjectField is the member of ErrorObject that key names, matched as
// encoding/json matches them (exactly, else folded), or "".
func errorObjectField(d *jsonscan.Decoder, key []byte) string {
	switch k := string(key); k {
	case "status", "code", "title", "detail", "source":
		return k
	}
	switch string(d.Fold(key)) {
	case "STATUS":
		return "status"
	case "CODE":
		return "code"
	case "TITLE":
		return "title"
	case "DETAIL":
		return "detail"
	case "SOURCE":
		return "source"
	}
	return ""
}

// decodeErrorSource decodes an error object's source as encoding/json would:
// null leaves it alone.
func decodeErrorSource(d *jsonscan.Decoder, v *ErrorSource) error {
	switch d.Peek() {
	case '{':
	case 'n':
		return d.Null()
	default:
		return d.Mismatch("sclogs.ErrorSource")
	}
	if err := d.BeginObject(); err != nil {
		return err
	}
	for first := true; ; first = false {
		key, err := d.Key(first)
		if err != nil || key == nil {
			return err
		}
		var dst *string
		switch string(key) {
		case "pointer":
			dst = &v.Pointer
		case "parameter":
			dst = &v.Parameter
		case "header":
			dst = &v.Header
		default:
			switch string(d.Fold(key)) {
			case "POINTER":
				dst = &v.Pointer
			case "PARAMETER":
				dst = &v.Parameter
			case "HEADER":
				dst = &v.Header
			}
		}
		if dst != nil {
			err = d.String(dst, "string")
		} else {
			err = d.Skip()
		}
		if err != nil {
			return err
		}
	}
}

// lenientInt reads a JSON number or numeric string (raw, as received);
// anything else is 0, so one odd field does not lose the rest of the error
// document.
func lenientInt(raw []byte) int {
	s := strings.Trim(string(raw), `"`)
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0
	}
	return n
}
