package sclogstest

import "errors"

// DefaultIntegrations is how many integrations are seeded unless
// [WithIntegrations] is given: 1, 2 and 3.
const DefaultIntegrations = 3

// MaxIntegrations bounds [WithIntegrations]: the integrations endpoint has
// no paging, and a client refuses a list of more than 10,000.
const MaxIntegrations = 10_000

// WithIntegrations seeds n integrations, ids 1 to n, each with
// [WithLogsPerIntegration] logs whose time lines overlap, so a large
// account (say 40 integrations of 250 logs) is one option away. Their
// shops and platforms rotate as [WithSeed] describes for 1, 2 and 3.
func WithIntegrations(n int) Option {
	return func(c *config) error {
		if n < 1 || n > MaxIntegrations {
			return errors.New("sclogstest: WithIntegrations: n must be 1 to 10000")
		}
		c.integrations = n
		return nil
	}
}

// seededIDs are the ids of the n seeded integrations: 1 to n.
func seededIDs(n int) []int {
	ids := make([]int, n)
	for i := range ids {
		ids[i] = i + 1
	}
	return ids
}
