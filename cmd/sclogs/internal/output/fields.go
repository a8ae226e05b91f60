package output

import (
	"strconv"

	"github.com/sclogs/sclogs/gen"
)

// columns are the fields of the table and CSV formats, in order.
var columns = []string{"id", "created_at", "method", "response_code", "exception_type", "full_url"}

// row returns a record's column values; a missing value is "".
func row(l *gen.IntegrationLog, timeFormat string) [6]string {
	var r [6]string
	if l.ID != nil {
		r[0] = strconv.Itoa(*l.ID)
	}
	if l.CreatedAt != nil {
		r[1] = l.CreatedAt.Format(timeFormat)
	}
	if l.Method != nil {
		r[2] = *l.Method
	}
	if l.ResponseCode != nil {
		r[3] = strconv.Itoa(*l.ResponseCode)
	}
	if l.ExceptionType != nil {
		r[4] = *l.ExceptionType
	}
	if l.FullURL != nil {
		r[5] = *l.FullURL
	}
	return r
}
