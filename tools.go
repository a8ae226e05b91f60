//go:build tools

// Package tools pins the code generator in go.mod, so `go generate` runs the
// same oapi-codegen on every machine. It is never compiled into sclogs.
package tools

import _ "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
