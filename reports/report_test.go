package reports

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// render runs a reporter into a byte slice.
func render(t *testing.T, fn func(w *bytes.Buffer) error) []byte {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, fn(&b))
	return b.Bytes()
}

func TestWriteCSV_Golden(t *testing.T) {
	one := render(t, func(w *bytes.Buffer) error { return fixtureRun(1).WriteCSV(w, time.Minute) })
	golden(t, "rollout.golden.csv", one)
	lines := strings.Split(strings.TrimSpace(string(one)), "\n")
	assert.Equal(t, "time,in_flight,completed,failed,compliant", lines[0])
	assert.Equal(t, "2024-01-01T00:00:00Z,3,0,0,0", lines[1], "at the start: the first 3 dispatched")

	two := render(t, func(w *bytes.Buffer) error { return twoAssociationsRun().WriteCSV(w, 5*time.Minute) })
	golden(t, "two_associations.golden.csv", two)
	lines = strings.Split(strings.TrimSpace(string(two)), "\n")
	assert.Equal(t, "time,association_id,in_flight,completed,failed,compliant", lines[0])
	assert.Equal(t, "2024-01-01T00:00:00Z,a,0,0,0,", lines[2], "before its first execution: nothing in flight, compliance undefined")
	assert.Equal(t, "2024-01-01T00:15:00Z,a,0,6,1,1", lines[len(lines)-1])
}

func TestWriteCSV_RowsSortedAndBounded(t *testing.T) {
	var b bytes.Buffer
	r := fixtureRun(1)
	require.NoError(t, r.WriteCSV(&b, 7*time.Second))
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")[1:]
	var prev time.Time
	for _, l := range lines {
		ts, err := time.Parse(time.RFC3339Nano, strings.Split(l, ",")[0])
		require.NoError(t, err)
		assert.True(t, ts.After(prev), "rows sorted by time: %s", l)
		prev = ts
	}
	assert.Equal(t, r.End, prev, "the last row is the end of the run")
	assert.Error(t, r.WriteCSV(&b, 0))
	assert.Error(t, r.WriteCSV(&b, time.Nanosecond), "too many rows")
}

func TestWriteJSON_GoldenAndValid(t *testing.T) {
	runs := fixtureRuns()
	agg := AggregateRuns(runs)
	doc := render(t, func(w *bytes.Buffer) error { return WriteRunsJSON(w, runs[:2], agg) })
	golden(t, "runs.golden.json", doc)
	var v struct {
		Schema    string
		Aggregate map[string]any
		Runs      []map[string]any
	}
	require.NoError(t, json.Unmarshal(doc, &v))
	assert.Equal(t, SchemaRuns, v.Schema)
	assert.Len(t, v.Runs, 2)

	one := render(t, func(w *bytes.Buffer) error { return runs[0].WriteJSON(w) })
	assert.True(t, strings.HasPrefix(string(one), "{\n  \"schema\": \"ssmsim.run/1\",\n  \"scenario\": \"fixture\",\n  \"seed\": 1,"),
		"every report begins with the schema, scenario and seed")
	aggDoc := render(t, func(w *bytes.Buffer) error { return agg.WriteJSON(w) })
	assert.Contains(t, string(aggDoc), `"schema": "ssmsim.aggregate/1"`)
	assert.Contains(t, string(aggDoc), `"seeds": [`)
	assert.Contains(t, string(aggDoc), `"mean": null`, "undefined estimates are null")
}

func TestWriteText_Golden(t *testing.T) {
	runs := fixtureRuns()
	var b bytes.Buffer
	require.NoError(t, runs[0].WriteText(&b))
	b.WriteString("\n")
	require.NoError(t, twoAssociationsRun().WriteText(&b))
	b.WriteString("\n")
	require.NoError(t, fourExecutionsRun().WriteText(&b), "past 3 executions: one line each")
	b.WriteString("\n")
	require.NoError(t, AggregateRuns(runs).WriteText(&b))
	golden(t, "summary.golden.txt", b.Bytes())
	assert.True(t, strings.HasPrefix(b.String(), "ssmsim run"))
	assert.Contains(t, b.String(), "ssmsim runs       scenario fixture  runs 5  seeds 1-5")
}

func TestSeedsText(t *testing.T) {
	assert.Equal(t, "none", seedsText(nil))
	assert.Equal(t, "7", seedsText([]uint64{7}))
	assert.Equal(t, "1-3, 7, 9-10", seedsText([]uint64{1, 2, 3, 7, 9, 10}))
}

func TestWriteHTML_GoldenFourChartsDeterministic(t *testing.T) {
	runs := fixtureRuns()
	agg := AggregateRuns(runs)
	page := render(t, func(w *bytes.Buffer) error { return WriteHTML(w, runs, agg) })
	golden(t, "report.golden.html", page)
	s := string(page)
	assert.Equal(t, 4, strings.Count(s, "<svg"), "in flight, completions and failures, compliance, makespan histogram")
	assert.NotContains(t, s, "<script")
	assert.NotContains(t, s, "<?xml")
	assert.NotContains(t, s, "http://example", "no external asset")
	for _, attr := range []string{" src=", " href="} {
		assert.NotContains(t, s, attr, "self-contained: no %s", attr)
	}
	assert.Contains(t, s, "<td>1-5</td>", "the seeds")
	assert.Contains(t, s, "<td>rollout (AWS-RunShellScript)</td><td>tag:env=prod</td><td>3</td><td>1</td>", "the parameters")

	again := render(t, func(w *bytes.Buffer) error { return WriteHTML(w, fixtureRuns(), AggregateRuns(fixtureRuns())) })
	assert.Equal(t, page, again, "same input, same bytes")

	// One run: no histogram; runs without series still render.
	single := string(render(t, func(w *bytes.Buffer) error { return WriteHTML(w, runs[:1], AggregateRuns(runs[:1])) }))
	assert.Equal(t, 3, strings.Count(single, "<svg"))
	assert.Contains(t, single, "needs two runs or more")
	light := []RunResult{runs[0]}
	for _, r := range runs[1:] {
		light = append(light, r.WithoutSeries())
	}
	assert.Equal(t, page, render(t, func(w *bytes.Buffer) error { return WriteHTML(w, light, agg) }), "later runs' series are not drawn")
	assert.NotEmpty(t, runs[1].Associations[0].InFlight.At, "WithoutSeries copies")

	empty := string(render(t, func(w *bytes.Buffer) error { return WriteHTML(w, nil, AggregateRuns(nil)) }))
	assert.Equal(t, 0, strings.Count(empty, "<svg"))
}

func TestReports_Deterministic(t *testing.T) {
	for name, fn := range map[string]func(w *bytes.Buffer) error{
		"csv":  func(w *bytes.Buffer) error { return twoAssociationsRun().WriteCSV(w, time.Minute) },
		"json": func(w *bytes.Buffer) error { return WriteRunsJSON(w, fixtureRuns(), AggregateRuns(fixtureRuns())) },
		"text": func(w *bytes.Buffer) error { return AggregateRuns(fixtureRuns()).WriteText(w) },
		"html": func(w *bytes.Buffer) error {
			return WriteHTML(w, []RunResult{twoAssociationsRun()}, AggregateRuns(nil))
		},
	} {
		assert.Equal(t, render(t, fn), render(t, fn), name)
	}
}

// A run whose association ran several executions gets what one long time
// axis flattens (issue 13 item 12): each execution's makespan and errors
// against its creation, marked by what stopped it, and the first four
// executions' in-flight curves each on its own axis. A run of one
// execution gets neither.
func TestWriteHTML_PerExecutionPanelAndZoom(t *testing.T) {
	var f fakeResults
	for k := range 6 {
		rolloutFixture(&f, uint64(k+1), "assoc-1", time.Duration(k)*time.Hour)
	}
	r := Analyze(f, Meta{Scenario: "hourly", Seed: 1, Start: t0, End: f.execs[len(f.execs)-1].LastExecution, Nodes: 8,
		Associations: []model.CreateAssociationInput{fixtureAssociation}}, []string{"assoc-1"})
	require.Len(t, r.Executions, 6)
	page := string(render(t, func(w *bytes.Buffer) error { return WriteHTML(w, []RunResult{r}, AggregateRuns([]RunResult{r})) }))
	assert.Equal(t, 3+2+4, strings.Count(page, "<svg"), "the run's three charts, the per-execution panel's two, four zoomed executions")
	assert.Contains(t, page, "Makespan of each execution (seed 1, 6 executions)")
	assert.Contains(t, page, "Errors of each execution")
	assert.Contains(t, page, "stopped: MaxErrors", "the legend names what stopped an execution")
	assert.Contains(t, page, "Execution 4, 2024-01-01 03:00")
	assert.NotContains(t, page, "Execution 5,", "four executions are zoomed")
	assert.Equal(t, page, string(render(t, func(w *bytes.Buffer) error { return WriteHTML(w, []RunResult{r}, AggregateRuns([]RunResult{r})) })), "same bytes")

	single := string(render(t, func(w *bytes.Buffer) error { return WriteHTML(w, fixtureRuns()[:1], AggregateRuns(fixtureRuns()[:1])) }))
	assert.NotContains(t, single, "Execution by execution")
}
