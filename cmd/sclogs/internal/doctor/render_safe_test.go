package doctor

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// Text from the shop (exception type, host, path) reaches the doctor's
// table neutralised and its JSON escaped: nothing there can drive the
// terminal, and the JSON decodes to the same groups. Secrets in the
// example URL are redacted, the grouping is unchanged.
func TestRenderNeutralisesShopText(t *testing.T) {
	at := time.Date(2024, 3, 1, 2, 2, 0, 0, time.UTC)
	hostile := "Evil\x1b]0;t\x07\u202eError\u2028\u200b\u009b"
	r := New()
	r.Add(redacted(t, rec(hostile, 401, "https://admin:pw@shop.example/orders/12.json?access_token=abc\u202e", at)))
	r.Add(redacted(t, rec(hostile, 401, "https://admin:pw@shop.example/orders/13.json?access_token=def", at)))
	groups := r.Groups()
	if len(groups) != 1 || groups[0].Count != 2 || groups[0].Host != "shop.example" || groups[0].PathPattern != "/orders/{id}.json" {
		t.Fatalf("groups %+v", groups)
	}

	var tb bytes.Buffer
	if err := WriteTable(&tb, r.Total(), groups, MaxTableRows); err != nil {
		t.Fatal(err)
	}
	var js bytes.Buffer
	if err := WriteJSON(&js, groups); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"table": tb.String(), "json": js.String()} {
		for _, r := range strings.ReplaceAll(out, "\n", "") {
			if r < 0x20 || r >= 0x7f && r <= 0x9f || r >= 0x200b && r <= 0x200f || r >= 0x202a && r <= 0x202e ||
				r == 0x2028 || r == 0x2029 || r == utf8.RuneError {
				t.Errorf("%s: %U written raw:\n%q", name, r, out)
				break
			}
		}
		for _, secret := range []string{"pw@", "abc", "def"} {
			if strings.Contains(out, secret) {
				t.Errorf("%s shows %q", name, secret)
			}
		}
	}
	var back []Group
	if err := json.Unmarshal(js.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back[0].ExceptionType, groups[0].ExceptionType) || back[0].Cause != groups[0].Cause {
		t.Errorf("JSON decodes to %+v, want %+v", back[0], groups[0])
	}
	if !strings.Contains(js.String(), `\u202e`) {
		t.Errorf("bidi override not escaped in JSON:\n%s", js.String())
	}
}
