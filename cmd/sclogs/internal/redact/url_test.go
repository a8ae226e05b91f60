package redact

import "testing"

func TestURL(t *testing.T) {
	const R = Placeholder
	for _, tc := range []struct{ in, want string }{
		// Nothing to redact: the very same text.
		{"", ""},
		{"https://shop.example.com", "https://shop.example.com"},
		{"https://shop.example.com/a%2Fb/c?page=2&q=a%20b+c#top", "https://shop.example.com/a%2Fb/c?page=2&q=a%20b+c#top"},
		{"not a url at all", "not a url at all"},
		{"https://shop.example.com/?token", "https://shop.example.com/?token"},
		{"https://shop.example.com/?token=", "https://shop.example.com/?token="},
		{"https://user@shop.example.com/", "https://user@shop.example.com/"},
		{"https://shop.example.com/p@th?x=1", "https://shop.example.com/p@th?x=1"},
		{"%zz?%zz=1&ok", "%zz?%zz=1&ok"},

		// Query parameters: the name stays, the value goes, the rest is byte-identical.
		{"https://s.example/api?access_token=abc&page=2", "https://s.example/api?access_token=" + R + "&page=2"},
		{"https://s.example/api?page=2&token=abc", "https://s.example/api?page=2&token=" + R},
		{"https://s.example/wp-json/wc/v3/orders?consumer_key=ck_1&consumer_secret=cs_2&per_page=10",
			"https://s.example/wp-json/wc/v3/orders?consumer_key=" + R + "&consumer_secret=" + R + "&per_page=10"},
		{"https://s.example/?q=a%20b&api_key=x%2By&z=%7E", "https://s.example/?q=a%20b&api_key=" + R + "&z=%7E"},
		{"https://s.example/?API_KEY=x", "https://s.example/?API_KEY=" + R},
		{"https://s.example/?api%5Fkey=x", "https://s.example/?api%5Fkey=" + R},
		{"https://s.example/?a=1;sig=abc;b=2", "https://s.example/?a=1;sig=" + R + ";b=2"},
		{"https://s.example/?key=1&key=2", "https://s.example/?key=" + R + "&key=" + R},
		{"https://s.example/?password=p#frag", "https://s.example/?password=" + R + "#frag"},
		{"https://s.example/?signature=a=b=c&x=1", "https://s.example/?signature=" + R + "&x=1"},
		{"shop.example.com/api?secret=s", "shop.example.com/api?secret=" + R},
		{"/relative/path?token=t&x=y", "/relative/path?token=" + R + "&x=y"},

		// A URL inside a parameter's value has its own query.
		{"https://s.example/login?return_url=/orders/1?consumer_key=ck_1&consumer_secret=cs_2",
			"https://s.example/login?return_url=/orders/1?consumer_key=" + R + "&consumer_secret=" + R},

		// Fragments (OAuth implicit flow), and a '?' inside the fragment.
		{"https://s.example/cb#access_token=t&state=s", "https://s.example/cb#access_token=" + R + "&state=s"},
		{"https://s.example/p#x?token=t", "https://s.example/p#x?token=" + R},

		// Userinfo: the password goes, the user stays.
		{"https://admin:hunter2@shop.example.com/admin", "https://admin:" + R + "@shop.example.com/admin"},
		{"https://key:pass@word@shop.example.com", "https://key:" + R + "@shop.example.com"},
		{"//u:p@shop.example.com/x?token=t", "//u:" + R + "@shop.example.com/x?token=" + R},
		{"https://u:p@h.example:8443?token=t", "https://u:" + R + "@h.example:8443?token=" + R},

		// Already redacted stays the same.
		{"https://u:" + R + "@s.example/?token=" + R, "https://u:" + R + "@s.example/?token=" + R},
	} {
		if got := URL(tc.in); got != tc.want {
			t.Errorf("URL(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

func FuzzURL(f *testing.F) {
	for _, s := range []string{"https://u:p@h/x?token=1&a=2#access_token=3", "//@:?=#=", "a?b=c;key=d", "::@@??##"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := URL(s)
		if again := URL(got); again != got {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, got, again)
		}
		if got != s && len(got) < len(Placeholder) {
			t.Fatalf("changed without a placeholder: %q -> %q", s, got)
		}
	})
}
