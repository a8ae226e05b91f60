package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/sclogs/sclogs"
	"github.com/sclogs/sclogs/cmd/sclogs/internal/doctor"
	"github.com/sclogs/sclogs/cmd/sclogs/internal/output"
	"github.com/spf13/cobra"
)

// doctorParams is a checked `sclogs doctor` request.
type doctorParams struct {
	id       int
	pageSize int
	filter   filter
	format   output.Format
	maxRows  int // table rows; 0 means doctor.MaxTableRows
}

func (a *app) doctorCommand() *cobra.Command {
	var (
		conn         connFlags
		format       string
		since, until string
		pageSize     int
	)
	cmd := &cobra.Command{
		Use:   "doctor INTEGRATION_ID",
		Short: "Group an integration's failures by cause, with advice on fixing them",
		Long: `Read every page of an integration's exception logs and group the failures by
cause: exception type, HTTP status class, and shop host and path pattern (ids
replaced by {id}). Each cause shows its count, first and last seen, an example
URL (redacted) and a fix hint written for the shop owner. Most frequent first.

With -o json: an array of objects with cause, count, first_seen, last_seen,
example_url and hint (and the parts of the cause); the counts add up to the
records read.`,
		Example: `  sclogs doctor 12345
  sclogs doctor 12345 --since 7d
  sclogs doctor 12345 --since 2024-03-01T00:00:00Z -o json | jq '.[0]'`,
		Args: integrationArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseID(args[0])
			if err != nil {
				return err
			}
			f, err := output.ParseFormat(format, output.Table, output.JSON)
			if err != nil {
				return usagef("%s", err)
			}
			if pageSize < 1 || pageSize > maxPageSize {
				return usagef("invalid --page-size %d: must be 1 to %d", pageSize, maxPageSize)
			}
			flt, err := parseFilter(cmd, since, until, a.now())
			if err != nil {
				return err
			}
			c, err := a.newClient(cmd, &conn)
			if err != nil {
				return err
			}
			return a.runDoctor(cmd.Context(), c, doctorParams{id: id, pageSize: pageSize, filter: flt, format: f}, a.stdout)
		},
	}
	fs := cmd.Flags()
	fs.StringVarP(&format, "output", "o", "table", "output format: table or json")
	fs.StringVar(&since, "since", "", "only records created at or after: RFC 3339 time, or a duration such as 24h or 7d")
	fs.StringVar(&until, "until", "", "only records created before: RFC 3339 time, or a duration such as 24h or 7d")
	fs.IntVar(&pageSize, "page-size", maxPageSize, "records per request, 1 to 100")
	conn.register(cmd)
	formatCompletion(cmd, output.Table, output.JSON)
	return cmd
}

// runDoctor reads every page (within --since/--until) and writes the report.
// Memory grows with the number of causes, not of records.
func (a *app) runDoctor(ctx context.Context, c *sclogs.Client, p doctorParams, w io.Writer) error {
	report := doctor.New()
	opts := &sclogs.ListOptions{PageSize: p.pageSize, Prefetch: 1}
	pages, err := a.walkLogs(ctx, c, p.id, opts, p.filter, func(l *sclogs.Log, _ *sclogs.Page, _ bool) (bool, error) {
		report.Add(l)
		return true, nil
	})
	if err != nil {
		return fmt.Errorf("%w (%d logs read)", err, report.Total())
	}
	a.logger.Debug("diagnosed", "integration", p.id, "records", report.Total(), "pages", pages)
	if p.format == output.JSON {
		err = doctor.WriteJSON(w, report.Groups())
	} else {
		rows := p.maxRows
		if rows == 0 {
			rows = doctor.MaxTableRows
		}
		err = doctor.WriteTable(w, report.Total(), report.Groups(), rows)
	}
	if err != nil {
		return fail(fmt.Errorf("writing output: %w", err))
	}
	return nil
}
