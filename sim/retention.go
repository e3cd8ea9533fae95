package sim

import "github.com/ssmsim/ssmsim/sim/engine"

// Retention (D19). By default a simulation keeps every execution and every
// target row for its whole horizon. With Decisions.Retention set, an
// execution that finished longer ago than the retention window is
// forgotten: it leaves DescribeAssociationExecutions, its ExecutionId
// answers AssociationExecutionDoesNotExist, Executions() no longer lists it,
// and its target rows are freed — except the rows a node's latest status or
// compliance still rests on, which DescribeInstanceAssociationsStatus and
// the compliance operations keep showing. Statistics stay exact when they
// are taken as executions finish (OnExecutionDone), before anything is
// forgotten.

// OnExecutionDone registers fn to receive each execution once it is done,
// in creation order per association (an execution is held back until every
// earlier execution of its association is done), before Retention may
// forget it. fn may read the execution through EachTargetRun and
// EachCompletion; it must not call methods that change the simulation.
// A later call replaces fn.
func (s *Sim) OnExecutionDone(fn func(ExecutionResult)) { s.onDone = fn }

// retire reports the association's newly done executions, in order, and
// frees those past the retention window.
func (s *Sim) retire(a *association) {
	for a.reported < int32(len(a.execs)) {
		e := s.execs[a.execs[a.reported]]
		if !e.done {
			break
		}
		if s.onDone != nil {
			s.onDone(s.result(e))
		}
		if cap(e.doneOrder) > cap(s.spareDone) {
			s.spareDone = e.doneOrder[:0] // a Capture copies the order: no one else holds it
		}
		e.doneOrder = nil // rebuilt if read again (completion)
		a.reported++
	}
	r := engine.Time(s.cfg.Decisions.Retention)
	if r <= 0 {
		return
	}
	if a.deleted && a.running < 0 {
		s.purge(a)
		return
	}
	now := s.eng.Now()
	for a.forgotten < a.reported {
		e := s.execs[a.execs[a.forgotten]]
		if e.last+r > now {
			break
		}
		s.forget(a, e)
		a.forgotten++
	}
}

// purge frees everything a deleted association held once nothing of it
// runs: its executions (every one reported already), their rows, its
// per-node table, its older versions and tags. Under Retention only: a
// deleted association's history is unreachable through the API, but
// without a retention window a library user may still read its results.
// Its slot then holds a shared tombstone, so indices held elsewhere (events
// already scheduled) stay valid and find it deleted.
func (s *Sim) purge(a *association) {
	for _, ei := range a.execs {
		s.execs[ei] = nil
	}
	s.rebuilt = rebuiltOrder{} // it may hold one of them
	s.assocs[a.index] = tombstone
}

// tombstone stands for every purged association: deleted, never running,
// with one empty version so that nothing reading it can fail.
var tombstone = &association{index: -1, deleted: true, running: -1, lastDone: -1, versions: []version{{}}}

// forget frees a finished execution's target rows, keeping (compacted) only
// those a node's latest run or compliance run still points at.
func (s *Sim) forget(a *association, e *execution) {
	var keep []targetRecord
	var wide map[int32]wideTimes
	for ri := range e.records {
		r := &e.records[ri]
		ref := a.ref(r.node)
		if ref == nil {
			continue
		}
		latest := ref.exec == e.index && ref.rec == int32(ri)
		comp := ref.compExec == e.index && ref.compRec == int32(ri)
		if !latest && !comp {
			continue
		}
		ni := int32(len(keep))
		keep = append(keep, *r)
		if w, ok := e.wide[int32(ri)]; ok { // its instants, under the new index
			if wide == nil {
				wide = map[int32]wideTimes{}
			}
			wide[ni] = w
		}
		if latest {
			ref.rec = ni
		}
		if comp {
			ref.compRec = ni
		}
	}
	if cap(e.records) > cap(s.spareRecords) {
		s.spareRecords = e.records[:0] // Capture copied them into columns: no one else holds them
	}
	e.records, e.doneOrder, e.targets, e.byID, e.wide = keep, nil, nil, nil, wide
	if s.rebuilt.e == e {
		s.rebuilt = rebuiltOrder{}
	}
	e.forgotten = true
	if len(keep) == 0 && e.index != a.lastDone {
		// Nothing rests on it: drop the execution itself too, so a long
		// session under a window stays bounded in executions, not just rows.
		s.execs[e.index] = nil
	}
}

// visible reports whether an execution is still on record: not forgotten
// and, under Retention, not finished longer ago than the window (it is
// freed at its association's next finish; the API hides it from the
// instant the window passes).
func (s *Sim) visible(e *execution) bool {
	if e.forgotten {
		return false
	}
	r := s.cfg.Decisions.Retention
	return r <= 0 || !e.done || e.last+engine.Time(r) > s.eng.Now()
}

// RetainedRecords is the number of execution-target rows the simulation
// holds: what Retention bounds.
func (s *Sim) RetainedRecords() int {
	n := 0
	for _, e := range s.execs {
		if e != nil {
			n += len(e.records)
		}
	}
	return n
}
