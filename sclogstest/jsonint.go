package sclogstest

import (
	"math/big"
	"strconv"
	"strings"
)

// jsonInteger reads a JSON number as JSON Schema's `integer`: any number
// whose value is whole, so 495, 495.0 and 4.95e2 are all 495. ok is false
// for a fraction or a value outside int64 (exponents are bounded before any
// arithmetic, so 1e999999999 costs nothing).
func jsonInteger(num string) (n int64, ok bool) {
	if n, err := strconv.ParseInt(num, 10, 64); err == nil {
		return n, true // the common case
	}
	mant, exp, _ := strings.Cut(strings.ToLower(num), "e")
	if exp != "" {
		e, err := strconv.Atoi(exp)
		if err != nil || e > 400 || e < -400 {
			// Beyond int64 either way, unless the mantissa is zero.
			return 0, strings.Trim(mant, "-+0.") == "" && err == nil
		}
	}
	r, good := new(big.Rat).SetString(num)
	if !good || !r.IsInt() || !r.Num().IsInt64() {
		return 0, false
	}
	return r.Num().Int64(), true
}
