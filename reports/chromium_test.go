package reports

import (
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHTML_RendersInChromium renders the report of ten simulated 1,000-node
// rollouts in headless Chromium and checks the screenshot shows charts.
// It runs only where `chromium` is on PATH (skipped under -short);
// SSMSIM_SCREENSHOT=path keeps the screenshot.
func TestHTML_RendersInChromium(t *testing.T) {
	bin, err := exec.LookPath("chromium")
	if err != nil || testing.Short() {
		t.Skip("chromium is not on PATH (or -short)")
	}
	dir := t.TempDir()
	var runs []RunResult
	for seed := uint64(1); seed <= 10; seed++ {
		runs = append(runs, simRun(t, seed, 1000, 0.02, nil))
	}
	page := filepath.Join(dir, "report.html")
	f, err := os.Create(page)
	require.NoError(t, err)
	require.NoError(t, WriteHTML(f, runs, AggregateRuns(runs)))
	require.NoError(t, f.Close())

	shot := filepath.Join(dir, "report.png")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir="+filepath.Join(dir, "profile"),
		"--screenshot="+shot, "--window-size=1200,2400", "file://"+page)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)

	pf, err := os.Open(shot)
	require.NoError(t, err)
	defer pf.Close()
	img, err := png.Decode(pf)
	require.NoError(t, err)
	assert.Equal(t, image.Rect(0, 0, 1200, 2400), img.Bounds())
	ink, red, green := 0, 0, 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			r, g, bl = r>>8, g>>8, bl>>8
			if r < 230 || g < 230 || bl < 230 {
				ink++
			}
			if r > 200 && g < 130 && bl < 130 { // plotutil's first colour: lines and histogram bars
				red++
			}
			if g > 160 && g > r+50 && g > bl+50 { // its second: the failures line
				green++
			}
		}
	}
	total := b.Dx() * b.Dy()
	t.Logf("screenshot %s: %.1f%% ink, %d red and %d green pixels", shot, 100*float64(ink)/float64(total), red, green)
	assert.Greater(t, ink, total/50, "a page with text and charts, not a blank one")
	assert.Greater(t, red, 5000, "the charts' lines and histogram bars are drawn")
	assert.Greater(t, green, 100, "the failures line is drawn")
	if keep := os.Getenv("SSMSIM_SCREENSHOT"); keep != "" {
		data, err := os.ReadFile(shot)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(keep, data, 0o644))
	}
}
