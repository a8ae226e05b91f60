package records

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/sclogs/sclogs"
	"github.com/sclogs/sclogs/internal/redact"
)

// Integrations lists the account's integrations through the same
// pipeline as the logs (records.go): each integration's JSON object as
// received, redacted once, whole, unless redact is false; list[i] is the
// decoding of raw[i], so every output (the table, CSV, JSON, doctor's shop
// names, completion) reads redacted data.
func Integrations(ctx context.Context, c *sclogs.Client, opts *sclogs.ListIntegrationsOptions, redactOn bool) ([]sclogs.Integration, [][]byte, error) {
	list, received, err := c.ListIntegrationsRaw(ctx, opts)
	if err != nil {
		return nil, nil, err
	}
	raw := make([][]byte, len(received))
	for i := range received {
		raw[i] = received[i]
		if !redactOn {
			continue
		}
		out, changed := redact.Record(received[i])
		if !changed {
			continue
		}
		var v sclogs.Integration
		if err := json.Unmarshal(out, &v); err != nil {
			return nil, nil, fmt.Errorf("integration %d, redacted, does not decode: %w", list[i].GetID(), err)
		}
		list[i], raw[i] = v, out
	}
	return list, raw, nil
}
