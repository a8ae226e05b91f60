package api_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/util"
)

// These tests apply api/overlay.yaml to the spec the way `go generate` does
// (oapi-codegen's own loader, strict mode) and check the three effects the
// overlay exists for, on the document itself: they fail as soon as an action
// is removed or stops matching, without regenerating gen/.

const overlayPath = "overlay.yaml"

func loadOverlaid(t *testing.T, overlay string) (*openapi3.T, error) {
	t.Helper()
	return util.LoadSwaggerWithOverlay(specPath, util.LoadSwaggerWithOverlayOpts{
		Path:                overlay,
		Strict:              true,
		AllowRemoteRefsFrom: []string{}, // no network
	})
}

// unionFields are the multi-type fields (OpenAPI 3.1 type lists) that
// oapi-codegen v2.8.2 cannot generate; the overlay makes them jsonvalue.Value.
func unionFields(doc *openapi3.T) map[string]*openapi3.Schema {
	log := doc.Components.Schemas["integration-log"].Value
	req := log.Properties["request"].Value
	resp := log.Properties["response"].Value
	return map[string]*openapi3.Schema{
		"additional_data":  log.Properties["additional_data"].Value,
		"request.headers":  req.Properties["headers"].Value,
		"request.payload":  req.Properties["payload"].Value,
		"response.body":    resp.Properties["body"].Value,
		"response.headers": resp.Properties["headers"].Value,
		"errors.errors":    doc.Components.Schemas["errors"].Value.Properties["errors"].Value,
	}
}

func TestOverlayEffects(t *testing.T) {
	plain := loadSpec(t)
	doc, err := loadOverlaid(t, overlayPath)
	if err != nil {
		t.Fatalf("applying %s in strict mode: %v", overlayPath, err)
	}
	op := doc.Paths.Value(logsPath).Get

	// 1. The multi-type fields become jsonvalue.Value (they are type lists
	// in the spec, so the check is not vacuous).
	before := unionFields(plain)
	for name, s := range unionFields(doc) {
		if before[name].Type == nil || len(before[name].Type.Slice()) < 2 {
			t.Errorf("%s: the spec no longer gives a type list (%v): review the overlay", name, before[name].Type)
		}
		if s.Type != nil && len(s.Type.Slice()) > 0 || s.Items != nil {
			t.Errorf("%s: still typed %v after the overlay", name, s.Type)
		}
		imp, _ := s.Extensions["x-go-type-import"].(map[string]any)
		if s.Extensions["x-go-type"] != "jsonvalue.Value" || s.Extensions["x-go-type-skip-optional-pointer"] != true ||
			imp["path"] != "github.com/sclogs/sclogs/jsonvalue" {
			t.Errorf("%s: extensions %v, want x-go-type jsonvalue.Value as a value, imported", name, s.Extensions)
		}
	}

	// 2. The cursor is an opaque string, not a date-time.
	cursor := op.Parameters.GetByInAndName("query", "cursor")
	if cursor == nil || cursor.Schema == nil {
		t.Fatal("no cursor query parameter")
	}
	if cursor.Schema.Value.Extensions["x-go-type"] != "string" {
		t.Errorf("cursor schema extensions %v, want x-go-type string", cursor.Schema.Value.Extensions)
	}

	// 3. A readable name for every operation of the spec, and no operation
	// the overlay does not name.
	want := map[string]string{
		"GET /integrations/{id}":            "getIntegration",
		"PATCH /integrations/{id}":          "updateIntegration",
		"DELETE /integrations/{id}":         "deleteIntegration",
		"GET /integrations":                 "listIntegrations",
		"GET /integrations/logs":            "listAllIntegrationLogs",
		"GET /integrations/{id}/logs":       "listIntegrationLogs",
		"POST /integrations/{id}/logs":      "createIntegrationLog",
		"GET /shop-order-statuses":          "listShopOrderStatuses",
		"POST /shop-order-statuses":         "replaceShopOrderStatuses",
		"GET /shop-order-statuses/mapping":  "getShopOrderStatusMapping",
		"POST /shop-order-statuses/mapping": "upsertShopOrderStatusMapping",
	}
	seen := 0
	for path, item := range doc.Paths.Map() {
		for method, o := range item.Operations() {
			key := method + " " + path
			seen++
			if o.OperationID != want[key] {
				t.Errorf("%s: operationId %q, want %q (spec: %q)", key, o.OperationID, want[key],
					plain.Paths.Value(path).GetOperation(method).OperationID)
			}
		}
	}
	if seen != len(want) {
		t.Errorf("the spec has %d operations, this test knows %d: name the new ones in the overlay", seen, len(want))
	}

	// 4. The account-wide listing's cursor is opaque too.
	all := doc.Paths.Value("/integrations/logs").Get.Parameters.GetByInAndName("query", "cursor")
	if all == nil || all.Schema == nil || all.Schema.Value.Extensions["x-go-type"] != "string" {
		t.Error("GET /integrations/logs: cursor is not x-go-type string")
	}
}

// Strict mode is the drift alarm: an action whose target no longer matches
// the spec fails generation instead of being skipped in silence.
func TestOverlayStrictFailsOnStaleTarget(t *testing.T) {
	b, err := os.ReadFile(overlayPath)
	if err != nil {
		t.Fatal(err)
	}
	stale := strings.Replace(string(b), "properties.additional_data.type", "properties.no_such_field.type", 1)
	if stale == string(b) {
		t.Fatal("overlay has no additional_data action to make stale")
	}
	path := filepath.Join(t.TempDir(), "stale-overlay.yaml")
	if err := os.WriteFile(path, []byte(stale), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := loadOverlaid(t, path); err == nil {
		t.Fatal("a stale overlay target applied without error in strict mode")
	}
}

// oapi-codegen.yaml applies the overlay in strict mode, and does not use
// prefer-skip-optional-pointer (the client would then always send
// page_size=0 and a zero cursor).
func TestCodegenConfig(t *testing.T) {
	b, err := os.ReadFile("../oapi-codegen.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for line := range strings.SplitSeq(string(b), "\n") {
		if i := strings.Index(line, "#"); i >= 0 {
			line = line[:i]
		}
		if line = strings.TrimSpace(line); line != "" {
			lines = append(lines, line)
		}
	}
	text := "\n" + strings.Join(lines, "\n") + "\n"
	for _, want := range []string{"\noverlay:\npath: api/overlay.yaml\nstrict: true\n", "\nname-normalizer: ToCamelCaseWithInitialisms\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("oapi-codegen.yaml lacks %q", strings.TrimSpace(want))
		}
	}
	if strings.Contains(text, "prefer-skip-optional-pointer") {
		t.Error("oapi-codegen.yaml sets prefer-skip-optional-pointer")
	}
}
