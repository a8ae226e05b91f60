package cli

import (
	"regexp"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// pflagInvalid matches pflag's message for a value its type cannot parse:
// `invalid argument "abc" for "--limit" flag: strconv.ParseInt: …`.
var pflagInvalid = regexp.MustCompile(`^invalid argument "(.*)" for "(-[^"]*)" flag: `)

// longName finds the long name in pflag's "-f, --follow".
var longName = regexp.MustCompile(`--([A-Za-z0-9-]+)`)

// flagError rewrites a flag parse error so that it says what the flag
// wants rather than how Go failed to parse it (no strconv.ParseInt or
// time.ParseDuration reaches the user).
func flagError(cmd *cobra.Command, err error) error {
	m := pflagInvalid.FindStringSubmatch(err.Error())
	if m == nil {
		return err
	}
	value, name := m[1], m[2]
	if l := longName.FindStringSubmatch(name); l != nil {
		name = l[1] // "-f, --follow" or "--limit": the long name
	}
	want := "a valid value"
	if f := cmd.Flags().Lookup(name); f != nil {
		want = wants(f)
	}
	return usagef("invalid --%s %q: must be %s", name, value, want)
}

// wants says in words what a flag of f's type takes.
func wants(f *pflag.Flag) string {
	switch f.Value.Type() {
	case "int", "int64", "int32", "uint", "uint64":
		return "a whole number, e.g. " + exampleOr(f.DefValue, "10")
	case "duration":
		return "a duration such as 30s, 5m or 1h"
	case "bool":
		return "true or false"
	case "float64":
		return "a number"
	}
	return "a valid " + f.Value.Type()
}

func exampleOr(def, fallback string) string {
	if def == "" || def == "0" {
		return fallback
	}
	return def
}
