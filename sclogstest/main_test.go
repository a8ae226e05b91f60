package sclogstest_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package if a test leaves a goroutine behind: a server
// that is not closed, a latency wait that outlives Close.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
