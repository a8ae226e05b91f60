package redact

import (
	"slices"
	"strings"
	"testing"

	"github.com/sclogs/sclogs/jsonvalue"
)

// A name for every entry of the list, as shops write it.
var nameExamples = map[string][]string{
	"pw":             {"pw", "db_pw", "PW"},
	"pwd":            {"pwd", "user-pwd"},
	"pass":           {"pass", "smtp_pass", "X-Pass"},
	"key":            {"key", "api_key", "X-Api-Key", "x-Api-Key", "apiKey", "APIKey", "consumer_key", "private_key", "order_key", "form_key", "ws_key", "key1"},
	"auth":           {"auth", "X-Auth", "auth_token", "OAuth"},
	"sig":            {"sig", "api_sig"},
	"hash":           {"hash", "password_hash", "X-Hash"},
	"jwt":            {"jwt", "id-jwt"},
	"sid":            {"sid", "SID"},
	"verifier":       {"code_verifier", "oauth_verifier"},
	"token":          {"token", "access_token", "refresh_token", "X-Shopify-Access-Token", "accessToken", "X-CSRF-TOKEN", "xsrftoken"},
	"secret":         {"secret", "client_secret", "consumer_secret", "clientSecret", "X-Client-Secret", "webhook_secret"},
	"password":       {"password", "Password", "admin_password", "X-PASSWORD"},
	"passwd":         {"passwd", "db-passwd"},
	"passphrase":     {"passphrase", "ssh_passphrase"},
	"apikey":         {"apikey", "X-APIKEY", "xapikey"},
	"authorization":  {"Authorization", "AUTHORIZATION", "authorization", "Proxy-Authorization"},
	"authorisation":  {"authorisation"},
	"authentication": {"X-Authentication", "authentication"},
	"signature":      {"signature", "X-WC-Webhook-Signature", "oauth_signature"},
	"session":        {"session", "sessionid", "session_id", "X-Session-Id", "ls_session"},
	"sessid":         {"PHPSESSID", "phpsessid"},
	"cookie":         {"Cookie", "Set-Cookie", "cookie"},
	"credential":     {"credential", "credentials", "X-Credentials"},
	"hmac":           {"hmac", "X-Shopify-Hmac-Sha256", "hmac_sha256"},
	"privatekey":     {"privatekey", "PrivateKey"},
	"code":           {"code", "Code"},
}

// Names that are not secrets: ids, times, statuses and words that merely
// contain a secret word's letters.
var plainNames = []string{
	"id", "order_id", "created_at", "status", "sku", "keyword", "monkey", "turkey", "hockey", "author",
	"passenger", "compass", "bypass", "design", "signal", "hashtag", "carrier_code", "postal_code",
	"country_code", "error_code", "WWW-Authenticate", "Keep-Alive", "X-Shopify-Shop-Api-Call-Limit",
	"Content-Type", "Accept", "User-Agent", "Location", "X-Request-Id", "page", "page_size", "cursor",
	"shop", "q", "timestamp", "message", "errors", "name", "value", "note", "tracking_number", "",
	// Names that describe a secret rather than hold one.
	"token_type", "oauth_signature_method", "key_permissions", "client_secret_expires_at", "session_count",
	"refresh_token_url", "password_length",
}

// Every entry of the list has examples, and each example is secret in
// every place a name can be: a header, a JSON key at depth, a form or
// query parameter, a dict repr, a header line.
func TestSecretNames(t *testing.T) {
	for _, entry := range SecretNames() {
		if len(nameExamples[entry]) == 0 {
			t.Errorf("no example for %q", entry)
		}
	}
	for entry, names := range nameExamples {
		if !slices.Contains(SecretNames(), entry) {
			t.Errorf("%q is not on the list", entry)
		}
		for _, name := range names {
			t.Run(name, func(t *testing.T) {
				if !SecretName(name) {
					t.Fatalf("SecretName(%q) = false", name)
				}
				const secret = "s3cr3tV4lue"
				for _, in := range placesFor(name, secret) {
					got := string(Value(jsonvalue.Value(in)))
					if strings.Contains(got, secret) {
						t.Errorf("%s\n  -> %s", in, got)
					}
				}
			})
		}
	}
}

func TestPlainNames(t *testing.T) {
	for _, name := range plainNames {
		if SecretName(name) {
			t.Errorf("SecretName(%q) = true", name)
		}
		const value = "v4lue-stays"
		for _, in := range placesFor(name, value) {
			if got := string(Value(jsonvalue.Value(in))); got != in {
				t.Errorf("%s\n  -> %s", in, got)
			}
		}
	}
}

// placesFor returns JSON values holding v under name in every place a
// name can be.
func placesFor(name, v string) []string {
	q := func(s string) string { return string(encodeString(nil, []byte(s))) }
	return []string{
		`{` + q(name) + `: ` + q(v) + `}`,
		`{"a": {"b": [1, {` + q(name) + `: ` + q(v) + `}]}}`,
		q("x=1&" + name + "=" + v + "&y=2"),
		q(name + "=" + v + "&y=2"),
		q("https://shop.example/p?" + name + "=" + v),
		q("{'" + name + "': '" + v + "', 'n': 1}"),
		q(`{"` + name + `": "` + v + `", "n": 1}`),
		q(name + ": " + v + "\r\nAccept: */*"),
		`[[` + q(name) + `, ` + q(v) + `]]`,
		`[{"name": ` + q(name) + `, "value": ` + q(v) + `}]`,
		`[{"value": ` + q(v) + `, "key": ` + q(name) + `}]`,
	}
}

func TestErrorCodesStay(t *testing.T) {
	for in, want := range map[string]string{
		`{"code": "woocommerce_rest_authentication_error"}`: `{"code": "woocommerce_rest_authentication_error"}`,
		`{"code": "invalid_grant"}`:                         `{"code": "invalid_grant"}`,
		`{"code": "NOT_FOUND"}`:                             `{"code": "NOT_FOUND"}`,
		`{"code": 404}`:                                     `{"code": 404}`,
		`{"code": "0907a61c0c8d55e99db179b68161bc00"}`:      `{"code": "[REDACTED]"}`,
		`{"code": "AbCdEf"}`:                                `{"code": "[REDACTED]"}`,
		`"?code=4/0AX4XfWh&state=x"`:                        `"?code=[REDACTED]&state=x"`,
		`"error code: rest_no_route"`:                       `"error code: rest_no_route"`,
	} {
		if got := string(Value(jsonvalue.Value(in))); got != want {
			t.Errorf("%s -> %s, want %s", in, got, want)
		}
	}
}

// The letter filter in front of classify says no only for names without a
// secret word: every example (but of the whole names, which classify
// tests first), and every entry in every case, passes it.
func TestMayHoldSecretWord(t *testing.T) {
	for entry, names := range nameExamples {
		if slices.Contains(secretWholeNames, entry) {
			continue
		}
		for _, name := range names {
			if !mayHoldSecretWord(name) {
				t.Errorf("mayHoldSecretWord(%q) = false", name)
			}
		}
	}
	for _, w := range append(append([]string(nil), secretWords...), secretFragments...) {
		for _, name := range []string{w, strings.ToUpper(w), "x_" + w + "_y"} {
			if !mayHoldSecretWord(name) {
				t.Errorf("mayHoldSecretWord(%q) = false", name)
			}
		}
	}
	if len(secretLetters) >= len(secretWords)+len(secretFragments) {
		t.Errorf("%d letter sets for %d entries: none was found redundant", len(secretLetters), len(secretWords)+len(secretFragments))
	}
}

// A word longer than classify's stack buffer is still matched.
func TestLongWord(t *testing.T) {
	long := strings.Repeat("x", maxWord+10)
	for name, want := range map[string]bool{long + "token": true, long: false, "a_" + long + "password_b": true} {
		if got := SecretName(name); got != want {
			t.Errorf("SecretName(%.20q…) = %v, want %v", name, got, want)
		}
	}
}

// surelyPlain's tables answer what asking each entry of the list in turn
// answers: every table entry is checked against its definition (an entry
// is within a letter set when each of its four bytes is), then the tables
// against the entries on every entry's own letter set, on it without each
// one of its letters, and on 2^18 other letter sets.
func TestSurelyPlainTables(t *testing.T) {
	t.Parallel()
	sets := append(append([]uint32(nil), secretLetters...), wholeNameLetters...)
	for k := range setsWithin {
		for b := range setsWithin[k] {
			for j, set := range sets {
				part := set >> (8 * k) & 0xff
				if got, want := setsWithin[k][b]>>j&1 == 1, uint32(b)&part == part; got != want {
					t.Fatalf("setsWithin[%d][%08b] bit %d = %v, want %v", k, b, j, got, want)
				}
			}
		}
	}
	masks := []uint32{0, 1<<26 - 1}
	for _, set := range sets {
		masks = append(masks, set)
		for l := uint32(1); l < 1<<26; l <<= 1 {
			masks = append(masks, set&^l, set|l)
		}
	}
	x := uint32(2463534242)
	for range 1 << 18 {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5 // xorshift: fixed, so a failure repeats
		masks = append(masks, x&(1<<26-1))
	}
	for _, m := range masks {
		loop := true
		for _, need := range sets {
			if m&need == need {
				loop = false
				break
			}
		}
		if got := lettersPlain(m); got != loop {
			t.Fatalf("letter set %026b: tables say plain=%v, the entries say %v", m, got, loop)
		}
	}
}

// surelyPlain never calls a name plain that classify or classifyName does
// not: the names of the list and of the tests, and every fuzzed name.
func FuzzSurelyPlain(f *testing.F) {
	for _, examples := range nameExamples {
		for _, n := range examples {
			f.Add(n)
		}
	}
	for _, n := range append(plainNames, "11", "2025-11-24T12", "23+01", "api%5Fkey", "x+token", "CODE", " code ") {
		f.Add(n)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if surelyPlain(name) && (classify(name) != plainName || classifyName(name) != plainName) {
			t.Fatalf("surelyPlain(%q) but classify says %v, classifyName %v", name, classify(name), classifyName(name))
		}
	})
}
