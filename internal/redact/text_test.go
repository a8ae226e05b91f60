package redact

import (
	"bytes"
	"testing"
)

func TestText(t *testing.T) {
	const R = Placeholder
	for _, tc := range []struct{ in, want string }{
		// Nothing to redact: the very same text.
		{"", ""},
		{"An SSL error occurred", "An SSL error occurred"},
		{"a & b; c? d=e @home", "a & b; c? d=e @home"},
		{"404 for url: https://s.example/p?page=1&q=a%20b", "404 for url: https://s.example/p?page=1&q=a%20b"},
		{"Basic authentication failed; Bearer token missing", "Basic authentication failed; Bearer token missing"},
		{`WWW-Authenticate: Basic realm="shop"`, `WWW-Authenticate: Basic realm="shop"`},
		{"Connection to shop.example timed out. (connect timeout=10) at 12:30:45", "Connection to shop.example timed out. (connect timeout=10) at 12:30:45"},
		{"https://shop.example.com:8443/x and bob@example.com", "https://shop.example.com:8443/x and bob@example.com"},

		// Query and fragment parameters, the first one too.
		{"401 Client Error: Unauthorized for url: https://s.example/wp-json/wc/v3/orders/1?consumer_key=ck_1&consumer_secret=cs_2",
			"401 Client Error: Unauthorized for url: https://s.example/wp-json/wc/v3/orders/1?consumer_key=" + R + "&consumer_secret=" + R},
		{"HTTPSConnectionPool(host='s.example', port=443): Max retries exceeded with url: /orders?access_token=t1&page=2 (Caused by SSLError(...))",
			"HTTPSConnectionPool(host='s.example', port=443): Max retries exceeded with url: /orders?access_token=" + R + "&page=2 (Caused by SSLError(...))"},
		{"https://s.example/cb#access_token=t&state=s", "https://s.example/cb#access_token=" + R + "&state=s"},
		{"https://s.example/?api%5Fkey=x&a=1;sig=abc;b=2", "https://s.example/?api%5Fkey=" + R + "&a=1;sig=" + R + ";b=2"},
		{"https://s.example/login?return_url=/orders/1?consumer_key=ck_1", "https://s.example/login?return_url=/orders/1?consumer_key=" + R},
		{"https://s.example/?signature=a==&x=1", "https://s.example/?signature=" + R + "&x=1"},

		// Form bodies and cookies.
		{"grant_type=refresh_token&refresh_token=rt1&client_id=c&client_secret=cs", "grant_type=refresh_token&refresh_token=" + R + "&client_id=c&client_secret=" + R},
		{"client_secret=cs&x=1", "client_secret=" + R + "&x=1"},
		{"PHPSESSID=abc123; path=/", "PHPSESSID=" + R + "; path=/"},

		// Header lines.
		{"Authorization: Bearer abc.def\r\nCookie: a=b; c=d\r\nContent-Type: text/html", "Authorization: " + R + "\r\nCookie: " + R + "\r\nContent-Type: text/html"},
		{"x-api-key:\tk1\nHost: shop", "x-api-key:\t" + R + "\nHost: shop"},
		{"<td>X-Auth: abc</td>", "<td>X-Auth: " + R + "</td>"},

		// Credentials and tokens anywhere.
		{"sent Basic dXNlcjpwYXNz=", "sent Basic " + R},
		{"Bearer secrettoken and basic xyzzy", "Bearer " + R + " and basic " + R},
		{`Basic realm=shop, Bearer error="invalid_token"`, `Basic realm=shop, Bearer error="invalid_token"`},
		{"header was Bearer shpat_0123abcd!", "header was Bearer " + R + "!"},
		{"jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln-_x end", "jwt " + R + " end"},
		{"see https://admin:hunter2@s.example/x and ok@example.com", "see https://admin:" + R + "@s.example/x and ok@example.com"},
		{"https://u:p@ss@h.example/x", "https://u:" + R + "@h.example/x"},
		{"//u:p@h.example/x", "//u:" + R + "@h.example/x"},
		{"http://UCCLLQ9N2ARSHWCXLT74KUKSSK34BFKX@shop.example/api/", "http://" + R + "@shop.example/api/"},
		{`https:\/\/admin:PW@shop`, `https:\/\/admin:` + R + `@shop`},

		// Dict reprs and JSON text.
		{`{'api_key': 'abc', 'User-Agent': "Bob's agent", 'n': 1}`, `{'api_key': '` + R + `', 'User-Agent': "Bob's agent", 'n': 1}`},
		{`{'pin': 1234, 'password': None}`, `{'pin': 1234, 'password': ` + R + `}`},
		{`{"password": "it\"s", "id": 5}`, `{"password": "` + R + `", "id": 5}`},
		{`{\"password\": \"x\", \"id\": 5}`, `{\"password\": \"` + R + `\", \"id\": 5}`},
		{`{'credentials': {'user': 'u', 'pw': 'p'}, 'id': 7}`, `{'credentials': ` + R + `, 'id': 7}`},
		{`{"Accept": "x", "Authorization": "Bearer abcdef`, `{"Accept": "x", "Authorization": "` + R},
		{`api_key='abc' other`, `api_key='` + R + `' other`},

		// Percent-encoded parameters of a URL inside a URL.
		{"https://s.example/login?redirect_uri=https%3A%2F%2Fapp.example%2Fcb%3Fstate%3D1%26access_token%3Dabc123%26x%3D2&scope=read",
			"https://s.example/login?redirect_uri=https%3A%2F%2Fapp.example%2Fcb%3Fstate%3D1%26access_token%3D" + R + "%26x%3D2&scope=read"},
		{"next=%2Fcb%3Fkey%3Dk1", "next=%2Fcb%3Fkey%3D" + R},
		{"next=%2Fcb%3Fpage%3D2", "next=%2Fcb%3Fpage%3D2"},

		// XML elements.
		{"<auth><username>sendcloud</username><password>hunter2</password></auth>", "<auth><username>sendcloud</username><password>" + R + "</password></auth>"},
		{`<ns1:ApiKey xsi:type="xsd:string">k-123</ns1:ApiKey><id_order>42</id_order>`, `<ns1:ApiKey xsi:type="xsd:string">` + R + `</ns1:ApiKey><id_order>42</id_order>`},
		{"<ws_key><![CDATA[ZQ88PRJX5VWQ]]></ws_key><code><![CDATA[23]]></code>", "<ws_key><![CDATA[" + R + "]]></ws_key><code><![CDATA[23]]></code>"},
		{"<code>0907a61c0c8d55e99db179b68161bc00</code> error code: 404", "<code>" + R + "</code> error code: 404"},
		{"<html><body><p>Token expired</p><br/></body></html>", "<html><body><p>Token expired</p><br/></body></html>"},
		{`<form><input name="form_key" type="hidden" value="Xy9Zw8Vu7Ts6Rq5P" /><input name="qty" value="1"></form>`,
			`<form><input name="form_key" type="hidden" value="` + R + `" /><input name="qty" value="1"></form>`},
		{`<meta name="csrf-token" content="k3PqV9uz8x">`, `<meta name="csrf-token" content="` + R + `">`},
		{`<input value='abc' NAME='password'>`, `<input value='` + R + `' NAME='password'>`},

		// Tokens named by their prefix.
		{"invalid token shpat_0123456789abcdef0123456789abcdef given", "invalid token " + R + " given"},
		{"key ck_4f2a9d1e6b3c8a7f5e0d2c1b9a8f7e6d5c4b3a21 rejected", "key " + R + " rejected"},
		{"sk_live_51Habcdefghijklmnop and docs_ck_abc and cs_short", R + " and docs_ck_abc and cs_short"},

		// Already redacted stays the same.
		{"?token=" + R + "&x=1 Authorization: " + R, "?token=" + R + "&x=1 Authorization: " + R},
	} {
		if got := Text(tc.in); got != tc.want {
			t.Errorf("Text(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

func FuzzText(f *testing.F) {
	for _, s := range []string{"url: https://u:p@h/x?token=1&a=2", "?key=&sig=1;;", "://@:@", "Authorization: Basic x\r\n",
		"{'api_key': 'x'}", "eyJa.eyJb.c", "Bearer eyJ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Text(s)
		if again := Text(got); again != got {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, got, again)
		}
	})
}

// FuzzTextShortcuts holds the text rules with their shortcuts (a name
// cache: surelyPlain, the letters nameRunStart reads, the text scan past
// 4 bytes whose only trigger is a '/' that starts no "//") to the rules
// without them, on any text, from its start and from its first trigger.
func FuzzTextShortcuts(f *testing.F) {
	for _, s := range []string{"url: https://u:p@h/a/b/c//d?token=1&a=2", "x//u:p@h y///z /a/b/c/d/e/f/g//u@h",
		"charset=utf-8; path=/; SameSite=Lax", "login[password]=1&a[b][c]=2&password[]=3", "11:41:23 GMT",
		"a=Bearer xyz&b=c", "api%5Fkey=1&x%3Dy", "[PHP_AUTH_PW] => x", "a/b bx %41 xJ ab_c Bearer x", "x_ck_0123456789abcdef0123 ey eyJa.eyJb.c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, wantChanged := redactText(nil, s, nil)
		for _, start := range []int{0, firstTrigger(s)} {
			got, changed := redactTextFrom(nil, s, new(nameCache), start)
			if changed != wantChanged || !bytes.Equal(got, want) {
				t.Fatalf("%q from %d: with shortcuts %v %q, without %v %q", s, start, changed, got, wantChanged, want)
			}
		}
	})
}

// schemeWordLoop is schemeWord as a loop over every scheme.
func schemeWordLoop(s string, k int) int {
	for _, w := range authSchemes {
		if k+len(w) < len(s) && s[k+len(w)] == ' ' && hasPrefixFold(s[k:], w) {
			return len(w)
		}
	}
	return 0
}

// authorityBytewise is authority a byte at a time.
func authorityBytewise(s string, i int) (end, at, colon int) {
	end, at, colon = i, -1, -1
	for end < len(s) && !isAuthorityEnd[s[end]] {
		switch s[end] {
		case '@':
			at = end
		case ':':
			if at < 0 && colon < 0 {
				colon = end
			}
		}
		end++
	}
	return end, at, colon
}

// nameRunStartBytewise is nameRunStart with the name's letters read again.
func nameRunStartBytewise(s string, j int) (int, uint32) {
	k := j
	for k > 0 && j-k < maxLookBack {
		switch c := s[k-1]; {
		case isNameByte(c), c == '[' && k < j, c == ']' && k == j || c == ']' && k < j && s[k] == '[':
			k--
			continue
		}
		break
	}
	for k < j && (s[k] == '[' || s[k] == ']') {
		k++
	}
	var m uint32
	for i := k; i < j; i++ {
		m |= letterBit[s[i]]
	}
	return k, m
}

// FuzzTextScans holds schemeWord, authority (4 bytes a step) and
// nameRunStart (letters read on the way) to their plain versions, at every
// index of the input.
func FuzzTextScans(f *testing.F) {
	for _, s := range []string{"Bearer x", "bEaReR  x", "aws4-hmac-sha256 x", "https://user:pw@host.example.com:8443/p",
		"a://b:c@d:e@f/g", "login[password]", "x%5Bpw%5D[]", "[[a]]b", "sso-key ", "ntlm"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for k := 0; k <= len(s); k++ {
			if got, want := schemeWord(s, k), schemeWordLoop(s, k); got != want {
				t.Fatalf("schemeWord(%q, %d) = %d, want %d", s, k, got, want)
			}
			end, at, colon := authority(s, k)
			wantEnd, wantAt, wantColon := authorityBytewise(s, k)
			if end != wantEnd || at != wantAt || colon != wantColon {
				t.Fatalf("authority(%q, %d) = %d %d %d, want %d %d %d", s, k, end, at, colon, wantEnd, wantAt, wantColon)
			}
			start, letters := nameRunStart(s, k)
			wantStart, wantLetters := nameRunStartBytewise(s, k)
			if start != wantStart || letters != wantLetters {
				t.Fatalf("nameRunStart(%q, %d) = %d %x, want %d %x", s, k, start, letters, wantStart, wantLetters)
			}
		}
	})
}
