package charts

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Spec is a chart's text and size.
type Spec struct {
	Title, XLabel, YLabel string
	Width, Height         vg.Length // 0: 9 × 3.4 inches
	// YMin and YMax fix the Y range when YMax > YMin; otherwise it fits
	// the data (and includes 0).
	YMin, YMax float64
}

// Line is a named series of points. Points with a NaN coordinate break
// the line.
type Line struct {
	Name string
	X, Y []float64
	// Step draws the line as a step function: each value holds until the
	// next point's X.
	Step bool
}

// Lines draws lines on common axes, with a legend when there are several.
func Lines(spec Spec, lines []Line) (string, error) {
	p := newPlot(spec)
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.XOffs, p.Legend.YOffs = vg.Points(8), -vg.Points(4)
	p.Add(plotter.NewGrid())
	for i, l := range lines {
		if len(l.X) != len(l.Y) {
			return "", fmt.Errorf("charts: line %q has %d x and %d y values", l.Name, len(l.X), len(l.Y))
		}
		style := draw.LineStyle{Color: plotutil.Color(i), Width: vg.Points(1.5)}
		for _, seg := range segments(l.X, l.Y) {
			ln, err := plotter.NewLine(seg)
			if err != nil {
				return "", fmt.Errorf("charts: line %q: %w", l.Name, err)
			}
			ln.LineStyle = style
			if l.Step {
				ln.StepStyle = plotter.PostStep
			}
			p.Add(ln)
		}
		if len(lines) > 1 {
			p.Legend.Add(l.Name, &plotter.Line{LineStyle: style})
		}
	}
	return render(p, spec)
}

// Points is a named set of points drawn as marks, not joined.
type Points struct {
	Name string
	X, Y []float64
}

// Scatter draws sets of points on common axes, each in its own colour and
// mark, with a legend when there are several. Points with a NaN
// coordinate are left out; a set with no point left is left out too.
func Scatter(spec Spec, sets []Points) (string, error) {
	p := newPlot(spec)
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.XOffs, p.Legend.YOffs = vg.Points(8), -vg.Points(4)
	p.Add(plotter.NewGrid())
	drawn := 0
	for i, set := range sets {
		if len(set.X) != len(set.Y) {
			return "", fmt.Errorf("charts: points %q have %d x and %d y values", set.Name, len(set.X), len(set.Y))
		}
		var xys plotter.XYs
		for k := range set.X {
			if !math.IsNaN(set.X[k]) && !math.IsNaN(set.Y[k]) && !math.IsInf(set.X[k], 0) && !math.IsInf(set.Y[k], 0) {
				xys = append(xys, plotter.XY{X: set.X[k], Y: set.Y[k]})
			}
		}
		if len(xys) == 0 {
			continue
		}
		sc, err := plotter.NewScatter(xys)
		if err != nil {
			return "", fmt.Errorf("charts: points %q: %w", set.Name, err)
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: plotutil.Color(i), Radius: vg.Points(2.5), Shape: plotutil.Shape(i)}
		p.Add(sc)
		p.Legend.Add(set.Name, sc)
		drawn++
	}
	if drawn < 2 {
		p.Legend = plot.NewLegend()
		p.Legend.TextStyle.Font.Variant = "Sans"
	}
	return render(p, spec)
}

// segments splits points at NaN coordinates into drawable runs.
func segments(xs, ys []float64) []plotter.XYs {
	var out []plotter.XYs
	var cur plotter.XYs
	for i := range xs {
		if math.IsNaN(xs[i]) || math.IsNaN(ys[i]) || math.IsInf(xs[i], 0) || math.IsInf(ys[i], 0) {
			if len(cur) > 0 {
				out = append(out, cur)
			}
			cur = nil
			continue
		}
		cur = append(cur, plotter.XY{X: xs[i], Y: ys[i]})
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// Histogram draws the distribution of values (NaN values are left out)
// in bins equal-width bins; bins <= 0 chooses Sturges' rule.
func Histogram(spec Spec, values []float64, bins int) (string, error) {
	var vs plotter.Values
	for _, v := range values {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			vs = append(vs, v)
		}
	}
	if len(vs) == 0 {
		return "", errors.New("charts: histogram of no values")
	}
	if bins <= 0 {
		bins = int(math.Ceil(math.Log2(float64(len(vs))))) + 1
	}
	p := newPlot(spec)
	h, err := plotter.NewHist(vs, bins)
	if err != nil {
		return "", fmt.Errorf("charts: histogram: %w", err)
	}
	h.FillColor = plotutil.Color(0)
	p.Add(plotter.NewGrid(), h)
	return render(p, spec)
}

func newPlot(spec Spec) *plot.Plot {
	p := plot.New()
	p.Title.Text, p.X.Label.Text, p.Y.Label.Text = spec.Title, spec.XLabel, spec.YLabel
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font.Variant = "Sans"
		a.Tick.Label.Font.Variant = "Sans"
		a.Tick.Marker = plainTicks{}
	}
	p.Title.TextStyle.Font.Variant = "Sans"
	p.Legend.TextStyle.Font.Variant = "Sans"
	if spec.YMax > spec.YMin {
		p.Y.Min, p.Y.Max = spec.YMin, spec.YMax
	}
	return p
}

// plainTicks are gonum's default ticks labelled without trailing zeros
// ("25", not "25.00").
type plainTicks struct{}

// Ticks returns the default ticks for [min, max] with plain labels.
func (plainTicks) Ticks(min, max float64) []plot.Tick {
	ts := plot.DefaultTicks{}.Ticks(min, max)
	for i, t := range ts {
		if v, err := strconv.ParseFloat(t.Label, 64); err == nil && t.Label != "" {
			ts[i].Label = strconv.FormatFloat(v, 'f', -1, 64)
		}
	}
	return ts
}

// render draws the plot and returns its SVG element.
func render(p *plot.Plot, spec Spec) (string, error) {
	w, h := spec.Width, spec.Height
	if w <= 0 {
		w = 9 * vg.Inch
	}
	if h <= 0 {
		h = 3.4 * vg.Inch
	}
	if spec.YMax <= spec.YMin && p.Y.Min > 0 {
		p.Y.Min = 0 // counts and durations read best from zero
	}
	c := vgsvg.New(w, h)
	p.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return "", err
	}
	svg := buf.String()
	i := strings.Index(svg, "<svg")
	if i < 0 {
		return "", errors.New("charts: vgsvg wrote no <svg> element")
	}
	return svg[i:], nil
}
