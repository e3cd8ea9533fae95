package sim

import (
	"cmp"
	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim/engine"
)

// describe renders an AssociationDescription of version v with the
// association's current runtime state. DocumentVersion reads $DEFAULT when
// none was given (every CLI example); ListAssociations and
// ListAssociationVersions leave it out then (their CLI examples).
func (s *Sim) describe(a *association, ver *version) *model.AssociationDescription {
	v := &ver.info
	d := &model.AssociationDescription{
		Name: v.Name, AssociationVersion: v.AssociationVersion,
		Date: stamp(a.created), LastUpdateAssociationDate: stamp(a.updated),
		Overview: s.overview(a), DocumentVersion: cmp.Or(v.DocumentVersion, "$DEFAULT"), Parameters: v.Parameters,
		AssociationID: a.id, Targets: v.Targets, ScheduleExpression: v.ScheduleExpression,
		OutputLocation: v.OutputLocation, LastExecutionDate: stamp0(a.lastExec),
		LastSuccessfulExecutionDate: stamp0(a.lastSuccess), AssociationName: v.AssociationName,
		MaxErrors: v.MaxErrors, MaxConcurrency: v.MaxConcurrency,
		ComplianceSeverity: v.ComplianceSeverity, SyncCompliance: v.SyncCompliance,
		ApplyOnlyAtCronInterval: v.ApplyOnlyAtCronInterval, CalendarNames: v.CalendarNames,
		TargetLocations: v.TargetLocations, ScheduleOffset: v.ScheduleOffset, Duration: v.Duration,
		TargetMaps: v.TargetMaps, AssociationDispatchAssumeRole: v.AssociationDispatchAssumeRole,
		AlarmConfiguration: ver.alarm, TriggeredAlarms: a.triggered,
	}
	if a.legacy {
		d.InstanceID = v.Targets[0].Values[0]
		st := a.status
		d.Status = &st
	}
	return d
}

// overview is the association's Overview: Pending/Creating until the
// current version's first execution starts (with no count), then
// Pending/Associated while its targets wait to be picked up, Pending/
// InProgress once one has been, then the newest finished execution's
// status; the count is each target node's latest status, Pending for a
// target that has not run the association yet (D11).
func (s *Sim) overview(a *association) *model.AssociationOverview {
	o := &model.AssociationOverview{AssociationStatusAggregatedCount: a.agg.aggregated()}
	switch {
	case a.running >= 0 && s.execs[a.running].started():
		o.Status, o.DetailedStatus = string(model.StatusPending), string(model.StatusInProgress)
	case a.running >= 0: // targets resolved, none picked up yet (describe-association CLI example 2)
		o.Status, o.DetailedStatus = string(model.StatusPending), model.DetailedAssociated
	case a.lastDone >= 0 && s.execs[a.lastDone].version == int32(len(a.versions)-1):
		e := s.execs[a.lastDone]
		o.Status, o.DetailedStatus = string(e.statusName()), e.detailedStatus()
	default: // the current version has not run yet: no count (update-association CLI examples)
		o.Status, o.DetailedStatus = string(model.StatusPending), model.DetailedCreating
		o.AssociationStatusAggregatedCount = nil
	}
	return o
}

// started reports whether any target of the execution has been picked up
// (is or was InProgress).
func (e *execution) started() bool {
	return e.counts[stInProgress] > 0 || len(e.doneOrder) > 0
}

// detailedStatus is the execution's DetailedStatus (D6): the status itself,
// which for a stopped run names the cause (Failed for MaxErrors).
func (e *execution) detailedStatus() string {
	if e.done && e.stop == StopDuration {
		return string(model.StatusCancelled)
	}
	return string(e.statusName())
}

// executionDoc renders an AssociationExecution. Real items carry no
// LastExecutionDate (CLI examples 2019; an aws-samples output 2023), though
// the model has the member: the execution's end is kept for statistics
// only.
func (s *Sim) executionDoc(e *execution) model.AssociationExecution {
	a := s.assocs[e.assoc]
	doc := model.AssociationExecution{
		AssociationID: a.id, AssociationVersion: a.versions[e.version].info.AssociationVersion,
		ExecutionID: e.id, Status: string(e.statusName()), DetailedStatus: e.detailedStatus(),
		CreatedTime:           stamp(e.created),
		ResourceCountByStatus: e.counts.resourceCountByStatus(),
		AlarmConfiguration:    e.alarm, TriggeredAlarms: e.triggered,
	}
	return doc
}

// targetDoc renders one AssociationExecutionTarget.
func (s *Sim) targetDoc(e *execution, ri int32) model.AssociationExecutionTarget {
	a := s.assocs[e.assoc]
	r := &e.records[ri]
	doc := model.AssociationExecutionTarget{
		AssociationID: a.id, AssociationVersion: a.versions[e.version].info.AssociationVersion,
		ExecutionID: e.id, ResourceID: s.fleet.ID(int(r.node)), ResourceType: model.ResourceTypeManagedInstance,
		Status: string(r.status.api()), DetailedStatus: detailName(r.status, r.detail),
		LastExecutionDate: stamp0(r.finished),
	}
	if r.status != stSkipped {
		doc.OutputSource = &model.OutputSource{
			OutputSourceID:   s.streams.UUID(streamCommandID, uint64(e.index), uint64(r.node)),
			OutputSourceType: model.OutputSourceTypeRunCommand,
		}
	}
	if r.finished == 0 {
		doc.LastExecutionDate = stamp(r.dispatched)
	}
	return doc
}

// statusInfo renders node n's InstanceAssociationStatusInfo for an
// association, from the node's latest run.
func (s *Sim) statusInfo(a *association, n int32) (model.InstanceAssociationStatusInfo, bool) {
	ei, ri, ok := a.latest(n)
	if !ok {
		return model.InstanceAssociationStatusInfo{}, false
	}
	e := s.execs[ei]
	r := &e.records[ri]
	v := &a.versions[e.version].info
	info := model.InstanceAssociationStatusInfo{
		AssociationID: a.id, Name: v.Name, DocumentVersion: a.versions[e.version].docVersion,
		AssociationVersion: v.AssociationVersion, InstanceID: s.fleet.ID(int(n)),
		ExecutionDate: stamp(r.dispatched), Status: string(r.status.api()),
		DetailedStatus: detailName(r.status, r.detail), AssociationName: v.AssociationName,
	}
	if r.finished != 0 {
		info.ExecutionDate = stamp(r.finished)
	}
	// Real statuses carry DetailedStatus or ExecutionSummary, never both:
	// a schema 1.2 document's (AWS-UpdateSSMAgent: CLI example 2019, API
	// reference sample 2020) has DetailedStatus; a schema 2.x document's
	// (AWS-GatherSoftwareInventory: CLI example 2019, a 2024 output) has
	// the agent's plugin summary, or DetailedStatus when the agent wrote
	// none (a run it never received, or one still going).
	if doc := a.versions[e.version].doc; doc == nil || doc.SchemaVersion != "1.2" {
		if sum := executionSummary(r.status, r.detail); sum != "" {
			info.ExecutionSummary, info.DetailedStatus = sum, ""
		}
	}
	return info, true
}

// executionSummary is the SSM Agent's summary line for a one-plugin
// document ("1 out of 1 plugin processed, 1 success, 0 failed, 0 timedout,
// 0 skipped. "); runs the agent never received or hasn't finished have none.
func executionSummary(st status, d detail) string {
	if d == dUndeliverable || d == dInvalidPlatform {
		return ""
	}
	switch st {
	case stSuccess:
		return "1 out of 1 plugin processed, 1 success, 0 failed, 0 timedout, 0 skipped. "
	case stFailed:
		return "1 out of 1 plugin processed, 0 success, 1 failed, 0 timedout, 0 skipped. "
	case stTimedOut:
		return "1 out of 1 plugin processed, 0 success, 0 failed, 1 timedout, 0 skipped. "
	}
	return ""
}

// summary renders the Association summary ListAssociations returns.
func (s *Sim) summary(a *association) model.Association {
	v := &a.version().info
	d := model.Association{
		Name: v.Name, AssociationID: a.id, AssociationVersion: v.AssociationVersion,
		DocumentVersion: v.DocumentVersion, Targets: v.Targets, LastExecutionDate: stamp0(a.lastExec),
		Overview: s.overview(a), ScheduleExpression: v.ScheduleExpression,
		AssociationName: v.AssociationName, ScheduleOffset: v.ScheduleOffset, Duration: v.Duration,
		TargetMaps: v.TargetMaps,
	}
	if a.legacy {
		// Only associations created with InstanceId: a 2023 ListAssociations
		// output of a Targets association naming one instance has none.
		d.InstanceID = v.Targets[0].Values[0]
	}
	return d
}

// stamp0 is stamp, with the zero instant meaning "absent".
func stamp0(t engine.Time) model.Timestamp {
	if t == 0 {
		return 0
	}
	return stamp(t)
}
