package sclogstest

import (
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
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

// platform makes calls to one kind of shop and the shop's error answers.
type platform struct {
	name   string
	call   func(r *rand.Rand, shop string) call
	answer func(r *rand.Rand, c call, status int, at time.Time) (header obj, body any)
}

var platforms = []platform{
	{"shopify", shopifyCall, shopifyAnswer},
	{"woocommerce", wooCall, wooAnswer},
	{"magento", magentoCall, magentoAnswer},
	{"lightspeed", lightspeedCall, lightspeedAnswer},
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

func shopifyCall(r *rand.Rand, shop string) call {
	host := shop + ".myshopify.com"
	c := call{host: host, baseURL: "https://" + host, method: http.MethodGet}
	order := 5_000_000_000 + r.IntN(1e9)
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
		{"Connection", "keep-alive"}, {"X-Shopify-Access-Token", "shpat_" + hexN(r, 32)}, {"Content-Type", "application/json"}}
	return c
}

func shopifyAnswer(r *rand.Rand, c call, status int, at time.Time) (obj, any) {
	h := obj{{"Date", httpDate(at)}, {"Content-Type", "application/json; charset=utf-8"}, {"Connection", "keep-alive"},
		{"X-Shopify-Shop-Api-Call-Limit", "40/40"}, {"X-Request-Id", hexN(r, 8) + "-" + hexN(r, 4) + "-4" + hexN(r, 3)},
		{"Set-Cookie", "_shopify_s=" + hexN(r, 24) + "; path=/; expires=" + httpDate(at.Add(30*time.Minute)) + "; domain=" + c.host + "; SameSite=Lax"},
		{"Server", "cloudflare"}}
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

func wooCall(r *rand.Rand, shop string) call {
	host := "www." + shop + []string{".nl", ".be", ".fr", ".es"}[r.IntN(4)]
	c := call{host: host, baseURL: "https://" + host}
	ck, cs := "ck_"+hexN(r, 40), "cs_"+hexN(r, 40)
	order := 1000 + r.IntN(90000)
	switch r.IntN(3) {
	case 0:
		c.method, c.fullURL = http.MethodPut, fmt.Sprintf("%s/wp-json/wc/v3/orders/%d", c.baseURL, order)
		c.payload = jv(obj{{"status", "completed"}})
	case 1:
		c.method, c.fullURL = http.MethodPost, fmt.Sprintf("%s/wp-json/wc/v3/orders/%d/notes", c.baseURL, order)
		c.payload = jv(obj{{"note", "Your order has been shipped. Track & trace: " + trackingNumber(r)}, {"customer_note", true}})
	default:
		c.method, c.fullURL = http.MethodGet, c.baseURL+"/wp-json/wc/v3/orders?status=processing&per_page=100&page=1"
		c.payload = null
	}
	c.header = obj{{"User-Agent", userAgent}, {"Accept-Encoding", "gzip, deflate"}, {"Accept", "*/*"}, {"Connection", "keep-alive"},
		{"Content-Type", "application/json;charset=utf-8"}}
	if r.IntN(2) == 0 { // keys in the query string, as WooCommerce allows over HTTPS
		sep := "?"
		if c.method == http.MethodGet {
			sep = "&"
		}
		c.fullURL += sep + "consumer_key=" + ck + "&consumer_secret=" + cs
	} else {
		c.header = append(c.header, kv{"Authorization", basic(ck, cs)})
	}
	return c
}

func wooAnswer(r *rand.Rand, c call, status int, at time.Time) (obj, any) {
	h := obj{{"Server", "nginx"}, {"Date", httpDate(at)}, {"Content-Type", "application/json; charset=UTF-8"},
		{"X-Robots-Tag", "noindex"}, {"Link", "<" + c.baseURL + "/wp-json/>; rel=\"https://api.w.org/\""},
		{"Set-Cookie", "PHPSESSID=" + hexN(r, 26) + "; path=/; secure; HttpOnly"}}
	wpErr := func(code, msg string) obj {
		return obj{{"code", code}, {"message", msg}, {"data", obj{{"status", status}}}}
	}
	switch status {
	case 401:
		return h, wpErr("woocommerce_rest_authentication_error", "Invalid signature - provided signature does not match.")
	case 404:
		return h, wpErr("woocommerce_rest_shop_order_invalid_id", "Invalid ID.")
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

func magentoCall(r *rand.Rand, shop string) call {
	host := "shop." + shop + ".de"
	c := call{host: host, baseURL: "https://" + host}
	order := 100 + r.IntN(20000)
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
	c.header = obj{{"User-Agent", userAgent}, {"Accept", "application/json"}, {"Authorization", "Bearer " + hexN(r, 32)},
		{"Content-Type", "application/json"}, {"Cookie", "PHPSESSID=" + hexN(r, 26) + "; form_key=" + hexN(r, 16)}}
	return c
}

func magentoAnswer(r *rand.Rand, c call, status int, at time.Time) (obj, any) {
	h := obj{{"Date", httpDate(at)}, {"Server", "Apache"}, {"Content-Type", "application/json; charset=utf-8"},
		{"Set-Cookie", "PHPSESSID=" + hexN(r, 26) + "; expires=" + httpDate(at.Add(time.Hour)) + "; Max-Age=3600; path=/; domain=" + c.host + "; secure; HttpOnly; SameSite=Lax"},
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

func lightspeedCall(r *rand.Rand, _ string) call {
	order := 10_000_000 + r.IntN(1e7)
	if r.IntN(2) == 0 { // Lightspeed eCom: one API host, key and secret as Basic
		c := call{host: "api.webshopapp.com", baseURL: "https://api.webshopapp.com/nl/"}
		c.method, c.fullURL = http.MethodPut, fmt.Sprintf("https://api.webshopapp.com/nl/orders/%d.json", order)
		c.payload = jv(obj{{"order", obj{{"status", "completed"}, {"shipmentStatus", "shipped"}}}})
		c.header = obj{{"User-Agent", userAgent}, {"Accept", "application/json"}, {"Content-Type", "application/json"},
			{"Authorization", basic(hexN(r, 32), hexN(r, 32))}}
		return c
	}
	// Lightspeed Retail: OAuth token in the query string
	c := call{host: "api.lightspeedapp.com", baseURL: "https://api.lightspeedapp.com", method: http.MethodGet, payload: null}
	c.fullURL = fmt.Sprintf("https://api.lightspeedapp.com/API/V3/Account/%d/Sale/%d.json?load_relations=%%5B%%22Customer%%22%%5D&access_token=%s",
		200000+r.IntN(99999), order, hexN(r, 40))
	c.header = obj{{"User-Agent", userAgent}, {"Accept", "application/json"}}
	return c
}

func lightspeedAnswer(r *rand.Rand, c call, status int, at time.Time) (obj, any) {
	h := obj{{"Date", httpDate(at)}, {"Content-Type", "application/json"}, {"X-LS-API-Bucket-Level", "60/60"},
		{"X-LS-API-Drip-Rate", "1"}, {"Set-Cookie", "ls_session=" + hexN(r, 32) + "; path=/; secure; HttpOnly"}}
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
