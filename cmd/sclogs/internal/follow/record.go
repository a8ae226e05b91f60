package follow

import (
	"fmt"
	"hash/maphash"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/sclogs/sclogs"
)

// This file is the engine's one place of record handling: how a record is
// told apart from others, how much memory it holds, and its date. Nothing
// here names a field but id and created_at, so a field new in the spec is
// counted and hashed without an edit.

// key tells records apart: the id when the record has one, else a hash of
// the whole record (a record without an id is a server's fault, but it is
// still printed once, not on every poll).
type key struct {
	hashed bool
	v      uint64
}

// hashSeed is fixed for the process, so equal records hash equally.
var hashSeed = maphash.MakeSeed()

func keyOf(l *sclogs.Log) key {
	if l.ID != nil {
		return key{v: uint64(*l.ID)}
	}
	var h maphash.Hash
	h.SetSeed(hashSeed)
	walk(reflect.ValueOf(l).Elem(), func(b []byte, s string) {
		h.Write(b)
		h.WriteString(s)
		h.WriteByte(0) // a boundary, so "ab","c" and "a","bc" differ
	})
	return key{hashed: true, v: h.Sum64()}
}

// wordSize is what a pointer, a number or a slice header costs, roughly.
const wordSize = 8

// sizeOf estimates the memory a record holds: its text and raw JSON plus a
// word for each field, pointer and map entry.
func sizeOf(l *sclogs.Log) int64 {
	n := int64(reflect.TypeFor[sclogs.Log]().Size())
	walk(reflect.ValueOf(l).Elem(), func(b []byte, s string) {
		n += int64(len(b)+len(s)) + wordSize
	})
	return n
}

// createdAt is the record's created_at, if it has one.
func createdAt(l *sclogs.Log) (time.Time, bool) {
	if l.CreatedAt == nil {
		return time.Time{}, false
	}
	return *l.CreatedAt, true
}

// walk calls leaf with the bytes of every string and byte slice under v, and
// with a number's or a bool's text, in field order.
func walk(v reflect.Value, leaf func(b []byte, s string)) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			leaf(nil, "\x00nil")
			return
		}
		walk(v.Elem(), leaf)
	case reflect.Struct:
		if t, ok := v.Interface().(time.Time); ok {
			leaf(nil, t.UTC().Format(time.RFC3339Nano))
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				walk(v.Field(i), leaf)
			}
		}
	case reflect.String:
		leaf(nil, v.String())
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 && v.Kind() == reflect.Slice {
			leaf(v.Bytes(), "")
			return
		}
		for i := range v.Len() {
			walk(v.Index(i), leaf)
		}
	case reflect.Map:
		keys := v.MapKeys() // in a fixed order, so equal maps hash equally
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
		for _, k := range keys {
			walk(k, leaf)
			walk(v.MapIndex(k), leaf)
		}
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		leaf(nil, fmt.Sprint(v.Interface()))
	}
}
