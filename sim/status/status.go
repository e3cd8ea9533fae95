package status

import "github.com/ssmsim/ssmsim/model"

// Code is a compact ExecutionStatus for per-target records.
type Code uint8

// Code values, in the order Counts indexes them.
const (
	None       Code = iota // no status yet (a node never dispatched)
	Pending                // sent, not yet picked up by the agent
	InProgress             // picked up, running
	Success
	Failed
	TimedOut
	Cancelled
	Skipped
	N // the number of codes
)

var names = [N]model.ExecutionStatus{
	"", model.StatusPending, model.StatusInProgress, model.StatusSuccess,
	model.StatusFailed, model.StatusTimedOut, model.StatusCancelled, model.StatusSkipped,
}

// API is the code's ExecutionStatus name ("" for None).
func (c Code) API() model.ExecutionStatus { return names[c] }

// Detail refines a status the way Run Command's invocation detail does.
type Detail uint8

// Detail values.
const (
	Same            Detail = iota // the detailed status repeats the status
	Undeliverable                 // the node could not be reached (D7)
	ExecTimedOut                  // the run exceeded its execution timeout
	InvalidPlatform               // the document does not run on the node's platform
)

// IsError reports whether an outcome counts toward MaxErrors (D7: Failed
// and TimedOut do; Undeliverable, InvalidPlatform and Cancelled don't —
// Run Command's rule).
func IsError(c Code, d Detail) bool {
	return (c == Failed && d != Undeliverable && d != InvalidPlatform) || c == TimedOut
}

// DetailedName is a run's DetailedStatus.
func DetailedName(c Code, d Detail) string {
	switch d {
	case Undeliverable:
		return model.DetailedUndeliverable
	case ExecTimedOut:
		return model.DetailedExecutionTimedOut
	case InvalidPlatform:
		return model.DetailedInvalidPlatform
	}
	return string(c.API())
}

// Counts counts targets (or nodes) by status code.
type Counts [N]int32

// Alphabetical lists the codes other than None in alphabetical order of
// their names, as AWS orders status-keyed strings (D10).
var Alphabetical = [...]Code{Cancelled, Failed, InProgress, Pending, Skipped, Success, TimedOut}
