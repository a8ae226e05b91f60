package sclogstest_test

import (
	"net"
	"strings"
	"testing"
	"time"

	"github.com/sclogs/sclogs/sclogstest"
)

func TestBadOptionsAreErrors(t *testing.T) {
	t.Parallel()
	for name, o := range map[string]sclogstest.Option{
		"logs":       sclogstest.WithLogsPerIntegration(-1),
		"many logs":  sclogstest.WithLogsPerIntegration(sclogstest.MaxLogsPerIntegration + 1),
		"latency":    sclogstest.WithLatency(-time.Second),
		"basic":      sclogstest.WithBasicAuth("", "x"),
		"oauth2":     sclogstest.WithOAuth2ClientCredentials("x", ""),
		"oauth2 old": sclogstest.WithOAuth2Client("", "x"),
		"ttl":        sclogstest.WithTokenTTL(0),
		"addr":       sclogstest.WithAddr(""),
		"clock":      sclogstest.WithClock(nil),
		"bad addr":   sclogstest.WithAddr("not an address"),
		"bad port":   sclogstest.WithAddr("127.0.0.1:99999"),
		"bad host?":  sclogstest.WithAddr("256.0.0.1:0"),
	} {
		s, err := sclogstest.Start(o)
		if err == nil {
			s.Close()
			t.Errorf("%s: no error", name)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("NewServer did not panic on a bad option")
		}
	}()
	sclogstest.NewServer(sclogstest.WithTokenTTL(-1))
}

func TestWithAddr(t *testing.T) {
	t.Parallel()
	s := newServer(t, sclogstest.WithAddr(":0")) // all interfaces: clients use loopback
	if !strings.HasPrefix(s.URL(), "http://127.0.0.1:") || !strings.HasSuffix(s.URL(), "/api/v3") {
		t.Errorf("URL() = %q", s.URL())
	}
	if s.TokenURL() != strings.TrimSuffix(s.URL(), "/api/v3")+"/oauth2/token/" {
		t.Errorf("TokenURL() = %q", s.TokenURL())
	}
	decodePage(t, get(t, s, newClient(t), logsPath(1, 0)))

	// An address in use is an error from Start.
	taken := newServer(t, sclogstest.WithAddr("127.0.0.1:0"))
	host := strings.TrimSuffix(strings.TrimPrefix(taken.URL(), "http://"), "/api/v3")
	if _, _, err := net.SplitHostPort(host); err != nil {
		t.Fatal(err)
	}
	if s2, err := sclogstest.Start(sclogstest.WithAddr(host)); err == nil {
		s2.Close()
		t.Error("second server on a taken port started")
	}
}

func TestDefaultCredentials(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	if s.PublicKey() != "demo-public" || s.SecretKey() != "demo-secret" ||
		s.ClientID() != "demo-client" || s.ClientSecret() != "demo-client-secret" {
		t.Errorf("credentials %q %q %q %q", s.PublicKey(), s.SecretKey(), s.ClientID(), s.ClientSecret())
	}
}
