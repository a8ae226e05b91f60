package cli

import (
	"io"
	"testing"
)

// The flags of issue 6 are a contract scripts rely on: names, shorthands and
// defaults. A renamed flag or a changed default fails here.
func TestFlagContract(t *testing.T) {
	a := &app{env: func(string) string { return "" }, stdout: io.Discard, stderr: io.Discard}
	root := a.rootCommand()
	conn := map[string]string{
		"base-url":    "https://panel.sendcloud.sc/api/v3",
		"token-url":   "https://account.sendcloud.com/oauth2/token/",
		"max-retries": "4",
		"partner-id":  "",
		// issue 10
		"timeout":       "1m0s",
		"insecure-http": "false",
	}
	want := map[string]map[string]string{
		"list": {
			"all": "false", "limit": "25", "output": "table", "page-size": "0", "cursor": "", "since": "",
			"until": "", "exception-type": "", "status": "0", "no-redact": "false",
		},
		"doctor": {"output": "table", "since": "", "until": "", "page-size": "100"},
		"serve-fake": {
			"addr": "127.0.0.1:8080", "seed": "1", "latency": "0s",
			"public-key": "demo-public", "secret-key": "demo-secret",
		},
	}
	for k, v := range conn {
		want["list"][k] = v
		want["doctor"][k] = v
	}
	for name, flags := range want {
		cmd, _, err := root.Find([]string{name})
		if err != nil || cmd.Name() != name {
			t.Fatalf("no command %s: %v", name, err)
		}
		for flag, def := range flags {
			f := cmd.Flags().Lookup(flag)
			if f == nil {
				t.Errorf("%s has no --%s", name, flag)
				continue
			}
			if f.DefValue != def {
				t.Errorf("%s --%s defaults to %q, want %q", name, flag, f.DefValue, def)
			}
			if flag == "output" && f.Shorthand != "o" {
				t.Errorf("%s --output has shorthand %q, want -o", name, f.Shorthand)
			}
		}
	}
	if f := root.PersistentFlags().Lookup("verbose"); f == nil || f.DefValue != "false" {
		t.Error("no --verbose on the root command")
	}
	for _, name := range []string{"demo", "version", "completion"} {
		if cmd, _, err := root.Find([]string{name}); err != nil || cmd.Name() != name {
			t.Errorf("no command %s", name)
		}
	}
	// The environment names.
	for got, want := range map[string]string{
		envPublicKey: "SENDCLOUD_PUBLIC_KEY", envSecretKey: "SENDCLOUD_SECRET_KEY",
		envClientID: "SENDCLOUD_CLIENT_ID", envClientSecret: "SENDCLOUD_CLIENT_SECRET",
		envBaseURL: "SENDCLOUD_BASE_URL", envTokenURL: "SENDCLOUD_TOKEN_URL",
	} {
		if got != want {
			t.Errorf("environment variable %s, want %s", got, want)
		}
	}
}
