package exporter

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sclogs/sclogs/cmd/sclogs/internal/output"
	"github.com/sclogs/sclogs/internal/redact"
)

// Lengths, in characters, of text from the API in a label or a log line.
const (
	maxShopName  = 64
	maxSystem    = 32
	maxErrorText = 300
)

// text is the one way text from the API reaches a label or a log line:
// unsafe characters (output.Unsafe: controls, format characters, line
// separators, invalid UTF-8) and other non-graphic ones become '?', runs of
// spaces become one; then the client's own credentials are scrubbed
// (Client.ScrubCredentials) and the shop's secrets redacted (the CLI's
// redaction); last it is cut to max characters, with "…". Characters are
// replaced, not removed, so that removing one cannot join the halves of a
// secret; scrubbing comes before cutting, and reads the whole text (no
// more than a response holds), so no piece of a secret survives the cut.
func (e *Exporter) text(s string, max int) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true // drops leading spaces
	for _, r := range s {
		switch {
		case r == ' ' || r != '\u00a0' && unicode.IsSpace(r) && !output.Unsafe(r):
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		case output.Unsafe(r) || !unicode.IsGraphic(r):
			r = '?'
		}
		b.WriteRune(r)
		space = false
	}
	t := strings.TrimRight(b.String(), " ")
	t = redact.Text(e.cfg.Client.ScrubCredentials(t))
	if utf8.RuneCountInString(t) <= max {
		return t
	}
	n := 0
	for i := range t {
		if n == max-1 {
			return strings.TrimRight(t[:i], " ") + "…"
		}
		n++
	}
	return t
}
