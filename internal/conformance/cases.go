package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

// knownID is an integration the fake serves with its default options;
// unknownID is one it does not have. deleteID is the integration the DELETE
// cases remove (they run last).
const (
	knownID   = 1
	unknownID = 999999
	deleteID  = 3
)

// expect is what a case expects of the fake.
type expect int

const (
	want2xx expect = iota // a valid request about a known integration
	want4xx               // an invalid request, or one about an unknown integration
	want401               // no credentials
)

// testCase is one request made through the proxy.
type testCase struct {
	op     string // operationId
	name   string // what the case tries
	method string
	path   string // with path parameters filled in, without the server's /api/v3
	query  url.Values
	body   []byte // nil: no body
	auth   bool
	valid  bool // the request is valid against the spec
	want   expect
}

// buildCases makes the cases for every operation of doc: the spec's request
// examples, a request generated from the schemas (with every optional
// member, and with only the required ones), the same about an unknown
// integration, invalid parameters and bodies (wrong types, values outside
// an enum, missing required members, members the schema forbids), and no
// credentials. DELETE cases come last, so they do not remove what others
// read.
func buildCases(doc *openapi3.T) []testCase {
	var out, deletes []testCase
	paths := doc.Paths.InMatchingOrder()
	sort.Strings(paths)
	for _, p := range paths {
		item := doc.Paths.Value(p)
		for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodPatch, http.MethodDelete} {
			op := item.GetOperation(method)
			if op == nil {
				continue
			}
			cs := opCases(p, method, item, op)
			if method == http.MethodDelete {
				deletes = append(deletes, cs...)
			} else {
				out = append(out, cs...)
			}
		}
	}
	return append(out, deletes...)
}

// param is a parameter of an operation with its schema.
type param struct {
	name, in string
	required bool
	schema   *openapi3.Schema
	example  any // the parameter's own example, if any
}

func params(item *openapi3.PathItem, op *openapi3.Operation) []param {
	var out []param
	for _, list := range []openapi3.Parameters{item.Parameters, op.Parameters} {
		for _, ref := range list {
			p := ref.Value
			if p == nil || p.Schema == nil || p.Schema.Value == nil {
				continue
			}
			out = append(out, param{p.Name, p.In, p.Required, p.Schema.Value, p.Example})
		}
	}
	return out
}

func opCases(path, method string, item *openapi3.PathItem, op *openapi3.Operation) []testCase {
	ps := params(item, op)
	id := knownID
	if method == http.MethodDelete {
		id = deleteID
	}
	base := func(name string, id int, all bool) testCase {
		c := testCase{op: op.OperationID, name: name, method: method, query: url.Values{}, auth: true, valid: true, want: want2xx}
		c.path = path
		for _, p := range ps {
			v := paramValue(p, id, all)
			switch {
			case p.in == "path":
				c.path = strings.ReplaceAll(c.path, "{"+p.name+"}", v)
			case p.in == "query" && (p.required || all):
				c.query.Set(p.name, v)
			}
		}
		return c
	}
	var body *openapi3.Schema
	var examples []namedBody
	if rb := op.RequestBody; rb != nil && rb.Value != nil {
		if mt := rb.Value.Content.Get("application/json"); mt != nil && mt.Schema != nil {
			body = mt.Schema.Value
			for _, name := range sortedKeys(mt.Examples) {
				if ex := mt.Examples[name]; ex != nil && ex.Value != nil {
					examples = append(examples, namedBody{name, ex.Value.Value})
				}
			}
			if mt.Example != nil {
				examples = append(examples, namedBody{"example", mt.Example})
			}
		}
	}
	withBody := func(c testCase, v any) testCase {
		c.body, _ = json.Marshal(v)
		return c
	}
	var out []testCase
	full, minimal := base("generated, every member", id, true), base("generated, required members", id, false)
	if body != nil {
		full = withBody(full, setIDs(genValue(body, "", 0, true), id))
		minimal = withBody(minimal, setIDs(genValue(body, "", 0, false), id))
	}
	out = append(out, full, minimal)
	for _, ex := range examples {
		c := withBody(base("the spec's example "+ex.name, id, false), ex.value)
		if hasUnknownIDs(ex.value) {
			c.want = want4xx // its integration_id is not one the fake has
		}
		out = append(out, c, withBody(base("the spec's example "+ex.name+", integration_id the fake has", id, false), setIDs(clone(ex.value), id)))
	}
	if hasID(ps, body) {
		c := base("an unknown integration", unknownID, false)
		if body != nil {
			c = withBody(c, setIDs(genValue(body, "", 0, false), unknownID))
		}
		c.want = want4xx
		out = append(out, c)
	}
	// Invalid parameters.
	for _, p := range ps {
		for _, bad := range badParamValues(p.schema) {
			c := base("parameter "+p.name+"="+bad, id, false)
			if p.in == "path" {
				c.path = strings.ReplaceAll(path, "{"+p.name+"}", url.PathEscape(bad))
			} else {
				c.query.Set(p.name, bad)
			}
			if body != nil {
				c = withBody(c, setIDs(genValue(body, "", 0, false), id))
			}
			c.valid, c.want = false, want4xx
			out = append(out, c)
		}
		if p.required && p.in == "query" {
			c := base("parameter "+p.name+" missing", id, false)
			c.query.Del(p.name)
			c.valid, c.want = false, want4xx
			out = append(out, c)
		}
	}
	// Invalid bodies.
	if body != nil {
		good := setIDs(genValue(body, "", 0, true), id).(map[string]any)
		for _, m := range badBodies(body, good) {
			c := withBody(base("body: "+m.name, id, false), m.value)
			c.valid, c.want = false, want4xx
			out = append(out, c)
		}
	}
	// Valid, though easy to get wrong: an id beyond int64 (the spec sets no
	// maximum), integers written as 495.0 (JSON Schema's integer), and
	// RFC 3339 date-times in lowercase.
	for _, p := range ps {
		if p.in == "path" && isIDName(p.name) {
			c := base("an id beyond int64", id, false)
			c.path = strings.ReplaceAll(path, "{"+p.name+"}", "99999999999999999999")
			if body != nil {
				c = withBody(c, setIDs(genValue(body, "", 0, false), id))
			}
			c.want = want4xx // a valid id that no integration has
			out = append(out, c)
		}
		if p.in == "query" && p.schema.Format == "date-time" {
			c := base("parameter "+p.name+" in lowercase", id, false)
			c.query.Set(p.name, strings.ToLower(time.Now().UTC().Format(time.RFC3339)))
			out = append(out, c)
		}
	}
	if body != nil {
		b, _ := json.Marshal(setIDs(genValue(body, "", 0, true), id))
		if f := wholeAsFloat(b); !bytes.Equal(f, b) {
			c := base("integers written as N.0", id, false)
			c.body = f
			out = append(out, c)
		}
		if l := lowerDateTimes(b); !bytes.Equal(l, b) {
			c := base("date-times in lowercase", id, false)
			c.body = l
			out = append(out, c)
		}
	}
	noAuth := base("no credentials", id, false)
	if body != nil {
		noAuth = withBody(noAuth, setIDs(genValue(body, "", 0, false), id))
	}
	noAuth.auth, noAuth.want = false, want401
	out = append(out, noAuth)
	return dedupe(out)
}

// dedupe drops a case that sends what an earlier one sent (a DELETE sent
// twice would find nothing the second time).
func dedupe(cs []testCase) []testCase {
	seen := map[string]bool{}
	var out []testCase
	for _, c := range cs {
		k := fmt.Sprint(c.method, c.path, c.query.Encode(), string(c.body), c.auth)
		if !seen[k] {
			seen[k] = true
			out = append(out, c)
		}
	}
	return out
}

var (
	wholeNumber = regexp.MustCompile(`(:\s*)(-?\d+)([,}\]])`)
	dateTime    = regexp.MustCompile(`"(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2}(?:\.\d+)?)Z"`)
)

// wholeAsFloat writes every integer member of a JSON object as N.0.
func wholeAsFloat(b []byte) []byte { return wholeNumber.ReplaceAll(b, []byte("${1}${2}.0${3}")) }

// lowerDateTimes writes every UTC date-time string with a lowercase t and z.
func lowerDateTimes(b []byte) []byte { return dateTime.ReplaceAll(b, []byte(`"${1}t${2}z"`)) }

type namedBody struct {
	name  string
	value any
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// isIDName reports whether a parameter or member names an integration.
func isIDName(name string) bool { return name == "id" || name == "integration_id" }

func hasID(ps []param, body *openapi3.Schema) bool {
	for _, p := range ps {
		if isIDName(p.name) {
			return true
		}
	}
	return body != nil && body.Properties["integration_id"] != nil
}

// paramValue is a valid value of p: the integration id for an id, else the
// schema's example, first enum value or a generated one.
func paramValue(p param, id int, all bool) string {
	if isIDName(p.name) {
		return strconv.Itoa(id)
	}
	if p.schema.Format == "date-time" {
		return time.Now().UTC().Format(time.RFC3339)
	}
	if ex, ok := p.example.(string); ok && ex != "" {
		return ex
	}
	switch v := genValue(p.schema, p.name, 0, all).(type) {
	case string:
		return v
	default:
		b, _ := json.Marshal(v)
		return string(b)
	}
}

// types is the schema's JSON types, "null" last.
func types(s *openapi3.Schema) []string {
	if s.Type == nil {
		return nil
	}
	ts := slices.Clone(s.Type.Slice())
	slices.SortStableFunc(ts, func(a, b string) int {
		switch {
		case a == "null" && b != "null":
			return 1
		case b == "null" && a != "null":
			return -1
		}
		return 0
	})
	return ts
}

// genValue is a valid value of s; variant makes the items of an array
// differ (uniqueItems); all includes optional members.
func genValue(s *openapi3.Schema, name string, variant int, all bool) any {
	if len(s.AllOf) > 0 {
		out := map[string]any{}
		for _, sub := range s.AllOf {
			if m, ok := genValue(sub.Value, name, variant, all).(map[string]any); ok {
				for k, v := range m {
					out[k] = v
				}
			}
		}
		return out
	}
	if len(s.OneOf) > 0 {
		return genValue(s.OneOf[0].Value, name, variant, all)
	}
	if len(s.AnyOf) > 0 {
		return genValue(s.AnyOf[0].Value, name, variant, all)
	}
	if len(s.Enum) > 0 {
		return s.Enum[variant%len(s.Enum)]
	}
	ts := types(s)
	typ := "object"
	if len(ts) > 0 {
		typ = ts[0]
	}
	switch typ {
	case "string":
		switch s.Format {
		case "date-time":
			return time.Now().UTC().Format(time.RFC3339)
		case "uri":
			return "https://shop.example/" + strconv.Itoa(variant)
		}
		if ex, ok := s.Example.(string); ok && variant == 0 {
			return ex
		}
		return "value-" + strconv.Itoa(variant)
	case "integer":
		if isIDName(name) {
			return knownID
		}
		if ex, ok := s.Example.(float64); ok && variant == 0 {
			return int(ex)
		}
		if s.Min != nil {
			return int(*s.Min) + variant
		}
		return 1 + variant
	case "number":
		return 1.5 + float64(variant)
	case "boolean":
		return variant%2 == 0
	case "null":
		return nil
	case "array":
		n := max(int(s.MinItems), 1)
		if s.MaxItems != nil {
			n = min(n, int(*s.MaxItems))
		}
		out := make([]any, n)
		for i := range out {
			out[i] = genValue(s.Items.Value, name, i, all)
		}
		return out
	}
	out := map[string]any{}
	for _, k := range sortedKeys(s.Properties) {
		if all || slices.Contains(s.Required, k) {
			if ps := s.Properties[k].Value; ps != nil && !ps.ReadOnly {
				out[k] = genValue(ps, k, variant, all)
			}
		}
	}
	return out
}

// setIDs sets every integration_id member of v (at any depth) to id.
func setIDs(v any, id int) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if k == "integration_id" {
				v[k] = id
			} else {
				v[k] = setIDs(x, id)
			}
		}
	case []any:
		for i := range v {
			v[i] = setIDs(v[i], id)
		}
	}
	return v
}

// hasUnknownIDs reports whether an example names an integration the fake
// does not have.
func hasUnknownIDs(v any) bool {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if k == "integration_id" {
				if n, ok := x.(float64); !ok || n < 1 || n > 3 {
					return true
				}
				if n, ok := x.(int); ok && (n < 1 || n > 3) {
					return true
				}
			} else if hasUnknownIDs(x) {
				return true
			}
		}
	case []any:
		for _, x := range v {
			if hasUnknownIDs(x) {
				return true
			}
		}
	}
	return false
}

// clone deep-copies a decoded JSON value.
func clone(v any) any {
	b, _ := json.Marshal(v)
	var out any
	_ = json.Unmarshal(b, &out)
	return out
}

// badParamValues are values outside p's schema.
func badParamValues(s *openapi3.Schema) []string {
	var out []string
	ts := types(s)
	switch {
	case len(s.Enum) > 0:
		out = append(out, "not-an-enum-value")
	case slices.Contains(ts, "integer"):
		out = append(out, "abc", "1.5")
	case slices.Contains(ts, "boolean"):
		out = append(out, "maybe")
	case s.Format == "date-time":
		out = append(out, "yesterday", "2023-03-01T02:02:00,5Z")
	}
	if s.Max != nil {
		out = append(out, strconv.Itoa(int(*s.Max)+1))
	}
	if s.Min != nil {
		out = append(out, strconv.Itoa(int(*s.Min)-1))
	}
	return out
}

// badBodies are bodies outside s: not an object, each required member
// missing, each member of a type the schema does not allow or outside its
// enum, and a member the schema forbids.
func badBodies(s *openapi3.Schema, good map[string]any) []namedBody {
	out := []namedBody{{"an array, not an object", []any{good}}, {"a string, not an object", "x"}}
	for _, k := range s.Required {
		m := clone(good).(map[string]any)
		delete(m, k)
		out = append(out, namedBody{"required " + k + " missing", m})
	}
	props := flatProps(s)
	for _, k := range sortedKeys(props) {
		ps := props[k]
		if ps.ReadOnly {
			continue
		}
		if w, ok := wrongType(ps); ok {
			m := clone(good).(map[string]any)
			m[k] = w
			out = append(out, namedBody{fmt.Sprintf("%s of the wrong type (%s)", k, kind(w)), m})
		}
		if len(ps.Enum) > 0 {
			m := clone(good).(map[string]any)
			m[k] = "not-an-enum-value"
			out = append(out, namedBody{k + " outside its enum", m})
		}
	}
	if s.AdditionalProperties.Has != nil && !*s.AdditionalProperties.Has {
		m := clone(good).(map[string]any)
		m["unexpected_member"] = 1
		out = append(out, namedBody{"a member the schema forbids", m})
	}
	return out
}

// flatProps is the properties of s and its allOf parts.
func flatProps(s *openapi3.Schema) map[string]*openapi3.Schema {
	out := map[string]*openapi3.Schema{}
	for k, p := range s.Properties {
		if p.Value != nil {
			out[k] = p.Value
		}
	}
	for _, sub := range s.AllOf {
		if sub.Value != nil {
			for k, v := range flatProps(sub.Value) {
				out[k] = v
			}
		}
	}
	return out
}

// wrongType is a value of a JSON type s does not allow.
func wrongType(s *openapi3.Schema) (any, bool) {
	ts := types(s)
	if len(ts) == 0 {
		return nil, false
	}
	for _, cand := range []any{5.5, "x", true, map[string]any{}, []any{}, nil} {
		if !slices.Contains(ts, kind(cand)) { // 5.5 is not an integer either
			return cand, true
		}
	}
	return nil, false
}

// kind is the JSON Schema type of a decoded value.
func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case bool:
		return "boolean"
	case float64, int:
		return "number"
	case []any:
		return "array"
	}
	return "object"
}
