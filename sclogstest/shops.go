package sclogstest

import (
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/sclogs/sclogs/jsonvalue"
)

// call is the shop request a log record is about.
type call struct {
	host    string
	baseURL string
	fullURL string // with query, secrets included, as the integration sent it
	method  string
	header  obj             // request headers, credentials included
	payload jsonvalue.Value // object, string or null
}

// pathQuery is the part of the URL Python's urllib3 puts in its messages.
func (c call) pathQuery() string {
	u, err := url.Parse(c.fullURL)
	if err != nil {
		return "/"
	}
	return u.RequestURI()
}

// platform is one kind of shop: how a shop of it is set up (host and
// credentials, once per integration), the calls made to it and its error
// answers.
type platform struct {
	name   string
	open   func(r *rand.Rand, s *shop)
	call   func(r *rand.Rand, s *shop) call
	answer func(r *rand.Rand, s *shop, c call, status int, at time.Time) (header obj, body any)
}

// platforms in the order seeded integrations rotate through them
// (platformOf): keep it, the docs name which seed gives which platform.
var platforms = []platform{
	{"shopify", shopifyOpen, shopifyCall, shopifyAnswer},
	{"woocommerce", wooOpen, wooCall, wooAnswer},
	{"magento", magentoOpen, magentoCall, magentoAnswer},
	{"lightspeed", lightspeedOpen, lightspeedCall, lightspeedAnswer},
	{"prestashop", prestashopOpen, prestashopCall, prestashopAnswer},
}

var shopNames = []string{
	"northwind-outdoor", "fietsenwinkel-delft", "kaffeehaus-berlin", "maison-lumiere",
	"tienda-del-sol", "brickhouse-toys", "groene-vingers", "urban-sneakers",
}

const userAgent = "Sendcloud/3.0 (+https://www.sendcloud.com)"

func hexN(r *rand.Rand, n int) string {
	const digits = "0123456789abcdef"
	b := make([]byte, n)
	for i := range b {
		b[i] = digits[r.IntN(16)]
	}
	return string(b)
}

func basic(user, pass string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))
}

func trackingNumber(r *rand.Rand) string { return fmt.Sprintf("3SYZXG%09d", r.IntN(1e9)) }

func httpDate(t time.Time) string { return t.UTC().Format(http.TimeFormat) }

func nginxPage(status int) string {
	title := fmt.Sprintf("%d %s", status, http.StatusText(status))
	return "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title +
		"</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
}

func shopifyOpen(r *rand.Rand, s *shop) {
	s.host = s.name + ".myshopify.com"
	s.baseURL = "https://" + s.host
	s.token = "shpat_" + hexN(r, 32)
	s.clientID, s.clientSecret, s.oauthCode = hexN(r, 32), "shpss_"+hexN(r, 32), hexN(r, 32)
}

func shopifyCall(r *rand.Rand, s *shop) call {
	c := call{host: s.host, baseURL: s.baseURL, method: http.MethodGet}
	order := 5_000_000_000 + r.IntN(1e9)
	if r.IntN(8) == 0 {
		// The OAuth token exchange when the shop (re)installs the app:
		// the app's credentials and the one-time code in a JSON body.
		c.method, c.fullURL = http.MethodPost, c.baseURL+"/admin/oauth/access_token"
		c.payload = jv(obj{{"client_id", s.clientID}, {"client_secret", s.clientSecret}, {"code", s.oauthCode}})
		c.header = obj{{"User-Agent", userAgent}, {"Accept", "application/json"}, {"Content-Type", "application/json"}}
		return c
	}
	switch r.IntN(3) {
	case 0:
		c.method, c.fullURL = http.MethodPost, c.baseURL+"/admin/api/2024-04/fulfillments.json"
		c.payload = jv(obj{{"fulfillment", obj{
			{"line_items_by_fulfillment_order", []obj{{{"fulfillment_order_id", order + 1}}}},
			{"tracking_info", obj{{"number", trackingNumber(r)}, {"company", "PostNL"}}},
			{"notify_customer", true},
		}}})
	case 1:
		c.fullURL = c.baseURL + "/admin/api/2024-04/orders.json?status=any&limit=250&updated_at_min=2025-11-01T00%3A00%3A00%2B01%3A00"
		c.payload = null
	default:
		c.method, c.fullURL = http.MethodPut, fmt.Sprintf("%s/admin/api/2024-04/orders/%d.json", c.baseURL, order)
		c.payload = jv(fmt.Sprintf(`{"order": {"id": %d, "tags": "sendcloud-shipped"}}`, order))
	}
	c.header = obj{{"User-Agent", userAgent}, {"Accept-Encoding", "gzip, deflate"}, {"Accept", "application/json"},
		{"Connection", "keep-alive"}, {"X-Shopify-Access-Token", s.token}, {"Content-Type", "application/json"}}
	return c
}

func shopifyAnswer(r *rand.Rand, s *shop, c call, status int, at time.Time) (obj, any) {
	h := obj{{"Date", httpDate(at)}, {"Content-Type", "application/json; charset=utf-8"}, {"Connection", "keep-alive"},
		{"X-Shopify-Shop-Api-Call-Limit", "40/40"}, {"X-Request-Id", hexN(r, 8) + "-" + hexN(r, 4) + "-4" + hexN(r, 3)},
		{"Set-Cookie", "_shopify_s=" + s.session[:24] + "; path=/; expires=" + httpDate(at.Add(30*time.Minute)) + "; domain=" + s.host + "; SameSite=Lax"},
		{"Server", "cloudflare"}}
	if strings.HasSuffix(c.fullURL, "/admin/oauth/access_token") && status < 500 {
		return h, obj{{"error", "invalid_request"}, {"error_description", "The authorization code was not found or was already used"}}
	}
	switch status {
	case 401:
		return h, obj{{"errors", "[API] Invalid API key or access token (unrecognized login or wrong password)"}}
	case 403:
		return h, obj{{"errors", "[API] This action requires merchant approval for write_merchant_managed_fulfillment_orders scope."}}
	case 404:
		return h, obj{{"errors", "Not Found"}}
	case 429:
		return append(h, kv{"Retry-After", "2.0"}), obj{{"errors", "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service."}}
	case 500:
		return h, obj{{"errors", "Internal Server Error"}}
	}
	h[1].v = "text/html"
	return h, "<html><head><title>" + fmt.Sprint(status) + " Bad Gateway</title></head><body><center><h1>Bad Gateway</h1></center><hr><center>cloudflare</center></body></html>"
}

func wooOpen(r *rand.Rand, s *shop) {
	s.host = "www." + s.name + []string{".nl", ".be", ".fr", ".es"}[r.IntN(4)]
	s.baseURL = "https://" + s.host
	s.key, s.secret = "ck_"+hexN(r, 40), "cs_"+hexN(r, 40)
	s.webhookSecret = base64.StdEncoding.EncodeToString([]byte(hexN(r, 24)))
}

func wooCall(r *rand.Rand, s *shop) call {
	c := call{host: s.host, baseURL: s.baseURL}
	order := 1000 + r.IntN(90000)
	switch r.IntN(7) {
	case 6:
		// Registering the webhook that tells Sendcloud of new orders: its
		// secret signs every delivery.
		c.method, c.fullURL = http.MethodPost, c.baseURL+"/wp-json/wc/v3/webhooks"
		c.payload = jv(obj{{"name", "Sendcloud order sync"}, {"topic", "order.updated"},
			{"delivery_url", fmt.Sprintf("https://panel.sendcloud.sc/shops/woocommerce/webhook/%d/", 100000+r.IntN(900000))},
			{"secret", s.webhookSecret}})
	case 0, 3:
		c.method, c.fullURL = http.MethodPut, fmt.Sprintf("%s/wp-json/wc/v3/orders/%d", c.baseURL, order)
		c.payload = jv(obj{{"status", "completed"}})
	case 1, 4:
		c.method, c.fullURL = http.MethodPost, fmt.Sprintf("%s/wp-json/wc/v3/orders/%d/notes", c.baseURL, order)
		c.payload = jv(obj{{"note", "Your order has been shipped. Track & trace: " + trackingNumber(r)}, {"customer_note", true}})
	default:
		c.method, c.fullURL = http.MethodGet, c.baseURL+"/wp-json/wc/v3/orders?status=processing&per_page=100&page=1"
		c.payload = null
	}
	c.header = obj{{"User-Agent", userAgent}, {"Accept-Encoding", "gzip, deflate"}, {"Accept", "*/*"}, {"Connection", "keep-alive"},
		{"Content-Type", "application/json;charset=utf-8"}}
	// Keys in the query string, as WooCommerce allows over HTTPS: the way
	// that works on hosts that drop the Authorization header.
	sep := "?"
	if c.method == http.MethodGet {
		sep = "&"
	}
	c.fullURL += sep + "consumer_key=" + s.key + "&consumer_secret=" + s.secret
	return c
}

func wooAnswer(r *rand.Rand, s *shop, _ call, status int, at time.Time) (obj, any) {
	h := obj{{"Server", "nginx"}, {"Date", httpDate(at)}, {"Content-Type", "application/json; charset=UTF-8"},
		{"X-Robots-Tag", "noindex"}, {"Link", "<" + s.baseURL + "/wp-json/>; rel=\"https://api.w.org/\""},
		{"Set-Cookie", "PHPSESSID=" + s.session[:26] + "; path=/; secure; HttpOnly"}}
	wpErr := func(code, msg string) obj {
		return obj{{"code", code}, {"message", msg}, {"data", obj{{"status", status}}}}
	}
	switch status {
	case 401:
		return h, wpErr("woocommerce_rest_authentication_error", "Invalid signature - provided signature does not match.")
	case 404:
		err := wpErr("woocommerce_rest_shop_order_invalid_id", "Invalid ID.")
		if r.IntN(3) == 0 {
			// The order as WooCommerce lists it: its order_key opens the
			// customer's order page.
			err = obj{{"code", "woocommerce_rest_cannot_edit"}, {"message", "Order is already completed."},
				{"data", obj{{"status", status}, {"order", obj{{"id", 1000 + r.IntN(90000)}, {"status", "completed"},
					{"order_key", "wc_order_" + hexN(r, 13)}, {"currency", "EUR"}, {"total", fmt.Sprintf("%d.%02d", 10+r.IntN(200), r.IntN(100))}}}}}}
		}
		return h, err
	case 500:
		h[2].v = "text/html; charset=UTF-8"
		return h, "<p>There has been a critical error on this website.</p><p><a href=\"https://wordpress.org/documentation/article/faq-troubleshooting/\">Learn more about troubleshooting WordPress.</a></p>"
	case 403:
		h[2].v = "text/html; charset=UTF-8"
		return h, "<!DOCTYPE html>\n<html><head><title>Attention Required! | Cloudflare</title></head><body>Sorry, you have been blocked</body></html>\n"
	}
	h[2].v = "text/html"
	return h, nginxPage(status)
}

func magentoOpen(r *rand.Rand, s *shop) {
	s.host = "shop." + s.name + []string{".de", ".at", ".ch"}[r.IntN(3)]
	s.baseURL = "https://" + s.host
	s.token = hexN(r, 32)
	s.formKey = hexN(r, 16)
	s.password = "Mg!" + hexN(r, 12)
}

func magentoCall(r *rand.Rand, s *shop) call {
	c := call{host: s.host, baseURL: s.baseURL}
	order := 100 + r.IntN(20000)
	if r.IntN(8) == 0 {
		// Fetching a new admin token: the admin's user name and password
		// in the body, no bearer token yet.
		c.method, c.fullURL = http.MethodPost, c.baseURL+"/rest/V1/integration/admin/token"
		c.payload = jv(obj{{"username", "sendcloud"}, {"password", s.password}})
		c.header = obj{{"User-Agent", userAgent}, {"Accept", "application/json"}, {"Content-Type", "application/json"}}
		return c
	}
	switch r.IntN(3) {
	case 0:
		c.method, c.fullURL = http.MethodPost, fmt.Sprintf("%s/rest/V1/order/%d/ship", c.baseURL, order)
		c.payload = jv(obj{{"items", []obj{{{"order_item_id", order*2 + 1}, {"qty", 1}}}}, {"notify", true},
			{"tracks", []obj{{{"track_number", trackingNumber(r)}, {"title", "DHL Paket"}, {"carrier_code", "dhl"}}}}})
	case 1:
		c.method, c.fullURL = http.MethodGet, c.baseURL+"/rest/default/V1/orders?searchCriteria%5BpageSize%5D=50&searchCriteria%5BcurrentPage%5D=1"
		c.payload = null
	default:
		c.method, c.fullURL = http.MethodPost, fmt.Sprintf("%s/rest/V1/orders/%d/comments", c.baseURL, order)
		c.payload = jv(fmt.Sprintf(`{"statusHistory": {"comment": "Shipped with DHL", "is_customer_notified": 1, "parent_id": %d, "status": "complete"}}`, order))
	}
	c.header = obj{{"User-Agent", userAgent}, {"Accept", "application/json"}, {"Authorization", "Bearer " + s.token},
		{"Content-Type", "application/json"}, {"Cookie", "PHPSESSID=" + s.session[:26] + "; form_key=" + s.formKey}}
	return c
}

func magentoAnswer(r *rand.Rand, s *shop, _ call, status int, at time.Time) (obj, any) {
	h := obj{{"Date", httpDate(at)}, {"Server", "Apache"}, {"Content-Type", "application/json; charset=utf-8"},
		{"Set-Cookie", "PHPSESSID=" + s.session[:26] + "; expires=" + httpDate(at.Add(time.Hour)) + "; Max-Age=3600; path=/; domain=" + s.host + "; secure; HttpOnly; SameSite=Lax"},
		{"X-Frame-Options", "SAMEORIGIN"}, {"Cache-Control", "no-store"}}
	switch status {
	case 401:
		return h, obj{{"message", "The consumer isn't authorized to access %resources."}, {"parameters", obj{{"resources", "Magento_Sales::ship"}}}}
	case 404:
		return h, obj{{"message", "The entity that was requested doesn't exist. Verify the entity and try again."}}
	case 500:
		return h, obj{{"message", "Internal Error. Details are available in Magento log file. Report ID: webapi-" + hexN(r, 13)}}
	case 429:
		h[2].v = "text/plain"
		return h, "Too Many Requests"
	}
	h[2].v = "text/html; charset=iso-8859-1"
	return h, "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>" + fmt.Sprintf("%d %s", status, http.StatusText(status)) + "</title>\n</head></html>\n"
}

// lightspeedOpen sets up a Lightspeed shop of one of its two APIs: eCom
// (shared API host, the shop's key and secret as Basic) or Retail (shared
// API host, the shop's account id and OAuth token in the URL).
func lightspeedOpen(r *rand.Rand, s *shop) {
	if r.IntN(2) == 0 {
		s.language = []string{"nl", "de", "fr", "en"}[r.IntN(4)]
		s.host, s.baseURL = "api.webshopapp.com", "https://api.webshopapp.com/"+s.language+"/"
		s.key, s.secret = hexN(r, 32), hexN(r, 32)
		return
	}
	s.retail = true
	s.host, s.baseURL = "api.lightspeedapp.com", "https://api.lightspeedapp.com"
	s.account = 200000 + r.IntN(99999)
	s.token = hexN(r, 40)
}

func lightspeedCall(r *rand.Rand, s *shop) call {
	order := 10_000_000 + r.IntN(1e7)
	c := call{host: s.host, baseURL: s.baseURL}
	if !s.retail {
		c.method, c.fullURL = http.MethodPut, fmt.Sprintf("%sorders/%d.json", s.baseURL, order)
		c.payload = jv(obj{{"order", obj{{"status", "completed"}, {"shipmentStatus", "shipped"}}}})
		c.header = obj{{"User-Agent", userAgent}, {"Accept", "application/json"}, {"Content-Type", "application/json"},
			{"Authorization", basic(s.key, s.secret)}}
		return c
	}
	c.method, c.payload = http.MethodGet, null
	c.fullURL = fmt.Sprintf("%s/API/V3/Account/%d/Sale/%d.json?load_relations=%%5B%%22Customer%%22%%5D&access_token=%s",
		s.baseURL, s.account, order, s.token)
	c.header = obj{{"User-Agent", userAgent}, {"Accept", "application/json"}, {"Authorization", "Bearer " + s.token}}
	return c
}

func lightspeedAnswer(_ *rand.Rand, s *shop, c call, status int, at time.Time) (obj, any) {
	h := obj{{"Date", httpDate(at)}, {"Content-Type", "application/json"}, {"X-LS-API-Bucket-Level", "60/60"},
		{"X-LS-API-Drip-Rate", "1"}, {"Set-Cookie", "ls_session=" + s.session + "; path=/; secure; HttpOnly"}}
	switch status {
	case 401, 429:
		return h, obj{{"httpCode", fmt.Sprint(status)}, {"httpMessage", http.StatusText(status)},
			{"message", map[int]string{401: "Invalid access token.", 429: "Rate limit exceeded. Retry in 10 seconds."}[status]},
			{"errorClass", "Exception"}}
	case 403, 404:
		return h, obj{{"error", obj{{"code", status}, {"method", c.method}, {"request", c.pathQuery()}, {"message", http.StatusText(status)}}}}
	case 500:
		h[1].v = "text/plain"
		return h, "Internal Server Error"
	}
	h[1].v = "text/html"
	return h, nginxPage(status)
}

// prestashopOpen sets up a PrestaShop shop: its webservice key, sent as the
// Basic user name (no password) or, on hosts that drop Authorization, as
// ws_key in the URL.
func prestashopOpen(r *rand.Rand, s *shop) {
	s.host = "www." + s.name + []string{".fr", ".es", ".it"}[r.IntN(3)]
	s.baseURL = "https://" + s.host
	const keyChars = "ABCDEFGHIJKLMNPQRSTUVWXYZ123456789"
	key := make([]byte, 32)
	for i := range key {
		key[i] = keyChars[r.IntN(len(keyChars))]
	}
	s.wsKey = string(key)
	s.wsKeyInURL = r.IntN(2) == 0
}

func prestashopCall(r *rand.Rand, s *shop) call {
	c := call{host: s.host, baseURL: s.baseURL}
	order := 1 + r.IntN(30000)
	switch r.IntN(3) {
	case 0:
		c.method, c.fullURL = http.MethodGet, fmt.Sprintf("%s/api/orders/%d?output_format=JSON", c.baseURL, order)
		c.payload = null
	case 1:
		c.method, c.fullURL = http.MethodPost, c.baseURL+"/api/order_histories?output_format=JSON"
		c.payload = jv(fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>
<prestashop xmlns:xlink="http://www.w3.org/1999/xlink"><order_history><id_order>%d</id_order><id_order_state>4</id_order_state></order_history></prestashop>`, order))
	default:
		c.method, c.fullURL = http.MethodPut, fmt.Sprintf("%s/api/order_carriers/%d?output_format=JSON", c.baseURL, order)
		c.payload = jv(fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>
<prestashop xmlns:xlink="http://www.w3.org/1999/xlink"><order_carrier><id>%d</id><id_order>%d</id_order><id_carrier>2</id_carrier><tracking_number>%s</tracking_number></order_carrier></prestashop>`, order, order, trackingNumber(r)))
	}
	c.header = obj{{"User-Agent", userAgent}, {"Accept", "application/json"}, {"Content-Type", "text/xml"}}
	if s.wsKeyInURL {
		c.fullURL += "&ws_key=" + s.wsKey
	} else {
		c.header = append(c.header, kv{"Authorization", basic(s.wsKey, "")})
	}
	return c
}

func prestashopAnswer(r *rand.Rand, s *shop, c call, status int, at time.Time) (obj, any) {
	h := obj{{"Date", httpDate(at)}, {"Server", "Apache"}, {"Content-Type", "application/json"},
		{"PSWS-Version", "8.1.7"}, {"Execution-Time", fmt.Sprintf("0.0%d", 10+r.IntN(89))},
		{"Set-Cookie", "PrestaShop-" + s.session + "=" + hexN(r, 48) + "; expires=" + httpDate(at.Add(480*time.Hour)) + "; path=/; domain=" + s.host + "; secure; HttpOnly; SameSite=Lax"}}
	psErr := func(code int, msg string) obj {
		return obj{{"errors", []obj{{{"code", code}, {"message", msg}}}}}
	}
	switch status {
	case 401:
		return append(h, kv{"WWW-Authenticate", `Basic realm="Welcome to PrestaShop Webservice, please enter the authentication key as the login. No password required."`}),
			psErr(23, "Authentication key does not exist")
	case 403:
		return h, psErr(22, "Resource of type \"order_histories\" is not allowed with this authentication key")
	case 404:
		return h, psErr(87, "Id(s) not exists: "+strings.TrimPrefix(c.pathQuery(), "/api/"))
	case 500:
		h[2].v = "text/html; charset=utf-8"
		return h, "<br />\n<b>Fatal error</b>:  Uncaught PrestaShopException: Property OrderHistory-&gt;id_employee is empty in /var/www/html/classes/ObjectModel.php:1203"
	}
	h[2].v = "text/html"
	return h, nginxPage(status)
}
