package result

import (
	"time"

	"github.com/ssmsim/ssmsim/model"
)

// TraceKind names a step of an execution's life.
type TraceKind uint8

// TraceKind values.
const (
	TraceExecutionStarted  TraceKind = iota + 1 // targets resolved, rate control fixed
	TraceDispatched                             // a target was sent the run
	TraceFinished                               // a target reached a terminal status
	TraceHalted                                 // dispatch stopped early (StopReason says why)
	TraceExecutionFinished                      // nothing in flight, nothing more to send
)

// Trace is one observation of the control plane, delivered synchronously
// and in event order to the simulation's observer (sim.Config.Observer).
// InFlight and Errors are counted after the step; Concurrency and
// Threshold are the execution's resolved limits.
type Trace struct {
	Kind        TraceKind
	At          time.Time
	Execution   int // the execution's index (ExecutionResult.Index)
	Node        int // node number; -1 when not about one node
	Status      model.ExecutionStatus
	InFlight    int
	Concurrency int
	Errors      int
	Threshold   int
	Stop        StopReason
	// OutsideBudget marks a dispatch to a node that newly became a target
	// during the run (D4): it is not counted in InFlight.
	OutsideBudget bool
}

// StopReason says what ended an execution's dispatching early.
type StopReason uint8

// StopReason values.
const (
	StopNone      StopReason = iota // ran to completion
	StopMaxErrors                   // errors exceeded the MaxErrors threshold
	StopAlarm                       // the association's CloudWatch alarm stopped it (D9)
	StopDuration                    // the Duration cut-off cancelled it (D7)
	StopUpdate                      // UpdateAssociation replaced it mid-run
	StopDeleted                     // DeleteAssociation removed its association
	StopCalendar                    // a change calendar closed during the run (D8)
)

var stopNames = [...]string{"none", "MaxErrors", "Alarm", "Duration", "Update", "Deleted", "Calendar"}

// String names the reason as reports print it.
func (r StopReason) String() string {
	if int(r) < len(stopNames) {
		return stopNames[r]
	}
	return "unknown"
}

// StopReasons lists every StopReason.
func StopReasons() []StopReason {
	return []StopReason{StopNone, StopMaxErrors, StopAlarm, StopDuration, StopUpdate, StopDeleted, StopCalendar}
}
