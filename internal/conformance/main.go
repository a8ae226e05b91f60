// Command conformance checks the fake (`sclogs serve-fake`) against the
// vendored spec with an independent validator: Stoplight Prism's validating
// proxy (npm @stoplight/prism-cli, pinned in package.json here) sits in
// front of serve-fake, and every request generated from the spec (see
// buildCases) goes through it. Prism validates each request and each
// response against api/openapi.yaml and reports what breaks it in the
// sl-violations header.
//
// A case fails when the fake answers a valid request outside 2xx (or, for
// an unknown integration, outside 4xx), an invalid one outside 4xx, a
// request without credentials other than 401, anything with a 5xx, or
// when Prism finds a violation in a response that is not one of the spec's
// own known defects (listed in knownDefects and printed with the results).
// A request the spec's generator meant as valid that Prism finds invalid
// is a failure of this program, reported as such.
//
// Run it with `make conformance` (which installs Prism with npm ci first).
// It exits 1 when a case fails.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "conformance:", err)
		os.Exit(1)
	}
}

func run() error {
	spec := flag.String("spec", "api/openapi.yaml", "the spec")
	prism := flag.String("prism", "internal/conformance/node_modules/.bin/prism", "the prism command (npm ci --prefix internal/conformance installs it)")
	verbose := flag.Bool("v", false, "print every case, not only failures")
	flag.Parse()
	if _, err := os.Stat(*prism); err != nil {
		return fmt.Errorf("no prism at %s: run npm ci --prefix internal/conformance (make conformance does): %w", *prism, err)
	}
	doc, err := openapi3.NewLoader().LoadFromFile(*spec)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "sclogs-conformance-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "sclogs")
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/sclogs").CombinedOutput(); err != nil {
		return fmt.Errorf("building sclogs: %v\n%s", err, out)
	}

	fake, base, err := startFake(bin)
	if err != nil {
		return err
	}
	defer stop(fake)
	port, err := freePort()
	if err != nil {
		return err
	}
	proxy := exec.Command(*prism, "proxy", *spec, base, "-h", "127.0.0.1", "-p", port, "--errors=false")
	proxy.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // node starts children: stop the group
	var prismLog bytes.Buffer
	proxy.Stdout, proxy.Stderr = &prismLog, &prismLog
	if err := proxy.Start(); err != nil {
		return fmt.Errorf("starting prism: %w", err)
	}
	defer stop(proxy)
	addr := "127.0.0.1:" + port
	if err := waitListening(addr, 2*time.Minute); err != nil {
		return fmt.Errorf("prism did not start: %w\n%s", err, prismLog.String())
	}

	fmt.Printf("Prism %s validating proxy at http://%s in front of sclogs serve-fake at %s\n\n", prismVersion(*prism), addr, base)
	defects := specDefects(doc)
	fmt.Println("The spec's own defects (excused; its examples checked against its schemas with kin-openapi):")
	for _, d := range knownDefects {
		fmt.Println("  -", d)
	}
	for _, d := range defects {
		fmt.Println("  - example:", d)
	}
	fmt.Println()

	cases := buildCases(doc)
	client := &http.Client{Timeout: time.Minute}
	passed, failed := 0, 0
	ops := map[string]int{}
	excused := map[string]int{}
	for _, c := range cases {
		r := send(client, "http://"+addr, c)
		verdict := judge(c, r)
		ops[c.op]++
		for _, e := range verdict.excused {
			excused[e]++
		}
		if verdict.fail != "" {
			failed++
			fmt.Printf("FAIL %s %s%s (%s): %s\n     answer %d %.300s\n     violations %s\n", c.method, c.path, query(c), c.name, verdict.fail, r.status, r.body, r.violations)
			continue
		}
		passed++
		if *verbose {
			fmt.Printf("ok   %s %s%s (%s): %d\n", c.method, c.path, query(c), c.name, r.status)
		}
	}
	fmt.Println("\nCases per operation:")
	for _, id := range sortedKeys(ops) {
		fmt.Printf("  %-62s %d\n", id, ops[id])
	}
	if len(excused) > 0 {
		fmt.Println("Violations excused as the spec's defects:")
		for _, e := range sortedKeys(excused) {
			fmt.Printf("  %4d × %s\n", excused[e], e)
		}
	}
	fmt.Printf("\nconformance: %d passed, %d failed\n", passed, failed)
	if failed > 0 {
		return errors.New("the fake failed some cases")
	}
	return nil
}

func query(c testCase) string {
	if len(c.query) == 0 {
		return ""
	}
	return "?" + c.query.Encode()
}

// startFake runs serve-fake on a free loopback port and returns its base URL.
func startFake(bin string) (*exec.Cmd, string, error) {
	cmd := exec.Command(bin, "serve-fake", "--addr", "127.0.0.1:0")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, "", err
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, "", err
	}
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "base URL:"); ok {
			go func() { _, _ = io.Copy(io.Discard, out) }()
			return cmd, strings.TrimSpace(v), nil
		}
	}
	stop(cmd)
	return nil, "", errors.New("serve-fake printed no base URL")
}

// stop ends a child process (and its children) that this program started.
func stop(cmd *exec.Cmd) {
	if cmd == nil || cmd.Process == nil {
		return
	}
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-done
	}
}

func freePort() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	_, port, err := net.SplitHostPort(l.Addr().String())
	return port, err
}

func waitListening(addr string, limit time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			return nil
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func prismVersion(prism string) string {
	out, err := exec.Command(prism, "--version").Output()
	if err != nil {
		return "?"
	}
	return strings.TrimSpace(string(out))
}

// answer is what the proxy returned for a case.
type answer struct {
	status     int
	body       []byte
	violations []violation
	err        error
}

// violation is one entry of Prism's sl-violations header.
type violation struct {
	Location []string `json:"location"`
	Severity string   `json:"severity"`
	Code     any      `json:"code"`
	Message  string   `json:"message"`
}

func (v violation) String() string { return strings.Join(v.Location, ".") + ": " + v.Message }

func send(client *http.Client, proxy string, c testCase) answer {
	var body io.Reader
	if c.body != nil {
		body = bytes.NewReader(c.body)
	}
	req, err := http.NewRequest(c.method, proxy+c.path+query(c), body)
	if err != nil {
		return answer{err: err}
	}
	if c.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.auth {
		req.SetBasicAuth("demo-public", "demo-secret")
	}
	resp, err := client.Do(req)
	if err != nil {
		return answer{err: err}
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	a := answer{status: resp.StatusCode, body: b}
	if h := resp.Header.Get("sl-violations"); h != "" {
		if err := json.Unmarshal([]byte(h), &a.violations); err != nil {
			a.err = fmt.Errorf("sl-violations header %q: %w", h, err)
		}
	}
	return a
}
