package reports

import (
	"math"
	"testing"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	success   = model.StatusSuccess
	failed    = model.StatusFailed
	timedOut  = model.StatusTimedOut
	cancelled = model.StatusCancelled
	running   = model.StatusInProgress
)

func undeliverable(node int, d time.Duration) sim.TargetRun {
	return sim.TargetRun{Node: node, Dispatched: at(d), Finished: at(d), Status: failed, Detailed: model.DetailedUndeliverable}
}

// assertNaNOr checks got against want, where a NaN want means undefined.
func assertNaNOr(t *testing.T, want, got float64, msg string) {
	t.Helper()
	if math.IsNaN(want) {
		assert.True(t, math.IsNaN(got), "%s = %v, want NaN", msg, got)
		return
	}
	assert.InDelta(t, want, got, 1e-9, msg)
}

func TestAnalyze_ExecutionStatistics(t *testing.T) {
	nan := math.NaN()
	base := sim.ExecutionResult{AssociationID: "a", ExecutionID: "e", AssociationVersion: "1", Created: t0, Threshold: model.Unlimited, Done: true}
	tests := []struct {
		name         string
		exec         func(e *sim.ExecutionResult)
		runs         []sim.TargetRun
		end          time.Duration // the run's end (matters while the execution runs)
		makespan     float64
		peak         int
		mean         float64
		run, wait    Quantiles
		errors       int
		stopAfterSec float64
	}{
		{
			name: "rollout: 4 targets, 2 at a time",
			exec: func(e *sim.ExecutionResult) {
				e.LastExecution, e.Targets, e.Dispatched, e.Concurrency, e.Errors = at(10*time.Minute), 4, 4, 2, 1
			},
			runs: []sim.TargetRun{
				run(0, 0, 4*time.Minute, success), run(1, 0, 2*time.Minute, failed),
				run(2, 2*time.Minute, 6*time.Minute, success), run(3, 4*time.Minute, 10*time.Minute, success),
			},
			end: 10 * time.Minute, makespan: 600, peak: 2, mean: 1.6, errors: 1,
			run:  Quantiles{N: 4, P50: 240, P90: 360, P99: 360},
			wait: Quantiles{N: 4, P50: 0, P90: 240, P99: 240}, stopAfterSec: nan,
		},
		{
			name: "no targets: empty samples are undefined, never zero",
			exec: func(e *sim.ExecutionResult) { e.LastExecution = t0 },
			end:  time.Hour, makespan: 0, peak: 0, mean: nan,
			run: Quantiles{P50: nan, P90: nan, P99: nan}, wait: Quantiles{P50: nan, P90: nan, P99: nan}, stopAfterSec: nan,
		},
		{
			name: "still running at the end of the run",
			exec: func(e *sim.ExecutionResult) { e.Done, e.Targets, e.Dispatched = false, 2, 2 },
			runs: []sim.TargetRun{run(0, 0, 2*time.Minute, success), run(1, 0, 0, running)},
			end:  5 * time.Minute, makespan: nan, peak: 2, mean: 1.4,
			run:  Quantiles{N: 1, P50: 120, P90: 120, P99: 120},
			wait: Quantiles{N: 2, P50: 0, P90: 0, P99: 0}, stopAfterSec: nan,
		},
		{
			name: "undeliverable runs have no run time and take no time in flight",
			exec: func(e *sim.ExecutionResult) { e.LastExecution, e.Targets, e.Dispatched = at(3*time.Minute), 2, 2 },
			runs: []sim.TargetRun{undeliverable(0, 0), run(1, 0, 3*time.Minute, success)},
			end:  time.Hour, makespan: 180, peak: 1, mean: 1,
			run:  Quantiles{N: 1, P50: 180, P90: 180, P99: 180},
			wait: Quantiles{N: 2, P50: 0, P90: 0, P99: 0}, stopAfterSec: nan,
		},
		{
			name: "MaxErrors: halted at the error that exceeded the threshold",
			exec: func(e *sim.ExecutionResult) {
				e.LastExecution, e.Targets, e.Dispatched, e.Threshold, e.Errors, e.Stop = at(5*time.Minute), 10, 5, 1, 3, sim.StopMaxErrors
			},
			runs: []sim.TargetRun{
				undeliverable(0, time.Minute), // not an error (D7)
				run(1, 0, 2*time.Minute, failed), run(2, 0, 5*time.Minute, failed),
				run(3, 0, 3*time.Minute, timedOut), run(4, 0, 4*time.Minute, success),
			},
			end: 5 * time.Minute, makespan: 300, peak: 4, mean: (2 + 5 + 3 + 4) / 5.0, errors: 3,
			run:  Quantiles{N: 4, P50: 180, P90: 300, P99: 300},
			wait: Quantiles{N: 5, P50: 0, P90: 60, P99: 60}, stopAfterSec: 180,
		},
		{
			name: "Duration: halted at the cut-off, when in-flight runs were cancelled",
			exec: func(e *sim.ExecutionResult) {
				e.LastExecution, e.Targets, e.Dispatched, e.Stop = at(time.Hour), 3, 2, sim.StopDuration
			},
			runs: []sim.TargetRun{run(0, 0, 10*time.Minute, success), run(1, 10*time.Minute, time.Hour, cancelled)},
			end:  time.Hour, makespan: 3600, peak: 1, mean: 1,
			run:  Quantiles{N: 2, P50: 600, P90: 3000, P99: 3000},
			wait: Quantiles{N: 2, P50: 0, P90: 600, P99: 600}, stopAfterSec: 3600,
		},
		{
			name: "Duration with nothing in flight: the association's Duration",
			exec: func(e *sim.ExecutionResult) {
				e.LastExecution, e.Targets, e.Dispatched, e.Stop = at(time.Minute), 3, 1, sim.StopDuration
			},
			runs: []sim.TargetRun{run(0, 0, time.Minute, success)},
			end:  3 * time.Hour, makespan: 60, peak: 1, mean: 1,
			run:  Quantiles{N: 1, P50: 60, P90: 60, P99: 60},
			wait: Quantiles{N: 1, P50: 0, P90: 0, P99: 0}, stopAfterSec: 2 * 3600,
		},
		{
			name: "an alarm before the first dispatch: halted at the start",
			exec: func(e *sim.ExecutionResult) { e.LastExecution, e.Targets, e.Stop = t0, 5, sim.StopAlarm },
			end:  time.Hour, makespan: 0, peak: 0, mean: nan,
			run: Quantiles{P50: nan, P90: nan, P99: nan}, wait: Quantiles{P50: nan, P90: nan, P99: nan}, stopAfterSec: 0,
		},
		{
			name: "an alarm mid-run: not derivable without the traces",
			exec: func(e *sim.ExecutionResult) {
				e.LastExecution, e.Targets, e.Dispatched, e.Stop = at(time.Minute), 5, 1, sim.StopAlarm
			},
			runs: []sim.TargetRun{run(0, 0, time.Minute, success)},
			end:  time.Hour, makespan: 60, peak: 1, mean: 1,
			run:  Quantiles{N: 1, P50: 60, P90: 60, P99: 60},
			wait: Quantiles{N: 1, P50: 0, P90: 0, P99: 0}, stopAfterSec: nan,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var f fakeResults
			e := base
			tt.exec(&e)
			f.add(e, tt.runs...)
			r := Analyze(f, Meta{Start: t0, End: at(tt.end), Associations: []model.CreateAssociationInput{{Name: "doc", Duration: 2}}}, []string{"a"})
			require.Len(t, r.Executions, 1)
			s := r.Executions[0]
			assertNaNOr(t, tt.makespan, s.Makespan, "makespan")
			assert.Equal(t, tt.peak, s.PeakInFlight, "peak in flight")
			assertNaNOr(t, tt.mean, s.MeanInFlight, "mean in flight")
			assert.Equal(t, tt.errors, s.Errors, "errors")
			for _, q := range []struct {
				name      string
				got, want Quantiles
			}{{"run", s.RunTime, tt.run}, {"wait", s.WaitTime, tt.wait}} {
				assert.Equal(t, q.want.N, q.got.N, q.name+" N")
				assertNaNOr(t, q.want.P50, q.got.P50, q.name+" p50")
				assertNaNOr(t, q.want.P90, q.got.P90, q.name+" p90")
				assertNaNOr(t, q.want.P99, q.got.P99, q.name+" p99")
			}
			assertNaNOr(t, tt.stopAfterSec, s.StopAfter, "stopped after")
			stopAt, ok := s.StopTime()
			assert.Equal(t, !math.IsNaN(tt.stopAfterSec), ok)
			if ok {
				assert.Equal(t, t0.Add(secondsDuration(tt.stopAfterSec)), stopAt)
			}
		})
	}
}

func TestAnalyze_HaltLogGivesExactStopTimes(t *testing.T) {
	var f fakeResults
	f.add(sim.ExecutionResult{AssociationID: "a", Created: at(time.Minute), LastExecution: at(9 * time.Minute), Done: true,
		Targets: 5, Dispatched: 1, Stop: sim.StopAlarm, Threshold: model.Unlimited},
		run(0, time.Minute, 9*time.Minute, success))
	var log HaltLog
	log.Observe(sim.Trace{Kind: sim.TraceFinished, At: at(2 * time.Minute), Execution: 0})
	log.Observe(sim.Trace{Kind: sim.TraceHalted, At: at(7 * time.Minute), Execution: 0, Stop: sim.StopAlarm})
	_, ok := log.HaltedAt(1)
	assert.False(t, ok, "an execution never halted")

	r := Analyze(f, Meta{Start: t0, End: at(time.Hour), Halts: &log}, []string{"a"})
	assert.Equal(t, 360.0, r.Executions[0].StopAfter)
	r = Analyze(f, Meta{Start: t0, End: at(time.Hour)}, []string{"a"})
	assert.True(t, math.IsNaN(r.Executions[0].StopAfter), "without the log: not derivable")
}

// complianceFixture: 4 targets. The first execution succeeds on nodes 0, 1
// and 3 and fails on 2; a scheduled second one at 10m reruns 0 and 2.
func complianceFixture() fakeResults {
	var f fakeResults
	f.add(sim.ExecutionResult{AssociationID: "a", AssociationVersion: "1", ExecutionID: "a-1", Trigger: "create", Created: t0,
		LastExecution: at(4 * time.Minute), Done: true, Targets: 4, Dispatched: 4, Concurrency: 4, Threshold: model.Unlimited,
		Errors: 1, Status: failed, Counts: sim.StatusCounts{Success: 3, Failed: 1}},
		run(0, 0, time.Minute, success), run(1, 0, 2*time.Minute, success),
		run(2, 0, 3*time.Minute, failed), run(3, 0, 4*time.Minute, success))
	f.add(sim.ExecutionResult{AssociationID: "a", AssociationVersion: "1", ExecutionID: "a-2", Trigger: "schedule", Created: at(10 * time.Minute),
		LastExecution: at(12 * time.Minute), Done: true, Targets: 4, Dispatched: 2, Concurrency: 2, Threshold: model.Unlimited,
		Status: success, Counts: sim.StatusCounts{Success: 2}},
		run(2, 10*time.Minute, 11*time.Minute, success), run(0, 10*time.Minute, 12*time.Minute, success))
	return f
}

func TestAnalyze_TimeToCompliance(t *testing.T) {
	r := Analyze(complianceFixture(), Meta{Start: t0, End: at(15 * time.Minute), Associations: []model.CreateAssociationInput{{Name: "doc"}}}, []string{"a"})
	require.Len(t, r.Associations, 1)
	a := r.Associations[0]
	assert.Equal(t, 2, a.Executions)
	assert.Equal(t, 0, a.FirstExecution)
	assert.Equal(t, Milestones{P50: 120, P90: 720, P99: 720, P100: 720}, a.TimeTo)
	assert.Equal(t, 1.0, a.FinalCompliance)
	m := time.Minute
	// Node 0's rerun (dispatched at 10m) does not count until it succeeds.
	assert.Equal(t, Series{At: []time.Duration{0, m, 2 * m, 4 * m, 10 * m, 11 * m, 12 * m}, Value: []float64{0, 0.25, 0.5, 0.75, 0.5, 0.75, 1}}, a.Compliance)
	assert.Equal(t, Series{At: []time.Duration{0, m, 2 * m, 3 * m, 4 * m, 10 * m, 11 * m, 12 * m}, Value: []float64{4, 3, 2, 1, 0, 2, 1, 0}}, a.InFlight)
	assert.Equal(t, Series{At: []time.Duration{0, 3 * m}, Value: []float64{0, 1}}, a.Failed)
	assert.Equal(t, 6.0, a.Completed.Last())
	assert.True(t, math.IsNaN(a.Compliance.ValueAt(-time.Second)), "before the first execution: undefined")
	assert.Equal(t, 0.5, a.Compliance.ValueAt(3*m))
	assert.Equal(t, 2.0, a.InFlight.ValueAt(10*m+time.Second))
}

func TestAnalyze_ComplianceEdgeCases(t *testing.T) {
	t.Run("a stale run finishing after a newer dispatch is ignored", func(t *testing.T) {
		var f fakeResults
		f.add(sim.ExecutionResult{AssociationID: "a", Created: t0, Done: true, LastExecution: at(10 * time.Minute), Targets: 1, Dispatched: 1},
			run(0, 0, 10*time.Minute, success))
		f.add(sim.ExecutionResult{AssociationID: "a", Created: at(5 * time.Minute), Done: true, LastExecution: at(6 * time.Minute), Targets: 1, Dispatched: 1},
			run(0, 5*time.Minute, 6*time.Minute, failed))
		a := Analyze(f, Meta{Start: t0, End: at(time.Hour)}, []string{"a"}).Associations[0]
		assert.Equal(t, 0.0, a.FinalCompliance)
		assert.True(t, math.IsNaN(a.TimeTo.P50))
	})
	t.Run("no targets: undefined, not 100%", func(t *testing.T) {
		var f fakeResults
		f.add(sim.ExecutionResult{AssociationID: "a", Created: t0, Done: true, LastExecution: t0, Status: success})
		a := Analyze(f, Meta{Start: t0, End: at(time.Hour)}, []string{"a"}).Associations[0]
		assert.True(t, math.IsNaN(a.FinalCompliance))
		assert.True(t, math.IsNaN(a.TimeTo.P100))
	})
	t.Run("Skipped executions resolve no targets and are not the first execution", func(t *testing.T) {
		var f fakeResults
		f.add(sim.ExecutionResult{AssociationID: "a", Created: t0, Done: true, LastExecution: t0, Status: model.StatusSkipped})
		f.add(sim.ExecutionResult{AssociationID: "a", Created: at(time.Hour), Done: true, LastExecution: at(time.Hour + time.Minute),
			Targets: 1, Dispatched: 1, Status: success}, run(0, time.Hour, time.Hour+time.Minute, success))
		f.add(sim.ExecutionResult{AssociationID: "a", Created: at(2 * time.Hour), Done: true, LastExecution: at(2 * time.Hour), Status: model.StatusSkipped})
		a := Analyze(f, Meta{Start: t0, End: at(3 * time.Hour)}, []string{"a"}).Associations[0]
		assert.Equal(t, 3, a.Executions)
		assert.Equal(t, 1, a.FirstExecution)
		assert.Equal(t, at(time.Hour), a.FirstStart)
		assert.Equal(t, 60.0, a.TimeTo.P100, "from the first execution that ran")
		assert.Equal(t, 1.0, a.FinalCompliance, "a later skipped run leaves compliance as it was")
	})
	t.Run("never ran", func(t *testing.T) {
		r := Analyze(fakeResults{}, Meta{Start: t0, End: at(time.Hour), Associations: []model.CreateAssociationInput{{Name: "doc"}}}, []string{"a"})
		a := r.Associations[0]
		assert.Equal(t, -1, a.FirstExecution)
		assert.True(t, a.FirstStart.IsZero())
		assert.True(t, math.IsNaN(a.FinalCompliance))
		assert.Equal(t, 0.0, a.InFlight.ValueAt(time.Minute), "nothing in flight is a true zero")
	})
	t.Run("executions of an association not among the ids are reported after them", func(t *testing.T) {
		var f fakeResults
		f.add(sim.ExecutionResult{AssociationID: "other", Created: t0, Done: true, LastExecution: t0})
		r := Analyze(f, Meta{Start: t0, End: t0, Associations: []model.CreateAssociationInput{{Name: "doc"}}}, []string{"a"})
		require.Len(t, r.Associations, 2)
		assert.Equal(t, "other", r.Associations[1].AssociationID)
		assert.Equal(t, 1, r.Associations[1].Executions)
	})
	t.Run("nodes that left after succeeding: capped at 1", func(t *testing.T) {
		var f fakeResults
		f.add(sim.ExecutionResult{AssociationID: "a", Created: t0, Done: true, LastExecution: at(time.Minute), Targets: 2, Dispatched: 2},
			run(0, 0, time.Minute, success), run(1, 0, time.Minute, success))
		f.add(sim.ExecutionResult{AssociationID: "a", Created: at(time.Hour), Done: true, LastExecution: at(time.Hour), Targets: 1})
		a := Analyze(f, Meta{Start: t0, End: at(2 * time.Hour)}, []string{"a"}).Associations[0]
		assert.Equal(t, 1.0, a.FinalCompliance)
	})
}

func TestSeries_SetMergesInstantsAndDropsRepeats(t *testing.T) {
	var s Series
	s.set(0, 1)
	s.set(time.Second, 1) // unchanged: no point
	s.set(2*time.Second, 2)
	s.set(2*time.Second, 1) // same instant, back to the previous value: the point goes
	s.set(3*time.Second, math.NaN())
	s.set(4*time.Second, math.NaN())
	assert.Equal(t, []time.Duration{0, 3 * time.Second}, s.At)
	assert.True(t, math.IsNaN(s.Last()))
	assert.True(t, math.IsNaN(Series{}.Last()))
	assert.True(t, math.IsNaN(Series{}.ValueAt(0)))
}

func TestPeakLevel(t *testing.T) {
	m := time.Minute
	tests := []struct {
		name             string
		dispatch, finish []time.Duration
		want             int
	}{
		{"empty", nil, nil, 0},
		{"a slot refilled at the instant it frees is not a peak", []time.Duration{0, 0, m}, []time.Duration{m, 2 * m}, 2},
		{"zero-length runs are never in flight", []time.Duration{0, 0}, []time.Duration{0, 0}, 0},
		{"unfinished runs stay in flight", []time.Duration{0, m, 2 * m}, []time.Duration{m}, 2},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, peakLevel(tt.dispatch, tt.finish), tt.name)
	}
}

func TestAnalyze_AgreesWithTheSimulator(t *testing.T) {
	stopped := 0
	for seed := uint64(1); seed <= 8; seed++ {
		var log HaltLog
		exact := simRun(t, seed, 400, 0.05, &log)
		derived := simRun(t, seed, 400, 0.05, nil)
		e, d := exact.Executions[0], derived.Executions[0]
		assert.Equal(t, 40, e.PeakInFlight, "seed %d: MaxConcurrency 10%% of 400", seed)
		if e.Stop == sim.StopMaxErrors {
			stopped++
			assert.Equal(t, e.StopAfter, d.StopAfter, "seed %d: derived MaxErrors stop = the simulator's halt", seed)
			assert.Greater(t, e.NotDispatched, 0)
		}
		assert.LessOrEqual(t, e.MeanInFlight, float64(e.PeakInFlight))
	}
	assert.Positive(t, stopped, "some seeds stop at MaxErrors 2% with 5% failures")
}
