package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"

	jsonv1 "github.com/go-json-experiment/json/v1"
	"github.com/ogen-go/ogen/ogenerrors"
	"github.com/sclogs/sclogs"
	"github.com/sclogs/sclogs/bench/peers/ogenapi"
	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/pagination"
)

// Credentials the replay server ignores; every client sends them.
const user, password = "pub", "sec"

// peer is one way to read every record of integration 1: it returns how
// many records it saw and their checksum.
type peer struct {
	name string
	run  func(ctx context.Context) (int, checksum, error)
}

// peers builds the clients against the replay server at base (…/api/v3).
// Each keeps its HTTP client (and so its keep-alive connection) across
// rounds, as a long-running program would.
func peers(base string) ([]peer, error) {
	sc, err := sclogs.NewClient(sclogs.WithBaseURL(base), sclogs.WithBasicAuth(user, password),
		sclogs.WithHTTPClient(&http.Client{Transport: newTransport()}))
	if err != nil {
		return nil, err
	}
	basicAuth := func(_ context.Context, req *http.Request) error {
		req.SetBasicAuth(user, password)
		return nil
	}
	oc, err := gen.NewClientWithResponses(base, gen.WithRequestEditorFn(basicAuth),
		gen.WithHTTPClient(&http.Client{Transport: newTransport()}))
	if err != nil {
		return nil, err
	}
	og, err := ogenapi.NewClient(base, basicSource{}, ogenapi.WithClient(&http.Client{Transport: newTransport()}))
	if err != nil {
		return nil, err
	}
	first := fmt.Sprintf("%s/integrations/1/logs?page_size=%d", base, perPage)
	stdClient := &http.Client{Transport: newTransport()}
	v1Client := &http.Client{Transport: newTransport()}
	return []peer{
		{"sclogs Client.Logs", func(ctx context.Context) (int, checksum, error) { return runSclogs(ctx, sc) }},
		{"ogen v1.24.0", func(ctx context.Context) (int, checksum, error) { return runOgen(ctx, og, base) }},
		{"oapi-codegen ClientWithResponses", func(ctx context.Context) (int, checksum, error) { return runOapi(ctx, oc) }},
		{"net/http + encoding/json", func(ctx context.Context) (int, checksum, error) {
			return runBare(ctx, stdClient, first, decodeStd)
		}},
		{"net/http + json-experiment v1", func(ctx context.Context) (int, checksum, error) {
			return runBare(ctx, v1Client, first, decodeV1)
		}},
	}, nil
}

// newTransport is a transport of its own per client, as a program using only
// that client would have.
func newTransport() *http.Transport { return http.DefaultTransport.(*http.Transport).Clone() }

func runSclogs(ctx context.Context, c *sclogs.Client) (int, checksum, error) {
	n, sum := 0, checksum(0)
	for l, err := range c.Logs(ctx, 1, &sclogs.ListOptions{PageSize: perPage}) {
		if err != nil {
			return n, sum, err
		}
		sum.add(genDigest(&l))
		n++
	}
	return n, sum, nil
}

// runOapi uses the generated oapi-codegen client as its README shows, and
// follows the Link header by hand: the next page's cursor goes back as the
// cursor parameter.
func runOapi(ctx context.Context, c *gen.ClientWithResponses) (int, checksum, error) {
	n, sum := 0, checksum(0)
	size := perPage
	params := gen.ListIntegrationLogsParams{PageSize: &size}
	for {
		resp, err := c.ListIntegrationLogsWithResponse(ctx, 1, &params)
		if err != nil {
			return n, sum, err
		}
		if resp.StatusCode() != http.StatusOK || resp.JSON200 == nil || resp.JSON200.Data == nil {
			return n, sum, fmt.Errorf("oapi-codegen: %s", resp.Status())
		}
		for i := range *resp.JSON200.Data {
			sum.add(genDigest(&(*resp.JSON200.Data)[i]))
			n++
		}
		next := pagination.NextURL(resp.HTTPResponse.Header, resp.HTTPResponse.Request.URL)
		if next == nil {
			return n, sum, nil
		}
		cursor := next.Query().Get("cursor")
		params.Cursor = &cursor
	}
}

// runOgen uses the ogen client; its response carries the Link header, which
// is followed by hand like runOapi's.
func runOgen(ctx context.Context, c *ogenapi.Client, base string) (int, checksum, error) {
	n, sum := 0, checksum(0)
	reqURL, err := url.Parse(base)
	if err != nil {
		return 0, 0, err
	}
	params := ogenapi.ScPublicV3IntegrationsGetRetrieveIntegrationLogsParams{ID: 1, PageSize: ogenapi.NewOptInt(perPage)}
	for {
		res, err := c.ScPublicV3IntegrationsGetRetrieveIntegrationLogs(ctx, params)
		if err != nil {
			return n, sum, err
		}
		ok, isOK := res.(*ogenapi.ScPublicV3IntegrationsGetRetrieveIntegrationLogsOKHeaders)
		if !isOK {
			return n, sum, fmt.Errorf("ogen: unexpected answer %T", res)
		}
		for i := range ok.Response.Data {
			sum.add(ogenDigest(&ok.Response.Data[i]))
			n++
		}
		link, has := ok.Link.Get()
		if !has {
			return n, sum, nil
		}
		next := pagination.NextURL(http.Header{"Link": {link}}, reqURL)
		if next == nil {
			return n, sum, nil
		}
		params.Cursor = ogenapi.NewOptString(next.Query().Get("cursor"))
	}
}

// basicSource gives ogen the Basic credentials.
type basicSource struct{}

func (basicSource) HTTPBasicAuth(context.Context, ogenapi.OperationName) (ogenapi.HTTPBasicAuth, error) {
	return ogenapi.HTTPBasicAuth{Username: user, Password: password}, nil
}

func (basicSource) OAuth2ClientCreds(context.Context, ogenapi.OperationName) (ogenapi.OAuth2ClientCreds, error) {
	return ogenapi.OAuth2ClientCreds{}, ogenerrors.ErrSkipClientSecurity
}

// decodeStd is what most callers write: a json.Decoder on the body.
func decodeStd(body io.Reader, page *gen.IntegrationLogPage) error {
	return json.NewDecoder(body).Decode(page)
}

// decodeV1 reads the body and decodes it with the decoder sclogs uses.
func decodeV1(body io.Reader, page *gen.IntegrationLogPage) error {
	b, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	return jsonv1.Unmarshal(b, page)
}

// runBare is a loop with net/http alone: GET with Basic auth, check the
// status, decode the page into the generated types, follow the Link.
func runBare(ctx context.Context, hc *http.Client, next string, decode func(io.Reader, *gen.IntegrationLogPage) error) (int, checksum, error) {
	n, sum := 0, checksum(0)
	for next != "" {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, next, nil)
		if err != nil {
			return n, sum, err
		}
		req.SetBasicAuth(user, password)
		resp, err := hc.Do(req)
		if err != nil {
			return n, sum, err
		}
		var page gen.IntegrationLogPage
		err = decode(resp.Body, &page)
		_, _ = io.Copy(io.Discard, resp.Body) // so the connection is reused
		_ = resp.Body.Close()
		if err != nil {
			return n, sum, err
		}
		if resp.StatusCode != http.StatusOK || page.Data == nil {
			return n, sum, fmt.Errorf("bare: %s", resp.Status)
		}
		for i := range *page.Data {
			sum.add(genDigest(&(*page.Data)[i]))
			n++
		}
		next = ""
		if u := pagination.NextURL(resp.Header, req.URL); u != nil {
			next = u.String()
		}
	}
	return n, sum, nil
}
