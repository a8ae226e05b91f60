package sclogs_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/sclogs/sclogs"
)

// Every non-2xx answer is an *APIError: errors.As reads its fields and
// errors.Is tests it against the sentinel errors.
func ExampleAPIError() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", "req-42")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"errors":[{"status":404,"code":"not_found","title":"Not Found",`+
			`"detail":"The Integration could not be found with the search criteria given"}]}`)
	}))
	defer srv.Close()

	resp, err := http.Get(srv.URL + "/api/v3/integrations/1/logs")
	if err != nil {
		fmt.Println(err)
		return
	}
	err = sclogs.CheckResponse(resp) // reads at most 1 MiB and closes the body

	fmt.Println(err)
	fmt.Println(errors.Is(err, sclogs.ErrNotFound), errors.Is(err, sclogs.ErrRateLimited))
	var apiErr *sclogs.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.RequestID, apiErr.Errors[0].Code)
	}
	// Output:
	// sclogs: 404 Not Found: not_found: The Integration could not be found with the search criteria given (request ID req-42)
	// true false
	// 404 req-42 not_found
}

// Options are checked when the client is built.
func ExampleNewClient() {
	_, err := sclogs.NewClient(
		sclogs.WithBasicAuth("public-key", "secret-key"),
		sclogs.WithOAuth2ClientCredentials("client-id", "client-secret"),
	)
	fmt.Println(err)

	c, err := sclogs.NewClient(
		sclogs.WithBaseURL("https://panel.sendcloud.sc/api/v3"),
		sclogs.WithBasicAuth("public-key", "secret-key"),
		sclogs.WithPartnerID("5b5b5e6a-0000-4000-8000-000000000000"),
		sclogs.WithUserAgent("my-tool/1.0"),
		sclogs.WithMaxRetries(2),
	)
	fmt.Println(c != nil, err)
	// Output:
	// sclogs: only one auth option may be given (WithBasicAuth or WithOAuth2ClientCredentials)
	// true <nil>
}
