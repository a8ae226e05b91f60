// Command fuzzrun runs every fuzz target of the module, one at a time, and
// fails only for a real finding.
//
// Why a runner: `go test -fuzz` takes one package and one target per run, and
// on Go 1.26 a duration budget (-fuzztime=3s) can fail with "context deadline
// exceeded" and no finding at all: the coordinator compares its parent
// context's error with its child's while the child is not yet cancelled
// (golang/go#75804, fixed in Go 1.27). An execution-count budget
// (-fuzztime=20000x) sets no deadline, so that race cannot happen; CI uses one.
// A duration budget stays possible for long local runs, and there the race's
// exact signature (a non-zero exit saying "context deadline exceeded" with no
// new input in testdata/fuzz/) is retried once instead of failing the run.
// Anything else that fails — a written reproducer, a panic, a build error —
// fails the run, and the reproducer stays in testdata/fuzz/ to be committed.
//
// Usage:
//
//	go run ./internal/fuzzrun [-budget 20000x|30s] [packages]
//
// Each target's budget is -budget unless .ci/fuzz-budgets (lines of
// "FuzzName budget") names its own.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

func main() {
	budget := flag.String("budget", "20000x", "per-target -fuzztime: an execution count (20000x) or a duration (30s)")
	budgets := flag.String("budgets", ".ci/fuzz-budgets", `file of "FuzzName budget" lines overriding -budget per target (optional)`)
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: fuzzrun [flags] [packages (default ./...)]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	pkgs := flag.Args()
	if len(pkgs) == 0 {
		pkgs = []string{"./..."}
	}
	r := runner{goCmd: goCommand(), out: os.Stdout, defaultBudget: *budget}
	over, err := readBudgets(*budgets)
	if err != nil {
		fmt.Fprintln(os.Stderr, "fuzzrun:", err)
		os.Exit(2)
	}
	r.budgets = over
	passed, failed, err := r.run(pkgs)
	if err != nil {
		fmt.Fprintln(os.Stderr, "fuzzrun:", err)
		os.Exit(2)
	}
	// The one closing line: CI readers take "N passed, N failed" as the count.
	fmt.Fprintf(os.Stdout, "fuzz: %d passed, %d failed\n", passed, failed)
	if failed > 0 {
		os.Exit(1)
	}
}

func goCommand() string {
	if g := os.Getenv("GO"); g != "" {
		return g
	}
	return "go"
}

// target is one fuzz function in one package.
type target struct {
	pkg  string // import path
	dir  string // the package's directory
	name string
}

type runner struct {
	goCmd         string
	dir           string // working directory of the go commands ("" = current)
	out           io.Writer
	defaultBudget string
	budgets       map[string]string
}

// run fuzzes every target of pkgs and counts the outcomes.
func (r *runner) run(pkgs []string) (passed, failed int, err error) {
	targets, err := r.list(pkgs)
	if err != nil {
		return 0, 0, err
	}
	if len(targets) == 0 {
		fmt.Fprintln(r.out, "fuzz: no fuzz targets")
	}
	for _, t := range targets {
		if r.fuzz(t) {
			passed++
		} else {
			failed++
		}
	}
	return passed, failed, nil
}

// fuzz runs one target, retrying once on the coordinator's deadline race.
func (r *runner) fuzz(t target) bool {
	budget := r.defaultBudget
	if b, ok := r.budgets[t.name]; ok {
		budget = b
	}
	for try := 1; try <= 2; try++ {
		fmt.Fprintf(r.out, "fuzz: %s %s for %s\n", t.pkg, t.name, budget)
		corpus := filepath.Join(t.dir, "testdata", "fuzz", t.name)
		before := listDir(corpus)
		var buf bytes.Buffer
		cmd := exec.Command(r.goCmd, "test", "-run", "^$", "-fuzz", "^"+t.name+"$", "-fuzztime="+budget, t.pkg)
		cmd.Dir = r.dir
		cmd.Stdin = nil
		cmd.Stdout = io.MultiWriter(r.out, &buf)
		cmd.Stderr = cmd.Stdout
		runErr := cmd.Run()
		added := newEntries(before, listDir(corpus))
		switch classify(runErr, buf.Bytes(), added) {
		case outcomePass:
			return true
		case outcomeFlake:
			if try == 1 {
				fmt.Fprintf(r.out, "fuzz: %s stopped with the fuzzing coordinator's deadline race (golang/go#75804) and no finding; running it again\n", t.name)
				continue
			}
			fmt.Fprintf(r.out, "fuzz: FAIL %s: the deadline race twice in a row\n", t.name)
			return false
		default:
			for _, f := range added {
				fmt.Fprintf(r.out, "fuzz: FAIL %s: failing input kept in %s (commit it with the fix)\n", t.name, filepath.Join(corpus, f))
			}
			if len(added) == 0 {
				fmt.Fprintf(r.out, "fuzz: FAIL %s (output above)\n", t.name)
			}
			return false
		}
	}
	return false
}

type outcome int

const (
	outcomePass outcome = iota
	outcomeFlake
	outcomeFail
)

// classify tells a finding from the coordinator's race. The race's signature
// is exact: a failed run whose only complaint is "context deadline exceeded",
// with no new corpus entry and no "Failing input written" line. A real finding
// always writes its input before the run ends.
func classify(runErr error, output []byte, added []string) outcome {
	if runErr == nil {
		return outcomePass
	}
	var exitErr *exec.ExitError
	if !errors.As(runErr, &exitErr) {
		return outcomeFail // go itself could not start
	}
	if len(added) > 0 || bytes.Contains(output, []byte("Failing input written to")) {
		return outcomeFail
	}
	if raceSignature.Match(output) && !bytes.Contains(output, []byte("panic:")) {
		return outcomeFlake
	}
	return outcomeFail
}

// raceSignature is testing's report of the race: the target's FAIL line
// followed by the coordinator's bare error.
var raceSignature = regexp.MustCompile(`(?m)^--- FAIL: Fuzz\w* \([0-9.]+s\)\n\s+context deadline exceeded\n`)

// list finds the fuzz targets of pkgs by reading their test files: asking
// `go test -list` instead would compile every package's test binary once more
// only to print names, the slowest step of a cold CI run after the race build.
func (r *runner) list(pkgs []string) ([]target, error) {
	args := append([]string{"list", "-f", "{{.ImportPath}}\t{{.Dir}}\t{{join .TestGoFiles \" \"}} {{join .XTestGoFiles \" \"}}"}, pkgs...)
	cmd := exec.Command(r.goCmd, args...)
	cmd.Dir = r.dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %w\n%s", err, stderr.Bytes())
	}
	var targets []target
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		parts := strings.SplitN(line, "\t", 3)
		if len(parts) != 3 {
			continue
		}
		for _, file := range strings.Fields(parts[2]) {
			names, err := fuzzFuncs(filepath.Join(parts[1], file))
			if err != nil {
				return nil, err
			}
			for _, n := range names {
				targets = append(targets, target{pkg: parts[0], dir: parts[1], name: n})
			}
		}
	}
	return targets, nil
}

// fuzzFuncs returns the names of the fuzz targets declared in one test file:
// top-level FuzzXxx functions taking a *testing.F, as go test defines them.
func fuzzFuncs(path string) ([]string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Recv != nil || !isTestName(fn.Name.Name, "Fuzz") {
			continue
		}
		params := fn.Type.Params.List
		if len(params) != 1 || len(params[0].Names) > 1 {
			continue
		}
		star, ok := params[0].Type.(*ast.StarExpr)
		if !ok {
			continue
		}
		if sel, ok := star.X.(*ast.SelectorExpr); ok && sel.Sel.Name == "F" {
			names = append(names, fn.Name.Name)
		}
	}
	return names, nil
}

// isTestName is go test's rule: the prefix, then nothing or a non-lower-case rune.
func isTestName(name, prefix string) bool {
	if !strings.HasPrefix(name, prefix) {
		return false
	}
	rest := name[len(prefix):]
	if rest == "" {
		return true
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return !unicode.IsLower(r)
}

func listDir(dir string) map[string]bool {
	entries, _ := os.ReadDir(dir) // a missing corpus is an empty one
	m := make(map[string]bool, len(entries))
	for _, e := range entries {
		m[e.Name()] = true
	}
	return m
}

func newEntries(before, after map[string]bool) []string {
	var added []string
	for name := range after {
		if !before[name] {
			added = append(added, name)
		}
	}
	return added
}

// readBudgets reads "FuzzName budget" lines; # starts a comment.
func readBudgets(path string) (map[string]string, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	for i, line := range strings.Split(string(data), "\n") {
		if j := strings.IndexByte(line, '#'); j >= 0 {
			line = line[:j]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) != 2 || !strings.HasPrefix(f[0], "Fuzz") {
			return nil, fmt.Errorf("%s:%d: want \"FuzzName budget\"", path, i+1)
		}
		m[f[0]] = f[1]
	}
	return m, nil
}
