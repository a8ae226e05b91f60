package sclogstest

import (
	"math/rand/v2"
)

// shop is the one shop a seeded integration connects to. At Sendcloud an
// integration is the connection to one shop, so every record of an
// integration shares its platform, host and credentials; only the orders,
// paths, times and failures vary.
type shop struct {
	platform *platform
	name     string
	host     string
	baseURL  string
	retail   bool // Lightspeed: Retail (api.lightspeedapp.com), not eCom

	// The shop's credentials, as its platform uses them.
	token    string // Shopify access token, Magento bearer token, Lightspeed Retail access token
	key      string // WooCommerce consumer key, Lightspeed eCom API key
	secret   string // WooCommerce consumer secret, Lightspeed eCom API secret
	account  int    // Lightspeed Retail account id
	session  string // session cookie the shop sets (and Magento's calls send back)
	formKey  string // Magento form key cookie
	language string // Lightspeed eCom shop language, in its API path

	// Secrets of the shop's other calls: Shopify's app credentials and the
	// OAuth code of its token exchange; the WooCommerce webhook secret; the
	// Magento admin password; the PrestaShop webservice key and whether the
	// shop sends it in the URL (ws_key) rather than as Basic.
	clientID, clientSecret, oauthCode string
	webhookSecret                     string
	password                          string
	wsKey                             string
	wsKeyInURL                        bool
}

// platformOf returns the platform of seeded integration integ: they rotate
// through platforms, starting where the seed says, so DefaultSeed gives
// 1 Shopify, 2 WooCommerce, 3 Magento and seeds 1 to 4 show every platform.
func platformOf(seed int64, integ int) *platform {
	n := int64(len(platforms))
	offset := ((seed-1)%n + n) % n // seed 1 starts at Shopify; negative seeds too
	i := (int64(integ-1)%n + n + offset) % n
	return &platforms[i]
}

// shopOf derives the shop of seeded integration integ from (seed, integ)
// alone, once per integration.
func shopOf(seed int64, integ int) *shop {
	r := rand.New(rand.NewPCG(mix(uint64(seed), uint64(integ), 0, 5), mix(uint64(seed), uint64(integ), 0, 6)))
	// Names are dealt per seed, so the integrations of one server (up to
	// len(shopNames) of them) are different shops.
	names := rand.New(rand.NewPCG(mix(uint64(seed), 0, 0, 7), mix(uint64(seed), 0, 0, 8))).Perm(len(shopNames))
	i := (integ - 1) % len(names)
	if i < 0 {
		i += len(names)
	}
	s := &shop{platform: platformOf(seed, integ), name: shopNames[names[i]], session: hexN(r, 32)}
	s.platform.open(r, s)
	return s
}
