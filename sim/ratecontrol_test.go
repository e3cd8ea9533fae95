package sim

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ssmsim/ssmsim/model"
)

// The rate-control rules of the CreateAssociation API reference and the
// user guide's "targets and rate controls" page, one test per sentence.

func TestMaxErrors3_StopsAtTheFourthError(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(50, Behavior{}, OverrideAlwaysFail)
	h.associate("1", "3")
	h.s.Run()
	tr, ok := h.halt()
	require.True(t, ok)
	assert.Equal(t, 4, tr.Errors, "dispatch stops when the fourth error arrives")
	assert.Equal(t, StopMaxErrors, h.only().Stop)
}

func TestMaxErrors0_StopsAfterTheFirstError(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(50, Behavior{}, OverrideAlwaysFail)
	h.associate("1", "0")
	h.s.Run()
	tr, ok := h.halt()
	require.True(t, ok)
	assert.Equal(t, 1, tr.Errors)
	assert.Equal(t, 1, h.only().Dispatched)
}

func TestMaxErrors10PercentOf50_StopsAtTheSixthError(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(50, Behavior{}, OverrideAlwaysFail)
	h.associate("1", "10%")
	h.s.Run()
	tr, ok := h.halt()
	require.True(t, ok)
	assert.Equal(t, 5, tr.Threshold)
	assert.Equal(t, 6, tr.Errors)
}

// "If you want to make sure only N errors ... set MaxConcurrency to 1":
// exactly threshold+1 targets fail and the rest are never dispatched.
func TestMaxConcurrency1_ExactlyThresholdPlusOneFail_RestNeverDispatched(t *testing.T) {
	for _, maxErrors := range []string{"0", "3", "10%"} {
		t.Run(maxErrors, func(t *testing.T) {
			h := newHarness(t, 7, Decisions{})
			h.nodes(50, Behavior{}, OverrideAlwaysFail)
			h.associate("1", maxErrors)
			h.s.Run()
			ex := h.only()
			assert.Equal(t, ex.Threshold+1, ex.Counts.Failed)
			assert.Equal(t, ex.Threshold+1, ex.Dispatched)
			assert.Equal(t, 50, ex.Targets, "the snapshot N")
			assert.Equal(t, StopMaxErrors, ex.Stop)
			assert.Less(t, ex.Dispatched, ex.Targets, "the rest never dispatched")
			assert.Equal(t, ex.Dispatched, h.count(TraceDispatched))
		})
	}
}

// "Executions that are already running ... are allowed to complete, but
// some of these executions may fail as well."
func TestMaxErrors_InFlightRunsFinishAndMayFailToo(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(50, Behavior{}, OverrideAlwaysFail)
	h.associate("10", "3")
	h.s.Run()
	ex := h.only()
	assert.Equal(t, StopMaxErrors, ex.Stop)
	// The first wave of 10 finishes at one instant; completions are handled
	// one at a time, so errors 1-3 each free a slot that is refilled before
	// the 4th error halts dispatch: 13 dispatched, and all 13 finish.
	assert.Equal(t, 13, ex.Dispatched)
	assert.Equal(t, 13, ex.Counts.Failed, "in-flight runs finished, and failed: far more than MaxErrors")
	assert.Zero(t, ex.Counts.InProgress)
}

func TestMaxConcurrency10PercentOf50_NeverMoreThan5InFlight(t *testing.T) {
	h := newHarness(t, 3, Decisions{})
	h.nodes(50, Behavior{Duration: LogNormal(time.Minute, 0.8), FailureProbability: 0.1}, OverrideNone)
	h.associate("10%", "")
	h.s.Run()
	peak := 0
	for _, tr := range h.traces {
		if tr.Kind == TraceDispatched {
			require.LessOrEqual(t, tr.InFlight, 5)
			peak = max(peak, tr.InFlight)
		}
	}
	assert.Equal(t, 5, peak)
	assert.Equal(t, 50, h.only().Dispatched, "no MaxErrors: every target runs (D3)")
}

// D2: without MaxConcurrency the API reference's 100% applies: every target
// at once. The user guide's 50 is a switch.
func TestDefaultMaxConcurrency_RunsEveryTargetAtOnce(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(120, Behavior{}, OverrideNone)
	h.associate("", "")
	h.s.Run()
	ex := h.only()
	assert.Equal(t, 120, ex.PeakInFlight)
	assert.Equal(t, 120, ex.Concurrency)

	h = newHarness(t, 1, Decisions{DefaultMaxConcurrency: "50"})
	h.nodes(120, Behavior{}, OverrideNone)
	id := h.associate("", "")
	h.s.Run()
	assert.Equal(t, 50, h.only().PeakInFlight)
	d, err := h.s.DescribeAssociation(describeByID(id))
	require.NoError(t, err)
	assert.Empty(t, d.AssociationDescription.MaxConcurrency, "the default is not echoed")
}

// D7: undeliverable nodes end Failed/Undeliverable and do not count toward
// MaxErrors (Run Command's rule).
func TestUndeliverable_DoesNotCountTowardMaxErrors(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(20, Behavior{}, OverrideOffline)
	h.nodes(5, Behavior{}, OverrideNone)
	h.associate("1", "0")
	h.s.Run()
	ex := h.only()
	assert.Equal(t, StopNone, ex.Stop)
	assert.Equal(t, 25, ex.Dispatched)
	assert.Equal(t, 20, ex.Counts.Undeliverable)
	assert.Equal(t, 0, ex.Errors)
	assert.Equal(t, "Failed", string(ex.Status), "not every target succeeded")
}

// D7: timed-out runs are errors and last the execution timeout.
func TestTimedOut_CountsAsErrorAndLastsTheTimeout(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(3, Behavior{TimeoutProbability: 1, Timeout: 10 * time.Minute}, OverrideNone)
	h.associate("3", "")
	h.s.Run()
	ex := h.only()
	assert.Equal(t, 3, ex.Counts.TimedOut)
	assert.Equal(t, 3, ex.Errors)
	assert.Equal(t, 10*time.Minute, ex.LastExecution.Sub(ex.Created))
}

// D5 switch: never-dispatched targets as Skipped rows.
func TestSkippedTargetRows_Switch(t *testing.T) {
	h := newHarness(t, 1, Decisions{SkippedTargetRows: true})
	h.nodes(10, Behavior{}, OverrideAlwaysFail)
	id := h.associate("1", "0")
	h.s.Run()
	ex := h.only()
	assert.Equal(t, 9, ex.Counts.Skipped)
	out, err := h.s.DescribeAssociationExecutions(execsOf(id))
	require.NoError(t, err)
	assert.Equal(t, "{Failed=1, Skipped=9}", out.AssociationExecutions[0].ResourceCountByStatus)
}

// decide, the one decision point, as a table: rate control and the gates.
func TestDecide(t *testing.T) {
	alarm := model.AlarmStateInformation{Name: "cpu", State: model.ExternalAlarmStateAlarm}
	tests := []struct {
		name string
		in   rateState
		g    gateState
		want decision
	}{
		{"fills free slots", rateState{InFlight: 2, Concurrency: 5, Remaining: 100, Threshold: 3}, gateState{}, decision{Dispatch: 3}},
		{"never more than remain", rateState{InFlight: 0, Concurrency: 5, Remaining: 2, Threshold: 3}, gateState{}, decision{Dispatch: 2}},
		{"saturated: wait", rateState{InFlight: 5, Concurrency: 5, Remaining: 2, Threshold: 3}, gateState{}, decision{}},
		{"at the threshold still dispatches", rateState{Concurrency: 5, Errors: 3, Threshold: 3, Remaining: 9}, gateState{}, decision{Dispatch: 5}},
		{"past the threshold stops", rateState{Concurrency: 5, Errors: 4, Threshold: 3, Remaining: 9}, gateState{}, decision{Stop: StopMaxErrors}},
		{"past the threshold with nothing left: no stop", rateState{Concurrency: 5, Errors: 4, Threshold: 3}, gateState{}, decision{}},
		{"no MaxErrors: never stops for errors", rateState{Concurrency: 5, Errors: 1 << 20, Threshold: model.Unlimited, Remaining: 1}, gateState{}, decision{Dispatch: 1}},
		{"a closed calendar stops a dispatch", rateState{Concurrency: 5, Remaining: 9, Threshold: 3}, gateState{CalendarClosed: true}, decision{Stop: StopCalendar}},
		{"a closed calendar does not stop a saturated run", rateState{InFlight: 5, Concurrency: 5, Remaining: 9, Threshold: 3}, gateState{CalendarClosed: true}, decision{}},
		{"the calendar is looked at before the alarm", rateState{Concurrency: 5, Remaining: 9, Threshold: 3}, gateState{CalendarClosed: true, AlarmClosed: true, Alarm: alarm}, decision{Stop: StopCalendar}},
		{"an alarm stops a dispatch", rateState{Concurrency: 5, Remaining: 9, Threshold: 3}, gateState{AlarmClosed: true, Alarm: alarm}, decision{Stop: StopAlarm}},
		{"an alarm stops a start with nothing to send", rateState{Concurrency: 1, Threshold: 3, Starting: true}, gateState{AlarmClosed: true, Alarm: alarm}, decision{Stop: StopAlarm}},
		{"errors come before the gates", rateState{Concurrency: 5, Errors: 4, Threshold: 3, Remaining: 9}, gateState{CalendarClosed: true, AlarmClosed: true, Alarm: alarm}, decision{Stop: StopMaxErrors}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { assert.Equal(t, tt.want, decide(&tt.in, &tt.g)) })
	}
}

// decide's invariants over seeded random inputs: it never dispatches past
// the budget or what remains, never dispatches when a gate is closed or the
// threshold is exceeded, and stops only for a reason its input gives.
func TestDecide_Properties(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	alarm := model.AlarmStateInformation{Name: "a"}
	for range 20_000 {
		in := rateState{InFlight: r.IntN(20), Concurrency: 1 + r.IntN(20), Errors: r.IntN(10), Threshold: r.IntN(10), Remaining: r.IntN(30), Starting: r.IntN(5) == 0}
		g := gateState{CalendarClosed: r.IntN(4) == 0}
		if r.IntN(4) == 0 {
			g.AlarmClosed, g.Alarm = true, alarm
		}
		d := decide(&in, &g)
		require.GreaterOrEqual(t, d.Dispatch, 0)
		require.LessOrEqual(t, d.Dispatch, max(in.Concurrency-in.InFlight, 0))
		require.LessOrEqual(t, d.Dispatch, in.Remaining)
		if d.Dispatch > 0 {
			require.Equal(t, StopNone, d.Stop)
			require.False(t, g.CalendarClosed || g.AlarmClosed || in.Errors > in.Threshold, "%+v %+v", in, g)
		}
		switch d.Stop {
		case StopMaxErrors:
			require.Greater(t, in.Errors, in.Threshold)
		case StopCalendar:
			require.True(t, g.CalendarClosed)
		case StopAlarm:
			require.True(t, g.AlarmClosed)
		}
	}
}

func TestPerNodeOverride(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(5, Behavior{}, OverrideNone)
	require.NoError(t, h.s.Fleet().SetOverride(2, OverrideAlwaysFail))
	require.NoError(t, h.s.Fleet().SetOverride(4, OverrideOffline))
	assert.Error(t, h.s.Fleet().SetOverride(5, OverrideOffline))
	assert.Error(t, h.s.Fleet().SetOverride(0, Override(9)))
	h.associate("", "")
	h.s.Run()
	var got []string
	h.s.EachTargetRun(0, func(tr TargetRun) { got = append(got, tr.Detailed) })
	assert.Equal(t, []string{"Success", "Success", "Failed", "Success", "Undeliverable"}, got)
}
