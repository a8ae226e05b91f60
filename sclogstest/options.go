package sclogstest

import (
	"errors"
	"time"
)

// Default credentials, used unless [WithBasicAuth] or [WithOAuth2ClientCredentials] say
// otherwise. They are not secrets: they only open this fake.
const (
	DefaultPublicKey    = "demo-public"
	DefaultSecretKey    = "demo-secret"
	DefaultClientID     = "demo-client"
	DefaultClientSecret = "demo-client-secret"
)

// DefaultSeed is the seed of the generated logs unless [WithSeed] is given.
// It makes integration 1 a Shopify shop, 2 a WooCommerce shop and 3 a
// Magento shop (no Lightspeed or PrestaShop: see [WithSeed]).
const DefaultSeed int64 = 1

// DefaultLogsPerIntegration is how many logs each seeded integration holds
// unless [WithLogsPerIntegration] is given.
const DefaultLogsPerIntegration = 100

// DefaultTokenTTL is how long an issued OAuth2 token is accepted, as at
// Sendcloud, unless [WithTokenTTL] is given.
const DefaultTokenTTL = time.Hour

// Option configures a [Server]; pass options to [NewServer] or [Start].
type Option func(*config) error

type config struct {
	seed         int64
	seedData     bool
	perIntegr    int
	latency      time.Duration
	publicKey    string
	secretKey    string
	clientID     string
	clientSecret string
	tokenTTL     time.Duration
	addr         string
	now          func() time.Time
	history      history
	live         time.Duration // WithLiveLogs; 0: off
	integrations int           // seeded integrations (WithIntegrations)
	rateN        int           // WithRateLimit (ratelimit.go); 0: none
	ratePer      time.Duration
	readTimeout  time.Duration // WithReadTimeout
}

func defaultConfig() config {
	return config{
		seed:         DefaultSeed,
		seedData:     true,
		perIntegr:    DefaultLogsPerIntegration,
		integrations: DefaultIntegrations,
		publicKey:    DefaultPublicKey,
		secretKey:    DefaultSecretKey,
		clientID:     DefaultClientID,
		clientSecret: DefaultClientSecret,
		tokenTTL:     DefaultTokenTTL,
		addr:         "127.0.0.1:0",
		now:          time.Now,
		history:      history{limit: DefaultHistory, bytes: DefaultHistoryBytes, body: MaxHistoryBody},
		readTimeout:  DefaultReadTimeout,
	}
}

// WithSeed chooses the generated data: the same seed gives the same bytes.
// Each seeded integration is one shop, its platform rotating with the seed:
// seed 1 ([DefaultSeed]) gives integrations 1, 2, 3 Shopify, WooCommerce and
// Magento shops, seed 2 WooCommerce, Magento and Lightspeed, seed 3 Magento,
// Lightspeed and PrestaShop, seed 4 Lightspeed, PrestaShop and Shopify, seed
// 5 PrestaShop, Shopify and WooCommerce; seed n+5 gives the platforms of
// seed n (other shops). For a Lightspeed shop use WithSeed(2), (3) or (4);
// for a PrestaShop shop (3), (4) or (5).
func WithSeed(seed int64) Option {
	return func(c *config) error { c.seed = seed; return nil }
}

// WithoutSeedData starts the server with no integrations at all; add them
// with [Server.AddLogs].
func WithoutSeedData() Option {
	return func(c *config) error { c.seedData = false; return nil }
}

// MaxLogsPerIntegration bounds [WithLogsPerIntegration]: generated records
// are minutes apart, and more would run past what time.Duration can span.
const MaxLogsPerIntegration = 10_000_000

// WithLogsPerIntegration sets how many logs each seeded integration holds,
// 0 (integrations without logs) to [MaxLogsPerIntegration]. Logs are
// generated on demand, so millions are cheap.
func WithLogsPerIntegration(n int) Option {
	return func(c *config) error {
		if n < 0 || n > MaxLogsPerIntegration {
			return errors.New("sclogstest: WithLogsPerIntegration: n out of range")
		}
		c.perIntegr = n
		return nil
	}
}

// WithLatency delays every answer by d, before any fault's own latency.
func WithLatency(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 {
			return errors.New("sclogstest: WithLatency: negative duration")
		}
		c.latency = d
		return nil
	}
}

// WithBasicAuth sets the API key pair accepted as HTTP Basic credentials.
func WithBasicAuth(publicKey, secretKey string) Option {
	return func(c *config) error {
		if publicKey == "" || secretKey == "" {
			return errors.New("sclogstest: WithBasicAuth: empty key")
		}
		c.publicKey, c.secretKey = publicKey, secretKey
		return nil
	}
}

// WithOAuth2ClientCredentials sets the client credentials the token endpoint
// accepts; the name matches sclogs.WithOAuth2ClientCredentials, which sends
// them.
func WithOAuth2ClientCredentials(clientID, clientSecret string) Option {
	return func(c *config) error {
		if clientID == "" || clientSecret == "" {
			return errors.New("sclogstest: WithOAuth2ClientCredentials: empty client id or secret")
		}
		c.clientID, c.clientSecret = clientID, clientSecret
		return nil
	}
}

// WithOAuth2Client is the earlier name of [WithOAuth2ClientCredentials].
//
// Deprecated: use WithOAuth2ClientCredentials, named like the client's option.
func WithOAuth2Client(clientID, clientSecret string) Option {
	return WithOAuth2ClientCredentials(clientID, clientSecret)
}

// WithTokenTTL sets how long an issued token is accepted (default one hour).
func WithTokenTTL(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return errors.New("sclogstest: WithTokenTTL: duration must be positive")
		}
		c.tokenTTL = d
		return nil
	}
}

// WithAddr listens on addr (host:port) instead of a free loopback port, e.g.
// for `sclogs serve-fake --addr 127.0.0.1:8080`.
func WithAddr(addr string) Option {
	return func(c *config) error {
		if addr == "" {
			return errors.New("sclogstest: WithAddr: empty address")
		}
		c.addr = addr
		return nil
	}
}

// WithClock replaces the clock used for token expiry (so a test can expire a
// token without sleeping) and for the created_at of logs created without one
// and the updated_at of a PATCH.
func WithClock(now func() time.Time) Option {
	return func(c *config) error {
		if now == nil {
			return errors.New("sclogstest: WithClock: nil clock")
		}
		c.now = now
		return nil
	}
}

// DefaultReadTimeout bounds the time to read a request's headers, and then
// its body, unless [WithReadTimeout] says otherwise.
const DefaultReadTimeout = 10 * time.Second

// WithReadTimeout bounds the time the fake waits for a request's headers
// and then, separately, for its body (d > 0; default DefaultReadTimeout),
// so that stalled connections do not pile up in a fake left running. A
// body that does not arrive in time is answered 408 and its connection
// closed.
func WithReadTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return errors.New("sclogstest: WithReadTimeout needs a positive duration")
		}
		c.readTimeout = d
		return nil
	}
}
