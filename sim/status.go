package sim

import (
	"strconv"

	"github.com/ssmsim/ssmsim/model"
)

// status is a compact ExecutionStatus for per-target records.
type status uint8

const (
	stNone status = iota // no status yet (a node never dispatched)
	stPending
	stInProgress
	stSuccess
	stFailed
	stTimedOut
	stCancelled
	stSkipped
	nStatus
)

var statusNames = [nStatus]model.ExecutionStatus{
	"", model.StatusPending, model.StatusInProgress, model.StatusSuccess,
	model.StatusFailed, model.StatusTimedOut, model.StatusCancelled, model.StatusSkipped,
}

func (s status) api() model.ExecutionStatus { return statusNames[s] }

// isError reports whether the outcome counts toward MaxErrors (D7: Failed
// and TimedOut do; Undeliverable, InvalidPlatform and Cancelled don't — Run
// Command's rule).
func (s status) isError(d detail) bool {
	return (s == stFailed && d != dUndeliverable && d != dInvalidPlatform) || s == stTimedOut
}

// detail refines a status the way Run Command's invocation detail does.
type detail uint8

const (
	dSame            detail = iota // the detailed status repeats the status
	dUndeliverable                 // the node could not be reached (D7)
	dExecTimedOut                  // the run exceeded its execution timeout
	dInvalidPlatform               // the document does not run on the node's platform
)

func detailName(s status, d detail) string {
	switch d {
	case dUndeliverable:
		return model.DetailedUndeliverable
	case dExecTimedOut:
		return model.DetailedExecutionTimedOut
	case dInvalidPlatform:
		return model.DetailedInvalidPlatform
	}
	return string(s.api())
}

// statusCounts counts targets by status; it renders ResourceCountByStatus
// and AssociationStatusAggregatedCount.
type statusCounts [nStatus]int32

// resourceCountByStatus formats counts as AWS does (D10): a Java-map-like
// string with keys in alphabetical order, only non-zero counts,
// "{Failed=1, Success=2}", and "{}" when empty.
func (c *statusCounts) resourceCountByStatus() string {
	b := []byte{'{'}
	for _, s := range sortedStatuses {
		if c[s] == 0 {
			continue
		}
		if len(b) > 1 {
			b = append(b, ',', ' ')
		}
		b = append(b, s.api()...)
		b = append(b, '=')
		b = strconv.AppendInt(b, int64(c[s]), 10)
	}
	return string(append(b, '}'))
}

// aggregated returns the non-zero counts keyed by status name (D11); nil
// when all are zero.
func (c *statusCounts) aggregated() map[string]int32 {
	var m map[string]int32
	for s := stPending; s < nStatus; s++ {
		if c[s] != 0 {
			if m == nil {
				m = map[string]int32{}
			}
			m[string(s.api())] = c[s]
		}
	}
	return m
}

// sortedStatuses lists statuses in alphabetical order of their names.
var sortedStatuses = []status{stCancelled, stFailed, stInProgress, stPending, stSkipped, stSuccess, stTimedOut}
