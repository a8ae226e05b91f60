package sclogs

import (
	"errors"
	"fmt"
	"net/http"
	"slices"

	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/internal/jsonscan"
)

// Raw returns the generated client (package gen) for every operation of the
// spec, wired to this client: the same base URL, auth, User-Agent and
// partner headers, retries, redirect policy and limits as [Client.Logs].
//
// Errors are typed as in the rest of the package: any answer outside 2xx
// (after retries) comes back as the Go error of the call, an [*APIError]
// that errors.Is matches against [ErrNotFound] and the others, with no
// response value. oapi-codegen's own ClientWithResponses, made with
// gen.NewClient or gen.NewClientWithResponses, has none of this: no auth, no
// retries, a 4xx or 5xx as a response with a nil error. Use Raw instead.
//
// Each call returns a new value, so changing it does not change c. Requests
// with a body (POST, PATCH) are retried only where the server cannot have
// acted on them; see [Client.CreateLog].
func (c *Client) Raw() *gen.ClientWithResponses {
	raw := *c.raw
	raw.RequestEditors = slices.Clone(c.raw.RequestEditors)
	return &gen.ClientWithResponses{ClientInterface: &raw}
}

// newRaw builds the generated client over c's transport and header editor.
func (c *Client) newRaw() (*gen.Client, error) {
	return gen.NewClient(c.server, gen.WithHTTPClient(rawDoer{c.doer}), gen.WithRequestEditorFn(c.edit))
}

// rawDoer is the doer under Raw: the generated client decodes with
// encoding/json, so a 2xx body is checked for huge arrays first (see
// checkArrays).
type rawDoer struct{ d *retryDoer }

func (r rawDoer) Do(req *http.Request) (*http.Response, error) {
	resp, err := r.d.Do(req)
	if err != nil {
		return nil, err
	}
	if b, ok := resp.Body.(*bufferedBody); ok && isJSON(resp.Header.Get("Content-Type")) {
		if err := checkArrays(b.all); err != nil {
			return nil, leave(err)
		}
	}
	return resp, nil
}

// checkArrays refuses a body with an array of more than
// jsonscan.MaxElements elements, at any depth, before gen's client decodes
// it with encoding/json (oapi-codegen's own code, which knows no limits): a
// few MiB of "{}" or "" would decode into hundreds of MiB or more. The
// client's own decoders enforce the limit while decoding; this pass is for
// Raw only. Other faults are left to the decoder to report.
func checkArrays(body []byte) error {
	err := jsonscan.Decode(body, (*jsonscan.Decoder).Skip)
	if errors.Is(err, jsonscan.ErrTooManyElements) {
		return fmt.Errorf("%w: %w", ErrInvalidResponse, err)
	}
	return nil
}
