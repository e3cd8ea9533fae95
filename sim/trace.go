package sim

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
// and in event order to Config.Observer. InFlight and Errors are counted
// after the step; Concurrency and Threshold are the execution's resolved
// limits.
type Trace struct {
	Kind        TraceKind
	At          time.Time
	Execution   int // index into Sim.Executions
	Node        int // node number; -1 when not about one node
	Status      model.ExecutionStatus
	InFlight    int
	Concurrency int
	Errors      int
	Threshold   int
	Stop        StopReason
}

// Observer receives traces. It must not call back into the Sim.
type Observer func(Trace)

// StopReason says what ended an execution's dispatching early.
type StopReason uint8

// StopReason values.
const (
	StopNone      StopReason = iota // ran to completion
	StopMaxErrors                   // errors exceeded the MaxErrors threshold
)

// String names the reason as reports print it.
func (r StopReason) String() string {
	switch r {
	case StopNone:
		return "none"
	case StopMaxErrors:
		return "MaxErrors"
	}
	return "unknown"
}
