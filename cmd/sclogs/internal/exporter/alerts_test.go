package exporter

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

// The example alerting rules in docs/ (see the README).
var (
	alertRules     = filepath.Join("..", "..", "..", "..", "docs", "sclogs-exporter-alerts.yml")
	alertRuleTests = filepath.Join("..", "..", "..", "..", "docs", "sclogs-exporter-alerts.test.yml")
)

// The rules name only metrics the exporter serves (checked without
// promtool too), and promtool accepts them and passes their unit tests
// where it is installed.
func TestAlertRules(t *testing.T) {
	t.Parallel()
	rules, err := os.ReadFile(alertRules)
	if err != nil {
		t.Fatal(err)
	}
	f := newFixture(t, Config{})
	f.poll(t)
	mfs := families(t, f.scrape(t))
	used := regexp.MustCompile(`\b(?:sendcloud|sclogs)_[a-z_]+\b`).FindAllString(string(rules), -1)
	if len(used) < 4 {
		t.Fatalf("the rules name %d metrics: %v", len(used), used)
	}
	for _, name := range used {
		if mfs[name] == nil {
			t.Errorf("the rules use %s, which the exporter does not serve", name)
		}
	}
	path, err := exec.LookPath("promtool")
	if err != nil {
		t.Skip("promtool is not installed (apt-get install prometheus): `promtool check rules` and `promtool test rules` skipped")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	for _, args := range [][]string{{"check", "rules", alertRules}, {"test", "rules", alertRuleTests}} {
		if out, err := exec.CommandContext(ctx, path, args...).CombinedOutput(); err != nil {
			t.Errorf("promtool %v: %v\n%s", args, err, out)
		}
	}
}
