package pagination

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the run if any test leaves a goroutine behind, such as a
// prefetching goroutine still running after its loop has ended.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
