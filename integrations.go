package sclogs

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/internal/decode"
	"github.com/sclogs/sclogs/internal/jsonscan"
)

// Integration is one integration of the account: the connection to one shop,
// with started_failing_at set while Sendcloud's calls to the shop fail.
type Integration = gen.Integration

// IntegrationUpdate is the body of [Client.UpdateIntegration]: only the
// fields set (non-nil) are sent and changed.
type IntegrationUpdate = gen.IntegrationUpdate

// FeedbackType says when Sendcloud reports a parcel's status back to the
// shop: [FeedbackEager], [FeedbackDelayed] or [FeedbackNone].
type FeedbackType = gen.FeedbackType

// The feedback types of the spec.
const (
	FeedbackEager   FeedbackType = gen.Eager   // "sent" once the label is created
	FeedbackDelayed FeedbackType = gen.Delayed // "sent" once the carrier scans the label
	FeedbackNone    FeedbackType = gen.None    // no feedback
)

// ListIntegrationsOptions order [Client.ListIntegrations]. The zero value
// (or nil) leaves the order to the server: last_fetch, then created_at.
type ListIntegrationsOptions struct {
	// Sort is the spec's `sort` parameter: integration_type, created_at,
	// updated_at, last_fetch or failing_since, prefixed with "-" for
	// descending order. It is sent as given; the server rejects other values.
	Sort string
}

// ListIntegrations returns every integration of the account (the endpoint
// has no paging). opts may be nil.
func (c *Client) ListIntegrations(ctx context.Context, opts *ListIntegrationsOptions) (_ []Integration, err error) {
	defer func() { err = leave(err) }()
	list, _, err := c.listIntegrations(ctx, opts, false)
	return list, err
}

// ListIntegrationsRaw is [Client.ListIntegrations] that also returns each
// integration's JSON object as received: raw[i] is the exact bytes list[i]
// is decoded from (members the spec does not know, nulls and key order
// included), for callers that pass integrations on whole.
func (c *Client) ListIntegrationsRaw(ctx context.Context, opts *ListIntegrationsOptions) (list []Integration, raw []json.RawMessage, err error) {
	defer func() { err = leave(err) }()
	return c.listIntegrations(ctx, opts, true)
}

func (c *Client) listIntegrations(ctx context.Context, opts *ListIntegrationsOptions, keepRaw bool) ([]Integration, []json.RawMessage, error) {
	var params gen.ListIntegrationsParams
	if opts != nil && opts.Sort != "" {
		sort := opts.Sort
		params.Sort = &sort
	}
	req, err := gen.NewListIntegrationsRequest(c.server, &params)
	if err != nil {
		return nil, nil, fmt.Errorf("building request: %w", err)
	}
	resp, err := c.send(ctx, req)
	if err != nil {
		return nil, nil, err
	}
	// The list is a page of integrations: a null record is an error, not
	// a zero Integration, and each record's bytes are noted for keepRaw.
	var body gen.IntegrationList
	notes := pageNotes.Get().(*jsonscan.Page)
	defer pageNotes.Put(notes)
	notes.KeepSpans = keepRaw
	var data []byte
	err = decodeJSON(resp, func(b []byte) error {
		data = b
		return jsonscan.DecodePage(b, &body, decode.IntegrationListFrom, notes)
	})
	if err != nil {
		return nil, nil, err
	}
	if body.Data == nil {
		return nil, nil, errMissingData // "data" missing or null: the list is not a page
	}
	list := *body.Data
	if !keepRaw {
		return list, nil, nil
	}
	records, err := received(data, notes, list, decode.Integration)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrInvalidResponse, err)
	}
	return list, records, nil
}

// GetIntegration returns one integration; an unknown id is an *APIError
// matching [ErrNotFound].
func (c *Client) GetIntegration(ctx context.Context, id int) (_ *Integration, err error) {
	defer func() { err = leave(err) }()
	if err := checkID(id); err != nil {
		return nil, err
	}
	req, err := gen.NewGetIntegrationRequest(c.server, id)
	if err != nil {
		return nil, fmt.Errorf("building request: %w", err)
	}
	var body gen.IntegrationEnvelope
	if err := c.doJSON(ctx, req, decodeInto(&body, decode.IntegrationEnvelope)); err != nil {
		return nil, err
	}
	if body.Data == nil {
		return nil, errMissingData
	}
	return body.Data, nil
}

// UpdateIntegration changes the fields of an integration that u sets
// (PATCH). A nil field is left out and stays as it is, so webhook_url
// cannot be cleared to null through it. PATCH is not idempotent in HTTP's
// terms: it is retried only where the server cannot have acted on it (see
// [Client.CreateLog]).
func (c *Client) UpdateIntegration(ctx context.Context, id int, u IntegrationUpdate) (err error) {
	defer func() { err = leave(err) }()
	if err := checkID(id); err != nil {
		return err
	}
	req, err := gen.NewUpdateIntegrationRequest(c.server, id, u)
	if err != nil {
		return fmt.Errorf("building request: %w", err)
	}
	return c.doNoContent(ctx, req)
}

// DeleteIntegration deletes an integration. DELETE is idempotent, so it is
// retried like a GET; a retry after the first attempt did delete it ends in
// an *APIError matching [ErrNotFound].
func (c *Client) DeleteIntegration(ctx context.Context, id int) (err error) {
	defer func() { err = leave(err) }()
	if err := checkID(id); err != nil {
		return err
	}
	req, err := gen.NewDeleteIntegrationRequest(c.server, id)
	if err != nil {
		return fmt.Errorf("building request: %w", err)
	}
	return c.doNoContent(ctx, req)
}

// errMissingData is a 2xx answer without the "data" member the spec
// requires.
var errMissingData = fmt.Errorf("%w: %w", ErrInvalidResponse, errNoData)

// checkID checks an integration id before any request: the spec's minimum
// is 1.
func checkID(id int) error {
	if id < 1 {
		return fmt.Errorf("integration id must be at least 1, got %d", id)
	}
	return nil
}

// send makes req through the same editors (auth, headers) and doer
// (retries, redirect policy, typed errors) as the generated client.
func (c *Client) send(ctx context.Context, req *http.Request) (*http.Response, error) {
	req = req.WithContext(ctx)
	if err := c.edit(ctx, req); err != nil {
		return nil, err
	}
	return c.doer.do(req)
}

// doJSON sends req and decodes its 2xx JSON body with decode (see
// decodeInto).
func (c *Client) doJSON(ctx context.Context, req *http.Request, decode func([]byte) error) error {
	resp, err := c.send(ctx, req)
	if err != nil {
		return err
	}
	return decodeJSON(resp, decode)
}

// doNoContent sends req and discards its 2xx body (204 has none).
func (c *Client) doNoContent(ctx context.Context, req *http.Request) error {
	resp, err := c.send(ctx, req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
