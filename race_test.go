//go:build race

package sclogs

// raceEnabled: under the race detector every memory access costs tens of
// times more, so tests that prove a bound on a big input use a smaller one
// that still proves it (CI runs the tests with -race; `go test ./...`
// runs the full sizes).
const raceEnabled = true
