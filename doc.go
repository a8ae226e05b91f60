// Package sclogs is a client for Sendcloud's integration exception logs API
// (GET /integrations/{id}/logs, API v3).
//
// It is a thin layer over the client generated from the OpenAPI spec (package
// gen) and adds what the generated code leaves out:
//
//   - Auth: HTTP Basic with an API key pair ([WithBasicAuth]) or OAuth2 client
//     credentials ([WithOAuth2ClientCredentials]). The token is fetched under
//     the context of the request that needs it, retried like any request,
//     reused until it expires, and fetched anew once when the API answers 401
//     to it. The Authorization header is set on every attempt, only for the
//     base URL's origin (scheme, host and port); a redirect to another origin
//     is an error, never followed. http:// is refused for a host that is not
//     loopback unless [WithInsecureHTTP] allows it.
//   - Errors: every non-2xx answer is an [*APIError] holding the status, the
//     request ID, Retry-After, the header and the decoded JSON:API errors (or
//     RFC 9457 problem); use errors.As to read it and errors.Is with
//     [ErrNotFound], [ErrUnauthorized], [ErrForbidden] and [ErrRateLimited] to
//     test it. [ErrInvalidResponse], [ErrUnsafeNextLink], [ErrStuckCursor] and
//     [ErrEmptyPages] name answers the client cannot use. Every message starts
//     with "sclogs: ", once. Credentials a server echoes back are replaced by
//     "[REDACTED]" in every field, as sent and URL-, JSON- or HTML-escaped.
//   - Retries: 408, 429, 500, 502, 503 and 504, dropped connections, bodies cut
//     short and per-attempt timeouts ([WithTimeout], default
//     [DefaultTimeout]) are retried with exponential backoff and full jitter
//     ([WithMaxRetries], default 4). Retry-After is honoured up to a minute,
//     never below the backoff; a longer demand fails at once with
//     [ErrRateLimited]. The waits of one request together stay under
//     [DefaultMaxWait], and no wait outlives the context or its deadline.
//   - Memory: a page is read as its bytes arrive, up to [DefaultMaxBody];
//     a listing keeps a 32-byte fingerprint per page to detect loops.
//
// Create a client with [NewClient]:
//
//	c, err := sclogs.NewClient(
//		sclogs.WithBasicAuth(os.Getenv("SENDCLOUD_PUBLIC_KEY"), os.Getenv("SENDCLOUD_SECRET_KEY")),
//	)
package sclogs
