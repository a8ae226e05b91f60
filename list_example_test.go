package sclogs_test

import (
	"context"
	"fmt"

	"github.com/sclogs/sclogs"
	"github.com/sclogs/sclogs/sclogstest"
)

// Logs walks every record of an integration, page by page, following the
// server's Link header. Breaking out of the loop stops the listing.
func ExampleClient_Logs() {
	srv := sclogstest.NewServer() // a fake of the API with seeded data
	defer srv.Close()
	c, err := sclogs.NewClient(
		sclogs.WithBaseURL(srv.URL()),
		sclogs.WithBasicAuth(sclogstest.DefaultPublicKey, sclogstest.DefaultSecretKey),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	counts := map[string]int{}
	total := 0
	for l, err := range c.Logs(context.Background(), 1, &sclogs.ListOptions{PageSize: 100}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		total++
		if l.GetExceptionType() == "requests.exceptions.SSLError" { // a getter: no nil check

			counts["ssl"]++
		}
	}
	fmt.Println(total, "records;", counts["ssl"] > 0, "of them SSL errors")
	// Output: 100 records; true of them SSL errors
}

// A listing can stop and resume later: keep Page.NextCursor, then pass it
// back as ListOptions.Cursor (with the same page size).
func ExampleClient_ListLogs_resume() {
	srv := sclogstest.NewServer()
	defer srv.Close()
	c, _ := sclogs.NewClient(
		sclogs.WithBaseURL(srv.URL()),
		sclogs.WithBasicAuth(sclogstest.DefaultPublicKey, sclogstest.DefaultSecretKey),
	)
	ctx := context.Background()

	page, err := c.ListLogs(ctx, 2, &sclogs.ListOptions{PageSize: 40})
	if err != nil {
		fmt.Println(err)
		return
	}
	saved := page.NextCursor // store it anywhere: it is an opaque string
	fmt.Println("first page:", len(page.Logs), "records")

	for saved != "" {
		page, err = c.ListLogs(ctx, 2, &sclogs.ListOptions{PageSize: 40, Cursor: saved})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println("resumed:", len(page.Logs), "records")
		saved = page.NextCursor
	}
	// Output:
	// first page: 40 records
	// resumed: 40 records
	// resumed: 20 records
}

// The newest N logs: ListOptions.Limit stops the walk there, asking for
// pages of N records (up to 100) and fetching none it does not need.
func ExampleListOptions_limit() {
	srv := sclogstest.NewServer()
	defer srv.Close()
	c, _ := sclogs.NewClient(
		sclogs.WithBaseURL(srv.URL()),
		sclogs.WithBasicAuth(sclogstest.DefaultPublicKey, sclogstest.DefaultSecretKey),
	)
	n := 0
	for _, err := range c.Logs(context.Background(), 1, &sclogs.ListOptions{Limit: 3}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		n++
	}
	fmt.Println(n, "logs in", len(srv.Requests()), "request")
	// Output: 3 logs in 1 request
}
