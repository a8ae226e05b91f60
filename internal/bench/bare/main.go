// Command bare is the baseline of the CLI benchmark: what one would write
// with net/http and encoding/json alone to stream an integration's logs as
// NDJSON. It fetches each page with Basic auth (SENDCLOUD_PUBLIC_KEY,
// SENDCLOUD_SECRET_KEY), decodes it into generic maps, and re-encodes each
// record on its own line.
//
//	bare FIRST_PAGE_URL > logs.ndjson
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"os"

	"github.com/sclogs/sclogs/pagination"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: bare FIRST_PAGE_URL")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "bare:", err)
		os.Exit(1)
	}
}

func run(next string) error {
	out := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(out)
	for next != "" {
		req, err := http.NewRequest(http.MethodGet, next, nil)
		if err != nil {
			return err
		}
		req.SetBasicAuth(os.Getenv("SENDCLOUD_PUBLIC_KEY"), os.Getenv("SENDCLOUD_SECRET_KEY"))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		var page struct {
			Data []map[string]any `json:"data"`
		}
		err = json.NewDecoder(resp.Body).Decode(&page)
		_ = resp.Body.Close()
		if err != nil {
			return err
		}
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("%s", resp.Status)
		}
		for _, rec := range page.Data {
			if err := enc.Encode(rec); err != nil {
				return err
			}
		}
		next = ""
		if u := pagination.NextURL(resp.Header, req.URL); u != nil {
			next = u.String()
		}
	}
	return out.Flush()
}
