package main

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// doctor --html writes one self-contained page: it parses, has a timeline
// per cause and per integration, loads nothing and runs nothing; the table
// still goes to stdout.
func TestDoctorHTML(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	file := filepath.Join(t.TempDir(), "report.html")
	r := sclogsRun(t, basicEnv(srv), "doctor", "2", "--html", file, "--utc").wantCode(t, 0)
	if !strings.Contains(r.stdout, "COUNT") || !strings.Contains(r.stderr, "HTML report written to "+file) {
		t.Errorf("stdout %q\nstderr %q", r.stdout, r.stderr)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	n := map[string]int{}
	var walk func(*html.Node)
	walk = func(x *html.Node) {
		if x.Type == html.ElementNode {
			n[x.Data]++
			for _, a := range x.Attr {
				if a.Key == "src" || a.Key == "href" || strings.HasPrefix(a.Key, "on") {
					t.Errorf("<%s %s=%q>", x.Data, a.Key, a.Val)
				}
			}
		}
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	causes := strings.Count(string(b), `<tr class="cause`)
	blocks := strings.Count(string(b), `<div class="fix">`)
	if causes < 10 || blocks < 3 || n["svg"] != blocks+1 || n["figcaption"] != n["svg"] || n["script"] != 0 || n["link"] != 0 || n["img"] != 0 {
		t.Errorf("%d causes in %d blocks, elements %v: want a labelled <svg> per fix block and one for the integration, no script, link or img", causes, blocks, n)
	}
	if bytes.Contains(b, []byte("consumer_secret=cs_")) || !bytes.Contains(b, []byte("[REDACTED]")) {
		t.Error("example URLs not redacted")
	}
	// An unwritable path fails before any request is sent.
	before := len(srv.Requests())
	for _, bad := range []string{filepath.Join(t.TempDir(), "no", "such", "dir.html"), t.TempDir()} {
		if r := sclogsRun(t, basicEnv(srv), "doctor", "2", "--html", bad); r.code != 1 ||
			!strings.Contains(r.stderr, "writing the HTML report") {
			t.Errorf("unwritable --html %s: exit %d, stderr %q", bad, r.code, r.stderr)
		}
	}
	if n := len(srv.Requests()) - before; n != 0 {
		t.Errorf("an unwritable --html path failed after %d requests, want before any", n)
	}
}

// --html - writes the report to stdout, instead of the table, and no file
// named "-".
func TestDoctorHTMLToStdout(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	dir := t.TempDir()
	cmd := exec.Command(bin, "doctor", "--html", "-", "--utc")
	cmd.Dir = dir
	for k, v := range basicEnv(srv) {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v: %s", err, errb.String())
	}
	if !strings.HasPrefix(out.String(), "<!DOCTYPE html>") || !strings.HasSuffix(strings.TrimSpace(out.String()), "</html>") ||
		strings.Contains(out.String(), "COUNT  TIMELINE") {
		t.Errorf("stdout is not the report alone: %.300q", out.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "-")); err == nil {
		t.Error(`--html - wrote a file named "-"`)
	}
	if r := sclogsRun(t, basicEnv(srv), "doctor", "--html", "-", "-o", "json"); r.code != 2 {
		t.Errorf("--html - with -o json: exit %d, want a usage error", r.code)
	}
}

// The report looks right in a real browser: headless Chromium renders it
// from the file to a PNG whose pixels show the red timeline bars on white.
// Skipped where Chromium is not installed (apt-get install chromium).
func TestDoctorHTMLInChromium(t *testing.T) {
	t.Parallel()
	browser := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			browser = p
			break
		}
	}
	if browser == "" {
		t.Skip("no Chromium here: check the report by opening it in a browser (see the README)")
	}
	srv := newFake(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "report.html")
	sclogsRun(t, basicEnv(srv), "doctor", "--html", file).wantCode(t, 0)
	shot := filepath.Join(dir, "shot.png")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	// The background-networking flags keep Chromium from calling home: on a
	// closed network those connections fail, many at a time.
	cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
		"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--window-size=1280,"+strconv.Itoa(shotHeight), "--screenshot="+shot, "file://"+file)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	red, white := countPixels(img)
	total := img.Bounds().Dx() * img.Bounds().Dy()
	if red < 500 || white < total/2 {
		t.Errorf("screenshot has %d timeline-red and %d white pixels of %d: the page did not render as designed", red, white, total)
	}
	// The page's height: its last row that is not background. The fake's
	// account (300 logs, 146 causes) must fit in about five screens of a
	// 1280×800 display (the README gives the measured figure).
	height := contentHeight(img)
	t.Logf("the fake account's report is %d px tall at 1280 px (%.1f screens of 800 px)", height, float64(height)/800)
	if height > maxReportHeight || height < 800 {
		t.Errorf("report %d px tall at 1280 px, want at most %d (about five screens of 800 px)", height, maxReportHeight)
	}
}

// shotHeight is the screenshot's height: well above the report's, so that
// its end shows. maxReportHeight is five and a half screens of 800 px.
const (
	shotHeight      = 12000
	maxReportHeight = 4400
)

// contentHeight is the index of the last pixel row of img that is not
// white background.
func contentHeight(img image.Image) int {
	b := img.Bounds()
	for y := b.Max.Y - 1; y >= b.Min.Y; y-- {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r>>8 < 245 || g>>8 < 245 || bl>>8 < 245 {
				return y - b.Min.Y + 1
			}
		}
	}
	return 0
}

// countPixels counts the timeline bars' red (#d8453a) and the page's white.
func countPixels(img image.Image) (red, white int) {
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			r, g, bl = r>>8, g>>8, bl>>8
			switch {
			case r > 200 && r < 230 && g > 55 && g < 85 && bl > 45 && bl < 75:
				red++
			case r > 250 && g > 250 && bl > 250:
				white++
			}
		}
	}
	return red, white
}
