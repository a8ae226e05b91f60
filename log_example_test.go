package sclogs_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/sclogs/sclogs"
	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/jsonvalue"
	"github.com/sclogs/sclogs/sclogstest"
)

// The getters read a record without nil checks; a response body prints the
// same way whether the shop answered with text or with JSON.
func ExampleLog() {
	srv := sclogstest.NewServer(sclogstest.WithoutSeedData())
	defer srv.Close()
	code := 502
	srv.AddLogs(5,
		gen.IntegrationLog{BaseURL: "https://shop.example", ResponseCode: &code,
			Response: &gen.IntegrationLogResponse{Body: jsonvalue.Value(`"Bad Gateway"`)}},
		gen.IntegrationLog{BaseURL: "https://shop.example",
			Response: &gen.IntegrationLogResponse{Body: jsonvalue.Value(`{"message":"invalid key"}`)}},
		gen.IntegrationLog{BaseURL: "https://shop.example"}, // no response at all
	)
	c, _ := sclogs.NewClient(sclogs.WithBaseURL(srv.URL()),
		sclogs.WithBasicAuth(sclogstest.DefaultPublicKey, sclogstest.DefaultSecretKey))

	for l, err := range c.Logs(context.Background(), 5, nil) {
		if err != nil {
			fmt.Println(err)
			return
		}
		body := l.GetResponse().GetBody() // nil-safe, even without a response
		fmt.Printf("id %d, status %d, %s body [%s]\n", l.GetID(), l.GetResponseCode(), body.Kind(), body.Text())
	}
	// Output:
	// id 3, status 0, absent body []
	// id 2, status 0, object body [{"message":"invalid key"}]
	// id 1, status 502, string body [Bad Gateway]
}

// Raw gives every generated operation with the client's auth, retries and
// typed errors: an answer outside 2xx is the call's error, an *APIError.
func ExampleClient_Raw() {
	srv := sclogstest.NewServer()
	defer srv.Close()
	c, _ := sclogs.NewClient(sclogs.WithBaseURL(srv.URL()),
		sclogs.WithBasicAuth(sclogstest.DefaultPublicKey, sclogstest.DefaultSecretKey))
	ctx := context.Background()

	pageSize := 3
	resp, err := c.Raw().ListIntegrationLogsWithResponse(ctx, 1, &gen.ListIntegrationLogsParams{PageSize: &pageSize})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.StatusCode(), len(resp.JSON200.GetData()), "records")

	_, err = c.Raw().ListIntegrationLogsWithResponse(ctx, 999, nil)
	var apiErr *sclogs.APIError
	fmt.Println(errors.As(err, &apiErr), apiErr.StatusCode, errors.Is(err, sclogs.ErrNotFound))
	// Output:
	// 200 3 records
	// true 404 true
}

// In your own tests, shorten the waits between retries so that injected
// failures cost milliseconds.
func ExampleWithRetryBackoff() {
	srv := sclogstest.NewServer()
	defer srv.Close()
	for range 5 {
		srv.Fail(sclogstest.Fault{Status: 503})
	}
	c, _ := sclogs.NewClient(sclogs.WithBaseURL(srv.URL()),
		sclogs.WithBasicAuth(sclogstest.DefaultPublicKey, sclogstest.DefaultSecretKey),
		sclogs.WithMaxRetries(5),
		sclogs.WithRetryBackoff(time.Millisecond, time.Millisecond))

	page, err := c.ListLogs(context.Background(), 1, nil)
	fmt.Println(len(page.Logs), err, srv.PendingFaults())
	// Output: 25 <nil> 0
}
