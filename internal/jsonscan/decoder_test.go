package jsonscan

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"unsafe"
)

// TestStopIn8 checks the eight-byte test against the byte table: it may not
// miss a byte the table stops at (a false alarm only costs speed, but there
// should be none for plain ASCII).
func TestStopIn8(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var b [8]byte
	for range 200000 {
		for i := range b {
			b[i] = byte(r.IntN(256))
			if r.IntN(3) > 0 { // mostly plain ASCII
				b[i] = byte(0x20 + r.IntN(0x60))
			}
		}
		want := false
		for _, c := range b {
			want = want || strStop[c]
		}
		if got := stopIn8(binary.LittleEndian.Uint64(b[:])); got != want {
			t.Fatalf("stopIn8(%q) = %v, want %v", b, got, want)
		}
	}
}

// TestValid compares Valid with encoding/json's Valid, and checks that an
// input cut short is reported as such.
func TestValid(t *testing.T) {
	for _, in := range []string{
		``, ` `, `1`, `-`, `-0`, `01`, `1.`, `1.5e`, `1e+5`, `"a`, `"\x"`, `"\u12"`, `"\u12g4"`, `"\ud800"`,
		"\"\x01\"", "\"\xff\"", `[1,]`, `[,1]`, `{"a":1,}`, `{"a" 1}`, `{1:1}`, `tru`, `nul`, `[1 2]`, `{} {}`,
		`{"a":[{"b":null}],"c":true}`, strings.Repeat("[", 10000) + strings.Repeat("]", 10000),
		strings.Repeat("[", 10001) + strings.Repeat("]", 10001), " \t\r\n{}\n",
	} {
		err := Valid([]byte(in))
		if (err == nil) != json.Valid([]byte(in)) {
			t.Errorf("Valid(%.40q) = %v; encoding/json says valid: %v", in, err, json.Valid([]byte(in)))
		}
	}
	for _, in := range []string{`{"a":`, `[1,`, `"abc`, `tr`, `{"a":"\u00`, `-`} {
		if err := Valid([]byte(in)); !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("Valid(%q) = %v, want an unexpected end", in, err)
		}
	}
}

// TestFoldMatchesEncodingJSON checks Fold against encoding/json's matching
// of keys to field names.
func TestFoldMatchesEncodingJSON(t *testing.T) {
	d := new(Decoder)
	for key, match := range map[string]bool{
		"base_url": true, "BASE_URL": true, "Base_Url": true, "baſe_url": true, "base_urk": false, "base_url ": false,
	} {
		var v struct {
			BaseURL string `json:"base_url"`
		}
		_ = json.Unmarshal([]byte(`{"`+key+`":"x"}`), &v)
		if got := string(d.Fold([]byte(key))) == "BASE_URL"; got != match || (v.BaseURL == "x") != match {
			t.Errorf("key %q: Fold matches %v, encoding/json %v, want %v", key, got, v.BaseURL == "x", match)
		}
	}
	if got := string(d.Fold([]byte("\u212aey"))); got != "KEY" { // Kelvin sign
		t.Errorf("Fold(Kelvin sign) = %q", got)
	}
}

// TestNothingAliasesInput checks that decoded strings and raw values do not
// share memory with the input, so a pooled input buffer may be reused.
func TestNothingAliasesInput(t *testing.T) {
	data := []byte(`{"s":"hello","r":{"a":[1,2]}}`)
	var s string
	var raw []byte
	err := Decode(data, func(d *Decoder) error {
		if d.Peek() != '{' {
			return errors.New("not an object")
		}
		if err := d.BeginObject(); err != nil {
			return err
		}
		for first := true; ; first = false {
			key, err := d.Key(first)
			if err != nil || key == nil {
				return err
			}
			switch string(key) {
			case "s":
				err = d.String(&s, "string")
			case "r":
				err = d.Raw(&raw)
			}
			if err != nil {
				return err
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := range data {
		data[i] = 'x'
	}
	if s != "hello" || string(raw) != `{"a":[1,2]}` || cap(raw) != len(raw) {
		t.Fatalf("after overwriting the input: %q %q (cap %d)", s, raw, cap(raw))
	}
}

// rec is a record for the tests below, decoded by hand as gendecode would.
type rec struct {
	S, T string
	R    []byte
}

func decodeRec(d *Decoder, v *rec) error {
	switch d.Peek() {
	case '{':
	case 'n':
		return d.Null()
	default:
		return d.Mismatch("rec")
	}
	if err := d.BeginObject(); err != nil {
		return err
	}
	for first := true; ; first = false {
		key, err := d.Key(first)
		if err != nil || key == nil {
			return err
		}
		switch string(key) {
		case "s":
			err = d.String(&v.S, "string")
		case "t":
			err = d.String(&v.T, "string")
		case "r":
			err = d.Raw(&v.R)
		default:
			err = d.Skip()
		}
		if err != nil {
			return err
		}
	}
}

// TestRepeatsStoredOnce checks what a page of records keeps: a repeated
// string up to internMax bytes is stored once, in a flush batch and across
// batches; a longer one is copied each time; every value is right and
// nothing aliases the input or another raw value.
func TestRepeatsStoredOnce(t *testing.T) {
	short, long, huge := "https://shop.example", strings.Repeat("u", internMax), strings.Repeat("h", internMax+1)
	bigRaw := `"` + strings.Repeat("r", rawChunkSize/4) + `"`
	var in strings.Builder
	in.WriteString("[")
	const n = 3*flushEvery + 1
	for i := range n {
		if i > 0 {
			in.WriteString(",")
		}
		raw := `{"i":` + strings.Repeat("1", i+1) + `}`
		if i%5 == 0 {
			raw = bigRaw
		}
		fmt.Fprintf(&in, `{"s":%q,"t":%q,"r":%s}`, []string{short, long, huge}[i%3], fmt.Sprint("t", i%2), raw)
	}
	in.WriteString("]")
	data := []byte(in.String())
	var recs []rec
	var pool sync.Pool
	if err := Decode(data, func(d *Decoder) error { return Slice(d, &recs, decodeRec, &pool, "[]rec") }); err != nil {
		t.Fatal(err)
	}
	for i := range data {
		data[i] = 'x'
	}
	if len(recs) != n {
		t.Fatalf("%d records, want %d", len(recs), n)
	}
	first := map[string]*byte{}
	for i, r := range recs {
		wantRaw := `{"i":` + strings.Repeat("1", i+1) + `}`
		if i%5 == 0 {
			wantRaw = bigRaw
		}
		if r.S != []string{short, long, huge}[i%3] || r.T != fmt.Sprint("t", i%2) || string(r.R) != wantRaw || cap(r.R) != len(r.R) {
			t.Fatalf("record %d: %.30q %q %.30q (cap %d)", i, r.S, r.T, r.R, cap(r.R))
		}
		p := unsafe.StringData(r.S)
		if q, ok := first[r.S]; !ok {
			first[r.S] = p
		} else if (p == q) != (len(r.S) <= internMax) {
			t.Errorf("record %d: a %d-byte string shares the first one's bytes: %v", i, len(r.S), p == q)
		}
	}
	for i := range recs { // raw values are separate copies
		clear(recs[i].R)
	}
	for i, r := range recs {
		if strings.Trim(string(r.R), "\x00") != "" {
			t.Fatalf("record %d: clearing the other raw values changed this one: %q", i, r.R)
		}
	}
}
