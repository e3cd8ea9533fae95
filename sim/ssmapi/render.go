package ssmapi

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim/engine"
	"github.com/ssmsim/ssmsim/sim/status"
)

// VersionState is one stored version of an association.
type VersionState struct {
	Info  *model.AssociationVersionInfo
	Alarm *model.AlarmConfiguration
	// DocVersion is the document version the association runs ($DEFAULT
	// and $LATEST resolved to a number); Schema its document's
	// schemaVersion, "" when the document is not a Command document.
	DocVersion, Schema string
}

// AssociationState is an association's runtime state.
type AssociationState struct {
	ID     string
	Legacy bool                    // created with the deprecated InstanceId member
	Status model.AssociationStatus // the legacy root Status
	// Created and Updated are its creation and last update; LastExec and
	// LastSuccess its latest and latest successful execution (0: none).
	Created, Updated, LastExec, LastSuccess engine.Time
	Triggered                               []model.AlarmStateInformation // of the newest finished execution
	// Running: an execution is in progress; Started: one of its targets
	// has been picked up.
	Running, Started bool
	// Finished is the newest finished execution when it ran the current
	// version, else nil.
	Finished *ExecutionState
	Nodes    *status.Counts // target nodes by their latest status
}

// ExecutionState is one execution of an association.
type ExecutionState struct {
	ID, AssociationID, AssociationVersion string
	Created                               engine.Time
	Status                                model.ExecutionStatus
	StoppedByDuration                     bool // done, stopped when its Duration ran out
	Counts                                *status.Counts
	Alarm                                 *model.AlarmConfiguration
	Triggered                             []model.AlarmStateInformation
}

// TargetState is one target row of an execution.
type TargetState struct {
	ResourceID           string
	Status               status.Code
	Detail               status.Detail
	Dispatched, Finished engine.Time // Finished 0 while in flight
	OutputSourceID       string      // the Run Command ID of its run
}

// Stamp converts a virtual instant to a wire timestamp.
func Stamp(t engine.Time) model.Timestamp { return model.TimestampOf(t.Std()) }

// stamp0 is Stamp, with the zero instant meaning "absent".
func stamp0(t engine.Time) model.Timestamp {
	if t == 0 {
		return 0
	}
	return Stamp(t)
}

// Describe renders an AssociationDescription of version v with the
// association's current runtime state. DocumentVersion reads $DEFAULT when
// none was given (every CLI example); ListAssociations and
// ListAssociationVersions leave it out then (their CLI examples).
func Describe(a *AssociationState, ver *VersionState) *model.AssociationDescription {
	v := ver.Info
	d := &model.AssociationDescription{
		Name: v.Name, AssociationVersion: v.AssociationVersion,
		Date: Stamp(a.Created), LastUpdateAssociationDate: Stamp(a.Updated),
		Overview: Overview(a), DocumentVersion: cmp.Or(v.DocumentVersion, "$DEFAULT"), Parameters: v.Parameters,
		AssociationID: a.ID, Targets: v.Targets, ScheduleExpression: v.ScheduleExpression,
		OutputLocation: v.OutputLocation, LastExecutionDate: stamp0(a.LastExec),
		LastSuccessfulExecutionDate: stamp0(a.LastSuccess), AssociationName: v.AssociationName,
		MaxErrors: v.MaxErrors, MaxConcurrency: v.MaxConcurrency,
		ComplianceSeverity: v.ComplianceSeverity, SyncCompliance: v.SyncCompliance,
		ApplyOnlyAtCronInterval: v.ApplyOnlyAtCronInterval, CalendarNames: v.CalendarNames,
		TargetLocations: v.TargetLocations, ScheduleOffset: v.ScheduleOffset, Duration: v.Duration,
		TargetMaps: v.TargetMaps, AssociationDispatchAssumeRole: v.AssociationDispatchAssumeRole,
		AlarmConfiguration: ver.Alarm, TriggeredAlarms: a.Triggered,
	}
	if a.Legacy {
		d.InstanceID = v.Targets[0].Values[0]
		st := a.Status
		d.Status = &st
	}
	return d
}

// Overview is the association's Overview: Pending/Creating until the
// current version's first execution starts (with no count), then
// Pending/Associated while its targets wait to be picked up, Pending/
// InProgress once one has been, then the newest finished execution's
// status; the count is each target node's latest status, Pending for a
// target that has not run the association yet (D11).
func Overview(a *AssociationState) *model.AssociationOverview {
	o := &model.AssociationOverview{AssociationStatusAggregatedCount: Aggregated(a.Nodes)}
	switch {
	case a.Running && a.Started:
		o.Status, o.DetailedStatus = string(model.StatusPending), string(model.StatusInProgress)
	case a.Running: // targets resolved, none picked up yet (describe-association CLI example 2)
		o.Status, o.DetailedStatus = string(model.StatusPending), model.DetailedAssociated
	case a.Finished != nil:
		o.Status, o.DetailedStatus = string(a.Finished.Status), DetailedStatus(a.Finished)
	default: // the current version has not run yet: no count (update-association CLI examples)
		o.Status, o.DetailedStatus = string(model.StatusPending), model.DetailedCreating
		o.AssociationStatusAggregatedCount = nil
	}
	return o
}

// Summary renders the Association summary ListAssociations returns, of the
// association's current version v.
func Summary(a *AssociationState, v *model.AssociationVersionInfo) model.Association {
	d := model.Association{
		Name: v.Name, AssociationID: a.ID, AssociationVersion: v.AssociationVersion,
		DocumentVersion: v.DocumentVersion, Targets: v.Targets, LastExecutionDate: stamp0(a.LastExec),
		Overview: Overview(a), ScheduleExpression: v.ScheduleExpression,
		AssociationName: v.AssociationName, ScheduleOffset: v.ScheduleOffset, Duration: v.Duration,
		TargetMaps: v.TargetMaps,
	}
	if a.Legacy {
		// Only associations created with InstanceId: a 2023 ListAssociations
		// output of a Targets association naming one instance has none.
		d.InstanceID = v.Targets[0].Values[0]
	}
	return d
}

// DetailedStatus is an execution's DetailedStatus (D6): the status itself,
// except Cancelled for a run its Duration stopped.
func DetailedStatus(e *ExecutionState) string {
	if e.StoppedByDuration {
		return string(model.StatusCancelled)
	}
	return string(e.Status)
}

// Execution renders an AssociationExecution. Real items carry no
// LastExecutionDate (CLI examples 2019; an aws-samples output 2023), though
// the model has the member: the execution's end is kept for statistics
// only.
func Execution(e *ExecutionState) model.AssociationExecution {
	return model.AssociationExecution{
		AssociationID: e.AssociationID, AssociationVersion: e.AssociationVersion,
		ExecutionID: e.ID, Status: string(e.Status), DetailedStatus: DetailedStatus(e),
		CreatedTime:           Stamp(e.Created),
		ResourceCountByStatus: ResourceCountByStatus(e.Counts),
		AlarmConfiguration:    e.Alarm, TriggeredAlarms: e.Triggered,
	}
}

// Target renders one AssociationExecutionTarget of execution e. A row
// still running shows its dispatch as LastExecutionDate; a Skipped row has
// no OutputSource.
func Target(e *ExecutionState, r *TargetState) model.AssociationExecutionTarget {
	doc := model.AssociationExecutionTarget{
		AssociationID: e.AssociationID, AssociationVersion: e.AssociationVersion,
		ExecutionID: e.ID, ResourceID: r.ResourceID, ResourceType: model.ResourceTypeManagedInstance,
		Status: string(r.Status.API()), DetailedStatus: status.DetailedName(r.Status, r.Detail),
		LastExecutionDate: stamp0(r.Finished),
	}
	if r.Status != status.Skipped {
		doc.OutputSource = &model.OutputSource{OutputSourceID: r.OutputSourceID, OutputSourceType: model.OutputSourceTypeRunCommand}
	}
	if r.Finished == 0 {
		doc.LastExecutionDate = Stamp(r.Dispatched)
	}
	return doc
}

// StatusInfo renders a node's InstanceAssociationStatusInfo for association
// associationID from its latest run r, made by version ver.
func StatusInfo(associationID string, ver *VersionState, r *TargetState) model.InstanceAssociationStatusInfo {
	v := ver.Info
	info := model.InstanceAssociationStatusInfo{
		AssociationID: associationID, Name: v.Name, DocumentVersion: ver.DocVersion,
		AssociationVersion: v.AssociationVersion, InstanceID: r.ResourceID,
		ExecutionDate: Stamp(r.Dispatched), Status: string(r.Status.API()),
		DetailedStatus: status.DetailedName(r.Status, r.Detail), AssociationName: v.AssociationName,
	}
	if r.Finished != 0 {
		info.ExecutionDate = Stamp(r.Finished)
	}
	// Real statuses carry DetailedStatus or ExecutionSummary, never both:
	// a schema 1.2 document's (AWS-UpdateSSMAgent: CLI example 2019, API
	// reference sample 2020) has DetailedStatus; a schema 2.x document's
	// (AWS-GatherSoftwareInventory: CLI example 2019, a 2024 output) has
	// the agent's plugin summary, or DetailedStatus when the agent wrote
	// none (a run it never received, or one still going).
	if ver.Schema != "1.2" {
		if sum := ExecutionSummary(r.Status, r.Detail); sum != "" {
			info.ExecutionSummary, info.DetailedStatus = sum, ""
		}
	}
	return info
}

// ExecutionSummary is the SSM Agent's summary line for a one-plugin
// document ("1 out of 1 plugin processed, 1 success, 0 failed, 0 timedout,
// 0 skipped. "); runs the agent never received or hasn't finished have none.
func ExecutionSummary(st status.Code, d status.Detail) string {
	if d == status.Undeliverable || d == status.InvalidPlatform {
		return ""
	}
	switch st {
	case status.Success:
		return "1 out of 1 plugin processed, 1 success, 0 failed, 0 timedout, 0 skipped. "
	case status.Failed:
		return "1 out of 1 plugin processed, 0 success, 1 failed, 0 timedout, 0 skipped. "
	case status.TimedOut:
		return "1 out of 1 plugin processed, 0 success, 0 failed, 1 timedout, 0 skipped. "
	}
	return ""
}

// ResourceCountByStatus formats counts as AWS does (D10): a Java-map-like
// string with keys in alphabetical order, only non-zero counts,
// "{Failed=1, Success=2}", and "{}" when empty.
func ResourceCountByStatus(c *status.Counts) string {
	b := []byte{'{'}
	for _, s := range status.Alphabetical {
		if c[s] == 0 {
			continue
		}
		if len(b) > 1 {
			b = append(b, ',', ' ')
		}
		b = append(b, s.API()...)
		b = append(b, '=')
		b = strconv.AppendInt(b, int64(c[s]), 10)
	}
	return string(append(b, '}'))
}

// Aggregated returns the non-zero counts keyed by status name (D11); nil
// when all are zero.
func Aggregated(c *status.Counts) map[string]int32 {
	var m map[string]int32
	for s := status.Pending; s < status.N; s++ {
		if c[s] != 0 {
			if m == nil {
				m = map[string]int32{}
			}
			m[string(s.API())] = c[s]
		}
	}
	return m
}

// AgentVersion is the SSM Agent version every virtual node reports.
const AgentVersion = "3.3.987.0"

var platformNames = map[model.PlatformType][2]string{
	model.PlatformLinux:   {"Amazon Linux", "2023"},
	model.PlatformWindows: {"Microsoft Windows Server 2022 Datacenter", "10.0.20348"},
	model.PlatformMacOS:   {"macOS", "14.4"},
}

// NodeState is a managed node as DescribeInstanceInformation shows it.
type NodeState struct {
	Number   int // its place in the fleet, from which its private IP is made
	ID       string
	Platform model.PlatformType
	Managed  bool // a hybrid managed node (mi-), not an EC2 instance
	Offline  bool
	// Associations counts its associations by their latest status on it;
	// LastRun and LastSuccess are the latest (successful) of those runs'
	// ends.
	Associations         status.Counts
	LastRun, LastSuccess engine.Time
}

// Instance renders a node's InstanceInformation at virtual instant now:
// ping status from its reachability, association status from its latest
// runs, the most pressing winning.
func Instance(n *NodeState, now engine.Time) model.InstanceInformation {
	p := n.Platform
	info := model.InstanceInformation{
		InstanceID: n.ID, PingStatus: "Online", LastPingDateTime: Stamp(now), AgentVersion: AgentVersion,
		IsLatestVersion: true, PlatformType: p, PlatformName: platformNames[p][0], PlatformVersion: platformNames[p][1],
		ResourceType: "EC2Instance",
		IPAddress:    fmt.Sprintf("10.%d.%d.%d", n.Number>>16&0xff, n.Number>>8&0xff, n.Number&0xff),
	}
	info.ComputerName = "ip-" + strings.ReplaceAll(info.IPAddress, ".", "-") + ".ec2.internal"
	if n.Managed {
		info.ResourceType = "ManagedInstance"
	}
	if n.Offline {
		info.PingStatus = "ConnectionLost"
	}
	// Per the CLI example, the node's association overview counts its
	// associations by their latest status on it.
	if agg := Aggregated(&n.Associations); agg != nil {
		worst := "Success" // the most pressing status wins
		for _, st := range []status.Code{status.Failed, status.TimedOut, status.InProgress, status.Pending} {
			if n.Associations[st] > 0 {
				worst = string(st.API())
				break
			}
		}
		info.AssociationStatus = worst
		info.AssociationOverview = &model.InstanceAggregatedAssociationOverview{DetailedStatus: worst, InstanceAssociationStatusAggregatedCount: agg}
		info.LastAssociationExecutionDate = stamp0(n.LastRun)
		info.LastSuccessfulAssociationExecutionDate = stamp0(n.LastSuccess)
	}
	return info
}

// ComplianceItem renders node resourceID's association compliance item
// under SyncCompliance AUTO, from its latest run r that decides compliance
// (made by version ran; v is the association's current version):
// COMPLIANT for Success, NON_COMPLIANT otherwise; Id the AssociationId,
// Title empty, Severity the association's ComplianceSeverity (UNSPECIFIED
// when unset), Details the document.
func ComplianceItem(associationID string, v *model.AssociationVersionInfo, ran *VersionState, r *TargetState) model.ComplianceItem {
	st := "NON_COMPLIANT"
	if r.Status == status.Success {
		st = "COMPLIANT"
	}
	sev := string(v.ComplianceSeverity)
	if sev == "" {
		sev = "UNSPECIFIED"
	}
	return model.ComplianceItem{
		ComplianceType: "Association", ResourceType: model.ResourceTypeManagedInstance, ResourceID: r.ResourceID,
		ID: associationID, Status: st, Severity: sev,
		// Only ExecutionTime, in whole seconds (list-compliance-items and
		// list-resource-compliance-summaries CLI examples).
		ExecutionSummary: &model.ComplianceExecutionSummary{ExecutionTime: Stamp(r.Finished - r.Finished%engine.Time(time.Second))},
		Details:          map[string]string{"DocumentName": ran.Info.Name, "DocumentVersion": ran.DocVersion},
	}
}
