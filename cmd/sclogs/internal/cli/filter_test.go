package cli

import (
	"testing"
	"time"

	"github.com/sclogs/sclogs"
)

func TestFilter(t *testing.T) {
	t0 := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	at := func(h int) *time.Time { v := t0.Add(time.Duration(h) * time.Hour); return &v }
	l := func(h int, typ string, code int) *sclogs.Log {
		r := &sclogs.Log{CreatedAt: at(h), ExceptionType: &typ, ResponseCode: &code}
		return r
	}
	window := filter{since: *at(10), until: *at(20)}
	for _, c := range []struct {
		f    filter
		l    *sclogs.Log
		want bool
	}{
		{filter{}, &sclogs.Log{}, true},
		{window, l(10, "", 0), true},  // since is inclusive
		{window, l(20, "", 0), false}, // until is exclusive
		{window, l(9, "", 0), false},
		{window, l(15, "", 0), true},
		{window, &sclogs.Log{}, false}, // no created_at
		{filter{status: 401}, l(0, "", 401), true},
		{filter{status: 401}, l(0, "", 403), false},
		{filter{status: 401}, &sclogs.Log{}, false},
		{filter{exceptionType: "requests.exceptions.SSLError"}, l(0, "requests.exceptions.SSLError", 0), true},
		{filter{exceptionType: "sslerror"}, l(0, "requests.exceptions.SSLError", 0), true},
		{filter{exceptionType: "exceptions.SSLError"}, l(0, "requests.exceptions.SSLError", 0), false},
		{filter{exceptionType: "SSLError"}, l(0, "requests.exceptions.ConnectionError", 0), false},
		{filter{exceptionType: "SSLError"}, &sclogs.Log{}, false},
	} {
		if got := c.f.match(c.l); got != c.want {
			t.Errorf("%+v.match(%+v) = %v, want %v", c.f, c.l, got, c.want)
		}
	}
	if !window.done(l(9, "", 0)) || window.done(l(10, "", 0)) || window.done(&sclogs.Log{}) || (filter{}).done(l(0, "", 0)) {
		t.Error("done: want true only for a record older than --since")
	}
	if (filter{}).active() || !(filter{status: 500}).active() {
		t.Error("active")
	}
}
