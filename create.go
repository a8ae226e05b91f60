package sclogs

import (
	"context"
	"errors"
	"fmt"

	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/internal/decode"
)

// LogCreate is the body of [Client.CreateLog]: a log as an integration
// partner reports it. BaseURL is required; a nil CreatedAt lets the server
// use the current time.
type LogCreate = gen.IntegrationLogCreate

// LogRequest is the shop request a log is about (headers and payload, each
// a JSON object, string or null).
type LogRequest = gen.IntegrationLogRequest

// LogResponse is the shop's answer a log is about (headers and body).
type LogResponse = gen.IntegrationLogResponse

// CreateLog creates an exception log for an integration
// (POST /integrations/{id}/logs); it then shows in the integration's
// connection issue log in the Sendcloud panel, and in Logs and AllLogs. It
// returns the log as stored, with the id and created_at the server assigned.
//
// A POST creates a log each time it arrives, so it is retried only where the
// server cannot have acted on it: the connection could not be made, a 429,
// or a 503 with Retry-After. After a reset, a timeout or a 5xx the outcome
// is unknown and the error is returned: list the logs before sending again.
func (c *Client) CreateLog(ctx context.Context, integrationID int, l LogCreate) (_ *Log, err error) {
	defer func() { err = leave(err) }()
	if err := checkID(integrationID); err != nil {
		return nil, err
	}
	if l.BaseURL == "" {
		return nil, errors.New("CreateLog: BaseURL is required")
	}
	req, err := gen.NewCreateIntegrationLogRequest(c.server, integrationID, l)
	if err != nil {
		return nil, fmt.Errorf("building request: %w", err)
	}
	var body gen.IntegrationLogEnvelope
	if err := c.doJSON(ctx, req, decodeInto(&body, decode.IntegrationLogEnvelope)); err != nil {
		return nil, err
	}
	if body.Data == nil {
		return nil, errMissingData
	}
	return body.Data, nil
}
