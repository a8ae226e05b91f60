package sclogs

// gen/ is generated from the vendored spec in three steps: oapi-codegen (the
// version pinned by the `tool` directive in go.mod) writes the models and
// client, internal/genaccessors writes the nil-safe getters beside them, and
// internal/gendecode writes reflection-free decoders for every type the
// client decodes into internal/decode (functions over gen's types, so that
// gen's documentation shows no internal type). Run `go generate .` (or
// `make generate`); never edit gen/ or internal/decode/decode.gen.go by hand.
//go:generate go tool oapi-codegen -config oapi-codegen.yaml api/openapi.yaml
//go:generate go run ./internal/genaccessors -dir gen -out accessors.gen.go
//go:generate go run ./internal/gendecode -dir gen -out internal/decode/decode.gen.go -roots IntegrationLogPage,IntegrationLog,IntegrationList,Integration,IntegrationEnvelope,IntegrationLogEnvelope,ShopOrderStatusList,ShopOrderStatusMapping
