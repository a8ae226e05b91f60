package repotest

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// repoRoot is the repository's root directory (the module github.com/sclogs/sclogs).
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("repository root not found: %v", err)
	}
	return root
}

// goBin is the go command that runs these tests.
func goBin(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	return p
}

// runGo runs the go command in dir, offline first: modules come from the
// module cache, which the repository's own build has filled. A throwaway
// module can need the go.mod of a module the repository's build never read
// (go mod tidy loads the whole module graph); only then does it run again
// with the environment's GOPROXY, and says so.
func runGo(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, err := goCommand(t, dir, []string{"GOPROXY=off", "GOSUMDB=off"}, args...)
	if err != nil && strings.Contains(out, "GOPROXY=off") {
		t.Logf("go %s: a module is not in the module cache; trying the environment's GOPROXY", strings.Join(args, " "))
		out, err = goCommand(t, dir, nil, args...)
	}
	if err != nil {
		t.Fatalf("go %s in %s: %v\n%s", strings.Join(args, " "), dir, err, out)
	}
	return out
}

func goCommand(t *testing.T, dir string, env []string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(goBin(t), args...)
	cmd.Dir = dir
	// GOFLAGS keeps what the run was given and adds -mod=mod.
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS="+strings.TrimSpace(os.Getenv("GOFLAGS")+" -mod=mod"), "GOTOOLCHAIN=local")
	cmd.Env = append(cmd.Env, env...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// userModule writes a module example.com/user that requires the library
// through a replace to this checkout, with main.go as given, and the
// repository's go.sum (so offline runs can check sums).
func userModule(t *testing.T, mainGo string) string {
	t.Helper()
	root := repoRoot(t)
	dir := t.TempDir()
	gomod := "module example.com/user\n\ngo 1.26.0\n\nrequire github.com/sclogs/sclogs v0.0.0\n\n" +
		"replace github.com/sclogs/sclogs => " + root + "\n"
	writeFile(t, filepath.Join(dir, "go.mod"), gomod)
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "go.sum"), string(sum))
	writeFile(t, filepath.Join(dir, "main.go"), mainGo)
	return dir
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// copyRepo copies the checkout's files (not .git, not built binaries) to a
// new directory, for changes a test must not make to the real tree.
func copyRepo(t *testing.T) string {
	t.Helper()
	root := repoRoot(t)
	dst := t.TempDir()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		if d.IsDir() {
			if rel == ".git" || rel == "bin" {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// readmeGoBlock returns the first ```go block after the heading line.
func readmeGoBlock(t *testing.T, heading string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i := strings.Index(s, "\n"+heading+"\n")
	if i < 0 {
		t.Fatalf("README.md has no heading %q", heading)
	}
	s = s[i:]
	start := strings.Index(s, "\n```go\n")
	if start < 0 {
		t.Fatalf("README.md has no ```go block after %q", heading)
	}
	s = s[start+len("\n```go\n"):]
	end := strings.Index(s, "\n```")
	if end < 0 {
		t.Fatal(errors.New("README.md: unterminated ```go block"))
	}
	return s[:end+1]
}
