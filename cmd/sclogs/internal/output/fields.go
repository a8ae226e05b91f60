package output

import (
	"strconv"
	"strings"
	"time"

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

// className is an exception type without its module path:
// "requests.exceptions.TooManyRedirects" is "TooManyRedirects", the part a
// reader looks for (--exception-type accepts it too).
func className(t string) string {
	if i := strings.LastIndexByte(t, '.'); i >= 0 && i < len(t)-1 {
		return t[i+1:]
	}
	return t
}

// shortURL is a URL as the fitted table shows it: without the scheme and a
// leading "www.", which every row of a shop repeats and say nothing of
// where a call went.
func shortURL(u string) string {
	if i := strings.Index(u, "://"); i >= 0 && i < 10 {
		u = u[i+3:]
	}
	if len(u) > 4 && strings.EqualFold(u[:4], "www.") {
		u = u[4:]
	}
	return u
}

// shortTime is the fitted table's time: hours and minutes; the day is on a
// line of its own above the rows of that day (dayLine).
const shortTime = "15:04"

// dayLine is the line above the first row of a day in the fitted table: the
// date and the zone the times beneath are in.
func dayLine(t time.Time) string {
	name, off := t.Zone()
	zone := "UTC"
	if off != 0 || name != "UTC" {
		zone = "UTC" + t.Format("-07:00")
	}
	return t.Format("Mon 2 Jan 2006") + " (" + zone + ")"
}
