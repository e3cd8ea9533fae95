package sim

import (
	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim/filter"
	"github.com/ssmsim/ssmsim/sim/ssmapi"
)

// The read operations are package ssmapi's, over the simulation's query
// interface (reader.go); the methods here are the library's way in.

// DescribeAssociation describes an association by AssociationId (optionally
// at an AssociationVersion), or a legacy one by Name and InstanceId.
func (s *Sim) DescribeAssociation(in model.DescribeAssociationInput) (*model.DescribeAssociationOutput, error) {
	return ssmapi.DescribeAssociation(s.read(), in)
}

// DescribeAssociationExecutions lists an association's executions, newest
// first (D20), filtered by ExecutionId, Status or CreatedTime.
func (s *Sim) DescribeAssociationExecutions(in model.DescribeAssociationExecutionsInput) (*model.DescribeAssociationExecutionsOutput, error) {
	return ssmapi.DescribeAssociationExecutions(s.read(), in)
}

// DescribeAssociationExecutionTargets lists one execution's targets, by
// ResourceId (D20), filtered by Status, ResourceId or ResourceType.
func (s *Sim) DescribeAssociationExecutionTargets(in model.DescribeAssociationExecutionTargetsInput) (*model.DescribeAssociationExecutionTargetsOutput, error) {
	return ssmapi.DescribeAssociationExecutionTargets(s.read(), in)
}

// DescribeInstanceAssociationsStatus lists a node's latest status for every
// association that has run on it, in association creation order.
func (s *Sim) DescribeInstanceAssociationsStatus(in model.DescribeInstanceAssociationsStatusInput) (*model.DescribeInstanceAssociationsStatusOutput, error) {
	return ssmapi.DescribeInstanceAssociationsStatus(s.read(), in)
}

// ListAssociations lists associations in creation order (D20), filtered by
// AssociationFilterList (every filter must match).
func (s *Sim) ListAssociations(in model.ListAssociationsInput) (*model.ListAssociationsOutput, error) {
	return ssmapi.ListAssociations(s.read(), in)
}

// ListAssociationVersions lists every version of an association, oldest first.
func (s *Sim) ListAssociationVersions(in model.ListAssociationVersionsInput) (*model.ListAssociationVersionsOutput, error) {
	return ssmapi.ListAssociationVersions(s.read(), in)
}

// DescribeEffectiveInstanceAssociations lists the associations in effect on
// a node — those whose current targets select it — with the document
// content each runs (MaxResults 1..5).
func (s *Sim) DescribeEffectiveInstanceAssociations(in model.DescribeEffectiveInstanceAssociationsInput) (*model.DescribeEffectiveInstanceAssociationsOutput, error) {
	return ssmapi.DescribeEffectiveInstanceAssociations(s.read(), in)
}

// DescribeInstanceInformation lists the fleet's managed nodes in fleet
// order (terminated and not-yet-joined nodes excluded), filtered by
// InstanceIds, PingStatus, PlatformTypes, ResourceType, AgentVersion or
// AssociationStatus (MaxResults 5..50).
func (s *Sim) DescribeInstanceInformation(in model.DescribeInstanceInformationInput) (*model.DescribeInstanceInformationOutput, error) {
	return ssmapi.DescribeInstanceInformation(s.read(), in)
}

// ListComplianceItems lists compliance items of managed nodes (all of them
// without ResourceIds), by node, then ComplianceType, then Id.
func (s *Sim) ListComplianceItems(in model.ListComplianceItemsInput) (*model.ListComplianceItemsOutput, error) {
	return ssmapi.ListComplianceItems(s.read(), in)
}

// ListResourceComplianceSummaries summarises each node's compliance per
// compliance type: NON_COMPLIANT if any item is, the overall severity the
// highest among the non-compliant items (else among all), counts by status
// and severity.
func (s *Sim) ListResourceComplianceSummaries(in model.ListResourceComplianceSummariesInput) (*model.ListResourceComplianceSummariesOutput, error) {
	return ssmapi.ListResourceComplianceSummaries(s.read(), in)
}

// ListTagsForResource lists a resource's tags, sorted by key.
func (s *Sim) ListTagsForResource(in model.ListTagsForResourceInput) (*model.ListTagsForResourceOutput, error) {
	return ssmapi.ListTagsForResource(s.read(), in)
}

// DescribeDocument describes an AWS-managed Command document or a document
// created in the simulation.
func (s *Sim) DescribeDocument(in model.DescribeDocumentInput) (*model.DescribeDocumentOutput, error) {
	return ssmapi.DescribeDocument(s.read(), in)
}

// GetCalendarState answers the combined state of Change Calendars at
// AtTime (default now) and when it next changes.
func (s *Sim) GetCalendarState(in model.GetCalendarStateInput) (*model.GetCalendarStateOutput, error) {
	return ssmapi.GetCalendarState(s.read(), in)
}

func (s *Sim) lookupAssociation(id string) (*association, error) {
	i, err := ssmapi.LookupAssociation(s.read(), id)
	if err != nil {
		return nil, err
	}
	return s.assocs[i], nil
}

// filterFacts is what a ListAssociations filter can ask of a.
func (s *Sim) filterFacts(a *association) filter.Association {
	v := &a.version().info
	f := filter.Association{ID: a.id, DocumentName: v.Name, AssociationName: v.AssociationName,
		Status: func() string { return s.overview(a).Status }}
	if a.legacy {
		f.LegacyInstanceID = v.Targets[0].Values[0]
	}
	if a.lastExec != 0 {
		f.LastExecuted = a.lastExec.Std()
	}
	return f
}

// nonNil keeps empty lists as [] on the wire, never null.
func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

// StartAssociationsOnce runs each association once, now, without changing
// its schedule (1 to 10 IDs). An association already running runs again
// when its current execution finishes.
func (s *Sim) StartAssociationsOnce(in model.StartAssociationsOnceInput) (*model.StartAssociationsOnceOutput, error) {
	return ssmapi.StartAssociationsOnce(s.read(), in)
}
