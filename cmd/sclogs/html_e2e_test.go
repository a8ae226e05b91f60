package main

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// doctor --html writes one self-contained page: it parses, has a timeline
// per cause and per integration, loads nothing and runs nothing; the table
// still goes to stdout.
func TestDoctorHTML(t *testing.T) {
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
	causes := strings.Count(string(b), `<div class="cause">`)
	if causes < 10 || n["svg"] != causes+1 || n["script"] != 0 || n["link"] != 0 || n["img"] != 0 {
		t.Errorf("%d causes, elements %v: want an <svg> per cause and one for the integration, no script, link or img", causes, n)
	}
	if bytes.Contains(b, []byte("consumer_secret=cs_")) || !bytes.Contains(b, []byte("[REDACTED]")) {
		t.Error("example URLs not redacted")
	}
	if r := sclogsRun(t, basicEnv(srv), "doctor", "2", "--html", filepath.Join(t.TempDir(), "no", "such", "dir.html")); r.code != 1 ||
		!strings.Contains(r.stderr, "writing the HTML report") {
		t.Errorf("unwritable --html: exit %d, stderr %q", r.code, r.stderr)
	}
}

// The report looks right in a real browser: headless Chromium renders it
// from the file to a PNG whose pixels show the red timeline bars on white.
// Skipped where Chromium is not installed (apt-get install chromium).
func TestDoctorHTMLInChromium(t *testing.T) {
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
	sclogsRun(t, basicEnv(srv), "doctor", "1", "--html", file).wantCode(t, 0)
	shot := filepath.Join(dir, "shot.png")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	// The background-networking flags keep Chromium from calling home: on a
	// closed network those connections fail, many at a time.
	cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
		"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--window-size=1000,1400", "--screenshot="+shot, "file://"+file)
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
