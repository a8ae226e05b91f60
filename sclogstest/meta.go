package sclogstest

import (
	"math/rand/v2"
	"strings"
	"time"
)

// meta is what GET /integrations/{id} says about an integration besides its
// logs. started_failing_at is not kept: it is worked out from the logs and
// lastFetched when served (failingSince), so it always agrees with them.
type meta struct {
	shopName      string
	shopURL       string
	typ           string     // the shop system, e.g. "shopify"
	lastFetched   *time.Time // last successful fetch from the shop; nil: never
	created       time.Time
	updated       time.Time
	spEnabled     bool
	spCarriers    []string
	webhookActive bool
	webhookURL    *string
	feedback      string // eager, delayed or none
}

// shopTypes are the `type` values of the platforms, as Sendcloud names the
// systems (magento_2, lightspeed for eCom; Retail is its own system).
var shopTypes = map[string]string{"shopify": "shopify", "woocommerce": "woocommerce", "magento": "magento_2", "lightspeed": "lightspeed", "prestashop": "prestashop_v2"}

// displayName turns a shop slug ("fietsenwinkel-delft") into the name its
// owner would type ("Fietsenwinkel Delft").
func displayName(slug string) string {
	words := strings.Split(slug, "-")
	for i, w := range words {
		if w != "" {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(words, " ")
}

// seededMeta derives the metadata of seeded integration integ from its shop
// and logs. Every third integration (3, 6, …) was fetched successfully after
// its newest error, so it is not failing; the others last succeeded between
// two of their recent errors and have failed since. Integrations without
// logs are not failing.
func seededMeta(seed int64, integ int, sd *seeded) meta {
	r := rand.New(rand.NewPCG(mix(uint64(seed), uint64(integ), 0, 9), mix(uint64(seed), uint64(integ), 0, 10)))
	sh := sd.shop
	m := meta{
		shopName: displayName(sh.name),
		shopURL:  sh.baseURL,
		typ:      shopTypes[sh.platform.name],
		feedback: []string{"eager", "delayed", "none"}[r.IntN(3)],
	}
	if sh.platform.name == "lightspeed" && sh.retail {
		m.typ = "lightspeed_retail"
	}
	if !strings.HasSuffix(m.shopURL, "/") {
		m.shopURL += "/"
	}
	newest := newestBase.Add(-time.Duration(integ) * time.Hour)
	if sd.n > 0 {
		newest, _ = sd.at(0)
	}
	switch {
	case sd.n == 0 || (integ-1)%3 == 2:
		t := newest.Add(time.Duration(5+r.IntN(20)) * time.Minute).UTC().Truncate(time.Second)
		m.lastFetched = &t
	default:
		// Failing since record k: the last success came just before it.
		k := min(sd.n-1, 3+r.IntN(12))
		at, _ := sd.at(k)
		t := at.Add(-time.Duration(1+r.IntN(5)) * time.Minute).UTC().Truncate(time.Second)
		m.lastFetched = &t
	}
	m.created = newest.Add(-time.Duration(200+r.IntN(400)) * 24 * time.Hour).UTC().Truncate(time.Second)
	m.updated = m.created.Add(time.Duration(1+r.IntN(150)) * 24 * time.Hour).Add(time.Duration(r.IntN(86400)) * time.Second)
	if r.IntN(2) == 0 {
		m.spEnabled = true
		m.spCarriers = [][]string{{"postnl", "dhl"}, {"dpd"}, {"ups", "dhl", "dpd"}}[r.IntN(3)]
	} else {
		m.spCarriers = []string{}
	}
	if r.IntN(2) == 0 {
		m.webhookActive = true
		u := strings.TrimSuffix(m.shopURL, "/") + "/sendcloud/webhook"
		m.webhookURL = &u
	}
	return m
}

// addedMeta is the metadata of an integration created by AddLogs: a shop
// named after its id, never fetched, so failing since its oldest log.
func addedMeta(id int) meta {
	i := (id - 1) % len(shopNames)
	if i < 0 {
		i += len(shopNames)
	}
	name := shopNames[i]
	created := newestBase.Add(-90 * 24 * time.Hour)
	return meta{
		shopName:   displayName(name),
		shopURL:    "https://" + name + ".example/",
		typ:        "api",
		created:    created,
		updated:    created,
		spCarriers: []string{},
		feedback:   "none",
	}
}

// failingSince is the created_at of the oldest log newer than the last
// successful fetch: the integration has failed since then. ok is false when
// no log is newer (or there are none): it is not failing.
func (in *integration) failingSince() (time.Time, bool) {
	var since time.Time
	ok := false
	newer := func(t time.Time) bool { return in.meta.lastFetched == nil || t.After(*in.meta.lastFetched) }
	if sd := in.seeded; sd != nil && sd.n > 0 {
		// Records newer than lastFetched are the indexes [0, k).
		k := sd.n
		if in.meta.lastFetched != nil {
			k = sd.firstNotAfter(*in.meta.lastFetched)
		}
		if k > 0 {
			since, _ = sd.at(k - 1)
			ok = true
		}
	}
	for i := len(in.added) - 1; i >= 0; i-- { // oldest first
		if t := in.added[i].at; newer(t) {
			if !ok || t.Before(since) {
				since, ok = t, true
			}
			break
		}
	}
	return since, ok
}
