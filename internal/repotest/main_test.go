package repotest

import (
	"testing"

	"go.uber.org/goleak"
)

// The tests start HTTP servers (the fake, a stub API): none may outlive them.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
