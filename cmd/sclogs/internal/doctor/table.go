package doctor

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sclogs/sclogs/cmd/sclogs/internal/output"
	"github.com/sclogs/sclogs/cmd/sclogs/internal/sparkline"
	"github.com/sclogs/sclogs/cmd/sclogs/internal/termwidth"
)

// timelineColumns is how many marks the table's timeline has.
const timelineColumns = 16

// TableOptions say how the doctor table is laid out.
type TableOptions struct {
	// MaxRows bounds the causes listed (0 means MaxTableRows).
	MaxRows int
	// Width is the terminal's width the table must fit (0: no limit, as
	// for a pipe or --wide).
	Width int
	// Zone is where times are shown (nil: as recorded).
	Zone *time.Location
	// From and To are the timeline's period; zero values mean the oldest
	// and newest record.
	From, To time.Time
	// Labels name integrations (e.g. by shop name) for account-wide
	// reports; causes are then listed under their integration.
	Labels map[int]string
	// Failing are the integrations Sendcloud marks as failing (since when):
	// account-wide, they are listed first.
	Failing map[int]time.Time
}

// tableColumns are the doctor table's columns; on a narrow terminal the
// example URL goes first, then the first and last seen times (the timeline
// shows them), then the timeline; the fix's title becomes the letter of its
// advice below the table.
var tableColumns = []termwidth.Column{
	{Header: "#", Right: true},
	{Header: "COUNT", Right: true},
	{Header: "TIMELINE", Drop: 2},
	{Header: "CAUSE", Min: 24, Mode: termwidth.Middle},
	{Header: "FIRST SEEN", Drop: 4},
	{Header: "LAST SEEN", Drop: 3},
	{Header: "FIX", Min: 12, Mode: termwidth.End},
	{Header: "EXAMPLE URL", Min: 16, Mode: termwidth.Middle, Drop: 5},
}

// Write writes the causes, most frequent first (at most MaxRows, saying how
// many more there are), each with a timeline of when it happened, then the
// advice per fix with the number of logs it concerns, most frequent first,
// wrapped at word boundaries to the width. Account-wide (Labels set, or
// groups from more than one integration), causes are listed under their
// integration, busiest first.
func (o TableOptions) Write(w io.Writer, total int, groups []Group) error {
	bw := bufio.NewWriter(w)
	if total == 0 {
		fmt.Fprintln(bw, "No logs: nothing to diagnose.")
		return bw.Flush()
	}
	maxRows := o.MaxRows
	if maxRows <= 0 {
		maxRows = MaxTableRows
	}
	from, to := o.Period(groups)
	o.say(bw, fmt.Sprintf("%s read, %s, most frequent first.", plural(total, "log"), CountCauses(groups)))
	o.say(bw, fmt.Sprintf("Timeline: %s to %s, one mark per %s.", o.stamp(from), o.stamp(to), Span(to.Sub(from)/timelineColumns)))
	fmt.Fprintln(bw)

	shown := groups[:min(len(groups), maxRows)]
	fixes := ByHint(groups)
	host := ""
	if o.Width > 0 {
		host = commonHost(shown)
		if host != "" {
			fmt.Fprintln(bw, o.fit("Shop host: "+host))
		}
	}
	sections := o.sections(shown)
	rows, natural := o.rows(shown, from, to, host, nil)
	layout := termwidth.Fit(tableColumns, natural, o.Width)
	letters := false
	if o.Width > 0 && layout.Widths[fixColumn] < natural[fixColumn] {
		// The fix titles do not fit: name them by the letter of their
		// advice below instead, which always fits.
		letters = true
		rows, natural = o.rows(shown, from, to, host, fixes)
		layout = termwidth.Fit(tableColumns, natural, o.Width)
	}
	if w := layout.Widths[causeColumn]; o.Width > 0 && w < natural[causeColumn] {
		for i, g := range shown {
			rows[i][causeColumn] = fitCause(g, host, w)
		}
	}
	// Ranks run 1, 2, 3… down the page, whatever integration a row is under.
	rank := 0
	for _, s := range sections {
		for _, i := range s.rows {
			rank++
			rows[i][0] = strconv.Itoa(rank)
		}
	}
	fmt.Fprintln(bw, layout.HeaderRow())
	for _, s := range sections {
		if s.title != "" {
			fmt.Fprintln(bw, o.fit(s.title))
		}
		for _, i := range s.rows {
			fmt.Fprintln(bw, layout.Row(rows[i]))
		}
	}
	if rest := groups[len(shown):]; len(rest) > 0 {
		n := 0
		for _, g := range rest {
			n += g.Count
		}
		all := "(-o json lists them all)"
		if rest[len(rest)-1].Other {
			all = fmt.Sprintf("(-o json lists the %d most frequent)", MaxCauses)
		}
		more := strings.Replace(CountCauses(rest), " cause", " more cause", 1)
		if strings.HasPrefix(more, "more than") {
			more = "many more causes"
		}
		o.say(bw, fmt.Sprintf("... and %s with %s %s.", more, plural(n, "log"), all))
	}
	if layout.Dropped > 0 {
		o.say(bw, fmt.Sprintf("(%s left out to fit the terminal: --wide shows everything.)", plural(layout.Dropped, "column")))
	}
	fmt.Fprintln(bw, "\nWhat to do, most frequent first:")
	for i, f := range fixes {
		bullet := "- "
		if letters {
			bullet = letter(i) + ". "
		}
		text := fmt.Sprintf("%s (%s): %s", f.Hint.Title, plural(f.Count, "log"), f.Hint.Text)
		if o.Width <= 0 {
			fmt.Fprintln(bw, bullet+text)
			continue
		}
		for _, line := range termwidth.Wrap(text, o.Width, bullet, strings.Repeat(" ", len(bullet))) {
			fmt.Fprintln(bw, line)
		}
	}
	return bw.Flush()
}

// Indexes of columns in tableColumns.
const (
	causeColumn = 3
	fixColumn   = 6
)

// rows makes the table's cells and their widest widths. On a terminal the
// cause names the exception's class only, and leaves out host when every
// row has the same (printed above the table). With fixes, the FIX column
// holds the letter of the fix's advice instead of its title.
func (o TableOptions) rows(groups []Group, from, to time.Time, host string, fixes []HintCount) ([][]string, []int) {
	rows := make([][]string, len(groups))
	natural := make([]int, len(tableColumns))
	for i, g := range groups {
		cause := g.Cause
		if o.Width > 0 {
			cause = shortCause(g, host)
		}
		fix := HintByID(g.HintID).Title
		for j, f := range fixes { // none unless fix titles give way to letters
			if f.Hint.ID == g.HintID {
				fix = letter(j)
			}
		}
		rows[i] = []string{strconv.Itoa(i + 1), strconv.Itoa(g.Count),
			sparkline.Draw(g.Timeline.Rebin(from, to, timelineColumns)),
			output.Cell(cause), when(g.FirstSeen, o.Zone), when(g.LastSeen, o.Zone),
			fix, output.Cell(orDash(g.ExampleURL))}
		for c, cell := range rows[i] {
			natural[c] = max(natural[c], termwidth.String(cell))
		}
	}
	return rows, natural
}

// letter names the i-th advice: A to Z, then AA, AB, ….
func letter(i int) string {
	if i < 26 {
		return string(rune('A' + i))
	}
	return letter(i/26-1) + letter(i%26)
}

// commonHost is the host of every group when they all have the same one
// (a single shop's report), else "".
func commonHost(groups []Group) string {
	host := ""
	for i, g := range groups {
		if i > 0 && g.Host != host || g.Host == "" {
			return ""
		}
		host = g.Host
	}
	return output.Cell(host)
}

// say writes a sentence, wrapped at word boundaries to the width.
func (o TableOptions) say(w io.Writer, s string) {
	if o.Width <= 0 {
		fmt.Fprintln(w, s)
		return
	}
	for _, line := range termwidth.Wrap(s, o.Width, "", "") {
		fmt.Fprintln(w, line)
	}
}

// fit cuts a line of text to the width.
func (o TableOptions) fit(s string) string {
	s = output.Cell(s)
	if o.Width > 0 {
		return termwidth.Shorten(s, o.Width, termwidth.End)
	}
	return s
}

// section is the rows of one integration, under its title ("" when the
// report covers one integration only).
type section struct {
	title string
	rows  []int
}

func (o TableOptions) sections(groups []Group) []section {
	ids := map[int]bool{}
	for _, g := range groups {
		ids[g.IntegrationID] = true
	}
	if o.Labels == nil && len(ids) <= 1 {
		all := make([]int, len(groups))
		for i := range all {
			all[i] = i
		}
		return []section{{rows: all}}
	}
	// Failing integrations first, then those with the most logs (ties by
	// id), as in the HTML report; within one, the causes stay most frequent
	// first.
	var out []section
	at := map[int]int{}
	counts := map[int]int{}
	var idOf []int                           // section index → integration id
	other := section{title: "Other causes:"} // the group of causes not listed one by one, last
	for i, g := range groups {
		if g.Other {
			other.rows = append(other.rows, i)
			continue
		}
		counts[g.IntegrationID] += g.Count
		j, ok := at[g.IntegrationID]
		if !ok {
			j = len(out)
			at[g.IntegrationID] = j
			idOf = append(idOf, g.IntegrationID)
			out = append(out, section{})
		}
		out[j].rows = append(out[j].rows, i)
	}
	for id, j := range at {
		out[j].title = IntegrationTitle(id, o.Labels[id]) + ":"
	}
	order := make([]int, len(out))
	for i := range order {
		order[i] = i
	}
	failing := func(i int) int {
		if _, ok := o.Failing[idOf[i]]; ok {
			return 0
		}
		return 1
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if c := cmp.Compare(failing(a), failing(b)); c != 0 {
			return c
		}
		if c := cmp.Compare(counts[idOf[b]], counts[idOf[a]]); c != 0 {
			return c
		}
		return cmp.Compare(idOf[a], idOf[b])
	})
	sorted := make([]section, len(out), len(out)+1)
	for i, j := range order {
		sorted[i] = out[j]
	}
	if len(other.rows) > 0 {
		sorted = append(sorted, other)
	}
	return sorted
}

// IntegrationTitle names an integration for people: "Integration 12 (My
// Shop)", or without the label when there is none.
func IntegrationTitle(id int, label string) string {
	s := "Integration " + strconv.Itoa(id)
	switch id {
	case 0:
		s = "Records without an integration id"
	case OtherIntegrations:
		s = fmt.Sprintf("Integrations beyond the first %d", KeptIntegrations)
	}
	if label = strings.TrimSpace(label); label != "" {
		s += " (" + label + ")"
	}
	return s
}

// Period is the timeline's span: the options' From and To, else the oldest
// and newest record; never empty.
func (o TableOptions) Period(groups []Group) (from, to time.Time) {
	from, to = o.From, o.To
	var first, last time.Time
	for _, g := range groups {
		if g.FirstSeen != nil && (first.IsZero() || g.FirstSeen.Before(first)) {
			first = *g.FirstSeen
		}
		if g.LastSeen != nil && (last.IsZero() || g.LastSeen.After(last)) {
			last = *g.LastSeen
		}
	}
	if from.IsZero() {
		from = first
	}
	if to.IsZero() {
		to = last
	}
	if from.IsZero() && to.IsZero() {
		return from, from.Add(time.Minute)
	}
	if from.IsZero() {
		from = to.Add(-time.Minute)
	}
	if to.IsZero() || !to.After(from) {
		to = from.Add(time.Minute)
	}
	return from, to
}

// stamp formats the ends of the timeline, to the minute.
func (o TableOptions) stamp(t time.Time) string {
	if o.Zone != nil {
		t = t.In(o.Zone)
	}
	return t.Format("2006-01-02 15:04 Z07:00")
}

// Span says a duration in the largest unit that fits: "15m", "6h", "3d".
func Span(d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		return fmt.Sprintf("%.0fd", d.Hours()/24)
	case d >= 2*time.Hour:
		return fmt.Sprintf("%.0fh", d.Hours())
	case d >= 2*time.Minute:
		return fmt.Sprintf("%.0fm", d.Minutes())
	}
	return fmt.Sprintf("%.0fs", max(d.Seconds(), 1))
}

// fitCause is the cause in width columns: the class name and status whole
// when they fit, then as much of the place as fits, cut at its start (the
// end of a path says most).
func fitCause(g Group, common string, width int) string {
	typ := g.ExceptionType
	if i := strings.LastIndexByte(typ, '.'); i >= 0 && i < len(typ)-1 {
		typ = typ[i+1:]
	}
	if typ == "" {
		typ = "no type"
	}
	head := typ
	if g.Status != "" {
		head += " " + g.Status
	}
	place := g.PathPattern
	if g.Host != "" && output.Cell(g.Host) != common {
		place = g.Host + place
	}
	head, place = output.Cell(head), output.Cell(place)
	room := width - termwidth.String(head) - 1
	if place == "" || room < 6 {
		return termwidth.Shorten(head+" "+place, width, termwidth.End)
	}
	return head + " " + termwidth.Shorten(place, room, termwidth.Start)
}

// shortCause is Cause with the exception's class name only
// ("SSLError, HTTP 495, at …" for requests.exceptions.SSLError): on a
// terminal the module path costs width and says little. The host is left
// out when it is the common one, shown above the table.
func shortCause(g Group, common string) string {
	typ := g.ExceptionType
	if i := strings.LastIndexByte(typ, '.'); i >= 0 && i < len(typ)-1 {
		typ = typ[i+1:]
	}
	host := g.Host
	if common != "" && output.Cell(host) == common {
		host = ""
	}
	return cause(key{typ: typ, status: g.Status, host: host, pattern: g.PathPattern})
}
