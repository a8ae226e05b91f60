package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/sclogs/sclogs"
	"github.com/sclogs/sclogs/cmd/sclogs/internal/output"
	"github.com/spf13/cobra"
)

// listFlags are the flags of `sclogs list`.
type listFlags struct {
	conn          connFlags
	all           bool
	limit         int
	format        string
	pageSize      int
	cursor        string
	since, until  string
	exceptionType string
	status        int
	noRedact      bool
	display       displayFlags
	follow        followFlags
	concurrency   int
}

// listParams is a checked `sclogs list` request.
type listParams struct {
	id       int
	all      bool
	limit    int
	pageSize int
	cursor   string
	filter   filter
	format   output.Format
	redact   bool
	prefetch int
	width    int            // terminal width tables fit (0: full width)
	zone     *time.Location // where times are shown
	follow   bool
	interval time.Duration
	// resumeHint tells on stderr how to go on when --limit stopped the
	// listing (not in the demo, whose server is gone when it ends).
	resumeHint bool
	// shops are the shops' names by integration id, for an account-wide
	// table; nil shows the ids alone.
	shops map[int]string
	// concurrency > 1 reads the account (--all without an id) integration
	// by integration, merged newest first (account.go).
	concurrency int
}

// outputOptions are how the listing's records are shown: an account-wide
// listing says which integration each row belongs to.
func (p *listParams) outputOptions() output.Options {
	return output.Options{Width: p.width, Zone: p.zone, Integrations: p.id == accountWide, ShopNames: p.shops}
}

// maxPageSize is the API's limit for page_size.
const maxPageSize = 100

func (a *app) listCommand() *cobra.Command {
	var f listFlags
	cmd := &cobra.Command{
		Use:   "list [INTEGRATION_ID]",
		Short: "Print an integration's exception logs, newest first, or follow them",
		Long: `Print the exception logs of a shop integration, newest first, page by page
(memory stays flat however many records). Each record is redacted once,
whole, as received: secrets anywhere in it (headers, URLs, payloads, bodies,
additional data, the exception text, fields the spec does not know yet) are
printed as [REDACTED] unless --no-redact is given (see the README's
redaction rules). JSON and NDJSON write every field the API sent, in its
order. Text from the
shop cannot act on the terminal or a spreadsheet: control and invisible
characters are replaced in the table and CSV (which also defuses formulas),
and escaped in JSON and NDJSON.

Filters (--since, --until, --exception-type, --status) are applied to the
records as they arrive; --limit counts the records that pass them. When they
leave nothing, stderr says how many records were read and how new the newest
was.

On a terminal the table fits its width with what matters on one line: the
time (the day on a line above), the status and the exception's class name,
and the URL's host and the end of its path; the id and the method when there
is room. --wide (or -o wide), or a pipe, shows every field whole. Times in
the table and CSV are local with their offset; --utc shows UTC. JSON and
NDJSON keep created_at as received. CSV ends with the exception text and the
integration_id. Without INTEGRATION_ID (--follow) the table names each row's
integration and, where there is room, its shop.

--follow (-f) prints the newest --limit records (of the integration, or
without INTEGRATION_ID of the whole account; as many pages as that takes, at
most 10000 records), then polls the newest page every --interval (default 5s:
12 of the 1000 requests a minute an account may make) and prints new records
oldest first, each once. A poll reads back until it reaches records it has
seen (by id, so a record dated in the future does not stop it), holding at
most 10000 records and 16 MiB; beyond that it prints the newest and says on
stderr that logs were skipped. A failed poll is reported on stderr and
retried with growing waits (up to 2m); Ctrl-C ends it with exit 0.
` + sinceHelp + credentialsHelp,
		Example: `  sclogs list 12345
  sclogs list 12345 --all -o ndjson > logs.ndjson
  sclogs list 12345 --since 7d --status 401 -o csv
  sclogs list 12345 --exception-type SSLError --limit 5
  sclogs list 12345 --limit 100 --cursor '2024-03-01T02:02:00+01:00'
  sclogs list 12345 --follow --interval 10s
  sclogs list --follow            # every integration of the account
  sclogs list 12345 --wide --utc`,
		Args: optionalIntegrationArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := f.params(cmd, args, a.now())
			if err != nil {
				return err
			}
			p.width = a.width(f.display)
			c, err := a.newClient(cmd, &f.conn)
			if err != nil {
				return err
			}
			if p.id == accountWide && p.format == output.Table {
				p.shops = a.shopNames(cmd.Context(), c)
			}
			if p.id == accountWide && p.all && p.cursor == "" && !p.follow {
				if p.concurrency, err = concurrency(cmd, c, f.concurrency); err != nil {
					return err
				}
			}
			if p.follow {
				return a.runFollow(cmd.Context(), followPages(c, p.id), p, a.stdout)
			}
			return a.runList(cmd.Context(), c, p, a.stdout)
		},
	}
	fs := cmd.Flags()
	fs.BoolVar(&f.all, "all", false, "follow every page")
	fs.IntVar(&f.limit, "limit", 25, "print at most N records, fetching further pages only as needed")
	fs.StringVarP(&f.format, "output", "o", "table", "output format: table, wide (table at full width), json, ndjson or csv")
	fs.IntVar(&f.pageSize, "page-size", 0, "records per request, 1 to 100 (default: --limit up to 100)")
	fs.StringVar(&f.cursor, "cursor", "", "resume from a cursor printed by an earlier run")
	fs.StringVar(&f.since, "since", "", "only records created at or after: RFC 3339 time, date, or a duration such as 24h or 7d")
	fs.StringVar(&f.until, "until", "", "only records created before: RFC 3339 time, date, or a duration such as 24h or 7d")
	fs.StringVar(&f.exceptionType, "exception-type", "", "only this exception type (e.g. requests.exceptions.SSLError or SSLError)")
	fs.IntVar(&f.status, "status", 0, "only records with this HTTP response code")
	fs.BoolVar(&f.noRedact, "no-redact", false, "print secrets as received (headers, URLs, payloads, bodies)")
	concurrencyFlag(cmd, &f.concurrency)
	f.display.register(cmd)
	f.follow.register(cmd)
	f.conn.register(cmd)
	formatCompletion(cmd, append(output.Formats, "wide")...)
	cmd.ValidArgsFunction = a.completeIntegrationID(&f.conn)
	return cmd
}

// params checks the flags; every error is a usage error, before any request.
func (f *listFlags) params(cmd *cobra.Command, args []string, now time.Time) (listParams, error) {
	id, err := idArg(args)
	if err != nil {
		return listParams{}, err
	}
	if id == accountWide && !f.follow.on && !f.all {
		return listParams{}, usagef("missing INTEGRATION_ID: give one (sclogs integrations lists them), or use --all to list " +
			"the whole account, or --follow to follow it")
	}
	if id == accountWide && f.cursor != "" && cmd.Flags().Changed("concurrency") && f.concurrency != 1 {
		return listParams{}, usagef("--cursor resumes the single account-wide listing: use it with --concurrency 1")
	}
	format, err := output.ParseFormat(f.display.wideFormat(f.format))
	if err != nil {
		return listParams{}, usagef("%s, or wide", err)
	}
	p := listParams{id: id, all: f.all, limit: f.limit, cursor: f.cursor, format: format, redact: !f.noRedact, resumeHint: true,
		zone: zoneOf(f.display)}
	if err := f.follow.check(cmd, &p); err != nil {
		return p, err
	}
	if f.all && cmd.Flags().Changed("limit") {
		return p, usagef("--all and --limit cannot be used together")
	}
	if !f.all && f.limit < 1 {
		return p, usagef("invalid --limit %d: must be 1 or more (or use --all)", f.limit)
	}
	if p.filter, err = parseFilter(cmd, f.since, f.until, now); err != nil {
		return p, err
	}
	p.filter.exceptionType = f.exceptionType
	if cmd.Flags().Changed("status") {
		if f.status < 100 || f.status > 999 {
			return p, usagef("invalid --status %d: must be an HTTP status code such as 401", f.status)
		}
		p.filter.status = f.status
	}
	switch {
	case cmd.Flags().Changed("page-size"):
		if f.pageSize < 1 || f.pageSize > maxPageSize {
			return p, usagef("invalid --page-size %d: must be 1 to %d", f.pageSize, maxPageSize)
		}
		p.pageSize = f.pageSize
	case f.all || p.filter.active():
		p.pageSize = maxPageSize
	default:
		// Ask for exactly what will be printed, so the listing ends on a
		// page boundary and its next cursor resumes right after it.
		p.pageSize = min(f.limit, maxPageSize)
	}
	if f.all {
		p.prefetch = 1 // with --limit, prefetching would fetch a page that may not be needed
	}
	return p, nil
}

func parseFilter(cmd *cobra.Command, since, until string, now time.Time) (filter, error) {
	var f filter
	var err error
	f.desc = describeFlags(cmd, "since", "until", "exception-type", "status")
	if cmd.Flags().Changed("since") {
		if f.since, err = parseTime("since", since, now); err != nil {
			return f, err
		}
	}
	if cmd.Flags().Changed("until") {
		if f.until, err = parseTime("until", until, now); err != nil {
			return f, err
		}
	}
	if !f.since.IsZero() && !f.until.IsZero() && !f.since.Before(f.until) {
		return f, usagef("--since must be before --until")
	}
	return f, nil
}

// followPages reads the pages --follow polls: one integration's, or the
// account's (id accountWide).
func followPages(c *sclogs.Client, id int) pageSource {
	return func(ctx context.Context, cursor string) (*sclogs.Page, error) {
		opts := &sclogs.ListOptions{Cursor: cursor, PageSize: maxPageSize, KeepRaw: true}
		if id == accountWide {
			return c.ListAllLogs(ctx, opts)
		}
		return c.ListLogs(ctx, id, opts)
	}
}

// describeFlags repeats the named flags that were given, as typed:
// "--since 7d --status 401".
func describeFlags(cmd *cobra.Command, names ...string) string {
	var parts []string
	for _, n := range names {
		if f := cmd.Flags().Lookup(n); f != nil && f.Changed {
			parts = append(parts, "--"+n+" "+quoteIfNeeded(f.Value.String()))
		}
	}
	return strings.Join(parts, " ")
}

// runList streams the records to w, page by page: each record is filtered,
// redacted and written as it comes, and no page is fetched that --limit
// does not need.
func (a *app) runList(ctx context.Context, c *sclogs.Client, p listParams, w io.Writer) error {
	out, err := output.NewWith(w, p.format, p.outputOptions())
	if err != nil {
		return usagef("%s", err)
	}
	opts := sclogs.ListOptions{Cursor: p.cursor, PageSize: p.pageSize, Prefetch: p.prefetch}
	written := 0
	limited := false  // stopped by --limit
	var resume string // the next page's cursor, when stopped at a page boundary
	midPage := false  // stopped by --limit with records of the page left
	view := p.format != output.JSON && p.format != output.NDJSON
	visit := func(r output.Record, page *sclogs.Page, last bool) (bool, error) {
		if err := out.Write(r); err != nil {
			return false, fail(fmt.Errorf("writing output: %w", err))
		}
		written++
		if p.all || written < p.limit {
			return true, nil
		}
		limited = true
		if last {
			resume = page.NextCursor
		} else {
			midPage = true
		}
		return false, nil
	}
	var st walkStats
	if p.concurrency > 1 { // --all: no --limit, so visit never needs the page
		st, err = a.walkAccount(ctx, c, &opts, &sclogs.ParallelOptions{Concurrency: p.concurrency}, true, p.redact, p.filter,
			func(r output.Record) (bool, error) { return visit(r, nil, false) })
	} else {
		st, err = a.walkLogs(ctx, c, p.id, opts, p.redact, view, p.filter, visit)
	}
	if err != nil {
		_ = out.Flush() // what was read before the error is kept
		return err
	}
	if err := out.Close(); err != nil {
		return fail(fmt.Errorf("writing output: %w", err))
	}
	a.logger.Debug("listed", "integration", p.id, "records", written, "pages", st.pages)
	if written == 0 {
		a.noneMatched(p.filter, st, p.zone)
	}
	switch {
	case !p.resumeHint:
	case limited && resume != "":
		fmt.Fprintf(a.stderr, "sclogs: stopped at --limit %d; more with --all, or resume with --cursor %s\n", p.limit, shellQuote(resume))
	case limited && midPage:
		fmt.Fprintf(a.stderr, "sclogs: stopped at --limit %d; more records may follow: use --all or a larger --limit\n", p.limit)
	}
	return nil
}

func formatCompletion(cmd *cobra.Command, formats ...output.Format) {
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = string(f)
	}
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions(names, cobra.ShellCompDirectiveNoFileComp))
}

// quoteIfNeeded is s when a shell takes it as one word as it is, else
// shellQuote(s).
func quoteIfNeeded(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:+-/") == "" {
		return s
	}
	return shellQuote(s)
}

// shellQuote quotes s for a POSIX shell, so the printed cursor can be pasted.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(output.Cell(s), "'", `'\''`) + "'"
}
