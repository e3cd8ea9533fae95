package sim

import (
	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim/engine"
	"github.com/ssmsim/ssmsim/sim/ssmapi"
	"github.com/ssmsim/ssmsim/sim/status"
)

// The simulation's state as package ssmapi renders it: these build the
// plain *State values from the core's records; every document is made
// there.

// AgentVersion is the SSM Agent version every virtual node reports.
const AgentVersion = ssmapi.AgentVersion

// versionState is version ver as ssmapi reads it.
func versionState(ver *version) ssmapi.VersionState {
	vs := ssmapi.VersionState{Info: &ver.info, Alarm: ver.alarm, DocVersion: ver.docVersion}
	if ver.doc != nil {
		vs.Schema = ver.doc.SchemaVersion
	}
	return vs
}

// associationState is association a's runtime state.
func (s *Sim) associationState(a *association) ssmapi.AssociationState {
	st := ssmapi.AssociationState{ID: a.id, Legacy: a.legacy, Status: a.status,
		Created: a.created, Updated: a.updated, LastExec: a.lastExec, LastSuccess: a.lastSuccess,
		Triggered: a.triggered, Running: a.running >= 0, Nodes: &a.agg}
	if a.running >= 0 {
		st.Started = s.execs[a.running].started()
	} else if a.lastDone >= 0 && s.execs[a.lastDone].version == int32(len(a.versions)-1) {
		e := s.executionState(s.execs[a.lastDone])
		st.Finished = &e
	}
	return st
}

// started reports whether any target of the execution has been picked up
// (is or was InProgress).
func (e *execution) started() bool {
	c := &e.counts
	return c[status.InProgress]+c[status.Success]+c[status.Failed]+c[status.TimedOut]+c[status.Cancelled] > 0
}

// executionState is execution e's state.
func (s *Sim) executionState(e *execution) ssmapi.ExecutionState {
	a := s.assocs[e.assoc]
	return ssmapi.ExecutionState{ID: e.id, AssociationID: a.id, AssociationVersion: a.versions[e.version].info.AssociationVersion,
		Created: e.created, Status: e.statusName(), StoppedByDuration: e.done && e.stop == StopDuration,
		Counts: &e.counts, Alarm: e.alarm, Triggered: e.triggered}
}

// targetState is record ri of execution e.
func (s *Sim) targetState(e *execution, ri int32) ssmapi.TargetState {
	t := s.targetRow(e, ri)
	if t.Status != status.Skipped {
		t.OutputSourceID = s.streams.UUID(streamCommandID, uint64(e.index), uint64(e.records[ri].node))
	}
	return t
}

// targetRow is record ri of execution e without its OutputSourceId, for
// documents that show none.
func (s *Sim) targetRow(e *execution, ri int32) ssmapi.TargetState {
	r := &e.records[ri]
	return ssmapi.TargetState{ResourceID: s.fleet.ID(int(r.node)), Status: r.status, Detail: r.detail,
		Dispatched: e.dispatchedAt(ri, r), Finished: e.finishedAt(ri, r)}
}

// overview is association a's Overview (D11).
func (s *Sim) overview(a *association) *model.AssociationOverview {
	st := s.associationState(a)
	return ssmapi.Overview(&st)
}

// stamp converts virtual time to a wire timestamp.
func stamp(t engine.Time) model.Timestamp { return ssmapi.Stamp(t) }
