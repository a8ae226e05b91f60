// Command peers measures sclogs' Client.Logs against the other ways to read
// the Sendcloud integration logs in Go, over the same pages:
//
//   - ogen v1.24.0, generated into ogenapi/ from ogenspec/openapi.yaml (a copy
//     of api/openapi.yaml with the smallest edits ogen needs, each marked
//     "peers edit"; run `go generate` here to regenerate);
//   - the raw oapi-codegen client, gen.ClientWithResponses, following the
//     Link header by hand;
//   - a bare loop with net/http and encoding/json into the generated types;
//   - the same bare loop with the go-json-experiment v1 decoder sclogs uses.
//
// A child process (this program again) captures 200 pages of 100 records from
// sclogstest once and replays them from memory on 127.0.0.1, so the server's
// work is not counted. Each round runs every client once, in a rotating
// order; the table shows medians over the rounds of CPU time (user + system
// of this process), allocations and bytes allocated per record, and each
// client's CPU relative to sclogs in the same round. A checksum over every
// field of every record proves that each client saw the same records.
//
// It lives in its own module so that ogen and its dependencies stay out of
// sclogs' go.mod. Run it with `make bench-peers`, or here with `go run .`.
package main
