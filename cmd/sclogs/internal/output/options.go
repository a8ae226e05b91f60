package output

import (
	"io"
	"time"
)

// Options change how New's writers show records on screen.
type Options struct {
	// Width, when above 0, fits table rows to a terminal this many columns
	// wide (long cells shortened with "…"); 0 keeps full width, as for a
	// pipe or --wide.
	Width int
	// Zone, when set, shows created_at in this zone in the table and CSV
	// formats, so sorted rows look sorted. JSON and NDJSON keep the value
	// as received.
	Zone *time.Location
	// Integrations says the listing covers more than one integration: the
	// table then says which one each row belongs to (its id, and the shop's
	// name where there is room). CSV always has an integration_id column.
	Integrations bool
	// ShopNames are the shops' names by integration id, for the table.
	ShopNames map[int]string
}

// NewWith returns a Writer for f on w with the options applied.
func NewWith(w io.Writer, f Format, o Options) (Writer, error) {
	var out Writer
	switch {
	case f == Table && o.Width > 0:
		out = newFitTable(w, o.Width, o)
	case f == Table:
		out = newTable(w, o)
	default:
		var err error
		if out, err = New(w, f); err != nil {
			return nil, err
		}
	}
	if o.Zone != nil && (f == Table || f == CSV) {
		out = &zoned{Writer: out, zone: o.Zone}
	}
	return out, nil
}

// zoned converts created_at to one zone before the record is written.
type zoned struct {
	Writer
	zone *time.Location
}

func (z *zoned) Write(r Record) error {
	l := r.Log
	if l.CreatedAt == nil {
		return z.Writer.Write(r)
	}
	c := *l // shallow: only CreatedAt changes
	t := l.CreatedAt.In(z.zone)
	c.CreatedAt = &t
	r.Log = &c
	return z.Writer.Write(r)
}
