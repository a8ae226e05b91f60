package sclogs_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/sclogs/sclogs"
)

// Page.NextURL holds what its doc says: the server's link, resolved, with
// page_size appended only when the caller set a page size and the link had
// none; the server's own query text is kept as sent.
func TestPageNextURLAsDocumented(t *testing.T) {
	s := &scripted{fallback: func(w http.ResponseWriter, r *http.Request) {
		page(1, 1, `<logs?cursor=a%2Cb>; rel="next"`)(w, r)
	}}
	c := newScripted(t, s)
	for _, tc := range []struct {
		opts *sclogs.ListOptions
		want string
	}{
		{nil, "/api/v3/integrations/7/logs?cursor=a%2Cb"},
		{&sclogs.ListOptions{PageSize: 3}, "/api/v3/integrations/7/logs?cursor=a%2Cb&page_size=3"},
	} {
		p, err := c.ListLogs(context.Background(), 7, tc.opts)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(p.NextURL, "http://") || !strings.HasSuffix(p.NextURL, tc.want) || p.NextCursor != "a,b" {
			t.Errorf("opts %+v: NextURL %q, NextCursor %q; want an absolute URL ending %s, cursor a,b", tc.opts, p.NextURL, p.NextCursor, tc.want)
		}
	}
}

// The limits hold while a page is decoded: an array of more than 10,000
// elements is ErrInvalidResponse in a member nobody reads as much as in
// "data", while a record's raw value (a shop's response body) may hold one:
// it is kept as its bytes, and a shop cannot make the page unreadable.
func TestPageLimitsWhileDecoding(t *testing.T) {
	t.Parallel()
	long := "[" + strings.Repeat("0,", 10_000) + "0]"
	for body, ok := range map[string]bool{
		`{"data":[],"meta":` + long + `}`:                                                  false,
		`{"data":[{"id":1,"base_url":"a","unknown":{"x":` + long + `}}]}`:                  false,
		`{"data":[` + strings.Repeat(`{},`, 10_000) + `{}]}`:                               false,
		`{"data":[{"id":1,"base_url":"a","response":{"body":` + long + `}}]}`:              true,
		`{"data":[{"id":1,"base_url":"a","additional_data":{"list":` + long + `}}]}`:       true,
		`{"data":[{"id":1,"base_url":"a"}],"meta":[` + strings.Repeat("0,", 9_999) + `0]}`: true,
	} {
		c := newScripted(t, &scripted{fallback: jsonAnswer(body)})
		p, err := c.ListLogs(context.Background(), 7, &sclogs.ListOptions{KeepRaw: true})
		switch {
		case ok && (err != nil || len(p.Logs) != 1 || len(p.Raw) != 1):
			t.Errorf("%.60s…: %v, want one record", body, err)
		case !ok && !errors.Is(err, sclogs.ErrInvalidResponse):
			t.Errorf("%.60s…: err = %v, want ErrInvalidResponse", body, err)
		}
	}
}
