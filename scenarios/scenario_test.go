package scenarios

import (
	"testing"
	"time"

	"github.com/ssmsim/ssmsim/sim"
	"github.com/ssmsim/ssmsim/sim/result"
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
	sc, _ := Builtin("default")
	sc.Associations[0].MaxConcurrency = "0"
	_, err := sc.Build(1, nil)
	assert.ErrorContains(t, err, "scenario default: associations[0]: ValidationException: 1 validation error detected: Value '0' at 'maxConcurrency'")
	sc, _ = Builtin("default")
	sc.Fleet[0].Behavior.FailureProbability = 1.5
	_, err = sc.Build(1, nil)
	assert.ErrorContains(t, err, "fleet[0]: node group: behavior \"\": failure 1.5 is not a probability")
	assert.Equal(t, []string{"alarm-stop", "autoscaling", "default", "fleet-100k", "maxerrors-examples", "patch-tuesday", "weekend-freeze"}, Names())
	_, ok := Builtin("nope")
	assert.False(t, ok)
}

func TestBuiltin_PatchTuesday(t *testing.T) {
	sc, _ := Builtin("patch-tuesday")
	r, err := sc.Execute(sc.Seed, nil)
	require.NoError(t, err)
	ex := r.Sim.Executions()
	require.Len(t, ex, 6, "one run a month for six months")
	for _, e := range ex {
		assert.Equal(t, time.Sunday, e.Created.Weekday(), "the Sunday after the second Thursday")
		assert.Equal(t, 2, e.Created.Hour())
		assert.Equal(t, 2000, e.Targets)
		assert.False(t, e.LastExecution.After(e.Created.Add(4*time.Hour)), "nothing runs past the 4-hour Duration")
	}
}

func TestBuiltin_AlarmStop(t *testing.T) {
	sc, _ := Builtin("alarm-stop")
	r, err := sc.Execute(sc.Seed, nil)
	require.NoError(t, err)
	ex := r.Sim.Executions()
	require.Len(t, ex, 1)
	assert.Equal(t, sim.StopAlarm, ex[0].Stop)
	assert.Less(t, ex[0].Dispatched, 1000)
	assert.Greater(t, ex[0].Dispatched, 300)
}

func TestBuiltin_Autoscaling(t *testing.T) {
	sc, _ := Builtin("autoscaling")
	r, err := sc.Execute(sc.Seed, nil)
	require.NoError(t, err)
	var scheduled, joinRuns, joined int
	for _, e := range r.Sim.Executions() {
		switch e.Trigger {
		case "schedule", "create":
			scheduled++
		case "target-change":
			joinRuns++
			joined += e.Targets
			assert.Equal(t, 200, e.Targets, "one execution per wave, of just the new nodes")
		}
	}
	assert.Equal(t, 48, scheduled, "every 30 minutes from 00:00 to 23:30: nothing starts at the horizon, 24:00")
	assert.Equal(t, 2, joinRuns, "the 07:50 and 08:05 waves joined between ticks and ran at once (D4)")
	assert.Equal(t, 400, joined)
	// The 12:00 wave joins at the instant of the 12:00 tick: fleet changes
	// come first, so the tick's execution resolves them as ordinary targets.
	for _, e := range r.Sim.Executions() {
		if e.Created.Equal(r.Sim.Config().Start.Add(12 * time.Hour)) {
			assert.Equal(t, 800, e.Targets)
			assert.Equal(t, 0, e.Joined)
		}
	}
	last := r.Sim.Executions()[len(r.Sim.Executions())-1]
	assert.Equal(t, 400, last.Targets, "after the terminations")
}

func TestBuiltin_WeekendFreeze(t *testing.T) {
	sc, _ := Builtin("weekend-freeze")
	r, err := sc.Execute(sc.Seed, nil)
	require.NoError(t, err)
	ex := r.Sim.Executions()
	require.Len(t, ex, 28*6-1, "every 4 hours for 4 weeks, the first at 04:00 (ApplyOnlyAtCronInterval), the last at 20:00 on day 28: none starts at the horizon, 00:00 on day 29")
	skipped := 0
	for _, e := range ex {
		wd, h := e.Created.Weekday(), e.Created.Hour()
		closed := wd == time.Saturday || wd == time.Sunday || (wd == time.Friday && h >= 18) || (wd == time.Monday && h < 6)
		assert.Equal(t, closed, e.Status == "Skipped", "%s", e.Created)
		if closed {
			skipped++
		}
	}
	assert.Equal(t, 4*(1+12+2)-1, skipped, "per week: Friday 20:00, Saturday and Sunday (12), Monday 00:00 and 04:00 — but the fourth Monday's 00:00 is the horizon, where nothing starts")
}

// A horizon that lands exactly on a scheduled run (issue: horizon 7d over
// rate(1 day) started an 8th execution at the horizon, shown InProgress
// with its targets "not dispatched" and final compliance 9%): nothing
// starts at the horizon, so the run holds 7 executions, all finished, and
// reports what a horizon a millisecond earlier reports.
func TestHorizon_OnAScheduledRun_StartsNothing(t *testing.T) {
	doc := func(horizon string) []byte {
		return []byte(`version: 1
name: horizon
seed: 3
horizon: ` + horizon + `
fleet:
  - count: 4000
    tags: {env: prod}
    behavior:
      duration: {kind: fixed, mean: 1m}
associations:
  - Name: AWS-RunShellScript
    Parameters: {commands: ["true"]}
    Targets: [{Key: tag:env, Values: [prod]}]
    ScheduleExpression: rate(1 day)
    MaxConcurrency: 10%
`)
	}
	run := func(horizon string) []result.ExecutionResult {
		sc, err := Parse("horizon.yaml", doc(horizon))
		require.NoError(t, err)
		r, err := sc.Execute(sc.Seed, nil)
		require.NoError(t, err)
		return r.Sim.Executions()
	}
	at := run("7d")
	require.Len(t, at, 7, "one run a day, the first at the start: days 0 to 6")
	for _, e := range at {
		assert.True(t, e.Done, "execution of %s is finished", e.Created)
		assert.Equal(t, 4000, e.Counts.Success)
	}
	assert.Equal(t, run("167h59m59.999s"), at, "the same as a horizon a millisecond earlier")
	assert.Len(t, run("168h0m0.001s"), 8, "a millisecond later, the 8th run has begun")
}
