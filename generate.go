package sclogs

// gen/ is generated from the vendored spec; the version of oapi-codegen is
// pinned in go.mod through tools.go.
//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config oapi-codegen.yaml api/openapi.yaml
