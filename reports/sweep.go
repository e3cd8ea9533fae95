package reports

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
)

// SchemaSweep names the JSON schema of a sweep report.
const SchemaSweep = "ssmsim.sweep/1"

// SweepParam is one swept parameter: a path into the scenario and its values.
type SweepParam struct {
	Path   string   `json:"path"`
	Values []string `json:"values"`
}

// SweepCell is one point of a sweep's grid: a value per parameter and the
// aggregate of its runs.
type SweepCell struct {
	Values    []string  `json:"values"`
	Aggregate Aggregate `json:"aggregate"`
}

// Sweep is a sweep's report: the scenario, the grid and each cell's
// aggregate over the same seeds.
type Sweep struct {
	Scenario string       `json:"scenario"`
	Params   []SweepParam `json:"params"`
	Runs     int          `json:"runs"`
	BaseSeed uint64       `json:"base_seed"`
	// Heat names the figure of the heatmap; its 90th percentile across a
	// cell's runs is shown (default time_to_90).
	Heat  string      `json:"heat"`
	Cells []SweepCell `json:"cells"`
}

// sweepColumns are the figures the sweep table shows, of each cell's first
// association.
var sweepColumns = []string{"makespan", "time_to_90", "time_to_100", "final_compliance", "errors"}

// cellFigure is a figure of a cell's first association.
func (c SweepCell) figure(name string) (Figure, bool) {
	if len(c.Aggregate.Associations) == 0 {
		return Figure{}, false
	}
	return c.Aggregate.Associations[0].Figure(name)
}

// P90 is the 90th percentile of a figure's defined samples (NaN if none).
func (f Figure) P90() float64 {
	var xs []float64
	for _, x := range f.Samples {
		if !math.IsNaN(x) {
			xs = append(xs, x)
		}
	}
	return QuantilesOf(xs).P90
}

func cellText(f Figure, ok bool) string {
	if !ok || math.IsNaN(f.Mean) {
		return "n/a"
	}
	v := func(x float64) string {
		if math.IsNaN(x) {
			return "n/a"
		}
		switch f.Unit {
		case "seconds":
			return formatSeconds(x)
		case "fraction":
			return strconv.FormatFloat(100*x, 'f', 1, 64) + "%"
		}
		return strconv.FormatFloat(x, 'f', 1, 64)
	}
	return v(f.Mean) + " [" + v(f.Lo) + ", " + v(f.Hi) + "]"
}

func stopText(a Aggregate) string {
	p, ok := a.Stop("MaxErrors")
	if !ok || p.N == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%d/%d", p.K, p.N)
}

// WriteText writes the sweep as an aligned table: one row per cell, the
// first association's figures as mean [95% CI], and how many runs MaxErrors
// stopped.
func (s Sweep) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "ssmsim sweep\tscenario %s\t%d cells x %d runs\tseeds %d..%d\n", s.Scenario, len(s.Cells), s.Runs, s.BaseSeed, s.BaseSeed+uint64(max(s.Runs, 1))-1)
	for _, p := range s.Params {
		fmt.Fprintf(tw, "  %s\t%s\n", p.Path, strings.Join(p.Values, ", "))
	}
	fmt.Fprintln(tw)
	var head []string
	for _, p := range s.Params {
		head = append(head, lastPathElem(p.Path))
	}
	head = append(head, sweepColumns...)
	head = append(head, "MaxErrors stops")
	fmt.Fprintln(tw, strings.Join(head, "\t"))
	for _, c := range s.Cells {
		row := slices.Clone(c.Values)
		for _, name := range sweepColumns {
			f, ok := c.figure(name)
			row = append(row, cellText(f, ok))
		}
		row = append(row, stopText(c.Aggregate))
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	// The figures have two scopes (issue 13): say which is which.
	_, err := fmt.Fprint(w, "\nEach cell: mean [95% CI] across its runs, of the first association. makespan and\n"+
		"time_to_n are of each run's first execution; errors count all of a run's executions;\n"+
		"n/a: no run had the figure. MaxErrors stops: runs that MaxErrors stopped, of all runs.\n")
	return err
}

// WriteCSV writes one row per cell: the parameter values, then for each
// figure of the first association its mean, CI and p90 across runs
// (seconds or fractions, to six decimals), then the MaxErrors stop count
// and runs.
func (s Sweep) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	var head []string
	for _, p := range s.Params {
		head = append(head, p.Path)
	}
	for _, n := range FigureNames() {
		head = append(head, n+"_mean", n+"_lo", n+"_hi", n+"_p90")
	}
	head = append(head, "maxerrors_stops", "runs")
	if err := cw.Write(head); err != nil {
		return err
	}
	// Six decimals: a microsecond of a duration in seconds, a millionth
	// of a fraction; no binary noise such as 0.9891500000000001.
	num := func(x float64) string {
		if math.IsNaN(x) {
			return ""
		}
		return strconv.FormatFloat(math.Round(x*1e6)/1e6, 'f', -1, 64)
	}
	for _, c := range s.Cells {
		row := slices.Clone(c.Values)
		for _, n := range FigureNames() {
			f, ok := c.figure(n)
			if !ok {
				row = append(row, "", "", "", "")
				continue
			}
			row = append(row, num(f.Mean), num(f.Lo), num(f.Hi), num(f.P90()))
		}
		p, _ := c.Aggregate.Stop("MaxErrors")
		row = append(row, strconv.Itoa(p.K), strconv.Itoa(s.Runs))
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteJSON writes the sweep (schema ssmsim.sweep/1: the fields of Sweep,
// each cell's aggregate in the ssmsim.aggregate/1 form).
func (s Sweep) WriteJSON(w io.Writer) error {
	cells := make([]json.RawMessage, len(s.Cells))
	for i, c := range s.Cells {
		var agg strings.Builder
		if err := c.Aggregate.WriteJSON(&agg); err != nil {
			return err
		}
		vals, _ := json.Marshal(c.Values)
		cells[i] = json.RawMessage(`{"values":` + string(vals) + `,"aggregate":` + strings.TrimSpace(agg.String()) + `}`)
	}
	doc := struct {
		Schema   string            `json:"schema"`
		Scenario string            `json:"scenario"`
		Params   []SweepParam      `json:"params"`
		Runs     int               `json:"runs"`
		BaseSeed uint64            `json:"base_seed"`
		Heat     string            `json:"heat"`
		Cells    []json.RawMessage `json:"cells"`
	}{SchemaSweep, s.Scenario, s.Params, s.Runs, s.BaseSeed, s.heat(), cells}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

func (s Sweep) heat() string {
	if s.Heat == "" {
		return "time_to_90"
	}
	return s.Heat
}

func lastPathElem(p string) string {
	if i := strings.LastIndexAny(p, ".]"); i >= 0 && i+1 < len(p) {
		return p[i+1:]
	}
	return p
}

// WriteHTML writes a self-contained page: the grid, the table, and a
// heatmap of the heat figure's 90th percentile across runs over the first
// two parameters (one row when there is one parameter).
func (s Sweep) WriteHTML(w io.Writer) error {
	var b strings.Builder
	e := html.EscapeString
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>ssmsim sweep: %s</title>\n", e(s.Scenario))
	b.WriteString("<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f3f3f3}</style></head><body>\n")
	fmt.Fprintf(&b, "<h1>ssmsim sweep: %s</h1>\n<p>%d cells &times; %d runs, seeds %d&ndash;%d.</p>\n<ul>", e(s.Scenario), len(s.Cells), s.Runs, s.BaseSeed, s.BaseSeed+uint64(max(s.Runs, 1))-1)
	for _, p := range s.Params {
		fmt.Fprintf(&b, "<li><code>%s</code>: %s</li>", e(p.Path), e(strings.Join(p.Values, ", ")))
	}
	b.WriteString("</ul>\n")
	fmt.Fprintf(&b, "<h2>p90 of %s across runs</h2>\n", e(s.heat()))
	b.WriteString(s.heatmapSVG())
	b.WriteString("\n<h2>Cells</h2>\n<table><tr>")
	for _, p := range s.Params {
		fmt.Fprintf(&b, "<th>%s</th>", e(lastPathElem(p.Path)))
	}
	for _, c := range sweepColumns {
		fmt.Fprintf(&b, "<th>%s</th>", e(c))
	}
	b.WriteString("<th>MaxErrors stops</th></tr>\n")
	for _, c := range s.Cells {
		b.WriteString("<tr>")
		for _, v := range c.Values {
			fmt.Fprintf(&b, "<td>%s</td>", e(v))
		}
		for _, name := range sweepColumns {
			f, ok := c.figure(name)
			fmt.Fprintf(&b, "<td>%s</td>", e(cellText(f, ok)))
		}
		fmt.Fprintf(&b, "<td>%s</td></tr>\n", e(stopText(c.Aggregate)))
	}
	b.WriteString("</table>\n</body></html>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// heatmapSVG draws the heat figure's p90 per cell: rows are the first
// parameter's values, columns the second's (or a single row). The p90 is
// of the runs that reached the figure; a cell says how many runs never
// did (within the horizon), and a cell no run reached is grey. A colour
// scale under the grid gives the values its ends stand for.
func (s Sweep) heatmapSVG() string {
	rows, cols := 1, len(s.Cells)
	if len(s.Params) >= 2 {
		rows, cols = len(s.Params[0].Values), len(s.Cells)/len(s.Params[0].Values)
	}
	vals := make([]float64, len(s.Cells))
	never := make([]int, len(s.Cells))
	known := make([]bool, len(s.Cells))
	unit := ""
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, c := range s.Cells {
		f, ok := c.figure(s.heat())
		vals[i], known[i] = math.NaN(), ok
		if ok {
			vals[i], unit = f.P90(), f.Unit
			for _, x := range f.Samples {
				if math.IsNaN(x) {
					never[i]++
				}
			}
		}
		if !math.IsNaN(vals[i]) {
			lo, hi = math.Min(lo, vals[i]), math.Max(hi, vals[i])
		}
	}
	format := func(x float64) string {
		switch unit {
		case "seconds":
			return formatSeconds(x)
		case "fraction":
			return strconv.FormatFloat(100*x, 'f', 1, 64) + "%"
		}
		return strconv.FormatFloat(x, 'f', 1, 64)
	}
	colour := func(t float64) string { // blue (low) to red (high)
		return fmt.Sprintf("#%02x%02x%02x", int(59+t*(180-59)), int(76+t*(4-76)), int(192+t*(38-192)))
	}
	const cw, ch, left, top, legend = 110, 44, 190, 30, 70
	var b strings.Builder
	width := max(left+cols*cw+10, left+360)
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">`, width, top+rows*ch+legend)
	label := func(i int) string {
		if len(s.Params) >= 2 {
			return lastPathElem(s.Params[1].Path) + "=" + s.Cells[i].Values[1]
		}
		if len(s.Params) == 1 {
			return lastPathElem(s.Params[0].Path) + "=" + s.Cells[i].Values[0]
		}
		return ""
	}
	for c := 0; c < cols; c++ {
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle">%s</text>`, left+c*cw+cw/2, top-10, html.EscapeString(label(c)))
	}
	for r := 0; r < rows; r++ {
		if len(s.Params) >= 2 {
			fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end">%s</text>`, left-8, top+r*ch+ch/2+4, html.EscapeString(lastPathElem(s.Params[0].Path)+"="+s.Params[0].Values[r]))
		}
		for c := 0; c < cols; c++ {
			i := r*cols + c
			if i >= len(vals) {
				break
			}
			fill, text, sub, ink := "#eeeeee", "n/a", "", "#555"
			switch v := vals[i]; {
			case !math.IsNaN(v):
				t := 0.0
				if hi > lo {
					t = (v - lo) / (hi - lo)
				}
				fill, text, ink = colour(t), format(v), "#fff"
				if never[i] > 0 {
					sub = fmt.Sprintf("%d/%d never", never[i], len(s.Cells[i].runsOf(s.heat())))
				}
			case known[i] && never[i] > 0:
				text, sub = "never", fmt.Sprintf("in %d runs", never[i])
			}
			fmt.Fprintf(&b, `<rect class="cell" x="%d" y="%d" width="%d" height="%d" fill="%s" stroke="#fff"/>`, left+c*cw, top+r*ch, cw, ch, fill)
			ty := top + r*ch + ch/2 + 4
			if sub != "" {
				ty -= 7
				fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" font-size="10" fill="%s">%s</text>`, left+c*cw+cw/2, ty+14, ink, html.EscapeString(sub))
			}
			fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" fill="%s">%s</text>`, left+c*cw+cw/2, ty, ink, html.EscapeString(text))
		}
	}
	// The colour scale: what its two ends stand for.
	y := top + rows*ch + 14
	if !math.IsInf(lo, 0) {
		b.WriteString(`<defs><linearGradient id="heat-scale">`)
		for _, t := range []float64{0, 0.5, 1} {
			fmt.Fprintf(&b, `<stop offset="%g" stop-color="%s"/>`, t, colour(t))
		}
		b.WriteString(`</linearGradient></defs>`)
		fmt.Fprintf(&b, `<rect class="scale" x="%d" y="%d" width="200" height="12" fill="url(#heat-scale)"/>`, left, y)
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="start">%s</text><text x="%d" y="%d" text-anchor="end">%s</text>`, left, y+26, html.EscapeString(format(lo)), left+200, y+26, html.EscapeString(format(hi)))
	}
	fmt.Fprintf(&b, `<rect class="scale" x="%d" y="%d" width="12" height="12" fill="#eeeeee"/><text x="%d" y="%d">no run reached it</text>`, left+220, y, left+238, y+10)
	fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="11" fill="#555">p90 across the runs that reached it; &#8220;k/N never&#8221;: runs that did not, within the horizon</text>`, 10, y+44)
	b.WriteString("</svg>")
	return b.String()
}

// runsOf is the samples of a figure of the cell's first association: one
// per run.
func (c SweepCell) runsOf(name string) []float64 {
	f, _ := c.figure(name)
	return f.Samples
}
