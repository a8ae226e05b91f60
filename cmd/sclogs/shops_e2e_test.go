package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/sclogs/sclogs/gen"
	"github.com/sclogs/sclogs/jsonvalue"
	"github.com/sclogs/sclogs/sclogstest"
)

// shopCase is one shop system's failed calls as Sendcloud would log them,
// built from the system's public API documentation, with the secrets they
// carry and text that must survive redaction.
type shopCase struct {
	name    string
	logs    []gen.IntegrationLog
	secrets []string
	keep    []string // non-secrets that must still be in the NDJSON output
}

func sp[T any](v T) *T { return &v }

func rawJSON(s string) jsonvalue.Value { return jsonvalue.Value(s) }

func text(s string) jsonvalue.Value { return jsonvalue.MustOf(s) }

func shopCases() []shopCase {
	return []shopCase{
		{
			// WooCommerce REST API: keys in the query over HTTPS, OAuth 1.0a
			// over HTTP, Basic; webhooks with a secret; the wc-auth key
			// callback; orders with their order_key.
			name: "woocommerce",
			logs: []gen.IntegrationLog{{
				BaseURL: "https://woo.example.nl", Method: sp("PUT"), ResponseCode: sp(401),
				FullURL:       sp("https://woo.example.nl/wp-json/wc/v3/orders/727?consumer_key=ck_4f2a9d1e6b3c8a7f5e0d2c1b9a8f7e6d5c4b3a21&consumer_secret=cs_9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e09"),
				ExceptionType: sp("requests.exceptions.HTTPError"),
				Exception:     sp("401 Client Error: Unauthorized for url: https://woo.example.nl/wp-json/wc/v3/orders/727?consumer_key=ck_4f2a9d1e6b3c8a7f5e0d2c1b9a8f7e6d5c4b3a21&consumer_secret=cs_9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e09"),
				Request: &gen.IntegrationLogRequest{Headers: rawJSON(`{"User-Agent": "Sendcloud/3.0", "Authorization": "Basic Y2tfNGYyYTlkMWU2YjNjOGE3ZjVlMGQyYzFiOWE4ZjdlNmQ1YzRiM2EyMTpjc185ZThk"}`),
					Payload: rawJSON(`{"status": "completed"}`)},
				Response: &gen.IntegrationLogResponse{Headers: rawJSON(`{"Content-Type": "application/json; charset=UTF-8", "Set-Cookie": "wp_woocommerce_session_5c3a=1%7C%7C1732800000%7C%7Cf00dfeed; path=/"}`),
					Body: rawJSON(`{"code": "woocommerce_rest_authentication_error", "message": "Invalid signature - provided signature does not match.", "data": {"status": 401}}`)},
			}, {
				BaseURL: "http://woo-plain.example.be", Method: sp("GET"), ResponseCode: sp(401),
				FullURL:       sp("http://woo-plain.example.be/wp-json/wc/v3/orders?oauth_consumer_key=ck_1a2b3c4d5e6f&oauth_timestamp=1732800000&oauth_nonce=kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg&oauth_signature_method=HMAC-SHA256&oauth_signature=tR3%2BTy81lMeYAr%2FFid0kMTYa%2FWM%3D"),
				ExceptionType: sp("requests.exceptions.HTTPError"), Exception: sp("401 Client Error: Unauthorized"),
				Request: &gen.IntegrationLogRequest{Headers: text("{'User-Agent': 'Sendcloud/3.0', 'X-WC-Webhook-Signature': 'aGVsbG8gd2ViaG9vaw=='}"),
					Payload: rawJSON(`{"name": "Sendcloud order sync", "topic": "order.updated", "delivery_url": "https://panel.sendcloud.sc/shops/woocommerce/webhook/42/", "secret": "Wh5ecr3t-9f8e7d"}`)},
				Response:       &gen.IntegrationLogResponse{Body: text(`{"key_id":1,"user_id":123,"consumer_key":"ck_77aa88bb99cc","consumer_secret":"cs_11dd22ee33ff","key_permissions":"read_write"}`)},
				AdditionalData: rawJSON(`{"order": {"id": 727, "order_key": "wc_order_58d2d042d1d", "status": "processing", "created_at": "2024-03-01T02:02:00"}}`),
			}},
			secrets: []string{"ck_4f2a9d1e6b3c8a7f5e0d2c1b9a8f7e6d5c4b3a21", "cs_9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e09",
				"Y2tfNGYyYTlkMWU2YjNjOGE3ZjVlMGQyYzFiOWE4ZjdlNmQ1YzRiM2EyMTpjc185ZThk", "f00dfeed", "ck_1a2b3c4d5e6f",
				"tR3%2BTy81lMeYAr", "aGVsbG8gd2ViaG9vaw", "Wh5ecr3t-9f8e7d", "ck_77aa88bb99cc", "cs_11dd22ee33ff", "wc_order_58d2d042d1d"},
			keep: []string{"woocommerce_rest_authentication_error", "/wp-json/wc/v3/orders/727", "oauth_timestamp=1732800000",
				"order.updated", "read_write", `"id":727`, "2024-03-01T02:02:00", "HMAC-SHA256"},
		},
		{
			// Shopify Admin API and OAuth: the access token header, the
			// token exchange (client_secret and code in JSON), the OAuth
			// callback (code and hmac in the query), a webhook's HMAC.
			name: "shopify",
			logs: []gen.IntegrationLog{{
				BaseURL: "https://northwind.myshopify.com", Method: sp("POST"), ResponseCode: sp(400),
				FullURL:       sp("https://northwind.myshopify.com/admin/oauth/access_token"),
				ExceptionType: sp("requests.exceptions.HTTPError"), Exception: sp("400 Client Error: Bad Request for url: https://northwind.myshopify.com/admin/oauth/access_token"),
				Request: &gen.IntegrationLogRequest{Headers: rawJSON(`{"Content-Type": "application/json", "X-Shopify-Access-Token": "shpat_0123456789abcdef0123456789abcdef"}`),
					Payload: rawJSON(`{"client_id": "a1b2c3d4e5f60718293a4b5c6d7e8f90", "client_secret": "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", "code": "0907a61c0c8d55e99db179b68161bc00"}`)},
				Response: &gen.IntegrationLogResponse{Headers: rawJSON(`{"X-Shopify-Shop-Api-Call-Limit": "40/40", "X-Request-Id": "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"}`),
					Body: text(`{"access_token":"shpua_9f8e7d6c5b4a39281706f5e4d3c2b1a0","scope":"write_orders,read_customers","expires_in":86399,"associated_user":{"id":902541635,"email":"john@example.com"}}`)},
			}, {
				BaseURL: "https://northwind.myshopify.com", Method: sp("GET"), ResponseCode: sp(302),
				FullURL:       sp("https://app.sendcloud.example/shopify/callback?code=0907a61c0c8d55e99db179b68161bc01&hmac=700e2dadb827fcc8609e9d5ce208b2e9cdaab9df07390d2cbca10d7c328fc4bf&host=YWRtaW4uc2hvcGlmeS5jb20vc3RvcmUvbm9ydGh3aW5k&shop=northwind.myshopify.com&state=0.6784241404160823&timestamp=1337178173"),
				ExceptionType: sp("requests.exceptions.TooManyRedirects"), Exception: sp("Exceeded 30 redirects."),
				Request: &gen.IntegrationLogRequest{Headers: text("X-Shopify-Topic: orders/updated\r\nX-Shopify-Hmac-Sha256: XWmrwMey6OsLMeiZKwP4FppHH3cmAiiJJAweH5Jo4bM=\r\nX-Shopify-Shop-Domain: northwind.myshopify.com"),
					Payload: rawJSON(`{"query": "mutation fulfillmentCreate($fulfillment: FulfillmentInput!) { fulfillmentCreate(fulfillment: $fulfillment) { fulfillment { id } } }", "variables": {"fulfillment": {"trackingInfo": {"number": "3SYZXG123456789"}}}}`)},
			}},
			secrets: []string{"shpat_0123456789abcdef0123456789abcdef", "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", "0907a61c0c8d55e99db179b68161bc00",
				"shpua_9f8e7d6c5b4a39281706f5e4d3c2b1a0", "0907a61c0c8d55e99db179b68161bc01", "700e2dadb827fcc8609e9d5ce208b2e9cdaab9df07390d2cbca10d7c328fc4bf",
				"XWmrwMey6OsLMeiZKwP4FppHH3cmAiiJJAweH5Jo4bM"},
			keep: []string{"a1b2c3d4e5f60718293a4b5c6d7e8f90", "write_orders,read_customers", "902541635", "40/40", "shop=northwind.myshopify.com",
				"timestamp=1337178173", "orders/updated", "3SYZXG123456789", "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"},
		},
		{
			// Magento 2 REST: an admin token request (password in JSON), the
			// bearer token, OAuth 1.0a integration headers, the session.
			name: "magento",
			logs: []gen.IntegrationLog{{
				BaseURL: "https://shop.example.de", Method: sp("POST"), ResponseCode: sp(401),
				FullURL:       sp("https://shop.example.de/rest/V1/integration/admin/token"),
				ExceptionType: sp("requests.exceptions.HTTPError"), Exception: sp("401 Client Error: Unauthorized for url: https://shop.example.de/rest/V1/integration/admin/token"),
				Request: &gen.IntegrationLogRequest{Headers: rawJSON(`{"Content-Type": "application/json", "Cookie": "PHPSESSID=ab12cd34ef56ab12cd34ef56ab; form_key=Xy9Zw8Vu7Ts6Rq5P"}`),
					Payload: rawJSON(`{"username": "sendcloud", "password": "Mg!Adm1nPassw0rd"}`)},
				Response: &gen.IntegrationLogResponse{Body: rawJSON(`{"message": "The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later."}`)},
			}, {
				BaseURL: "https://shop.example.de", Method: sp("POST"), ResponseCode: sp(401),
				FullURL:       sp("https://shop.example.de/rest/V1/order/123/ship"),
				ExceptionType: sp("requests.exceptions.HTTPError"), Exception: sp("401 Client Error"),
				Request: &gen.IntegrationLogRequest{Headers: text(`{"Authorization": "OAuth oauth_consumer_key=\"ck8z6ff2v9qm4q9n3i0y0ya2h5ljxmfo\",oauth_token=\"tok4xqm27r8yjlnl6r3t2o6vm5b2ee0x\",oauth_signature_method=\"HMAC-SHA256\",oauth_signature=\"wZ8sS%2FbYxGqE%3D\"", "Accept": "application/json"}`),
					Payload: rawJSON(`{"items": [{"order_item_id": 247, "qty": 1}], "notify": true, "tracks": [{"track_number": "3SYZXG000000001", "carrier_code": "dhl"}]}`)},
				Response:       &gen.IntegrationLogResponse{Body: rawJSON(`{"message": "The consumer isn't authorized to access %resources.", "parameters": {"resources": "Magento_Sales::ship"}}`)},
				AdditionalData: text("Authorization: Bearer 9kdbd1vy2yzw7wfqz9uwwhcm1fmkpigx"),
			}},
			secrets: []string{"ab12cd34ef56ab12cd34ef56ab", "Xy9Zw8Vu7Ts6Rq5P", "Mg!Adm1nPassw0rd", "ck8z6ff2v9qm4q9n3i0y0ya2h5ljxmfo",
				"tok4xqm27r8yjlnl6r3t2o6vm5b2ee0x", "wZ8sS", "9kdbd1vy2yzw7wfqz9uwwhcm1fmkpigx"},
			keep: []string{`"username":"sendcloud"`, "The account sign-in was incorrect", "Magento_Sales::ship", `"carrier_code":"dhl"`,
				"3SYZXG000000001", "/rest/V1/order/123/ship"},
		},
		{
			// PrestaShop webservice: the key as the URL's user name (as
			// its docs show), as ws_key, as Basic; XML payloads.
			name: "prestashop",
			logs: []gen.IntegrationLog{{
				BaseURL: "https://UCCLLQ9N2ARSHWCXLT74KUKSSK34BFKX@www.boutique.example.fr", Method: sp("PUT"), ResponseCode: sp(401),
				FullURL:       sp("https://www.boutique.example.fr/api/order_carriers/42?output_format=JSON&ws_key=ZQ88PRJX5VWQHCWE4EE7SQ7HPNX00RAJ"),
				ExceptionType: sp("requests.exceptions.HTTPError"), Exception: sp("401 Client Error: Unauthorized for url: https://www.boutique.example.fr/api/order_carriers/42?output_format=JSON&ws_key=ZQ88PRJX5VWQHCWE4EE7SQ7HPNX00RAJ"),
				Request: &gen.IntegrationLogRequest{Headers: rawJSON(`{"Authorization": "Basic WlE4OFBSSlg1VldRSENXRTRFRTdTUTdIUE5YMDBSQUo6", "Content-Type": "text/xml"}`),
					Payload: text(`<?xml version="1.0" encoding="UTF-8"?><prestashop xmlns:xlink="http://www.w3.org/1999/xlink"><order_carrier><id>42</id><tracking_number>3SYZXG000000002</tracking_number></order_carrier></prestashop>`)},
				Response: &gen.IntegrationLogResponse{Headers: rawJSON(`{"PSWS-Version": "8.1.7", "WWW-Authenticate": "Basic realm=\"Welcome to PrestaShop Webservice, please enter the authentication key as the login. No password required.\""}`),
					Body: text(`<?xml version="1.0" encoding="UTF-8"?><prestashop xmlns:xlink="http://www.w3.org/1999/xlink"><errors><error><code><![CDATA[23]]></code><message><![CDATA[Authentication key does not exist]]></message></error></errors></prestashop>`)},
			}},
			secrets: []string{"UCCLLQ9N2ARSHWCXLT74KUKSSK34BFKX", "ZQ88PRJX5VWQHCWE4EE7SQ7HPNX00RAJ", "WlE4OFBSSlg1VldRSENXRTRFRTdTUTdIUE5YMDBSQUo6"},
			keep:    []string{"www.boutique.example.fr", "output_format=JSON", "3SYZXG000000002", "Authentication key does not exist", "PSWS-Version", `Basic realm=\"Welcome`},
		},
		{
			// Lightspeed: eCom (C-Series) key and secret as the URL's
			// userinfo and as Basic; Retail (R-Series) token refresh as a
			// form body and its answer, the bearer token.
			name: "lightspeed",
			logs: []gen.IntegrationLog{{
				BaseURL: "https://4a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d:9f8e7d6c5b4a39281706f5e4d3c2b1a0@api.webshopapp.com/nl/", Method: sp("PUT"), ResponseCode: sp(401),
				FullURL:       sp("https://api.webshopapp.com/nl/orders/10000001.json"),
				ExceptionType: sp("requests.exceptions.HTTPError"), Exception: sp("401 Client Error"),
				Request: &gen.IntegrationLogRequest{Headers: text("{'Authorization': 'Basic NGExYjJjM2Q0ZTVmNmE3YjhjOWQwZTFmMmEzYjRjNWQ6OWY4ZTdkNmM1YjRhMzkyODE3MDZmNWU0ZDNjMmIxYTA=', 'Accept': 'application/json'}"),
					Payload: rawJSON(`{"order": {"status": "completed", "shipmentStatus": "shipped"}}`)},
			}, {
				BaseURL: "https://api.lightspeedapp.com", Method: sp("POST"), ResponseCode: sp(400),
				FullURL:       sp("https://cloud.lightspeedapp.com/oauth/access_token.php"),
				ExceptionType: sp("requests.exceptions.HTTPError"), Exception: sp("400 Client Error: Bad Request"),
				Request: &gen.IntegrationLogRequest{Headers: rawJSON(`{"Content-Type": "application/x-www-form-urlencoded"}`),
					Payload: text("refresh_token=5f0e1c2d3b4a59687f6e5d4c3b2a1908&client_id=sendcloud-app&client_secret=LsCl13ntS3cr3t&grant_type=refresh_token")},
				Response: &gen.IntegrationLogResponse{Body: rawJSON(`{"error": "invalid_grant", "error_description": "Refresh token is invalid or expired", "hint": "Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJzZW5kY2xvdWQifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"}`)},
			}},
			secrets: []string{"4a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d:9f8e", "9f8e7d6c5b4a39281706f5e4d3c2b1a0",
				"NGExYjJjM2Q0ZTVmNmE3YjhjOWQwZTFmMmEzYjRjNWQ6OWY4ZTdkNmM1YjRhMzkyODE3MDZmNWU0ZDNjMmIxYTA", "5f0e1c2d3b4a59687f6e5d4c3b2a1908",
				"LsCl13ntS3cr3t", "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9", "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"},
			keep: []string{"api.webshopapp.com/nl/", "shipmentStatus", "client_id=sendcloud-app", "grant_type=refresh_token", "invalid_grant",
				"Refresh token is invalid or expired"},
		},
	}
}

// Each shop system's secrets are redacted in every output format (list as
// table, csv, json, ndjson; doctor as table and json), what is not a secret
// stays, every output parses, and --no-redact shows the secrets (so the
// check can fail).
func TestShopSecretsRedactedInEveryFormat(t *testing.T) {
	t.Parallel()
	srv := newFake(t, sclogstest.WithoutSeedData())
	env := basicEnv(srv)
	for i, sc := range shopCases() {
		id := fmt.Sprint(100 + i)
		srv.AddLogs(100+i, sc.logs...)
		t.Run(sc.name, func(t *testing.T) {
			outputs := map[string]string{}
			for _, f := range []string{"table", "csv", "json", "ndjson"} {
				outputs["list -o "+f] = sclogsRun(t, env, "list", id, "--all", "-o", f).wantCode(t, 0).stdout
			}
			for _, f := range []string{"table", "json"} {
				outputs["doctor -o "+f] = sclogsRun(t, env, "doctor", id, "-o", f).wantCode(t, 0).stdout
			}
			for what, out := range outputs {
				for _, s := range sc.secrets {
					if strings.Contains(out, s) {
						t.Errorf("%s shows %q", what, s)
					}
				}
			}
			if !strings.Contains(outputs["list -o ndjson"], "[REDACTED]") {
				t.Error("nothing redacted")
			}
			for _, k := range sc.keep {
				if !strings.Contains(outputs["list -o ndjson"], k) {
					t.Errorf("ndjson lost %q, which is no secret", k)
				}
			}
			var arr []any
			if err := json.Unmarshal([]byte(outputs["list -o json"]), &arr); err != nil || len(arr) != len(sc.logs) {
				t.Errorf("list -o json: %d records, %v", len(arr), err)
			}
			if logs := ndjson(t, outputs["list -o ndjson"]); len(logs) != len(sc.logs) {
				t.Errorf("ndjson: %d records", len(logs))
			}
			if rows, err := csv.NewReader(strings.NewReader(outputs["list -o csv"])).ReadAll(); err != nil || len(rows) != len(sc.logs)+1 {
				t.Errorf("csv: %d rows, %v", len(rows), err)
			}
			if !json.Valid([]byte(outputs["doctor -o json"])) {
				t.Errorf("doctor -o json is not JSON")
			}
			raw := sclogsRun(t, env, "list", id, "--all", "-o", "ndjson", "--no-redact").wantCode(t, 0).stdout
			for _, s := range sc.secrets {
				if !strings.Contains(raw, s) {
					t.Errorf("--no-redact lacks %q", s)
				}
			}
		})
	}
}
