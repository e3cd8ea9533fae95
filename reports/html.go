package reports

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"math"
	"time"

	"github.com/ssmsim/ssmsim/reports/charts"
)

// maxChartAssociations bounds the associations drawn on one chart.
const maxChartAssociations = 6

// chartBuckets is how many time buckets a chart's series is reduced to
// (each keeps its first, lowest, highest and last point), so a 100,000-node
// run draws as fast as a small one.
const chartBuckets = 600

// WriteHTML writes one self-contained HTML page: the scenario, seeds and
// parameters; the first run's in-flight, cumulative completions and
// failures and compliance over time; across runs, a histogram of each
// association's first-execution makespan (with two runs or more) and the
// aggregate's estimates and stop probabilities; then a line per run. Charts
// are inline SVG; the page has no script and no external asset, and the
// same input gives the same bytes. Runs after the first may have dropped
// their series (RunResult.WithoutSeries).
func WriteHTML(w io.Writer, runs []RunResult, agg Aggregate) error {
	page := htmlPage{Agg: agg, Seeds: seedsText(agg.Seeds), Runs: len(runs)}
	if !agg.Start.IsZero() {
		page.Start = agg.Start.UTC().Format(time.RFC3339)
	}
	for _, a := range agg.Associations {
		page.Params = append(page.Params, htmlParams{Label: associationLabel(a.AssociationName, a.Document),
			Targets: targetsText(a.Targets), MaxConcurrency: a.MaxConcurrency, MaxErrors: a.MaxErrors, Duration: durationText(a.Duration)})
	}
	if len(runs) > 0 {
		first := runs[0]
		page.First = &first
		svgs, err := runCharts(first)
		if err != nil {
			return err
		}
		page.RunCharts = svgs
		var text bytes.Buffer
		if err := first.WriteText(&text); err != nil {
			return err
		}
		page.FirstText = text.String()
	}
	for _, a := range agg.Associations {
		label := associationLabel(a.AssociationName, a.Document)
		f, _ := a.Figure("makespan")
		if len(runs) >= 2 && f.N > 0 && len(page.Histograms) < maxChartAssociations {
			u := unitFor(time.Duration(maxFinite(f.Samples) * float64(time.Second)))
			vs := make([]float64, len(f.Samples))
			for i, s := range f.Samples {
				vs[i] = s / u.seconds
			}
			svg, err := charts.Histogram(charts.Spec{Title: "Makespan of the first execution across runs: " + label,
				XLabel: "makespan (" + u.name + ")", YLabel: "runs"}, vs, 0)
			if err != nil {
				return err
			}
			page.Histograms = append(page.Histograms, template.HTML(svg))
		}
		t := htmlFigures{Label: label}
		for _, f := range a.Figures {
			undef := ""
			if f.Missing > 0 {
				undef = fmt.Sprintf("%d of %d runs", f.Missing, f.N+f.Missing)
			}
			t.Rows = append(t.Rows, []string{figureLabel(f.Name), fmt.Sprint(f.N), formatUnit(f.Mean, f.Unit),
				intervalText(f.Lo, f.Hi, f.Unit), undef})
		}
		for _, s := range a.Stops {
			t.Stops = append(t.Stops, stopRow(s))
		}
		page.Figures = append(page.Figures, t)
	}
	for _, s := range agg.Stops {
		page.Stops = append(page.Stops, stopRow(s))
	}
	for _, r := range runs {
		for _, a := range r.Associations {
			makespan, stoppedAfter := math.NaN(), "-"
			if a.FirstExecution >= 0 && a.FirstExecution < len(r.Executions) {
				e := r.Executions[a.FirstExecution]
				makespan, stoppedAfter = e.Makespan, stopAfterText(e)
			}
			name := a.AssociationName
			if name == "" {
				name = associationLabel("", a.Document)
			}
			page.RunRows = append(page.RunRows, []string{fmt.Sprint(r.Seed), name,
				fmt.Sprint(a.Executions), countsText(stopsOf(r, a.AssociationID)), formatSeconds(makespan), stoppedAfter,
				formatFraction(a.FinalCompliance), formatSeconds(a.TimeTo.P50), formatSeconds(a.TimeTo.P90),
				formatSeconds(a.TimeTo.P99), formatSeconds(a.TimeTo.P100)})
		}
	}
	return pageTemplate.Execute(w, page)
}

type htmlPage struct {
	Agg        Aggregate
	Seeds      string
	Runs       int
	Start      string
	Params     []htmlParams
	First      *RunResult
	FirstText  string
	RunCharts  []template.HTML
	Histograms []template.HTML
	Figures    []htmlFigures
	Stops      [][]string
	RunRows    [][]string
}

type htmlParams struct {
	Label, Targets, MaxConcurrency, MaxErrors, Duration string
}

type htmlFigures struct {
	Label string
	Rows  [][]string
	Stops [][]string
}

func stopRow(s StopProbability) []string {
	return []string{s.Reason, fmt.Sprintf("%d/%d", s.K, s.N), formatFraction(s.P), intervalText(s.Lo, s.Hi, "fraction")}
}

func stopsOf(r RunResult, associationID string) map[string]int {
	m := map[string]int{}
	for _, e := range r.Executions {
		if e.AssociationID == associationID && e.Stop.String() != "none" {
			m[e.Stop.String()]++
		}
	}
	return m
}

func durationText(h int32) string {
	if h == 0 {
		return "none"
	}
	return fmt.Sprintf("%dh", h)
}

// timeUnit is a chart's unit of virtual time.
type timeUnit struct {
	name    string
	seconds float64
}

func unitFor(span time.Duration) timeUnit {
	switch {
	case span <= 2*time.Hour:
		return timeUnit{"minutes", 60}
	case span <= 72*time.Hour:
		return timeUnit{"hours", 3600}
	}
	return timeUnit{"days", 86400}
}

func maxFinite(xs []float64) float64 {
	m := 0.0
	for _, x := range xs {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			m = math.Max(m, x)
		}
	}
	return m
}

// runCharts draws a run's in-flight, completions and failures, and
// compliance over time.
func runCharts(r RunResult) ([]template.HTML, error) {
	span := max(0, r.End.Sub(r.Start))
	u := unitFor(span)
	xlabel := u.name + " since " + r.Start.UTC().Format(time.RFC3339)
	assocs := r.Associations[:min(len(r.Associations), maxChartAssociations)]
	var inflight, cumulative, compliance []charts.Line
	for _, a := range assocs {
		name := associationLabel(a.AssociationName, a.Document)
		inflight = append(inflight, seriesLine(name, a.InFlight, span, u, 1))
		cumulative = append(cumulative, seriesLine(name+" completed", a.Completed, span, u, 1),
			seriesLine(name+" failed", a.Failed, span, u, 1))
		compliance = append(compliance, seriesLine(name, a.Compliance, span, u, 100))
	}
	if len(assocs) == 1 { // one association: name the lines by what they count
		cumulative[0].Name, cumulative[1].Name = "completed", "failed"
	}
	title := fmt.Sprintf(" (seed %d)", r.Seed)
	specs := []struct {
		spec  charts.Spec
		lines []charts.Line
	}{
		{charts.Spec{Title: "Target runs in flight" + title, XLabel: xlabel, YLabel: "in flight"}, inflight},
		{charts.Spec{Title: "Cumulative completions and failures" + title, XLabel: xlabel, YLabel: "target runs"}, cumulative},
		{charts.Spec{Title: "Compliance" + title, XLabel: xlabel, YLabel: "% of targets whose latest run succeeded", YMin: 0, YMax: 100}, compliance},
	}
	var out []template.HTML
	for _, s := range specs {
		svg, err := charts.Lines(s.spec, s.lines)
		if err != nil {
			return nil, err
		}
		out = append(out, template.HTML(svg))
	}
	return out, nil
}

// seriesLine reduces a series to at most 4 points per time bucket (first,
// lowest, highest, last: the extremes a chart shows survive), extends it to
// the end of the run, and scales it to the chart's units.
func seriesLine(name string, s Series, end time.Duration, u timeUnit, scale float64) charts.Line {
	l := charts.Line{Name: name, Step: true}
	add := func(i int) {
		l.X = append(l.X, s.At[i].Seconds()/u.seconds)
		l.Y = append(l.Y, s.Value[i]*scale)
	}
	width := max(end, time.Nanosecond)/chartBuckets + 1
	prev := -1 // index of the last point added
	for i := 0; i < len(s.At); {
		b := s.At[i] / width
		j, lo, hi := i, i, i
		for ; j < len(s.At) && s.At[j]/width == b; j++ {
			if s.Value[j] < s.Value[lo] {
				lo = j
			}
			if s.Value[j] > s.Value[hi] {
				hi = j
			}
		}
		for _, k := range []int{i, min(lo, hi), max(lo, hi), j - 1} {
			if k > prev {
				add(k)
				prev = k
			}
		}
		i = j
	}
	if n := len(s.At); n > 0 && s.At[n-1] < end {
		l.X = append(l.X, end.Seconds()/u.seconds)
		l.Y = append(l.Y, s.Value[n-1]*scale)
	}
	return l
}
