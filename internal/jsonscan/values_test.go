package jsonscan

import (
	"encoding/json"
	"reflect"
	"testing"
	"unicode"
)

// TestAppendFoldEveryRune holds AppendFold to encoding/json's key matching
// for every rune that has a case (a folding orbit, or an upper or lower
// case mapping, as "İ" has): decoded into a struct with
// one field per ASCII letter, a one-rune key sets the field encoding/json
// matches it to, and AppendFold must fold the rune to that letter (and to no
// letter when encoding/json matches none). This covers "İ" (U+0130) and "ı"
// (U+0131), which match nothing, and the Kelvin sign and "ſ", which match.
func TestAppendFoldEveryRune(t *testing.T) {
	t.Parallel()
	var fields []reflect.StructField
	for c := 'A'; c <= 'Z'; c++ {
		fields = append(fields, reflect.StructField{Name: string(c), Type: reflect.TypeFor[int](),
			Tag: reflect.StructTag(`json:"` + string(unicode.ToLower(c)) + `"`)})
	}
	typ := reflect.StructOf(fields)
	checked := 0
	for r := rune(0x80); r <= unicode.MaxRune; r++ {
		if unicode.SimpleFold(r) == r && unicode.ToLower(r) == r && unicode.ToUpper(r) == r {
			continue // no case at all: folds to itself in any rule
		}
		key := string(r)
		v := reflect.New(typ)
		if err := json.Unmarshal([]byte(`{"`+key+`":1}`), v.Interface()); err != nil {
			t.Fatal(err)
		}
		want := ""
		for i := range fields {
			if v.Elem().Field(i).Int() == 1 {
				want = fields[i].Name
			}
		}
		got := string(AppendFold(nil, []byte(key)))
		if (want != "") != (len(got) == 1 && got[0] >= 'A' && got[0] <= 'Z') || (want != "" && got != want) {
			t.Errorf("key %q (U+%04X): AppendFold gives %q, encoding/json matches field %q", key, r, got, want)
		}
		checked++
	}
	if checked < 2800 {
		t.Fatalf("only %d runes with a case checked", checked)
	}
}

// TestFoldDottedI checks the keys the issue names: "İD" and "ıd" match no
// field "id" in encoding/json, so they may not in Fold either.
func TestFoldDottedI(t *testing.T) {
	t.Parallel()
	d := new(Decoder)
	for key, match := range map[string]bool{
		"id": true, "ID": true, "İD": false, "ıd": false, "İd": false, "Iİ": false, "\u212a": false, "ſ": false,
	} {
		var v struct {
			ID int `json:"id"`
		}
		if err := json.Unmarshal([]byte(`{"`+key+`":1}`), &v); err != nil {
			t.Fatal(err)
		}
		got := string(d.Fold([]byte(key))) == "ID"
		if got != match || (v.ID == 1) != match {
			t.Errorf("key %q: Fold matches %v, encoding/json %v, want %v", key, got, v.ID == 1, match)
		}
	}
	for key, want := range map[string]string{"\u212aey": "KEY", "ſ": "S", "İ": "İ", "ı": "ı", "é": "É"} {
		if got := string(AppendFold(nil, []byte(key))); got != want {
			t.Errorf("AppendFold(%q) = %q, want %q", key, got, want)
		}
	}
}
