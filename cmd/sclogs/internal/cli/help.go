package cli

// sinceHelp and credentialsHelp end the long help of the commands that read
// logs: the forms --since takes, and where credentials come from.
const (
	sinceHelp = `
--since and --until take an RFC 3339 time (2024-03-01T10:00:00+01:00 or
2024-03-01T09:00:00Z), a date (2024-03-01, midnight UTC), or a duration back
from now: 90m, 24h, 7d, 1d12h.
`
	credentialsHelp = `
Credentials come from the environment only (never flags, which would show in
shell history and process lists):
  ` + envPublicKey + `, ` + envSecretKey + `       an API key pair, or
  ` + envClientID + `, ` + envClientSecret + `  OAuth2 client credentials.
` + envBaseURL + ` and ` + envTokenURL + ` change the API and token URLs
(as --base-url and --token-url do).`
)
