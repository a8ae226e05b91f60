package pagination_test

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/sclogs/sclogs/pagination"
)

func ExampleNextURL() {
	req, _ := url.Parse("https://api.example.com/api/v3/integrations/1/logs?page_size=2")
	h := http.Header{}
	h.Add("Link", `<https://api.example.com/api/v3/integrations/1/logs?page_size=2>; rel="first"`)
	h.Add("Link", `</api/v3/integrations/1/logs?cursor=2023-03-01T02:02:00+01:00&page_size=2>; title="page 2, of many"; rel="next"`)

	fmt.Println(pagination.NextURL(h, req))
	// Output:
	// https://api.example.com/api/v3/integrations/1/logs?cursor=2023-03-01T02:02:00+01:00&page_size=2
}

func ExampleParseLinks() {
	req, _ := url.Parse("https://api.example.com/items")
	h := http.Header{}
	h.Set("Link", `<?cursor=a,b>; REL="Next Last"; title="a \"quoted\", title", string, <https://api.example.com/items>; rel=first`)

	for _, l := range pagination.ParseLinks(h, req) {
		fmt.Println(l.URL, l.Rels, l.Params["title"])
	}
	// Output:
	// https://api.example.com/items?cursor=a,b [next last] a "quoted", title
	// https://api.example.com/items [first]
}
