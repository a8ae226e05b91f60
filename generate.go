package sclogs

// gen/ is generated from the vendored spec in two steps: oapi-codegen (the
// version pinned by the `tool` directive in go.mod) writes the models and
// client, then internal/genaccessors writes the nil-safe getters beside them.
// Run `go generate .` (or `make generate`); never edit gen/ by hand.
//go:generate go tool oapi-codegen -config oapi-codegen.yaml api/openapi.yaml
//go:generate go run ./internal/genaccessors -dir gen -out accessors.gen.go
