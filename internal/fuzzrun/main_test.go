package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// raceOutput is what Go 1.26's coordinator prints when its deadline race
// strikes (copied from a failed CI run of FuzzText).
const raceOutput = `fuzz: elapsed: 3s, execs: 14834 (0/sec), new interesting: 13 (total: 39)
--- FAIL: FuzzText (3.24s)
    context deadline exceeded
FAIL
exit status 1
FAIL	github.com/sclogs/sclogs/internal/redact	3.301s
`

func exitError(t *testing.T) error {
	t.Helper()
	err := exec.Command("false").Run()
	if err == nil {
		t.Fatal("false succeeded")
	}
	return err
}

func TestClassify(t *testing.T) {
	fail := exitError(t)
	tests := []struct {
		name   string
		err    error
		output string
		added  []string
		want   outcome
	}{
		{"clean run", nil, "ok  \tpkg\t1.0s\n", nil, outcomePass},
		{"the race", fail, raceOutput, nil, outcomeFlake},
		{"the race text but a reproducer written", fail, raceOutput, []string{"582528ddfad69eb5"}, outcomeFail},
		{"a finding", fail, "--- FAIL: FuzzX (0.10s)\n    --- FAIL: FuzzX (0.00s)\n        x_test.go:9: boom\n    Failing input written to testdata/fuzz/FuzzX/abc\n", nil, outcomeFail},
		{"a panic in a worker", fail, "--- FAIL: FuzzX (1.00s)\n    context deadline exceeded\npanic: runtime error\n", nil, outcomeFail},
		{"a build error", fail, "# pkg\n./x.go:1:1: syntax error\nFAIL\tpkg [build failed]\n", nil, outcomeFail},
		{"go did not start", os.ErrNotExist, "", nil, outcomeFail},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := classify(tt.err, []byte(tt.output), tt.added); got != tt.want {
				t.Errorf("classify = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestReadBudgets(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "budgets")
	if err := os.WriteFile(path, []byte("# slow target\nFuzzSlow 2000x\n\nFuzzLong 10s # local\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := readBudgets(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got["FuzzSlow"] != "2000x" || got["FuzzLong"] != "10s" {
		t.Fatalf("budgets = %v", got)
	}
	if m, err := readBudgets(filepath.Join(dir, "missing")); err != nil || m != nil {
		t.Fatalf("missing file: %v, %v", m, err)
	}
	if err := os.WriteFile(path, []byte("FuzzX\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := readBudgets(path); err == nil {
		t.Fatal("a line without a budget was accepted")
	}
}

// brokenModule is a module with two fuzz targets: FuzzSplitJoin, a copy of a
// real round-trip property with a deliberate bug (it forgets that an empty
// separator splits into runes), and FuzzDouble, which cannot fail.
var brokenModule = map[string]string{
	"go.mod": "module fuzzdemo\n\ngo 1.26\n",
	"demo_test.go": `package fuzzdemo

import (
	"strings"
	"testing"
)

func FuzzSplitJoin(f *testing.F) {
	f.Add("a,b", ",")
	f.Fuzz(func(t *testing.T, s, sep string) {
		if sep == "" {
			sep = ","
		}
		// The bug: a separator longer than one byte is joined back as ",".
		if got := strings.Join(strings.Split(s, sep), sep[:1]); got != s {
			t.Fatalf("round trip of %q by %q gave %q", s, sep, got)
		}
	})
}

func FuzzDouble(f *testing.F) {
	f.Add(3)
	f.Fuzz(func(t *testing.T, n int) {
		if n*2 != n+n {
			t.Fatal("arithmetic broke")
		}
	})
}
`,
}

// TestRunnerFailsOnAFinding runs the real go command on the broken module: the
// broken target must fail the run and leave its input in testdata/fuzz/, the
// sound one must pass.
func TestRunnerFailsOnAFinding(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go test -fuzz")
	}
	dir := t.TempDir()
	for name, body := range brokenModule {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	// FuzzDouble cannot fail: a short budget says as much as a long one.
	r := runner{goCmd: goCommand(), dir: dir, out: &out, defaultBudget: "200000x",
		budgets: map[string]string{"FuzzDouble": "2000x"}}
	passed, failed, err := r.run([]string{"./..."})
	if err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	if passed != 1 || failed != 1 {
		t.Fatalf("passed %d, failed %d; want 1 and 1\n%s", passed, failed, out.String())
	}
	entries, err := os.ReadDir(filepath.Join(dir, "testdata", "fuzz", "FuzzSplitJoin"))
	if err != nil || len(entries) == 0 {
		t.Fatalf("no reproducer kept in testdata/fuzz/FuzzSplitJoin (%v)\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "fuzz: FAIL FuzzSplitJoin: failing input kept in") {
		t.Errorf("the runner did not name the kept input:\n%s", out.String())
	}
	if strings.Contains(out.String(), "running it again") {
		t.Errorf("a finding was retried as a flake:\n%s", out.String())
	}
}

func TestIsTestName(t *testing.T) {
	for name, want := range map[string]bool{"Fuzz": true, "FuzzX": true, "Fuzz_x": true, "Fuzzy": false, "fuzzX": false, "TestX": false} {
		if got := isTestName(name, "Fuzz"); got != want {
			t.Errorf("isTestName(%q) = %v, want %v", name, got, want)
		}
	}
}
