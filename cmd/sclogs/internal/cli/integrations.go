package cli

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/sclogs/sclogs"
	"github.com/sclogs/sclogs/cmd/sclogs/internal/output"
	"github.com/sclogs/sclogs/cmd/sclogs/internal/records"
	"github.com/spf13/cobra"
)

// integrationSorts are the values the API's sort parameter takes.
var integrationSorts = []string{"integration_type", "created_at", "updated_at", "last_fetch", "failing_since"}

func (a *app) integrationsCommand() *cobra.Command {
	var (
		conn     connFlags
		display  displayFlags
		format   string
		sort     string
		noRedact bool
	)
	cmd := &cobra.Command{
		Use:   "integrations",
		Short: "List the account's shop integrations, failing ones first",
		Long: `List the shop integrations of the account (GET /api/v3/integrations): id, shop
name, type, since when it is failing and when Sendcloud last fetched from
it. Failing integrations come first, the longest failing at the top; then the
others in the API's order. With --sort the API's own order is kept: one of
` + strings.Join(integrationSorts, ", ") + `, with "-" in front for descending.

The ids are what list and doctor take. Each integration is redacted whole,
as received (shop and webhook URLs, any field, also fields the API adds
later), unless --no-redact is given; JSON and NDJSON keep every field. Times are local with their offset;
--utc shows UTC.
` + credentialsHelp,
		Example: `  sclogs integrations
  sclogs integrations --sort -failing_since
  sclogs integrations -o csv > integrations.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f, err := output.ParseFormat(display.wideFormat(format))
			if err != nil {
				return usagef("%s, or wide", err)
			}
			if cmd.Flags().Changed("sort") && !validSort(sort) {
				return usagef("invalid --sort %q: use one of %s, each optionally prefixed with - for descending",
					sort, strings.Join(integrationSorts, ", "))
			}
			c, err := a.newClient(cmd, &conn)
			if err != nil {
				return err
			}
			return a.runIntegrations(cmd.Context(), c, integrationsParams{format: f, sort: sort, redact: !noRedact,
				width: a.width(display), zone: zoneOf(display)}, a.stdout)
		},
	}
	fs := cmd.Flags()
	fs.StringVarP(&format, "output", "o", "table", "output format: table, wide (table at full width), json, ndjson or csv")
	fs.StringVar(&sort, "sort", "", "the API's order: "+strings.Join(integrationSorts, ", ")+" (- in front: descending)")
	fs.BoolVar(&noRedact, "no-redact", false, "print integrations as received, secrets included")
	display.register(cmd)
	conn.register(cmd)
	formatCompletion(cmd, append(output.Formats, "wide")...)
	var sorts []string
	for _, s := range integrationSorts {
		sorts = append(sorts, s, "-"+s)
	}
	_ = cmd.RegisterFlagCompletionFunc("sort", cobra.FixedCompletions(sorts, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// integrationsParams is a checked `sclogs integrations` request.
type integrationsParams struct {
	format output.Format
	sort   string
	redact bool
	width  int
	zone   *time.Location
}

// runIntegrations lists the integrations: failing first unless --sort
// asked the API for another order.
func (a *app) runIntegrations(ctx context.Context, c *sclogs.Client, p integrationsParams, w io.Writer) error {
	list, raw, err := records.Integrations(ctx, c, &sclogs.ListIntegrationsOptions{Sort: p.sort}, p.redact)
	if err != nil {
		return fail(interrupted(ctx, fromLibrary(err, "listing integrations")))
	}
	if p.sort == "" {
		failingFirst(list, raw)
	}
	if err := output.WriteIntegrations(w, p.format, list, raw, output.Options{Width: p.width, Zone: p.zone}); err != nil {
		return fail(fmt.Errorf("writing output: %w", err))
	}
	return nil
}

// validSort checks --sort against the spec's values, comma-separated.
func validSort(s string) bool {
	for part := range strings.SplitSeq(s, ",") {
		if !slices.Contains(integrationSorts, strings.TrimPrefix(strings.TrimSpace(part), "-")) {
			return false
		}
	}
	return s != ""
}

// failingFirst puts failing integrations first, the longest failing at the
// top, keeping the API's order otherwise; raw[i] moves with list[i].
func failingFirst(list []sclogs.Integration, raw [][]byte) {
	order := make([]int, len(list))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int {
		fa, fb := list[i].StartedFailingAt, list[j].StartedFailingAt
		switch {
		case fa != nil && fb != nil:
			return fa.Compare(*fb)
		case fa != nil:
			return -1
		case fb != nil:
			return 1
		}
		return 0
	})
	sortedList, sortedRaw := make([]sclogs.Integration, len(list)), make([][]byte, len(raw))
	for k, i := range order {
		sortedList[k] = list[i]
		if i < len(raw) {
			sortedRaw[k] = raw[i]
		}
	}
	copy(list, sortedList)
	copy(raw, sortedRaw)
}

// shopNames returns the account's integrations' shop names by id, for
// labelling account-wide reports and tables. It is best effort: without
// them the report still says the ids.
func (a *app) shopNames(ctx context.Context, c *sclogs.Client) map[int]string {
	names, _, _ := a.accountIntegrations(ctx, c)
	return names
}

// accountIntegrations returns the account's shop names and the failing
// integrations (since when) by id, and the list it read them from (nil when
// that failed), which the parallel listing reads the integrations' ids from;
// one request, best effort, as shopNames. The integrations come through the
// pipeline (package records): redacted whole.
func (a *app) accountIntegrations(ctx context.Context, c *sclogs.Client) (names map[int]string, failing map[int]time.Time, list []sclogs.Integration) {
	names, failing = map[int]string{}, map[int]time.Time{}
	list, _, err := records.Integrations(ctx, c, nil, true)
	if err != nil {
		a.logger.Debug("no shop names", "error", err)
		return names, failing, nil
	}
	for _, in := range list {
		if in.ID == nil {
			continue
		}
		if in.ShopName != nil {
			names[*in.ID] = *in.ShopName
		}
		if in.StartedFailingAt != nil {
			failing[*in.ID] = *in.StartedFailingAt
		}
	}
	return names, failing, list
}

// completionTimeout bounds the request shell completion may make: a slow
// API must not freeze the user's shell.
const completionTimeout = 2 * time.Second

// completeIntegrationID offers the account's integration ids, each with its
// shop name, when credentials are in the environment; without them it
// returns nothing at once, sending no request.
func (a *app) completeIntegrationID(conn *connFlags) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		if _, _, err := a.credentials(); err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		quick := *conn
		quick.maxRetries = 0
		c, err := a.newClient(cmd, &quick)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		ctx, cancel := context.WithTimeout(cmd.Context(), completionTimeout)
		defer cancel()
		list, _, err := records.Integrations(ctx, c, nil, true)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		slices.SortFunc(list, func(x, y sclogs.Integration) int { return cmp.Compare(deref(x.ID), deref(y.ID)) })
		var out []cobra.Completion
		for _, in := range list {
			if in.ID == nil {
				continue
			}
			id := fmt.Sprint(*in.ID)
			if !strings.HasPrefix(id, toComplete) {
				continue
			}
			name := oneLine(derefS(in.ShopName))
			out = append(out, cobra.CompletionWithDesc(id, strings.ReplaceAll(name, "\t", " ")))
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

func deref(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

func derefS(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
