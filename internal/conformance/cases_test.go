package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

func loadSpec(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromFile("../../api/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// Every operation of the spec gets valid cases, invalid ones and one
// without credentials; DELETE comes last.
func TestBuildCasesCoversEveryOperation(t *testing.T) {
	t.Parallel()
	doc := loadSpec(t)
	cases := buildCases(doc)
	type counts struct{ valid, invalid, noAuth int }
	got := map[string]*counts{}
	lastDelete := false
	for _, c := range cases {
		if got[c.op] == nil {
			got[c.op] = &counts{}
		}
		switch {
		case !c.auth:
			got[c.op].noAuth++
		case c.valid:
			got[c.op].valid++
		default:
			got[c.op].invalid++
		}
		if lastDelete && c.method != http.MethodDelete {
			t.Errorf("%s %s after a DELETE", c.method, c.path)
		}
		lastDelete = c.method == http.MethodDelete
	}
	n := 0
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			n++
			cs := got[op.OperationID]
			// GET /integrations takes only sort, a string the schema leaves
			// free: nothing about it can be invalid.
			invalid := op.OperationID == "sc-public-v3-integrations-get-list_integrations" || cs != nil && cs.invalid > 0
			if cs == nil || cs.valid == 0 || !invalid || cs.noAuth != 1 {
				t.Errorf("%s: cases %+v, want valid, invalid and one without credentials", op.OperationID, cs)
			}
		}
	}
	if n != 11 || len(got) != n {
		t.Errorf("%d operations in the spec, %d with cases", n, len(got))
	}
}

// The edge cases a server gets wrong are among them.
func TestBuildCasesEdges(t *testing.T) {
	t.Parallel()
	var names []string
	for _, c := range buildCases(loadSpec(t)) {
		names = append(names, c.op+": "+c.name+" "+string(c.body))
	}
	all := strings.Join(names, "\n")
	for _, want := range []string{"an id beyond int64", "integers written as N.0", "date-times in lowercase",
		"cursor in lowercase", "the spec's example PostOrderShopStatuses", "a member the schema forbids", `"response_code":495.0`} {
		if !strings.Contains(all, want) {
			t.Errorf("no case %q", want)
		}
	}
}
