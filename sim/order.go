package sim

import (
	"cmp"
	"slices"

	"github.com/ssmsim/ssmsim/sim/engine"
	"github.com/ssmsim/ssmsim/sim/status"
)

// The completion order — an execution's finished runs in the order they
// finished — is what statistics read to place milestones. A running
// execution appends to it (4 bytes a run); once the execution is reported
// (OnExecutionDone, where streaming statistics read it) it is dropped, and
// a later reader gets it rebuilt: the order is the records sorted by
// finish instant, at one instant the completions before the Duration
// cut-off's cancellations (the engine runs completions first), each in
// dispatch order (completions are scheduled as runs are dispatched, and
// records are appended in that order; the cut-off cancels in record order).
// TestProperty_RebuiltCompletionOrderIsTheLiveOne holds the two together.

// completion is execution e's completion order. The slice it returns for a
// rebuilt order is the simulation's until the next rebuild.
func (s *Sim) completion(e *execution) []int32 {
	if e.doneOrder != nil || !e.done || e.forgotten {
		return e.doneOrder // forgotten: its rows were compacted, the order went with them
	}
	if s.rebuilt.e != e {
		s.rebuilt.e, s.rebuilt.order = e, e.sortCompletions(s.rebuilt.order[:0])
	}
	return s.rebuilt.order
}

// rebuiltOrder is the last completion order rebuilt: readers ask for one
// batch at a time (CompletionTicksFrom).
type rebuiltOrder struct {
	e     *execution
	order []int32
}

// sortCompletions appends execution e's finished records to order in the
// order they finished.
func (e *execution) sortCompletions(order []int32) []int32 {
	type key struct {
		at        engine.Time
		ri        int32
		cancelled bool
	}
	keys := make([]key, 0, len(e.records))
	for ri := range e.records {
		r := &e.records[ri]
		if r.status == status.Skipped || r.status == status.None || inFlight(r.status) {
			continue
		}
		keys = append(keys, key{e.endAt(int32(ri), r), int32(ri), r.status == status.Cancelled})
	}
	slices.SortFunc(keys, func(a, b key) int {
		if c := cmp.Compare(a.at, b.at); c != 0 {
			return c
		}
		if a.cancelled != b.cancelled {
			if a.cancelled {
				return 1
			}
			return -1
		}
		return cmp.Compare(a.ri, b.ri)
	})
	for _, k := range keys {
		order = append(order, k.ri)
	}
	return order
}
