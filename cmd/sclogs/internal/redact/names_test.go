package redact

import "testing"

func TestSensitiveHeader(t *testing.T) {
	for name, want := range map[string]bool{
		"Authorization":                 true,
		"authorization":                 true,
		"Proxy-Authorization":           true,
		"Cookie":                        true,
		"Set-Cookie":                    true,
		"X-Shopify-Access-Token":        true,
		"X-Auth-Token":                  true,
		"x_auth_token":                  true,
		"Client-Secret":                 true,
		"X-Password":                    true,
		"X-Api-Key":                     true,
		"X-APIKEY":                      true,
		"api_key":                       true,
		"X-Session-Id":                  true,
		"X-WC-Webhook-Signature":        true,
		"X-Shopify-Hmac-Sha256":         true,
		"X-Consumer-Key":                true,
		"Content-Type":                  false,
		"Accept":                        false,
		"User-Agent":                    false,
		"Cache-Control":                 false,
		"Connection":                    false,
		"Content-Length":                false,
		"X-Request-Id":                  false,
		"X-Shopify-Shop-Api-Call-Limit": false,
		"WWW-Authenticate":              false,
		"Location":                      false,
		"Keep-Alive":                    false,
		"":                              false,
	} {
		if got := SensitiveHeader(name); got != want {
			t.Errorf("SensitiveHeader(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestSensitiveQueryParam(t *testing.T) {
	for name, want := range map[string]bool{
		"access_token":    true,
		"token":           true,
		"TOKEN":           true,
		"api_key":         true,
		"api-key":         true,
		"apikey":          true,
		"key":             true,
		"secret":          true,
		"client_secret":   true,
		"consumer_secret": true,
		"consumer_key":    true,
		"password":        true,
		"signature":       true,
		"sig":             true,
		"hmac":            true,
		"refresh_token":   true,
		"sessionid":       true,
		"page":            false,
		"page_size":       false,
		"cursor":          false,
		"shop":            false,
		"id":              false,
		"keyword":         false,
		"monkey":          false,
		"q":               false,
		"timestamp":       false,
		"":                false,
	} {
		if got := SensitiveQueryParam(name); got != want {
			t.Errorf("SensitiveQueryParam(%q) = %v, want %v", name, got, want)
		}
	}
}
