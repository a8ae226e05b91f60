package sclogs

import "github.com/sclogs/sclogs/internal/scrub"

// ScrubCredentials returns s with the client's own credentials replaced by
// "[REDACTED]": the secret key or client secret, the public key or client
// id, the Authorization values built from them and the current OAuth2
// token, as sent and in the encodings the client's errors are scrubbed of
// (URL-encoding, base64, JSON escapes, HTML entities, up to two layered).
// It is for text a program shows that a server sent, such as a shop name
// put into a metric label: a server can echo anything it was sent. A
// client without credentials returns s unchanged.
func (c *Client) ScrubCredentials(s string) string {
	if s == "" {
		return s
	}
	sc := c.ids
	if c.doer.Auth != nil {
		sc = sc.With(scrub.CredentialForms(c.doer.Auth.Current())...)
	}
	return sc.Value(s)
}
