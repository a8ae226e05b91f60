package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/sclogs/sclogs"
	"github.com/sclogs/sclogs/cmd/sclogs/internal/doctor"
	"github.com/sclogs/sclogs/cmd/sclogs/internal/htmlreport"
	"github.com/sclogs/sclogs/cmd/sclogs/internal/output"
	"github.com/spf13/cobra"
)

// doctorParams is a checked `sclogs doctor` request.
type doctorParams struct {
	id       int
	pageSize int
	filter   filter
	format   output.Format
	maxRows  int            // table rows; 0 means doctor.MaxTableRows
	width    int            // terminal width the table fits (0: full width)
	zone     *time.Location // where times are shown
	html     string         // --html: also write the HTML report here ("-": stdout, instead of the table)
	htmlFile *atomicFile    // --html FILE, opened before the first request
	now      time.Time
	// concurrency > 1 reads the account integration by integration
	// (account.go); the diagnosis is the same as the single cursor's.
	concurrency int
}

func (a *app) doctorCommand() *cobra.Command {
	var (
		conn         connFlags
		display      displayFlags
		format       string
		since, until string
		pageSize     int
		html         string
		conc         int
	)
	cmd := &cobra.Command{
		Use:   "doctor [INTEGRATION_ID]",
		Short: "Group an integration's or the account's failures by cause, with advice on fixing them",
		Long: `Read every page of an integration's exception logs (without INTEGRATION_ID:
the whole account's, GET /integrations/logs) and group the failures by cause:
exception type, HTTP status class, and shop host and path pattern (ids
replaced by {id}); account-wide, per integration, labelled with its shop
name. Each cause shows its count, a timeline of when it happened
(one mark per slice of the period: · none, ▁ to █ few to most), first and
last seen, an example URL (redacted) and a fix hint written for the shop
owner. Most frequent first.

On a terminal the table fits its width (long cells shortened with …, the
least needed columns left out, advice wrapped); --wide, or a pipe, shows
everything. Times are local with their offset; --utc shows UTC.

With -o json: an array of objects with cause, count, first_seen, last_seen,
example_url and hint (and the parts of the cause); the counts add up to the
records read.

With --html FILE: also a self-contained HTML report (no scripts, nothing
loaded from the network) that leads with what to do: per integration
(failing ones first), one block per fix with its advice and a timeline, the
causes it explains beneath (rare ones folded). --html - writes the report to
stdout instead of the table. A FILE that cannot be written is an error
before any request.
` + sinceHelp + credentialsHelp,
		Example: `  sclogs doctor                   # the whole account
  sclogs doctor 12345
  sclogs doctor 12345 --since 7d
  sclogs doctor 12345 --since 7d --html report.html
  sclogs doctor 12345 --since 2024-03-01T00:00:00Z -o json | jq '.[0]'`,
		Args: optionalIntegrationArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := idArg(args)
			if err != nil {
				return err
			}
			f, err := output.ParseFormat(display.wideFormat(format), output.Table, output.JSON)
			if err != nil {
				return usagef("%s, or wide", err)
			}
			if pageSize < 1 || pageSize > maxPageSize {
				return usagef("invalid --page-size %d: must be 1 to %d", pageSize, maxPageSize)
			}
			now := a.now()
			flt, err := parseFilter(cmd, since, until, now)
			if err != nil {
				return err
			}
			if cmd.Flags().Changed("html") && html == "" {
				return usagef("--html needs a file name, e.g. --html report.html (or - for stdout)")
			}
			if html == "-" && cmd.Flags().Changed("output") {
				return usagef("--html - writes the report to stdout: it cannot be used with -o")
			}
			c, err := a.newClient(cmd, &conn)
			if err != nil {
				return err
			}
			p := doctorParams{id: id, pageSize: pageSize, filter: flt, format: f,
				width: a.width(display), zone: zoneOf(display), html: html, now: now}
			if id == accountWide {
				if p.concurrency, err = concurrency(cmd, c, conc); err != nil {
					return err
				}
			}
			if html != "" && html != "-" {
				// Fail on an unwritable path now, not after reading every log.
				if p.htmlFile, err = createAtomic(html); err != nil {
					return fail(fmt.Errorf("writing the HTML report: %w", err))
				}
				defer p.htmlFile.abort()
			}
			return a.runDoctor(cmd.Context(), c, p, a.stdout)
		},
	}
	fs := cmd.Flags()
	fs.StringVarP(&format, "output", "o", "table", "output format: table, wide (table at full width) or json")
	fs.StringVar(&since, "since", "", "only records created at or after: RFC 3339 time, date, or a duration such as 24h or 7d")
	fs.StringVar(&until, "until", "", "only records created before: RFC 3339 time, date, or a duration such as 24h or 7d")
	fs.IntVar(&pageSize, "page-size", maxPageSize, "records per request, 1 to 100")
	fs.StringVar(&html, "html", "", "also write a self-contained HTML report to `FILE` (- for stdout, instead of the table)")
	concurrencyFlag(cmd, &conc)
	display.register(cmd)
	conn.register(cmd)
	formatCompletion(cmd, output.Table, "wide", output.JSON)
	_ = cmd.MarkFlagFilename("html", "html")
	cmd.ValidArgsFunction = a.completeIntegrationID(&conn)
	return cmd
}

// runDoctor reads every page (within --since/--until) and writes the report.
// Memory grows with the number of causes, not of records.
func (a *app) runDoctor(ctx context.Context, c *sclogs.Client, p doctorParams, w io.Writer) error {
	report := doctor.NewFor(p.id)
	title := fmt.Sprintf("integration %d", p.id)
	var labels map[int]string
	var failing map[int]time.Time
	var list []sclogs.Integration // the account's integrations, read once for all uses
	if p.id == accountWide {
		report = doctor.New()
		title = "the account"
		labels, failing, list = a.accountIntegrations(ctx, c)
	}
	// doctor always redacts: its causes, path patterns, examples and
	// timelines are built from redacted records.
	opts := &sclogs.ListOptions{PageSize: p.pageSize, Prefetch: 1}
	add := func(r output.Record) (bool, error) {
		report.Add(r.Log)
		return true, nil
	}
	var st walkStats
	var err error
	if p.concurrency > 1 {
		st, err = a.walkAccount(ctx, c, opts, &sclogs.ParallelOptions{Concurrency: p.concurrency, Integrations: list}, false, true, p.filter, add)
	} else {
		st, err = a.walkLogs(ctx, c, p.id, *opts, true, true, p.filter, func(r output.Record, _ *sclogs.Page, _ bool) (bool, error) { return add(r) })
	}
	if err != nil {
		return fmt.Errorf("%w (%d logs read)", err, report.Total())
	}
	a.logger.Debug("diagnosed", "integration", p.id, "records", report.Total(), "pages", st.pages)
	if report.Total() == 0 {
		a.noneMatched(p.filter, st, p.zone)
	}
	return a.writeDoctor(report, p, title, labels, failing, w)
}

// writeDoctor writes the report in the chosen format, and the HTML file
// when asked for.
func (a *app) writeDoctor(report *doctor.Report, p doctorParams, title string, labels map[int]string, failing map[int]time.Time, w io.Writer) error {
	from, to := p.filter.since, p.filter.until
	if !from.IsZero() && to.IsZero() {
		to = p.now // --since 7d: the last 7 days, up to now
	}
	groups := report.Groups()
	doctor.Label(groups, labels)
	r := htmlreport.Report{Title: title, Generated: p.now, Zone: p.zone, Total: report.Total(), Groups: groups,
		Integrations: report.Integrations(), Labels: labels, Failing: failing, From: from, To: to}
	var err error
	switch {
	case p.html == "-":
		err = htmlreport.Write(w, r)
	case p.format == output.JSON:
		err = doctor.WriteJSON(w, groups)
	default:
		err = doctor.TableOptions{MaxRows: p.maxRows, Width: p.width, Zone: p.zone, From: from, To: to, Labels: labels, Failing: failing}.
			Write(w, report.Total(), groups)
	}
	if err != nil {
		return fail(fmt.Errorf("writing output: %w", err))
	}
	if p.html == "" || p.html == "-" {
		return nil
	}
	f := p.htmlFile
	if f == nil { // not opened early (a caller other than the command)
		if f, err = createAtomic(p.html); err != nil {
			return fail(fmt.Errorf("writing the HTML report: %w", err))
		}
		defer f.abort()
	}
	if err := f.commit(func(w io.Writer) error { return htmlreport.Write(w, r) }); err != nil {
		return fail(fmt.Errorf("writing the HTML report: %w", err))
	}
	fmt.Fprintf(a.stderr, "sclogs: HTML report written to %s\n", output.Cell(p.html))
	return nil
}

// atomicFile is a file written through a temporary one in the same
// directory, so a failure never leaves half a report under the name. It is
// created before the work that fills it, so an unwritable path fails first.
type atomicFile struct {
	name string
	tmp  *os.File
	done bool
}

// createAtomic creates the temporary file for name, and refuses a name
// that is a directory.
func createAtomic(name string) (*atomicFile, error) {
	if fi, err := os.Stat(name); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("%s is a directory", name)
	}
	f, err := os.CreateTemp(filepath.Dir(name), ".sclogs-*.tmp")
	if err != nil {
		return nil, err
	}
	return &atomicFile{name: name, tmp: f}, nil
}

// commit writes the content and renames the file into place.
func (f *atomicFile) commit(write func(io.Writer) error) error {
	if err := write(f.tmp); err != nil {
		return err
	}
	if err := f.tmp.Chmod(0o644); err != nil {
		return err
	}
	if err := f.tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(f.tmp.Name(), f.name); err != nil {
		return err
	}
	f.done = true
	return nil
}

// abort removes the temporary file unless commit put it in place.
func (f *atomicFile) abort() {
	if f.done {
		return
	}
	f.tmp.Close()
	os.Remove(f.tmp.Name())
}
