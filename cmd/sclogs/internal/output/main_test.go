package output

import (
	"testing"

	"go.uber.org/goleak"
)

// Some tests read records from a sclogstest server: none may leave a
// goroutine behind.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
