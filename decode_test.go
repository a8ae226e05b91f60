package sclogs

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/sclogs/sclogs/gen"
)

// The generated decoders (gen/decode.gen.go, internal/gendecode) promise
// encoding/json's behaviour: the same value, and an error exactly when
// encoding/json gives one. These differential fuzz targets hold them to it,
// also when a second document is decoded into what the first one left
// (encoding/json merges into existing pointers, structs and slices).

var logSeeds = []string{
	`{"id":123,"base_url":"https://example.com","full_url":"https://example.com/order-note.json","method":"POST","response_code":495,"response":{"headers":{"Content-Type":"text/html"},"body":"<!doctype html>"},"request":{"headers":{"X":"y"},"payload":{"order_note":{"note":"Success"}}},"created_at":"2023-03-01T02:02:00+01:00","exception_type":"requests.exceptions.SSLError","exception":"An SSL error occurred","protected":false,"additional_data":""}`,
	`{"base_url":"x","integration_id":null,"request":null,"response":{"body":null,"headers":null},"additional_data":{"a":[1,2]}}`,
	`{"BASE_URL":"upper","Id":7,"baſe_url":"long s","\u0062ase_url":"escaped key","ID":8}`,
	`{"base_url":"a\u00e9\ud83d\ude00\ud800x\\\"\/\b\f\n\r\t","method":"\xff\xfe invalid utf-8","exception":"\u0000"}`,
	`{"id":1.0}`, `{"id":1e2}`, `{"id":-0}`, `{"id":9223372036854775807}`, `{"id":9223372036854775808}`,
	`{"id":"1"}`, `{"base_url":1}`, `{"protected":"true"}`, `{"protected":null,"created_at":null}`,
	`{"created_at":"2024-02-29T23:59:59.123456+02:00"}`, `{"created_at":"2024-02-30T00:00:00Z"}`, `{"created_at":1}`,
	`{"created_at":"2023-03-01T02:02:00"}`, `{"request":{"headers":"a","headers":{"b":1}},"request":{"payload":[1]}}`,
	`{"request":[]}`, `{"request":"x"}`, `{"response":{"body":{"x":1}}}`, `{"additional_data":  [ 1 , {"a" : null} ] }`,
	`{"base_url":"x",}`, `{"base_url" "x"}`, `{"base_url":"x"`, `{"base_url":"x"} x`, ` {"base_url":"x"} `, `null`,
	`[]`, `"x"`, `{"id":1,"base_url":5,"x":}`, `{"full_url":"a","full_url":null,"full_url":"b"}`, `{"id":01}`, `{"id":-}`,
	`{"unknown":{"deep":[1,2,{"x":"\u00zz"}]}}`, `{"unknown":tru}`, `{"unknown":"tab	in string"}`,
	`{"base_url":"x","BASE_URL":""}`, `{"method":"GET","full_url":"u","Method":"u"}`,
	// Keys that fold in encoding/json (Kelvin sign, long s) and keys that do
	// not ("İ" U+0130, "ı" U+0131), after and before the real field.
	`{"id":1,"İD":666}`, `{"ıd":666,"id":1}`, `{"id":1,"İd":666,"ıD":667}`, `{"exceptıon":"dotless","EXCEPTİON":"dotted"}`,
	`{"baſe_url":"long s","ſhop":1}`, `{"additional_data":"a","ADDİTİONAL_DATA":"b","additional_datа":"cyrillic a"}`,
	`{"full_url":"u","FULL_URL":"U","fuLL_url":"mixed","\u0130d":5}`,
	`{"additional_data":` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `}`,
	`{"additional_data":` + strings.Repeat("[", 9990) + strings.Repeat("]", 9990) + `}`,
}

var pageSeeds = []string{
	`{"data":[]}`, `{"data":null}`, `{}`, `{"data":[{"id":1,"base_url":"a"},{"id":2,"base_url":"b","request":{"payload":"p"}}]}`,
	`{"data":[{"id":1}],"data":[{"method":"GET"},{"id":3}]}`, `{"data":[{"id":1},{"id":2}],"data":[{"id":3}]}`,
	`{"data":[{"id":1}],"data":[]}`, `{"data":[null,{"id":"x"}]}`, `{"data":{"id":1}}`, `{"DATA":[{"ID":1}]}`,
	`{"data":[{"id":1,"İD":666},{"ıd":2,"ID":3}]}`, `{"data":[{"id":1}],"DATİ":[],"dATA":[{"id":4}]}`,
	`{"data":[{"id":1},]}`, `{"data":[{"id":1}`, `{"links":{"next":null},"data":[{"base_url":"\u00e9"}]}`,
	// The last of duplicate keys wins also when it is a string stored once
	// already (interned) or empty, and an earlier one still waits for a flush.
	`{"data":[{"method":"GET"},{"method":"PUT"},{"method":"PATCH"},{"method":"x"},{"method":"x"},{"method":"x"},{"method":"x"},{"method":"x"},{"method":"x","METHOD":"GET","Method":"PUT"},{"base_url":"b","Base_URL":""}]}`,
}

func FuzzDecodeLog(f *testing.F) {
	for _, s := range logSeeds {
		f.Add([]byte(s), []byte(logSeeds[0]))
		f.Add([]byte(logSeeds[1]), []byte(s))
	}
	f.Fuzz(func(t *testing.T, first, second []byte) {
		var got, want gen.IntegrationLog
		compare(t, first, got.DecodeJSON(first), json.Unmarshal(first, &want), &got, &want)
		compare(t, second, got.DecodeJSON(second), json.Unmarshal(second, &want), &got, &want)
	})
}

func FuzzDecodePage(f *testing.F) {
	for _, s := range pageSeeds {
		f.Add([]byte(s), []byte(pageSeeds[3]))
		f.Add([]byte(pageSeeds[4]), []byte(s))
	}
	for _, s := range logSeeds {
		f.Add([]byte(`{"data":[`+s+`,`+s+`]}`), []byte(`{"data":[`+logSeeds[0]+`]}`))
	}
	f.Fuzz(func(t *testing.T, first, second []byte) {
		var got, want gen.IntegrationLogPage
		compare(t, first, got.DecodeJSON(first), json.Unmarshal(first, &want), &got, &want)
		compare(t, second, got.DecodeJSON(second), json.Unmarshal(second, &want), &got, &want)
	})
}

// compare fails t unless both decoders agree on input: both fail, or both
// succeed with equal values. After an error the values may differ (each
// stops at its own place), so the caller's next comparison starts over.
func compare[T any](t *testing.T, input []byte, err, stdErr error, got, want *T) {
	t.Helper()
	if (err == nil) != (stdErr == nil) {
		t.Fatalf("input %q:\ngenerated decoder: %v\nencoding/json:     %v", input, err, stdErr)
	}
	if err != nil {
		*got, *want = *new(T), *new(T)
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("input %q: values differ\ngenerated decoder: %+v\nencoding/json:     %+v", input, *got, *want)
	}
}

// TestDecodeKeyFolding checks the generated decoders against encoding/json on
// keys that fold in Unicode but not to an ASCII field name ("İD", "ıd"), and
// on keys that do (the Kelvin sign, "ſ"): the same value, and for
// {"id":1,"İD":666} the id 1.
func TestDecodeKeyFolding(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		`{"id":1,"İD":666}`, `{"id":1,"ıd":666}`, `{"İD":666,"id":1}`, `{"id":1,"\u0130D":666}`,
		`{"id":1,"\u0131d":666}`, `{"baſe_url":"long s"}`, `{"method":"GET","METHOD":"PUT","mEthod":"x"}`,
		`{"exceptıon":"no","exception_type":"yes","EXCEPTION_TYPE":"fold"}`,
	} {
		var got, want gen.IntegrationLog
		compare(t, []byte(in), got.DecodeJSON([]byte(in)), json.Unmarshal([]byte(in), &want), &got, &want)
		if strings.Contains(in, `"id":1`) && (got.ID == nil || *got.ID != 1) {
			t.Errorf("%s: id %v, want 1", in, got.ID)
		}
	}
	var page, wantPage gen.IntegrationLogPage
	in := []byte(`{"data":[{"id":1,"İD":666},{"ID":2,"ıd":666}]}`)
	compare(t, in, page.DecodeJSON(in), json.Unmarshal(in, &wantPage), &page, &wantPage)
}
