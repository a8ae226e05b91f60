// Package sclogstest is a fake of Sendcloud's
// `GET /api/v3/integrations/{id}/logs` endpoint, in the spirit of
// net/http/httptest: [NewServer] starts a real HTTP server on loopback that
// pages, authenticates and fails the way the real API does, so a client can
// be tested end to end without the internet.
//
// What it serves:
//   - Seeded, deterministic logs ([WithSeed]): integrations 1, 2 and 3 with
//     100 logs each by default ([WithLogsPerIntegration]), a realistic mix of
//     Python requests exceptions against Shopify, WooCommerce, Magento and
//     Lightspeed shops, with credentials in headers and URLs and nulls
//     wherever the schema allows them. Records are made on demand, so a large
//     listing costs nothing until it is read.
//   - Sendcloud's paging: records newest first; the cursor is the created_at
//     of the last record on the page; `Link: <absolute URL>; rel="next"` while
//     more remain; page_size 1..100, default 25.
//   - Sendcloud's errors as JSON:API documents: 400 for a bad id, page_size or
//     cursor, 401 `authentication_failed`, 403 for a GET with a body, 404 for
//     an unknown integration (the spec's document, status as a string).
//   - Authentication by HTTP Basic ([WithBasicAuth]) or by bearer tokens from
//     an OAuth2 client-credentials endpoint ([Server.TokenURL]).
//   - Faults on demand ([Server.Fail]): a status (429 with Retry-After, 5xx),
//     latency, a dropped connection or a body cut short, each for one request.
//
// Every request is recorded ([Server.Requests]) for assertions. Every answer
// is valid against api/openapi.yaml; validate_test.go checks it with
// kin-openapi.
package sclogstest
