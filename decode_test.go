package sclogs

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/internal/decode"
	"github.com/sclogs/sclogs/internal/jsonscan"
)

// The generated decoders (internal/decode, written by internal/gendecode)
// promise encoding/json's behaviour: the same value, and an error exactly
// when encoding/json gives one (or an array is over jsonscan.MaxElements).
// These differential fuzz targets hold them to it, also when a second
// document is decoded into what the first one left (encoding/json merges
// into existing pointers, structs and slices).

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
		differ(t, decode.IntegrationLog, first, second)
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
		differ(t, decode.IntegrationLogPage, first, second)
		pageRules(t, first)
	})
}

// pageRules checks what jsonscan.DecodePage adds to the page's decoder (the
// client's decodePage): the same page, or ErrNullRecord exactly when a
// record list (a top-level member whose key matches "data") holds a null;
// and no record list counted exactly when no key matches "data".
func pageRules(t *testing.T, input []byte) {
	t.Helper()
	var plain, ruled gen.IntegrationLogPage
	plainErr := decode.IntegrationLogPage(input, &plain)
	var notes jsonscan.Page
	err := jsonscan.DecodePage(input, &ruled, decode.IntegrationLogPageFrom, &notes)
	if plainErr != nil {
		if err == nil {
			t.Fatalf("input %q: the page rules accept what the decoder refuses (%v)", input, plainErr)
		}
		return
	}
	lists, nulls := dataMembers(t, input)
	switch {
	case nulls && !errors.Is(err, jsonscan.ErrNullRecord), !nulls && err != nil:
		t.Fatalf("input %q: null records %v, DecodePage: %v", input, nulls, err)
	case err == nil && !reflect.DeepEqual(plain, ruled):
		t.Fatalf("input %q: the page rules change the page:\n%+v\n%+v", input, plain, ruled)
	case err == nil && notes.Lists != lists:
		t.Fatalf("input %q: %d record lists counted, want %d", input, notes.Lists, lists)
	}
}

// dataMembers reads input's top-level members with encoding/json, and
// returns how many have a key that matches "data" and whether any of them
// is an array holding a null.
func dataMembers(t *testing.T, input []byte) (lists int, nulls bool) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(input))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return 0, false // null
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		if string(jsonscan.AppendFold(nil, []byte(tok.(string)))) != "DATA" {
			continue
		}
		lists++
		var elems []json.RawMessage
		if json.Unmarshal(v, &elems) == nil {
			for _, e := range elems {
				nulls = nulls || string(e) == "null"
			}
		}
	}
	return lists, nulls
}

var integrationSeeds = []string{
	`{"id":1,"shop_name":"a","shop_url":"https://s","type":"shopify","feedback_type":"eager","service_point_carriers":["dhl","ups"],` +
		`"service_point_enabled":true,"webhook_active":false,"webhook_url":null,"created_at":"2024-01-02T03:04:05Z",` +
		`"updated_at":"2024-01-02T03:04:05.123456+01:00","last_fetched_at":null,"started_failing_at":"2024-02-29T00:00:00Z"}`,
	`{"id":1,"İD":666}`, `{"ıd":666,"id":1}`, `{"ſhop_name":"long s","webhoo\u212a_url":"kelvin","\u212aey":1}`,
	`{"service_point_carriers":["a",null,"b"]}`, `{"service_point_carriers":[1]}`, `{"feedback_type":5}`,
	`{"created_at":"2024-13-01T00:00:00Z"}`, `{"id":"1"}`, `{"id":1e2}`, `{"webhook_active":"true"}`,
	`{"service_point_carriers":["x"],"service_point_carriers":["y","z"]}`, `{"unknown":{"deep":[1,[2,{"a":null}]]}}`,
}

var statusSeeds = []string{
	`{"data":[{"external_id":"1","status":"Paid","deleted_at":null,"translations":[{"language":"en-gb","status":"Paid"},{"language":"nl-nl","status":"Betaald"}]}]}`,
	`{"data":[{"EXTERNAL_ID":"x","İD":1,"ſtatus":"long s"}]}`, `{"data":[null]}`, `{"data":null}`, `{}`,
	`{"data":[{"translations":[null,{"language":5}]}]}`, `{"data":[{"deleted_at":"x"}]}`,
	`{"data":{"integration_id":1,"mapping":[{"status_category":"READY_TO_SEND","external_id":"1","is_valid":true},{"status_category":"CANCEL","external_id":null}]}}`,
	`{"data":{"mapping":null,"İNTEGRATION_ID":2}}`, `{"data":{"mapping":[{"is_valid":"yes"}]}}`, `{"data":{"mapping":{}}}`,
}

// FuzzDecodeBodies holds the decoders of every other body the client
// decodes (integrations, a created log, shop order statuses and their
// mapping) to encoding/json's behaviour; kind picks the type.
func FuzzDecodeBodies(f *testing.F) {
	for _, s := range integrationSeeds {
		f.Add(uint8(0), []byte(`{"data":[`+s+`,`+s+`]}`), []byte(`{"data":[`+integrationSeeds[0]+`]}`))
		f.Add(uint8(1), []byte(`{"data":`+s+`}`), []byte(`{"data":`+integrationSeeds[0]+`}`))
	}
	for _, s := range logSeeds[:12] {
		f.Add(uint8(2), []byte(`{"data":`+s+`}`), []byte(`{"DATA":`+logSeeds[0]+`}`))
	}
	for _, s := range statusSeeds {
		f.Add(uint8(3), []byte(s), []byte(statusSeeds[0]))
		f.Add(uint8(4), []byte(s), []byte(statusSeeds[7]))
	}
	f.Add(uint8(0), []byte(`{"data":[{"id":1}],"data":[{"shop_name":"merged"},{"id":2}]}`), []byte(`{"data":[null]}`))
	f.Fuzz(func(t *testing.T, kind uint8, first, second []byte) {
		switch kind % 5 {
		case 0:
			differ(t, decode.IntegrationList, first, second)
		case 1:
			differ(t, decode.IntegrationEnvelope, first, second)
		case 2:
			differ(t, decode.IntegrationLogEnvelope, first, second)
		case 3:
			differ(t, decode.ShopOrderStatusList, first, second)
		case 4:
			differ(t, decode.ShopOrderStatusMapping, first, second)
		}
	})
}

// differ decodes first, then second into what first left, with decode and
// with encoding/json, and fails t unless they agree.
func differ[T any](t *testing.T, decode func([]byte, *T) error, first, second []byte) {
	t.Helper()
	var got, want T
	compare(t, first, decode(first, &got), json.Unmarshal(first, &want), &got, &want)
	compare(t, second, decode(second, &got), json.Unmarshal(second, &want), &got, &want)
}

// compare fails t unless both decoders agree on input: both fail, or both
// succeed with equal values. After an error the values may differ (each
// stops at its own place), so the caller's next comparison starts over.
func compare[T any](t *testing.T, input []byte, err, stdErr error, got, want *T) {
	t.Helper()
	if errors.Is(err, jsonscan.ErrTooManyElements) && stdErr == nil {
		// Beyond encoding/json: the limit, which holds for every array the
		// decoder reads or skips (not for raw values, kept as bytes).
		if !errors.Is(jsonscan.Decode(input, (*jsonscan.Decoder).Skip), jsonscan.ErrTooManyElements) {
			t.Fatalf("input %q: %v, but no array is that long", input, err)
		}
		*got, *want = *new(T), *new(T)
		return
	}
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
		compare(t, []byte(in), decode.IntegrationLog([]byte(in), &got), json.Unmarshal([]byte(in), &want), &got, &want)
		if strings.Contains(in, `"id":1`) && (got.ID == nil || *got.ID != 1) {
			t.Errorf("%s: id %v, want 1", in, got.ID)
		}
	}
	var page, wantPage gen.IntegrationLogPage
	in := []byte(`{"data":[{"id":1,"İD":666},{"ID":2,"ıd":666}]}`)
	compare(t, in, decode.IntegrationLogPage(in, &page), json.Unmarshal(in, &wantPage), &page, &wantPage)
	for _, in := range integrationSeeds[1:4] {
		var got, want gen.Integration
		compare(t, []byte(in), decode.Integration([]byte(in), &got), json.Unmarshal([]byte(in), &want), &got, &want)
		if strings.Contains(in, `"id":1`) && (got.ID == nil || *got.ID != 1) {
			t.Errorf("%s: id %v, want 1", in, got.ID)
		}
	}
}

// checkSeeds are pages a checker could get wrong that a decoder does not:
// a record of the wrong type, a null record, numbers out of range, bad
// times, duplicate keys (a bad value before a good one and the reverse),
// "data" twice, arrays at and past the limit, bad JSON after a type error.
var checkSeeds = []string{
	`{"data":[1]}`, `{"data":["x"]}`, `{"data":[[]]}`, `{"data":[{"id":1},null]}`, `{"data":[{"id":"1"}]}`,
	`{"data":[{"id":9223372036854775808}]}`, `{"data":[{"response_code":-9223372036854775809}]}`,
	`{"data":[{"id":1.5}]}`, `{"data":[{"protected":"no"}]}`, `{"data":[{"created_at":"2024-02-30T00:00:00Z"}]}`,
	`{"data":[{"request":[]}]}`, `{"data":[{"response":{"body":tru}}]}`, `{"data":[{"base_url":null}]}`,
	`{"data":[{"id":"x","id":1}]}`, `{"data":[{"id":1,"id":"x"}]}`, `{"data":[{"id":1}],"data":[{"id":"x"}]}`,
	`{"data":[{"id":"x"}],"data":[{"id":1}]}`, `{"data":[{"id":1}],"data":null}`, `{"data":null,"data":[{"id":2}]}`,
	`{"data":[{"id":1}],"Data":[null]}`, `{"data":{}}`, `{"data":"x"}`, `{"data":[{"id":"x"}],"links":}`,
	`{"data":[{"additional_data":[` + strings.Repeat("0,", 10000) + `0]}]}`,
	`{"data":[{"unknown":[` + strings.Repeat("0,", 10000) + `0]}]}`,
	`{"data":[` + strings.Repeat(`{},`, 9999) + `{}]}`, `{"data":[` + strings.Repeat(`{},`, 10000) + `{}]}`,
	`{"other":[1],"data":[]}`, `[]`, `null`, `{"data":[{}]} {}`,
}

// FuzzCheck holds each generated checker (internal/decode's CheckT, what
// ListOptions.RawOnly reads pages with) to its decoder: nil exactly when
// the decoder decodes the input, else the same error; and for a page, the
// same notes (record lists counted, the records' spans), which is what a
// RawOnly page's records are cut by. kind picks the type.
func FuzzCheck(f *testing.F) {
	for _, s := range append(append([]string{}, pageSeeds...), checkSeeds...) {
		f.Add(uint8(0), []byte(s))
	}
	for _, s := range logSeeds {
		f.Add(uint8(0), []byte(`{"data":[`+s+`,`+s+`]}`))
		f.Add(uint8(1), []byte(s))
		f.Add(uint8(4), []byte(`{"data":`+s+`}`))
	}
	for _, s := range integrationSeeds {
		f.Add(uint8(2), []byte(`{"data":[`+s+`]}`))
		f.Add(uint8(3), []byte(`{"data":`+s+`}`))
	}
	for _, s := range statusSeeds {
		f.Add(uint8(5), []byte(s))
		f.Add(uint8(6), []byte(s))
	}
	f.Fuzz(func(t *testing.T, kind uint8, data []byte) {
		switch kind % 7 {
		case 0:
			checkPage(t, data)
		case 1:
			checks(t, data, decode.CheckIntegrationLog, decode.IntegrationLog)
		case 2:
			checks(t, data, decode.CheckIntegrationList, decode.IntegrationList)
		case 3:
			checks(t, data, decode.CheckIntegrationEnvelope, decode.IntegrationEnvelope)
		case 4:
			checks(t, data, decode.CheckIntegrationLogEnvelope, decode.IntegrationLogEnvelope)
		case 5:
			checks(t, data, decode.CheckShopOrderStatusList, decode.ShopOrderStatusList)
		case 6:
			checks(t, data, decode.CheckShopOrderStatusMapping, decode.ShopOrderStatusMapping)
		}
	})
}

// checks fails t unless check and decode agree on data: both nil, or the
// same error.
func checks[T any](t *testing.T, data []byte, check func([]byte) error, decode func([]byte, *T) error) {
	t.Helper()
	checked, decoded := check(data), decode(data, new(T))
	if (checked == nil) != (decoded == nil) || checked != nil && checked.Error() != decoded.Error() {
		t.Fatalf("input %q:\nchecker: %v\ndecoder: %v", data, checked, decoded)
	}
}

// checkPage is checks for a page as decodePage reads it: with the page
// rules (jsonscan.DecodePage and CheckPage), the same error and the same
// notes.
func checkPage(t *testing.T, data []byte) {
	t.Helper()
	checks(t, data, decode.CheckIntegrationLogPage, decode.IntegrationLogPage)
	dn, cn := jsonscan.Page{KeepSpans: true}, jsonscan.Page{KeepSpans: true}
	var page gen.IntegrationLogPage
	decoded := jsonscan.DecodePage(data, &page, decode.IntegrationLogPageFrom, &dn)
	checked := jsonscan.CheckPage(data, decode.CheckIntegrationLogPageFrom, &cn)
	if (checked == nil) != (decoded == nil) || checked != nil && checked.Error() != decoded.Error() {
		t.Fatalf("page %q:\nchecker: %v\ndecoder: %v", data, checked, decoded)
	}
	if decoded != nil {
		return
	}
	n := 0
	if page.Data != nil {
		n = len(*page.Data)
	}
	if dn.Lists != cn.Lists || !reflect.DeepEqual(dn.Spans, cn.Spans) || len(cn.Spans) != n {
		t.Fatalf("page %q: notes differ\ndecoder: %d lists %v (%d records)\nchecker: %d lists %v", data, dn.Lists, dn.Spans, n, cn.Lists, cn.Spans)
	}
}
