package reports

import (
	"math"
	"testing"

	"github.com/ssmsim/ssmsim/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAggregateRuns(t *testing.T) {
	runs := fixtureRuns()
	agg := AggregateRuns(runs)
	assert.Equal(t, "fixture", agg.Scenario)
	assert.Equal(t, []uint64{1, 2, 3, 4, 5}, agg.Seeds)
	require.Len(t, agg.Associations, 1)
	a := agg.Associations[0]
	assert.Equal(t, "rollout", a.AssociationName)
	assert.Equal(t, FigureNames(), func() []string {
		var names []string
		for _, f := range a.Figures {
			names = append(names, f.Name)
		}
		return names
	}())

	makespan, ok := a.Figure("makespan")
	require.True(t, ok)
	want := make([]float64, len(runs))
	stopped := 0
	for i, r := range runs {
		want[i] = r.Executions[0].Makespan
		if r.Executions[0].Stop == sim.StopMaxErrors {
			stopped++
		}
	}
	assert.Equal(t, want, makespan.Samples, "one sample per run, in run order")
	assert.Equal(t, MeanCI(want), makespan.Estimate)

	// Runs that never reached 100% are missing from the estimate, not zeros.
	full, _ := a.Figure("time_to_100")
	assert.Equal(t, len(runs), full.N+full.Missing)
	for i, r := range runs {
		assert.Equal(t, math.IsNaN(r.Associations[0].TimeTo.P100), math.IsNaN(full.Samples[i]))
	}

	require.Positive(t, stopped, "the fixture stops some seeds at MaxErrors")
	p, ok := agg.Stop("MaxErrors")
	require.True(t, ok)
	assert.Equal(t, Wilson(stopped, len(runs)), p.Proportion)
	pa, _ := a.Stop("MaxErrors")
	assert.Equal(t, p.Proportion, pa.Proportion)
	alarm, _ := agg.Stop("Alarm")
	assert.Equal(t, 0, alarm.K)
	assert.Equal(t, []string{"MaxErrors", "Alarm", "Duration", "Update", "Deleted", "Calendar"}, func() []string {
		var rs []string
		for _, s := range agg.Stops {
			rs = append(rs, s.Reason)
		}
		return rs
	}())
}

func TestAggregateRuns_Empty(t *testing.T) {
	agg := AggregateRuns(nil)
	assert.Empty(t, agg.Associations)
	for _, s := range agg.Stops {
		assert.Equal(t, 0, s.N)
		assert.True(t, math.IsNaN(s.P))
	}
}

func TestAggregateRuns_AssociationsMatchedByPosition(t *testing.T) {
	runs := []RunResult{twoAssociationsRun(), fixtureRun(2)}
	agg := AggregateRuns(runs)
	require.Len(t, agg.Associations, 2)
	f, _ := agg.Associations[1].Figure("makespan")
	assert.Equal(t, 1, f.N, "the second run has no second association")
	assert.Equal(t, 1, f.Missing)
	_, ok := agg.Associations[1].Figure("nope")
	assert.False(t, ok)
}
