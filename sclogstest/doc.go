// Package sclogstest is a fake of Sendcloud's v3 Integrations API, in the
// spirit of net/http/httptest: [NewServer] starts a real HTTP server on
// loopback that pages, authenticates and fails the way the real API does, so
// a client can be tested end to end without the internet.
//
// Operations (under /api/v3): GET /integrations (`sort` by integration_type,
// created_at, updated_at, last_fetch or failing_since, `-` for descending,
// comma-separated; default last_fetch,created_at), GET, PATCH and DELETE
// /integrations/{id}, GET /integrations/logs (every integration's logs merged
// newest first, paged like one integration's), GET and POST
// /integrations/{id}/logs (a created log gets the next id, the
// integration's id and, without one, created_at now, and is then listed by
// both listings), GET and POST /shop-order-statuses and
// /shop-order-statuses/mapping (every integration starts with the spec's
// example statuses and mapping; Sendcloud offers them for PrestaShop v2
// integrations only, the fake for every one, answering 400, the only error
// the spec documents for them, for a missing or unknown integration_id).
//
// Each integration says which shop it connects to (shop_name, shop_url and
// type agree with its logs' base_url) and started_failing_at is worked out
// from its logs: the created_at of the oldest log after last_fetched_at, or
// null when there is none. With the seeded data every third integration was
// fetched after its last error and is not failing; the others are.
//
// What it serves:
//   - Seeded, deterministic logs ([WithSeed]): integrations 1, 2 and 3 with
//     100 logs each by default ([WithLogsPerIntegration]), a realistic mix of
//     Python requests exceptions, with credentials in headers and URLs and
//     nulls wherever the schema allows them. Records are made on demand, so a
//     large listing costs nothing until it is read.
//   - As at Sendcloud, each integration is the connection to one shop: all
//     its logs share one platform, base_url, host and the shop's credentials
//     (Shopify access token; WooCommerce consumer key and secret in the URL;
//     Magento bearer token and cookie; Lightspeed eCom key and secret as
//     Basic, or Lightspeed Retail access token in the URL and as Bearer;
//     PrestaShop webservice key as Basic or ws_key in the URL) and the
//     secrets of their other calls (Shopify's OAuth token exchange with
//     client_secret and code, a WooCommerce webhook secret and order_key,
//     the Magento admin password); only orders, paths, times and failures
//     vary. The platforms rotate through Shopify, WooCommerce, Magento,
//     Lightspeed, PrestaShop with the seed: [DefaultSeed] (1) gives
//     integration 1 Shopify, 2 WooCommerce, 3 Magento; WithSeed(2) gives
//     WooCommerce, Magento, Lightspeed; WithSeed(3) Magento, Lightspeed,
//     PrestaShop; WithSeed(4) Lightspeed, PrestaShop, Shopify; WithSeed(5)
//     PrestaShop, Shopify, WooCommerce; and so on, every five seeds alike
//     (6 as 1). So Lightspeed appears with seeds 2, 3 and 4 and PrestaShop
//     with seeds 3, 4 and 5, neither with the default seed.
//   - Sendcloud's paging: records newest first; the cursor is the created_at
//     of the last record on the page; `Link: <absolute URL>; rel="next"` while
//     more remain; page_size 1..100, default 25.
//   - Sendcloud's errors as JSON:API documents: 400 for a bad id, page_size,
//     cursor, sort or request body (codes invalid, required, unknown_field
//     with source.pointer "body/<member>"), 401 `authentication_failed`, 403
//     for a GET or DELETE with a body, 404 for an unknown integration (the
//     spec's document, status as a string), 405 with Allow, 413 for a body
//     over [MaxRequestBody], 415 for a body that is not application/json.
//   - Authentication by HTTP Basic ([WithBasicAuth]) or by bearer tokens from
//     an OAuth2 client-credentials endpoint ([Server.TokenURL]).
//   - Faults on demand ([Server.Fail]): a status (429 with Retry-After, 5xx),
//     latency, a dropped connection or a body cut short, each for one request.
//
// Requests are recorded for assertions ([Server.Requests]): the last
// [DefaultHistory] of them holding at most [DefaultHistoryBytes], bodies cut
// to [MaxHistoryBody], so a fake left running stays small; [WithHistory],
// [WithHistoryBytes] and [WithFullHistory] change that. Credentials are
// checked before a body is read: a request they refuse is recorded without
// its body, which is never read. Headers and bodies are read under
// [WithReadTimeout] (default [DefaultReadTimeout]). Every answer
// is valid against api/openapi.yaml; validate_test.go checks it with
// kin-openapi.
package sclogstest
