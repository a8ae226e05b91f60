package cli

import (
	"testing"

	"go.uber.org/goleak"
)

// The commands start servers and prefetching listings: none may outlive its
// command.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
