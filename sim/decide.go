package sim

import "github.com/ssmsim/ssmsim/model"

// Rate control and the gates decide; the execution applies. decide is the
// one place that says what an execution does next — dispatch k targets,
// stop for a reason, or wait — from its rate state and what its gates say
// at this instant; apply (in execution.go) carries it out. Every path that
// may dispatch (an execution's start, a completion, a joiner, a gate that
// opens) goes through them.

// rateState is what rate control looks at when deciding to dispatch.
type rateState struct {
	InFlight    int  // targets dispatched and not finished (within the budget)
	Concurrency int  // resolved MaxConcurrency
	Errors      int  // Failed and TimedOut outcomes so far (D7)
	Threshold   int  // resolved MaxErrors threshold (model.Unlimited when unset)
	Remaining   int  // targets not yet dispatched
	Starting    bool // the execution starts now: its alarm is polled whatever it dispatches (D9)
}

// gateState is what the gates say at this instant: a change calendar that
// is CLOSED (D8), an alarm gate that is closed (D9) with the
// TriggeredAlarms entry that records it. An instant's gates do not change
// between two dispatches of that instant.
type gateState struct {
	CalendarClosed bool
	AlarmClosed    bool
	Alarm          model.AlarmStateInformation // when AlarmClosed (by value: no allocation per decision)
}

// decision is what an execution does next: dispatch Dispatch targets, or
// stop for Stop (StopNone and no dispatch: wait for a completion).
type decision struct {
	Dispatch int
	Stop     StopReason
}

// exceeded is the MaxErrors rule, the one place it is written: errors past
// the threshold stop an execution's dispatching (D1: MaxErrors N stops at
// error N+1; model.Unlimited is never exceeded).
func exceeded(errors, threshold int) bool { return errors > threshold }

// decide is State Manager's rate control and gates as a pure function.
// Per the CreateAssociation API reference, MaxErrors N stops sending to
// further targets once error N+1 arrives; runs already in flight finish.
// MaxConcurrency caps how many run at once. A closed calendar stops an
// execution when it would dispatch (D8), and so does the alarm gate (D9),
// which is also polled when the execution starts.
func decide(r *rateState, g *gateState) decision {
	if exceeded(r.Errors, r.Threshold) {
		if r.Remaining > 0 {
			return decision{Stop: StopMaxErrors}
		}
		return decision{} // nothing left to send: the execution just finishes
	}
	if r.Starting && g.AlarmClosed {
		return decision{Stop: StopAlarm}
	}
	n := max(min(r.Concurrency-r.InFlight, r.Remaining), 0)
	switch {
	case n == 0:
		return decision{}
	case g.CalendarClosed:
		return decision{Stop: StopCalendar}
	case g.AlarmClosed:
		return decision{Stop: StopAlarm}
	}
	return decision{Dispatch: n}
}
