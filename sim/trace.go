package sim

import "github.com/ssmsim/ssmsim/sim/result"

// The control plane's traces and stop reasons are package result's; sim
// re-exports them under the same names.
type (
	// TraceKind names a step of an execution's life.
	TraceKind = result.TraceKind
	// Trace is one observation of the control plane, delivered to
	// Config.Observer.
	Trace = result.Trace
	// StopReason says what ended an execution's dispatching early.
	StopReason = result.StopReason
)

// TraceKind values.
const (
	TraceExecutionStarted  = result.TraceExecutionStarted
	TraceDispatched        = result.TraceDispatched
	TraceFinished          = result.TraceFinished
	TraceHalted            = result.TraceHalted
	TraceExecutionFinished = result.TraceExecutionFinished
)

// StopReason values.
const (
	StopNone      = result.StopNone
	StopMaxErrors = result.StopMaxErrors
	StopAlarm     = result.StopAlarm
	StopDuration  = result.StopDuration
	StopUpdate    = result.StopUpdate
	StopDeleted   = result.StopDeleted
	StopCalendar  = result.StopCalendar
)

// StopReasons lists every StopReason.
func StopReasons() []StopReason { return result.StopReasons() }

// Observer receives traces. It must not call back into the Sim.
type Observer func(Trace)
