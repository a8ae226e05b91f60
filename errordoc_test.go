package sclogs

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/sclogs/sclogs/internal/jsonscan"
)

// refErrorObject is ErrorObject as it was decoded before errordoc.go: with
// encoding/json and the rules written as UnmarshalJSON methods. It is the
// reference FuzzDecodeErrorDocument holds decodeErrors to.
type refErrorObject ErrorObject

func (e *refErrorObject) UnmarshalJSON(data []byte) error {
	type plain ErrorObject
	var v struct {
		plain
		Status refFlexInt `json:"status"`
	}
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	*e = refErrorObject(v.plain)
	e.Status = int(v.Status)
	return nil
}

type refFlexInt int

func (f *refFlexInt) UnmarshalJSON(data []byte) error {
	s := strings.Trim(string(data), `"`)
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		n = 0
	}
	*f = refFlexInt(n)
	return nil
}

// refDecodeErrors is decodeErrors as it was, on encoding/json.
func refDecodeErrors(contentType string, body []byte) []ErrorObject {
	trimmed := bytes.TrimSpace(body)
	if !isJSON(contentType) && !bytes.HasPrefix(trimmed, []byte("{")) {
		return nil
	}
	var top map[string]json.RawMessage
	if errors.Is(jsonscan.Decode(trimmed, (*jsonscan.Decoder).Skip), jsonscan.ErrTooManyElements) || json.Unmarshal(trimmed, &top) != nil {
		return nil
	}
	conv := func(list []refErrorObject) []ErrorObject {
		if list == nil {
			return nil
		}
		out := make([]ErrorObject, len(list))
		for i, e := range list {
			out[i] = ErrorObject(e)
		}
		return out
	}
	if raw, ok := top["errors"]; ok {
		var list []refErrorObject
		if json.Unmarshal(raw, &list) == nil {
			return conv(list)
		}
		var one refErrorObject
		if json.Unmarshal(raw, &one) == nil {
			return []ErrorObject{ErrorObject(one)}
		}
		return nil
	}
	var p refErrorObject
	if json.Unmarshal(trimmed, &p) != nil || (p.Title == "" && p.Detail == "") {
		return nil
	}
	return []ErrorObject{{Status: p.Status, Title: p.Title, Detail: p.Detail}}
}

var errorDocSeeds = []string{
	`{"errors":[{"status":"404","code":"not_found","title":"Not Found","detail":"gone","source":{"pointer":"/data","parameter":"id","header":"X"}}]}`,
	`{"errors":[{"status":404}]}`, `{"errors":{"status":"400","code":"invalid","source":{"parameter":"page_size"}}}`,
	`{"type":"about:blank","title":"Too Many Requests","status":429,"detail":"slow down"}`, `{"detail":"bare"}`,
	`{"errors":[{"status":{"x":1}},null,"x"]}`, `{"errors":[{"status":{"x":1}},null]}`, `{"errors":null}`, `null`, `[]`, `"x"`,
	`{"errors":[]}`, `{"errors":5}`, `{"errors":"x","detail":"d"}`, `{"errors":[{"code":5}]}`, `{"errors":[{"source":5}]}`,
	`{"errors":[{"source":null,"SOURCE":{"POINTER":"/p"}}]}`, `{"errors":[{"status":" 12 "},{"status":"\"12\""},{"status":"+7"},{"status":1.5},{"status":null},{"status":true}]}`,
	`{"errors":[{"status":"4\u0030"}]}`, `{"errors":[{"STATUS":"401","Code":"c","tİtle":"no","ſource":{"ſ":1},"detaıl":"no"}]}`,
	`{"Errors":[{"code":"folded key: not the map's"}],"detail":"problem"}`, `{"\u0065rrors":[{"code":"escaped key"}]}`,
	`{"errors":[{"code":"first"}],"errors":[{"code":"last"}]}`, `{"errors":[{"code":"a","code":"b"}]}`,
	`{"errors":[{"detail":"\ud800 \xff"}]}`, `{"errors":[{"status":99999999999999999999}]}`, `{"errors":[{}]} x`, `{"errors":`,
	`{"title":"","detail":""}`, `{"title":"t","status":"500"}`, `{"errors":[{"status":[1,2]}]}`, ` {"errors":[{"code":"ws"}]} `,
	// An escaped "errors" key, then keys inside its value that need
	// unescaping too (invalid UTF-8, an escape): the first key must not be
	// overwritten by the later ones (found by fuzzing).
	"{\"\\u0065rrors\":[{\"\xee\":\"\"}]}", `{"\u0065rrors":[{"\u0063ode":"c","\u0073tatus":"401"}]}`,
}

// FuzzDecodeErrorDocument holds decodeErrors (on jsonscan) to what the
// client gave before, on encoding/json, for every content type and body.
func FuzzDecodeErrorDocument(f *testing.F) {
	for _, s := range errorDocSeeds {
		f.Add("application/json", []byte(s))
	}
	f.Add("text/html", []byte(`{"errors":[{"code":"html but an object"}]}`))
	f.Add("text/plain", []byte(`[{"code":"not an object"}]`))
	f.Add("application/json", []byte(`{"errors":[`+strings.Repeat("{},", jsonscan.MaxElements)+`{}]}`))
	f.Add("application/json", []byte(`{"x":[`+strings.Repeat("0,", jsonscan.MaxElements)+`0],"detail":"over the limit"}`))
	f.Fuzz(func(t *testing.T, contentType string, body []byte) {
		got, want := decodeErrors(contentType, body), refDecodeErrors(contentType, body)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s %q:\ngot  %#v\nwant %#v", contentType, body, got, want)
		}
	})
}

// TestErrorObjectUnmarshalJSON checks the public method against the
// reference, also inside encoding/json.
func TestErrorObjectUnmarshalJSON(t *testing.T) {
	t.Parallel()
	for _, s := range []string{`{"status":"404","code":"c","source":{"header":"h"}}`, `{"status":5}`, `null`, `{"code":1}`, `[]`} {
		var got ErrorObject
		var want refErrorObject
		err, refErr := got.UnmarshalJSON([]byte(s)), want.UnmarshalJSON([]byte(s))
		if (err == nil) != (refErr == nil) || err == nil && got != ErrorObject(want) {
			t.Errorf("%s: %+v %v; want %+v %v", s, got, err, want, refErr)
		}
	}
	var list []ErrorObject
	if err := json.Unmarshal([]byte(`[{"status":"409","detail":"d"},null]`), &list); err != nil || len(list) != 2 || list[0].Status != 409 || list[0].Detail != "d" {
		t.Errorf("encoding/json through UnmarshalJSON: %+v %v", list, err)
	}
}
