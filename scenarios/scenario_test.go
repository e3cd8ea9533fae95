package scenarios

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDefaultScenario(t *testing.T) {
	sc, ok := Builtin("default")
	require.True(t, ok)
	assert.Equal(t, 1000, sc.Nodes())
	r, err := sc.Execute(sc.Seed, nil)
	require.NoError(t, err)
	ex := r.Sim.Executions()
	require.Len(t, ex, 1)
	assert.Equal(t, 1000, ex[0].Targets)
	assert.Equal(t, 100, ex[0].Concurrency, "10% of 1,000")
	assert.Equal(t, 50, ex[0].Threshold, "5% of 1,000")
	assert.Equal(t, 100, ex[0].PeakInFlight)
	assert.True(t, ex[0].Done)
	assert.InDelta(t, 20, ex[0].Counts.Failed, 15, "about 2% fail")
}

func TestBuild_ReportsWhereItFailed(t *testing.T) {
	sc := Default()
	sc.Associations[0].MaxConcurrency = "0"
	_, err := sc.Build(1, nil)
	assert.ErrorContains(t, err, "scenario default: associations[0]: ValidationException: 1 validation error detected: Value '0' at 'maxConcurrency'")
	sc = Default()
	sc.Fleet[0].Behavior.FailureProbability = 1.5
	_, err = sc.Build(1, nil)
	assert.ErrorContains(t, err, "fleet[0]: node group: behavior \"linux-patch\": failure 1.5 is not a probability")
	assert.Equal(t, []string{"default"}, Names())
	_, ok := Builtin("nope")
	assert.False(t, ok)
}
