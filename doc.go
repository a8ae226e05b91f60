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
//     "[REDACTED]" in every field and header (names included), as sent,
//     URL-, JSON- or HTML-escaped, or in base64; decoding errors name the
//     kind of a bad value, never the value. A credential of 1 to 3
//     characters is replaced only where it stands as a whole value (a field,
//     a quoted string, a form value), so that messages stay readable.
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
//
// # Records
//
// [Client.Logs] yields each record as a [Log], the type generated from the
// spec. Read it with its nil-safe getters (l.GetID(), l.GetExceptionType(),
// l.GetResponse().GetBody(), …): they return the zero value for what the API
// left out, while the fields themselves stay nil, so a record marshals back
// to what was sent. fmt prints a Log, and a jsonvalue.Value, as JSON.
//
// # Other operations of the spec
//
// [Client.Raw] returns the generated client (package gen) for every operation
// of the spec, over this client's auth, retries, redirect policy and typed
// errors. The constructors in package gen itself (gen.NewClient,
// gen.NewClientWithResponses) bypass all of that: no credentials, no
// retries, and a 4xx or 5xx answer comes back as a response with a nil error.
//
// # Testing your code
//
// Package sclogstest is a fake of the API for your own tests, with seeded
// data, paging, auth and injected faults. With [WithRetryBackoff] a test that
// injects retryable failures waits milliseconds instead of seconds.
//
// The runnable examples are shown on pkg.go.dev; `go doc` does not print
// examples. In a clone of the repository, `go test -run Example -v .` runs
// them.
package sclogs
