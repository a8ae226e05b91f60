package sclogstest

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"

	"github.com/sclogs/sclogs/jsonvalue"
)

// scenario is the kind of failure a generated record is about.
type scenario int

const (
	scSSL scenario = iota
	scConnRefused
	scConnectTimeout
	scReadTimeout
	scHTTP401
	scHTTP403
	scHTTP404
	scHTTP429
	scHTTP500
	scHTTP502
	scRedirects
	scUntyped // exception_type null: logged without a Python exception
	nScenarios
)

var httpStatus = map[scenario]int{scHTTP401: 401, scHTTP403: 403, scHTTP404: 404, scHTTP429: 429, scHTTP500: 500, scHTTP502: 502}

// wireLog is a record as the API writes it: nullable fields are written as
// null, never left out, and the members keep the spec's order.
type wireLog struct {
	ID             int
	IntegrationID  *int
	BaseURL        string
	FullURL        *string
	Method         string
	ResponseCode   *int
	Response       *wireResponse
	Request        *wireRequest
	CreatedAt      string
	ExceptionType  *string
	Exception      *string
	Protected      bool
	AdditionalData jsonvalue.Value
}

type wireResponse struct{ Headers, Body jsonvalue.Value }

type wireRequest struct{ Headers, Payload jsonvalue.Value }

// orNull is *p, or nil (JSON null) when p is nil.
func orNull[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// json writes the record.
func (w wireLog) json() []byte {
	var resp, req any
	if w.Response != nil {
		resp = obj{{"headers", w.Response.Headers}, {"body", w.Response.Body}}
	}
	if w.Request != nil {
		req = obj{{"headers", w.Request.Headers}, {"payload", w.Request.Payload}}
	}
	return appendJSON(make([]byte, 0, 2048), obj{
		{"id", w.ID}, {"integration_id", orNull(w.IntegrationID)}, {"base_url", w.BaseURL},
		{"full_url", orNull(w.FullURL)}, {"method", w.Method}, {"response_code", orNull(w.ResponseCode)},
		{"response", resp}, {"request", req}, {"created_at", w.CreatedAt},
		{"exception_type", orNull(w.ExceptionType)}, {"exception", orNull(w.Exception)},
		{"protected", w.Protected}, {"additional_data", w.AdditionalData},
	})
}

// build makes one record of scenario sc at time at, about a call to shop s.
func build(r *rand.Rand, s *shop, sc scenario, at time.Time) wireLog {
	p := s.platform
	c := p.call(r, s)
	rec := wireLog{BaseURL: c.baseURL, Method: c.method, AdditionalData: jv("")}
	if r.IntN(12) != 0 {
		rec.FullURL = new(c.fullURL)
	}
	pool := fmt.Sprintf("HTTPSConnectionPool(host='%s', port=443)", c.host)
	conn := fmt.Sprintf("<urllib3.connection.HTTPSConnection object at 0x7f%010x>", r.Uint64()&0xffffffffff)
	var typ, msg string
	var rh obj // response headers, when there was a response
	switch sc {
	case scSSL:
		reason := []string{"certificate has expired", "unable to get local issuer certificate",
			"Hostname mismatch, certificate is not valid for '" + c.host + "'."}[r.IntN(3)]
		typ = "requests.exceptions.SSLError"
		msg = fmt.Sprintf("%s: Max retries exceeded with url: %s (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: %s (_ssl.c:1006)')))", pool, c.pathQuery(), reason)
		rec.ResponseCode = new(495)
		if r.IntN(2) == 0 { // as in the spec's example
			rh = obj{{"Cache-Control", "max-age=3600"}, {"Content-Type", "text/html; charset=utf-8"}, {"Connection", "keep-alive"}}
			rec.Response = &wireResponse{Body: jv("<!doctype html>\n<html>\n <head>\n <title>SSL Certificate Error</title>\n </head>\n </html>\n")}
		}
	case scConnRefused:
		reason := []string{"[Errno 111] Connection refused", "[Errno -2] Name or service not known", "[Errno 113] No route to host"}[r.IntN(3)]
		typ = "requests.exceptions.ConnectionError"
		msg = fmt.Sprintf("%s: Max retries exceeded with url: %s (Caused by NewConnectionError('%s: Failed to establish a new connection: %s'))", pool, c.pathQuery(), conn, reason)
	case scConnectTimeout:
		typ = "requests.exceptions.ConnectTimeout"
		msg = fmt.Sprintf("%s: Max retries exceeded with url: %s (Caused by ConnectTimeoutError(%s, 'Connection to %s timed out. (connect timeout=10)'))", pool, c.pathQuery(), conn, c.host)
	case scReadTimeout:
		typ = "requests.exceptions.ReadTimeout"
		msg = pool + ": Read timed out. (read timeout=30)"
	case scRedirects:
		typ, msg = "requests.exceptions.TooManyRedirects", "Exceeded 30 redirects."
		code := []int{301, 302}[r.IntN(2)]
		rec.ResponseCode = &code
		rh = obj{{"Date", httpDate(at)}, {"Location", c.baseURL + "/account/login?return_url=" + c.pathQuery()},
			{"Content-Type", "text/html; charset=utf-8"}, {"Set-Cookie", "session=" + s.session + "; path=/; HttpOnly"}}
		rec.Response = &wireResponse{Body: []jsonvalue.Value{jv(""), null}[r.IntN(2)]}
	case scUntyped:
		if r.IntN(2) == 0 {
			msg = "Could not update the order status in the shop."
		}
		if r.IntN(2) == 0 {
			rec.ResponseCode = new(200)
			rh = obj{{"Content-Type", "text/html"}}
			rec.Response = &wireResponse{Body: jv("<html><body>Down for maintenance</body></html>")}
		}
	default:
		status := httpStatus[sc]
		kind := "Client"
		if status >= 500 {
			kind = "Server"
		}
		typ = "requests.exceptions.HTTPError"
		msg = fmt.Sprintf("%d %s Error: %s for url: %s", status, kind, http.StatusText(status), c.fullURL)
		rec.ResponseCode = &status
		h, body := p.answer(r, s, c, status, at)
		rh = h
		rec.Response = &wireResponse{Body: bodyValue(r, body)}
	}
	if typ != "" {
		rec.ExceptionType = &typ
	}
	if msg != "" {
		rec.Exception = &msg
	}
	rec.Protected = r.IntN(10) == 0
	rec.Request = request(r, c, rec.Protected)
	if rec.Response != nil {
		if rec.Protected {
			rh = maskObj(rh)
		}
		rec.Response.Headers = jv(rh)
		if r.IntN(10) == 0 {
			rec.Response.Headers = null
		}
	}
	switch r.IntN(10) {
	case 0:
		rec.AdditionalData = jv(obj{{"order_number", fmt.Sprint(1000 + r.IntN(9000))}, {"shipment_id", 300000000 + r.IntN(1e8)}, {"action", "update_order_status"}})
	case 1:
		rec.AdditionalData = jv(fmt.Sprintf("order_number=%d", 1000+r.IntN(9000)))
	}
	return rec
}

// bodyValue stores an answer as the integration logged it: a JSON body as an
// object or as its text, sometimes no body at all.
func bodyValue(r *rand.Rand, body any) jsonvalue.Value {
	switch {
	case r.IntN(10) == 0:
		return null
	case r.IntN(3) == 0:
		if _, isText := body.(string); !isText {
			return jv(string(appendJSON(nil, body)))
		}
	}
	return jv(body)
}

// request is the logged request: null, or headers as an object, as one
// string (Python's repr of a dict) or null, and the payload as sent.
func request(r *rand.Rand, c call, protected bool) *wireRequest {
	if r.IntN(12) == 0 {
		return nil
	}
	h := c.header
	if protected {
		h = maskObj(h)
	}
	req := &wireRequest{Headers: jv(h), Payload: c.payload}
	switch r.IntN(10) {
	case 0:
		req.Headers = null
	case 1, 2:
		parts := make([]string, len(h))
		for i, m := range h {
			parts[i] = fmt.Sprintf("'%s': '%v'", m.k, m.v)
		}
		req.Headers = jv("{" + strings.Join(parts, ", ") + "}")
	}
	return req
}

var secretHeaders = map[string]bool{"Authorization": true, "X-Shopify-Access-Token": true, "Cookie": true, "Set-Cookie": true}

// maskObj is what Sendcloud does to a protected record's headers.
func maskObj(h obj) obj {
	out := make(obj, len(h))
	for i, m := range h {
		if secretHeaders[m.k] {
			m.v = "********"
		}
		out[i] = m
	}
	return out
}
