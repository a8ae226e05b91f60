package redact

import (
	"strings"
	"testing"
)

// The forms shop systems print secrets in that a name=value or
// "name": value rule alone misses: PHP dumps, bracketed parameter names,
// values that hold quotes, a scheme before the credential. Each must lose
// the whole credential (never "[REDACTED]\"secret\""), and keep what is
// no secret.
func TestTextGaps(t *testing.T) {
	t.Parallel()
	const R = Placeholder
	for _, tc := range []struct{ name, in, want string }{
		// PHP print_r (WooCommerce / Magento debug logs, $_SERVER dumps).
		{"print_r", "Array\n(\n    [consumer_key] => ck_0123456789abcdef\n    [password] => hunter2\n    [PHP_AUTH_PW] => s3cr3t pw\n    [PHP_AUTH_USER] => admin\n    [status] => processing\n)\n",
			"Array\n(\n    [consumer_key] => " + R + "\n    [password] => " + R + "\n    [PHP_AUTH_PW] => " + R + "\n    [PHP_AUTH_USER] => " + R + "\n    [status] => processing\n)\n"},
		{"print_r nested", "[credentials] => Array\n        (\n            [api_key] => k-123\n        )\n",
			"[credentials] => " + R + "\n        (\n            [api_key] => " + R + "\n        )\n"},
		// var_export.
		{"var_export", "array (\n  'consumer_secret' => 'cs_9f8e7d6c5b4a',\n  'url' => 'https://shop.example',\n  'timeout' => 15,\n)",
			"array (\n  'consumer_secret' => '" + R + "',\n  'url' => 'https://shop.example',\n  'timeout' => 15,\n)"},
		{"var_export quote", `'password' => 'it\'s "x"',`, `'password' => '` + R + `',`},
		// var_dump, the declared length included.
		{"var_dump", "array(3) {\n  [\"api_key\"]=>\n  string(7) \"abc\"def\"\n  [\"id\"]=>\n  int(5)\n  [\"token\"]=> string(3) \"t1\"\n}",
			"array(3) {\n  [\"api_key\"]=>\n  string(7) \"" + R + "\"\n  [\"id\"]=>\n  int(5)\n  [\"token\"]=> string(3) \"" + R + "\"\n}"},
		{"var_dump int", "[\"pin_hash\"]=>\n  int(123456)", "[\"pin_hash\"]=>\n  int(" + R + ")"},
		{"assignment", `$_SERVER['PHP_AUTH_PW'] = 'secretpw'; $x = 1;`, `$_SERVER['PHP_AUTH_PW'] = '` + R + `'; $x = 1;`},
		// Bracketed names in URLs, forms and text.
		{"brackets", "login[username]=bob&login[password]=hunter2&form_key=Xy9&api[key]=k1&auth[token]=t1&password[]=p1&password[]=p2",
			"login[username]=bob&login[password]=" + R + "&form_key=" + R + "&api[key]=" + R + "&auth[token]=" + R + "&password[]=" + R + "&password[]=" + R},
		{"encoded brackets", "https://shop.example/customer/account/loginPost?user%5Bemail%5D=a%40b.c&user%5Bpassword%5D=s3cret&x=1",
			"https://shop.example/customer/account/loginPost?user%5Bemail%5D=a%40b.c&user%5Bpassword%5D=" + R + "&x=1"},
		{"brackets kept", "searchCriteria[pageSize]=50&searchCriteria[filter_groups][0][filters][0][field]=status&a[]=1",
			"searchCriteria[pageSize]=50&searchCriteria[filter_groups][0][filters][0][field]=status&a[]=1"},
		{"brackets in text", "POST body login[password]=hunter2 was rejected", "POST body login[password]=" + R + " was rejected"},
		// code is secret only as a whole name: as a bracketed name's field too
		// (found by FuzzNoSecretInAnyOutput), but not inside a longer word.
		{"bracketed code", "user%5Bcode%5D=Zq7z&user[code]=a1&code[]=b2&user[code][]=c3&user[postal_code]=1234&carrier[code]x=DHL",
			"user%5Bcode%5D=" + R + "&user[code]=" + R + "&code[]=" + R + "&user[code][]=" + R + "&user[postal_code]=1234&carrier[code]x=DHL"},
		// Values that hold quotes.
		{"rails token", `Authorization: Token token="9a8b7c6d5e", email="a@b.c"` + "\r\nAccept: */*",
			"Authorization: " + R + "\r\nAccept: */*"},
		{"digest", `Authorization: Digest username="sendcloud", realm="shop", nonce="dcd98b", uri="/api", response="6629fae49393a05397450978507c4ef1", opaque="5ccc"`,
			"Authorization: " + R},
		{"escaped quotes", `Authorization: Token token=\"9a8b7c\"`, "Authorization: " + R},
		{"python bytes", `{'password': b'hunter2', 'token': u'abc', 'note': b'ok', 'key': rb'k\'1'}`,
			`{'password': b'` + R + `', 'token': u'` + R + `', 'note': b'ok', 'key': rb'` + R + `'}`},
		{"python kwargs", `auth=b"abc" x=1`, `auth=b"` + R + `" x=1`},
		// A scheme before the credential in a header string.
		{"header string", `{'Authorization=Bearer eyJabc.def-ghi', 'Accept=*/*'}`, `{'Authorization=Bearer ` + R + `', 'Accept=*/*'}`},
		{"header string 2", "headers: Authorization=Bearer abcdef123456; Accept=*/*", "headers: Authorization=Bearer " + R + "; Accept=*/*"},
		{"token param", `Authorization=Token token="zzz"&x=1`, "Authorization=Token " + R + "&x=1"},
		// Path parameters end at the segment.
		{"path param", "https://shop.example/shop;jsessionid=0A1B2C3D/orders/12.json?x=1", "https://shop.example/shop;jsessionid=" + R + "/orders/12.json?x=1"},
		// Comparisons are no assignments.
		{"comparison", "if token == null or password != ''", "if token == null or password != ''"},
	} {
		got := Text(tc.in)
		if got != tc.want {
			t.Errorf("%s: Text(%q)\n got %q\nwant %q", tc.name, tc.in, got, tc.want)
		}
		if strings.Contains(got, R+`"`) && !strings.Contains(tc.want, R+`"`) || strings.Contains(got, R+`\"`) {
			t.Errorf("%s: part of a quoted credential kept: %q", tc.name, got)
		}
	}
}
