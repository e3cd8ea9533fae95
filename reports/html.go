package reports

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"math"
	"time"

	"github.com/ssmsim/ssmsim/reports/charts"
	"github.com/ssmsim/ssmsim/sim/result"
)

// maxChartAssociations bounds the associations drawn on one chart.
const maxChartAssociations = 6

// chartBuckets is how many time buckets a chart's series is reduced to
// (each keeps its first, lowest, highest and last point), so a 100,000-node
// run draws as fast as a small one.
const chartBuckets = 600

// WriteHTML writes one self-contained HTML page: the scenario, seeds and
// parameters; the first run's in-flight, cumulative completions and
// failures and compliance over time, and, when an association ran several
// executions, a panel of each execution's makespan and errors and the
// first executions' in-flight curves on their own axes; across runs, a
// histogram of each
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
		if page.ExecCharts, page.Zoom, page.ZoomOf, err = executionCharts(first); err != nil {
			return err
		}
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
	ExecCharts []template.HTML // per execution, when an association ran several
	Zoom       []template.HTML // in flight during the first executions, each on its own axis
	ZoomOf     string
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

// zoomExecutions is how many executions the zoom draws, each on its own
// axis.
const zoomExecutions = 4

// executionCharts draws, for a run whose associations ran several
// executions, what a single time axis flattens: each execution's makespan
// and errors against its creation time, marked by what stopped it, and
// the first executions' target runs in flight, each on an axis of its own
// span. Nothing when no association ran more than one execution.
func executionCharts(r RunResult) (panel, zoom []template.HTML, zoomOf string, err error) {
	var multi *AssociationStats
	for i := range r.Associations {
		if r.Associations[i].Executions > 1 {
			multi = &r.Associations[i]
			break
		}
	}
	if multi == nil {
		return nil, nil, "", nil
	}
	span := max(0, r.End.Sub(r.Start))
	u := unitFor(span)
	xlabel := "execution created, " + u.name + " since " + r.Start.UTC().Format(time.RFC3339)
	longest := 0.0
	for _, e := range r.Executions {
		longest = math.Max(longest, finiteOr0(e.Makespan))
	}
	mu := unitFor(time.Duration(longest * float64(time.Second)))
	// One set of marks per outcome, in a fixed order: what stopped the
	// execution, or Skipped by a calendar, or still running at the end.
	names := []string{"ran to completion"}
	for _, s := range result.StopReasons()[1:] {
		names = append(names, "stopped: "+s.String())
	}
	names = append(names, "skipped (calendar closed)", "running at the end")
	makespan := make([]charts.Points, len(names))
	errs := make([]charts.Points, len(names))
	for i, n := range names {
		makespan[i].Name, errs[i].Name = n, n
	}
	for _, e := range r.Executions {
		k := int(e.Stop)
		switch {
		case e.Status == "Skipped":
			k = len(names) - 2
		case !e.Done:
			k = len(names) - 1
		}
		x := e.Created.Sub(r.Start).Seconds() / u.seconds
		y := finiteOr0(e.Makespan) / mu.seconds
		if !e.Done {
			y = r.End.Sub(e.Created).Seconds() / mu.seconds // so far
		}
		makespan[k].X, makespan[k].Y = append(makespan[k].X, x), append(makespan[k].Y, y)
		errs[k].X, errs[k].Y = append(errs[k].X, x), append(errs[k].Y, float64(e.Errors))
	}
	title := fmt.Sprintf(" (seed %d, %d executions)", r.Seed, len(r.Executions))
	for _, c := range []struct {
		spec charts.Spec
		sets []charts.Points
	}{
		{charts.Spec{Title: "Makespan of each execution" + title, XLabel: xlabel, YLabel: "makespan (" + mu.name + ")", Height: 2.8 * 72}, makespan},
		{charts.Spec{Title: "Errors of each execution" + title, XLabel: xlabel, YLabel: "errors (count toward MaxErrors)", Height: 2.8 * 72}, errs},
	} {
		svg, err := charts.Scatter(c.spec, c.sets)
		if err != nil {
			return nil, nil, "", err
		}
		panel = append(panel, template.HTML(svg))
	}
	// The zoom: the first executions of that association that ran.
	name := associationLabel(multi.AssociationName, multi.Document)
	for _, e := range r.Executions {
		if len(zoom) == zoomExecutions {
			break
		}
		if e.AssociationID != multi.AssociationID || e.Status == "Skipped" {
			continue
		}
		from := e.Created.Sub(r.Start)
		to := r.End.Sub(r.Start)
		if e.Done && !math.IsNaN(e.Makespan) {
			to = min(to, from+time.Duration(e.Makespan*float64(time.Second)))
		}
		pad := max((to-from)/20, time.Second)
		from, to = max(0, from-pad), min(r.End.Sub(r.Start), to+pad)
		wu := unitFor(to - from)
		line := windowLine(multi.InFlight, from, to, e.Created.Sub(r.Start), wu)
		svg, err := charts.Lines(charts.Spec{
			Title:  fmt.Sprintf("Execution %d, %s", e.Index+1, e.Created.UTC().Format("2006-01-02 15:04")),
			XLabel: wu.name + " since its creation", YLabel: "in flight", Width: 4.4 * 72, Height: 2.4 * 72,
		}, []charts.Line{line})
		if err != nil {
			return nil, nil, "", err
		}
		zoom = append(zoom, template.HTML(svg))
	}
	return panel, zoom, name, nil
}

// windowLine is a series between two offsets from the run's start, as a
// step line whose X counts u from origin (the execution's creation).
func windowLine(s Series, from, to, origin time.Duration, u timeUnit) charts.Line {
	l := charts.Line{Step: true}
	// The value in force at the window's start, then every change inside.
	v := 0.0
	for i := range s.At {
		if s.At[i] > from {
			break
		}
		v = s.Value[i]
	}
	x := func(t time.Duration) float64 { return (t - origin).Seconds() / u.seconds }
	l.X, l.Y = append(l.X, x(from)), append(l.Y, v)
	for i := range s.At {
		if s.At[i] > from && s.At[i] <= to {
			l.X = append(l.X, x(s.At[i]))
			l.Y = append(l.Y, s.Value[i])
		}
	}
	last := l.Y[len(l.Y)-1]
	l.X, l.Y = append(l.X, x(to)), append(l.Y, last)
	return l
}

func finiteOr0(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	return x
}
