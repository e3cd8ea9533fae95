package reports

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func cellWith(makespan ...float64) SweepCell {
	var figs []Figure
	for _, n := range FigureNames() {
		samples := []float64{math.NaN(), math.NaN()}
		if n == "makespan" || n == "time_to_90" {
			samples = makespan
		}
		figs = append(figs, Figure{Name: n, Unit: "seconds", Samples: samples, Estimate: MeanCI(samples)})
	}
	return SweepCell{Aggregate: Aggregate{Associations: []AssociationAggregate{{Figures: figs}}, Stops: []StopProbability{{Reason: "MaxErrors", Proportion: Wilson(1, 2)}}}}
}

func TestSweepReport(t *testing.T) {
	a, b := cellWith(60, 120), cellWith(math.NaN(), math.NaN())
	a.Values, b.Values = []string{"5%"}, []string{"50%"}
	s := Sweep{Scenario: "demo", Params: []SweepParam{{Path: "associations[0].MaxConcurrency", Values: []string{"5%", "50%"}}}, Runs: 2, BaseSeed: 1, Cells: []SweepCell{a, b}}
	assert.Equal(t, 120.0, a.Aggregate.Associations[0].Figures[0].P90(), "p90 of {60, 120}: gonum's empirical quantile takes a sample value")
	assert.True(t, math.IsNaN(b.Aggregate.Associations[0].Figures[0].P90()), "no defined sample: NaN")

	var text, csvOut, js, page bytes.Buffer
	require.NoError(t, s.WriteText(&text))
	require.NoError(t, s.WriteCSV(&csvOut))
	require.NoError(t, s.WriteJSON(&js))
	require.NoError(t, s.WriteHTML(&page))
	assert.Contains(t, text.String(), "2 cells x 2 runs")
	assert.Contains(t, text.String(), "1m30s [")
	assert.Contains(t, text.String(), "1/2", "MaxErrors stopped one of two runs")
	lines := strings.Split(strings.TrimSpace(csvOut.String()), "\n")
	require.Len(t, lines, 3)
	assert.True(t, strings.HasPrefix(lines[0], "associations[0].MaxConcurrency,makespan_mean,"))
	assert.True(t, strings.HasPrefix(lines[2], "50%,,,,"), "undefined figures are empty, not zero")
	assert.Contains(t, js.String(), `"schema": "ssmsim.sweep/1"`)
	assert.Contains(t, js.String(), `"heat": "time_to_90"`)
	assert.Equal(t, 2, strings.Count(page.String(), `class="cell"`), "one heatmap cell per grid cell")
	assert.Contains(t, page.String(), ">never<", "no run reached the figure in the 50% cell")
	assert.Contains(t, page.String(), ">in 2 runs<")
}

// The heatmap says what its colours stand for and how many runs never
// reached the figure (issue 13 item 6): a scale from the lowest p90 to
// the highest, a grey "no run reached it", and "k/N never" in a cell
// whose p90 is of only some of its runs.
func TestSweepHeatmap_ScaleAndNeverReached(t *testing.T) {
	a, b, c := cellWith(60, 120), cellWith(90, math.NaN()), cellWith(math.NaN(), math.NaN())
	a.Values, b.Values, c.Values = []string{"5%"}, []string{"10%"}, []string{"50%"}
	s := Sweep{Scenario: "demo", Params: []SweepParam{{Path: "associations[0].MaxConcurrency", Values: []string{"5%", "10%", "50%"}}}, Runs: 2, BaseSeed: 1, Cells: []SweepCell{a, b, c}}
	svg := s.heatmapSVG()
	assert.Equal(t, 3, strings.Count(svg, `class="cell"`))
	assert.Contains(t, svg, `url(#heat-scale)`, "a colour scale")
	assert.Contains(t, svg, `text-anchor="start">1m30s<`, "its low end: the lowest p90 (the 10% cell's one run)")
	assert.Contains(t, svg, `text-anchor="end">2m0s<`, "its high end: the highest p90")
	assert.Contains(t, svg, ">1/2 never<", "the 10% cell: one run of two never reached 90%")
	assert.Equal(t, 1, strings.Count(svg, " never<"), "only that cell has runs that never did and a p90")
	assert.Contains(t, svg, "no run reached it")

	// A fraction figure is drawn as a percentage, not as seconds.
	s.Heat = "final_compliance"
	for i := range s.Cells {
		for j := range s.Cells[i].Aggregate.Associations[0].Figures {
			f := &s.Cells[i].Aggregate.Associations[0].Figures[j]
			if f.Name == "final_compliance" {
				f.Unit, f.Samples = "fraction", []float64{0.5 + 0.1*float64(i), 1}
			}
		}
	}
	assert.Contains(t, s.heatmapSVG(), ">100.0%<")
}

// SCHEMA.md documents the sweep's JSON and CSV (issue 13 item 6): every
// member the JSON writes, and every CSV column family, is named there.
func TestSchema_DocumentsTheSweep(t *testing.T) {
	doc, err := os.ReadFile("SCHEMA.md")
	require.NoError(t, err)
	_, section, ok := strings.Cut(string(doc), "## `ssmsim.sweep/1`")
	require.True(t, ok, "SCHEMA.md has no ssmsim.sweep/1 section")
	section, _, _ = strings.Cut(section, "## CSV time series")
	s := Sweep{Scenario: "demo", Params: []SweepParam{{Path: "associations[0].MaxConcurrency", Values: []string{"5%", "50%"}}}, Runs: 2, BaseSeed: 1,
		Cells: []SweepCell{cellWith(10, 20), cellWith(30, 40)}}
	s.Cells[0].Values, s.Cells[1].Values = []string{"5%"}, []string{"50%"}
	var js strings.Builder
	require.NoError(t, s.WriteJSON(&js))
	var top map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(js.String()), &top))
	for k := range top {
		assert.Contains(t, section, "`"+k+"`", "the sweep JSON's %q", k)
	}
	var cells []map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(top["cells"], &cells))
	for k := range cells[0] {
		assert.Contains(t, section, "`"+k+"`", "a cell's %q", k)
	}
	var csvOut strings.Builder
	require.NoError(t, s.WriteCSV(&csvOut))
	header, _, _ := strings.Cut(csvOut.String(), "\n")
	for _, col := range strings.Split(header, ",")[1:] {
		if name, ok := strings.CutSuffix(col, "_mean"); ok {
			assert.Contains(t, string(doc), name, "figure %q is not among the aggregate's documented figures", name)
			continue
		}
		if strings.HasSuffix(col, "_lo") || strings.HasSuffix(col, "_hi") || strings.HasSuffix(col, "_p90") {
			continue
		}
		assert.Contains(t, section, "`"+col+"`", "CSV column %q", col)
	}
}

// The sweep's text table says what its cells hold and which figures are
// of the first execution (issue 13 item 4).
func TestSweepText_SaysTheScopes(t *testing.T) {
	s := Sweep{Scenario: "demo", Params: []SweepParam{{Path: "associations[0].MaxConcurrency", Values: []string{"5%"}}}, Runs: 2, BaseSeed: 1,
		Cells: []SweepCell{cellWith(10, 20)}}
	s.Cells[0].Values = []string{"5%"}
	var b strings.Builder
	require.NoError(t, s.WriteText(&b))
	assert.Contains(t, b.String(), "\nEach cell: mean [95% CI] across its runs")
	assert.Contains(t, b.String(), "time_to_n are of each run's first execution; errors count all of a run's executions")
}
