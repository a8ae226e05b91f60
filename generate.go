package sclogs

// gen/ is generated from the vendored spec; the version of oapi-codegen is
// pinned in go.mod through tools.go.
//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config oapi-codegen.yaml api/openapi.yaml
// Then reflection-free decoders for the types a page walk decodes (gen/decode.gen.go).
//go:generate go run ./internal/gendecode -dir gen -out decode.gen.go -roots IntegrationLogPage,IntegrationLog
