package jsonscan

import (
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
)

// recPage is a page of recs, decoded by hand as gendecode would.
type recPage struct{ Data []rec }

var recPool sync.Pool

func decodeRecPage(d *Decoder, v *recPage) error {
	if d.Peek() != '{' {
		return d.Mismatch("recPage")
	}
	if err := d.BeginObject(); err != nil {
		return err
	}
	for first := true; ; first = false {
		key, err := d.Key(first)
		if err != nil || key == nil {
			return err
		}
		if string(d.Fold(key)) == "DATA" {
			err = Slice(d, &v.Data, decodeRec, &recPool, "[]rec")
		} else {
			err = d.Skip()
		}
		if err != nil {
			return err
		}
	}
}

// TestDecodePage checks the page rules DecodePage enforces while decoding:
// a null record is ErrNullRecord (in the last list of duplicate keys too,
// not in nested arrays), the lists are counted (0: "data" missing), and
// each record's span is kept.
func TestDecodePage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in    string
		err   error
		lists int
		spans []string
	}{
		{in: `{"data":[{"s":"a"}, {"t":"b"} ]}`, lists: 1, spans: []string{`{"s":"a"}`, `{"t":"b"}`}},
		{in: `{"data":null}`, lists: 1},
		{in: `{}`, lists: 0},
		{in: `{"other":[null]}`, lists: 0},
		{in: `{"DATA":[{"s":"x"}]}`, lists: 1, spans: []string{`{"s":"x"}`}},
		{in: `{"data":[{"s":"a"}],"data":[{"s":"b"},{"s":"c"}]}`, lists: 2, spans: []string{`{"s":"b"}`, `{"s":"c"}`}},
		{in: `{"data":[{"s":"a"}, null]}`, err: ErrNullRecord},
		{in: `{"data":[ null ]}`, err: ErrNullRecord},
		{in: `{"data":[{"s":"a"}],"data":[null]}`, err: ErrNullRecord},
		{in: `{"data":[{"r":[null]}]}`, lists: 1, spans: []string{`{"r":[null]}`}},
		{in: `{"data":[null,`, err: errEOF}, // a syntax error wins
	} {
		var v recPage
		p := Page{KeepSpans: true}
		err := DecodePage([]byte(tc.in), &v, decodeRecPage, &p)
		switch {
		case tc.err == errEOF:
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Errorf("%s: err %v, want a syntax error", tc.in, err)
			}
			continue
		case !errors.Is(err, tc.err):
			t.Errorf("%s: err %v, want %v", tc.in, err, tc.err)
			continue
		case err != nil:
			continue
		}
		var spans []string
		for _, sp := range p.Spans {
			spans = append(spans, tc.in[sp.Start:sp.End])
		}
		if p.Lists != tc.lists || strings.Join(spans, "|") != strings.Join(tc.spans, "|") {
			t.Errorf("%s: %d lists, spans %q; want %d, %q", tc.in, p.Lists, spans, tc.lists, tc.spans)
		}
	}
	// Without page rules a null record is what encoding/json makes of it.
	var v, want recPage
	in := []byte(`{"data":[null,{"s":"a"}]}`)
	if err := DecodeValue(in, &v, decodeRecPage); err != nil || json.Unmarshal(in, &want) != nil || len(v.Data) != 2 || v.Data[1].S != "a" {
		t.Fatalf("DecodeValue: %v %+v", err, v)
	}
}

var errEOF = errors.New("syntax error")

// TestSkipLimits checks that arrays are held to MaxElements wherever they
// are, also in members nobody decodes (Skip), but not in raw values, which
// are kept as their bytes, and not by Valid.
func TestSkipLimits(t *testing.T) {
	t.Parallel()
	array := func(n int) string { return "[" + strings.Repeat("0,", n-1) + "0]" }
	type raw struct{ R []byte }
	decodeRaw := func(d *Decoder, v *raw) error {
		if err := d.BeginObject(); err != nil {
			return err
		}
		for first := true; ; first = false {
			key, err := d.Key(first)
			if err != nil || key == nil {
				return err
			}
			if string(key) == "r" {
				err = d.Raw(&v.R)
			} else {
				err = d.Skip()
			}
			if err != nil {
				return err
			}
		}
	}
	for _, tc := range []struct {
		in  string
		err error
	}{
		{`{"x":` + array(MaxElements) + `}`, nil},
		{`{"x":` + array(MaxElements+1) + `}`, ErrTooManyElements},
		{`{"x":{"y":[[` + array(MaxElements+1) + `]]}}`, ErrTooManyElements},
		{`{"r":` + array(MaxElements+1) + `}`, nil},
		{`{"r":{"y":` + array(MaxElements+1) + `}}`, nil},
	} {
		var v raw
		if err := DecodeValue([]byte(tc.in), &v, decodeRaw); !errors.Is(err, tc.err) || tc.err == nil && err != nil {
			t.Errorf("%.40s…: err %v, want %v", tc.in, err, tc.err)
		}
		if err := Valid([]byte(tc.in)); err != nil {
			t.Errorf("Valid(%.40s…): %v", tc.in, err)
		}
	}
	// Value hands out the bytes as Skip checks them.
	err := Decode([]byte(`[1, {"a":`+array(MaxElements+1)+`}]`), func(d *Decoder) error {
		if _, err := d.BeginArray(); err != nil {
			return err
		}
		b, err := d.Value()
		if err != nil || string(b) != "1" {
			t.Errorf("Value: %q, %v", b, err)
		}
		if _, err := d.NextElement(); err != nil {
			return err
		}
		_, err = d.Value()
		return err
	})
	if !errors.Is(err, ErrTooManyElements) {
		t.Errorf("Value over a long array: %v", err)
	}
}
