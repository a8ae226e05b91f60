package api_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"net/url"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/jsonvalue"
)

const genPath = "../gen/sendcloud.gen.go"

// These tests fail when api/overlay.yaml stops doing its job (an action
// removed, or oapi-codegen changing what it makes of one).

func TestGeneratedTextHasNoRawNamesOrInterfaces(t *testing.T) {
	b, err := os.ReadFile(genPath)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	// The operationId rename: no ScPublicV3IntegrationsGetRetrieveIntegrationLogs.
	if strings.Contains(strings.ToLower(text), "scpublicv3") {
		t.Error("gen/ still has ScPublicV3… names: the operationId rename in api/overlay.yaml is not applied")
	}
	// The union fields: jsonvalue.Value, never interface{}.
	if strings.Contains(text, "interface{}") {
		t.Error("gen/ has interface{}: a multi-type field escaped api/overlay.yaml")
	}
}

// TestNoAnyFields is the same check on the syntax tree, so `any` (or
// map[string]any, []any) in a struct field is caught too.
func TestNoAnyFields(t *testing.T) {
	b, err := os.ReadFile(genPath)
	if err != nil {
		t.Fatal(err)
	}
	bad, err := anyFields(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(bad) > 0 {
		t.Errorf("gen/ has untyped fields: %v", bad)
	}
}

// TestAnyFieldsFindsThem shows that the check above can fail.
func TestAnyFieldsFindsThem(t *testing.T) {
	src := []byte("package p\ntype X struct {\n\tA interface{}\n\tB *map[string]any\n\tC, D []int\n\tE []any\n}\n")
	bad, err := anyFields(src)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"X.A", "X.B", "X.E"}; !reflect.DeepEqual(bad, want) {
		t.Fatalf("anyFields = %v, want %v", bad, want)
	}
}

// anyFields lists the struct fields (Type.Field) of a Go file whose type is or
// contains interface{} or any.
func anyFields(src []byte) ([]string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), genPath, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	var bad []string
	ast.Inspect(f, func(n ast.Node) bool {
		ts, ok := n.(*ast.TypeSpec)
		if !ok {
			return true
		}
		st, ok := ts.Type.(*ast.StructType)
		if !ok {
			return true
		}
		for _, field := range st.Fields.List {
			untyped := false
			ast.Inspect(field.Type, func(n ast.Node) bool {
				switch x := n.(type) {
				case *ast.InterfaceType:
					untyped = true
				case *ast.Ident:
					untyped = untyped || x.Name == "any"
				}
				return !untyped
			})
			if untyped {
				for _, name := range field.Names {
					bad = append(bad, ts.Name.Name+"."+name.Name)
				}
			}
		}
		return true
	})
	return bad, nil
}

func TestFieldTypes(t *testing.T) {
	valueType := reflect.TypeFor[jsonvalue.Value]()
	for _, tc := range []struct {
		typ   reflect.Type
		field string
		want  reflect.Type
	}{
		// The cursor is opaque: a string sent back as received, not a time.Time.
		{reflect.TypeFor[gen.ListIntegrationLogsParams](), "Cursor", reflect.TypeFor[*string]()},
		// Optional stays a pointer: nil means "not sent" (no page_size=0).
		{reflect.TypeFor[gen.ListIntegrationLogsParams](), "PageSize", reflect.TypeFor[*int]()},
		{reflect.TypeFor[gen.IntegrationLog](), "AdditionalData", valueType},
		{reflect.TypeFor[gen.IntegrationLogRequest](), "Headers", valueType},
		{reflect.TypeFor[gen.IntegrationLogRequest](), "Payload", valueType},
		{reflect.TypeFor[gen.IntegrationLogResponse](), "Body", valueType},
		{reflect.TypeFor[gen.IntegrationLogResponse](), "Headers", valueType},
		{reflect.TypeFor[gen.Errors](), "Errors", valueType},
		{reflect.TypeFor[gen.IntegrationLogPage](), "Data", reflect.TypeFor[*[]gen.IntegrationLog]()},
		{reflect.TypeFor[gen.IntegrationLog](), "Request", reflect.TypeFor[*gen.IntegrationLogRequest]()},
		{reflect.TypeFor[gen.IntegrationLog](), "Response", reflect.TypeFor[*gen.IntegrationLogResponse]()},
		// The whole spec: one name per record, one page type for both listings.
		{reflect.TypeFor[gen.ListAllIntegrationLogsParams](), "Cursor", reflect.TypeFor[*string]()},
		{reflect.TypeFor[gen.ListAllIntegrationLogsResponse](), "JSON200", reflect.TypeFor[*gen.IntegrationLogPage]()},
		{reflect.TypeFor[gen.IntegrationLogCreate](), "Request", reflect.TypeFor[*gen.IntegrationLogRequest]()},
		{reflect.TypeFor[gen.IntegrationLogCreate](), "Response", reflect.TypeFor[*gen.IntegrationLogResponse]()},
		{reflect.TypeFor[gen.IntegrationLogEnvelope](), "Data", reflect.TypeFor[*gen.IntegrationLog]()},
		{reflect.TypeFor[gen.IntegrationEnvelope](), "Data", reflect.TypeFor[*gen.Integration]()},
		{reflect.TypeFor[gen.IntegrationList](), "Data", reflect.TypeFor[*[]gen.Integration]()},
		{reflect.TypeFor[gen.Integration](), "FeedbackType", reflect.TypeFor[*gen.FeedbackType]()},
		{reflect.TypeFor[gen.IntegrationUpdate](), "FeedbackType", reflect.TypeFor[*gen.FeedbackType]()},
		{reflect.TypeFor[gen.Integration](), "StartedFailingAt", reflect.TypeFor[*time.Time]()},
		{reflect.TypeFor[gen.ShopOrderStatusList](), "Data", reflect.TypeFor[*[]gen.ShopOrderStatus]()},
		{reflect.TypeFor[gen.ShopOrderStatus](), "Translations", reflect.TypeFor[*[]gen.ShopOrderStatusTranslation]()},
		{reflect.TypeFor[gen.ShopOrderStatusTranslation](), "Language", reflect.TypeFor[*gen.Language]()},
		{reflect.TypeFor[gen.ShopOrderStatusesReplace](), "Statuses", reflect.TypeFor[[]gen.ShopOrderStatusInput]()},
		{reflect.TypeFor[gen.ShopOrderStatusInput](), "Translations", reflect.TypeFor[[]gen.ShopOrderStatusTranslationInput]()},
		{reflect.TypeFor[gen.ShopOrderStatusTranslationInput](), "Language", reflect.TypeFor[gen.Language]()},
		{reflect.TypeFor[gen.ShopOrderStatusMapping](), "Data", reflect.TypeFor[*gen.ShopOrderStatusMappingData]()},
		{reflect.TypeFor[gen.ShopOrderStatusMappingData](), "Mapping", reflect.TypeFor[*[]gen.ShopOrderStatusMappingEntry]()},
		{reflect.TypeFor[gen.ShopOrderStatusMappingEntry](), "StatusCategory", reflect.TypeFor[*gen.StatusCategory]()},
		{reflect.TypeFor[gen.ShopOrderStatusMappingUpsert](), "Mapping", reflect.TypeFor[[]gen.ShopOrderStatusMappingEntryInput]()},
		{reflect.TypeFor[gen.ShopOrderStatusMappingEntryInput](), "StatusCategory", reflect.TypeFor[gen.StatusCategory]()},
		{reflect.TypeFor[gen.ReplaceShopOrderStatusesResponse](), "JSON200", reflect.TypeFor[*jsonvalue.Value]()},
		{reflect.TypeFor[gen.UpsertShopOrderStatusMappingResponse](), "JSON200", reflect.TypeFor[*jsonvalue.Value]()},
	} {
		f, ok := tc.typ.FieldByName(tc.field)
		if !ok {
			t.Errorf("%v has no field %s", tc.typ, tc.field)
			continue
		}
		if f.Type != tc.want {
			t.Errorf("%v.%s is %v, want %v", tc.typ, tc.field, f.Type, tc.want)
		}
	}
}

func TestCursorGoesBackAsReceived(t *testing.T) {
	const server = "https://panel.sendcloud.sc/api/v3/"
	for _, cursor := range []string{
		"2023-03-01T02:02:00",       // the documented Link header's form: no offset
		"2023-03-01T02:02:00+01:00", // '+' must not turn into a space
		"cD0yMDIzLTAzLTAx+/=",       // an opaque base64 cursor, as elsewhere in v3
	} {
		size := 25
		req, err := gen.NewListIntegrationLogsRequest(server, 7, &gen.ListIntegrationLogsParams{Cursor: &cursor, PageSize: &size})
		if err != nil {
			t.Fatalf("%q: %v", cursor, err)
		}
		if req.URL.Path != "/api/v3/integrations/7/logs" {
			t.Errorf("path = %q", req.URL.Path)
		}
		q, err := url.ParseQuery(req.URL.RawQuery)
		if err != nil {
			t.Fatal(err)
		}
		if got := q.Get("cursor"); got != cursor {
			t.Errorf("cursor sent as %q (raw query %q), want %q", got, req.URL.RawQuery, cursor)
		}
		if got := q.Get("page_size"); got != "25" {
			t.Errorf("page_size = %q, want 25", got)
		}
	}

	req, err := gen.NewListIntegrationLogsRequest(server, 7, &gen.ListIntegrationLogsParams{})
	if err != nil {
		t.Fatal(err)
	}
	if req.URL.RawQuery != "" {
		t.Errorf("empty params sent query %q, want none", req.URL.RawQuery)
	}
}
