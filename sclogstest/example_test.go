package sclogstest_test

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/sclogs/sclogs/sclogstest"
)

// A plain net/http client against the fake: Basic auth with the server's
// keys, the first page of integration 1.
func Example() {
	srv := sclogstest.NewServer()
	defer srv.Close()

	req, err := http.NewRequest(http.MethodGet, srv.URL()+"/integrations/1/logs", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	req.SetBasicAuth(srv.PublicKey(), srv.SecretKey())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	var page struct {
		Data []json.RawMessage `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.StatusCode, len(page.Data), "records; next page:", resp.Header.Get("Link") != "")
	// Output: 200 25 records; next page: true
}

// Queued faults take the next logs requests in order: here one 429, then
// the normal answer.
func ExampleServer_Fail() {
	srv := sclogstest.NewServer()
	defer srv.Close()
	srv.Fail(sclogstest.Fault{Status: http.StatusTooManyRequests, RetryAfter: "2"})

	for range 2 {
		req, err := http.NewRequest(http.MethodGet, srv.URL()+"/integrations/1/logs", nil)
		if err != nil {
			fmt.Println(err)
			return
		}
		req.SetBasicAuth(srv.PublicKey(), srv.SecretKey())
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		resp.Body.Close()
		fmt.Println(resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	// Output:
	// 429 2
	// 200
}
