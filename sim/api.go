package sim

import (
	"cmp"
	"slices"
	"strconv"
	"time"

	"github.com/ssmsim/ssmsim/model"
)

// The read operations answer with every matching item on one page; paging
// with MaxResults and NextToken is the job of the API front.

func (s *Sim) lookupAssociation(id string) (*association, error) {
	if i, ok := s.byID[id]; ok {
		return s.assocs[i], nil
	}
	return nil, model.NewError(model.ErrCodeAssociationDoesNotExist, "Association with id %s does not exist.", id)
}

// findAssociation finds a live association by AssociationId, or a legacy
// one by document Name and InstanceId.
func (s *Sim) findAssociation(id, name, instanceID string) (*association, error) {
	switch {
	case id != "":
		return s.lookupAssociation(id)
	case name != "" && instanceID != "":
		for _, c := range s.assocs {
			if !c.deleted && c.legacy && c.version().info.Name == name && c.version().info.Targets[0].Values[0] == instanceID {
				return c, nil
			}
		}
		return nil, model.NewError(model.ErrCodeAssociationDoesNotExist, "Association between document %s and instance %s does not exist.", name, instanceID)
	}
	return nil, model.NewError(model.ErrCodeAssociationDoesNotExist, "Specify an AssociationId, or a Name and InstanceId.")
}

// DescribeAssociation describes an association by AssociationId (optionally
// at an AssociationVersion), or a legacy one by Name and InstanceId.
func (s *Sim) DescribeAssociation(in model.DescribeAssociationInput) (*model.DescribeAssociationOutput, error) {
	a, err := s.findAssociation(in.AssociationID, in.Name, in.InstanceID)
	if err != nil {
		return nil, err
	}
	v := a.version()
	if in.AssociationVersion != "" && in.AssociationVersion != "$LATEST" {
		n, err := strconv.Atoi(in.AssociationVersion)
		if err != nil || n < 1 || n > len(a.versions) {
			return nil, model.NewError(model.ErrCodeInvalidAssociationVersion, "Association version %s does not exist for association %s.", in.AssociationVersion, a.id)
		}
		v = &a.versions[n-1]
	}
	return &model.DescribeAssociationOutput{AssociationDescription: s.describe(a, v)}, nil
}

// DescribeAssociationExecutions lists an association's executions, newest
// first (D20), filtered by ExecutionId, Status or CreatedTime.
func (s *Sim) DescribeAssociationExecutions(in model.DescribeAssociationExecutionsInput) (*model.DescribeAssociationExecutionsOutput, error) {
	a, err := s.lookupAssociation(in.AssociationID)
	if err != nil {
		return nil, err
	}
	keep, err := executionFilter(in.Filters)
	if err != nil {
		return nil, err
	}
	out := &model.DescribeAssociationExecutionsOutput{AssociationExecutions: []model.AssociationExecution{}}
	for i := len(a.execs) - 1; i >= 0; i-- {
		doc := s.executionDoc(s.execs[a.execs[i]])
		if keep(&doc) {
			out.AssociationExecutions = append(out.AssociationExecutions, doc)
		}
	}
	return out, nil
}

func executionFilter(fs []model.AssociationExecutionFilter) (func(*model.AssociationExecution) bool, error) {
	type test func(*model.AssociationExecution) bool
	var tests []test
	for _, f := range fs {
		f := f
		switch f.Key {
		case model.AssociationExecutionFilterKeyExecutionID, model.AssociationExecutionFilterKeyStatus:
			if f.Type != model.AssociationFilterOperatorEqual {
				return nil, model.NewError(model.ErrCodeValidation, "Filter key %s supports only the EQUAL type.", f.Key)
			}
			if f.Key == model.AssociationExecutionFilterKeyStatus {
				tests = append(tests, func(e *model.AssociationExecution) bool { return e.Status == f.Value })
			} else {
				tests = append(tests, func(e *model.AssociationExecution) bool { return e.ExecutionID == f.Value })
			}
		case model.AssociationExecutionFilterKeyCreatedTime:
			at, err := time.Parse(time.RFC3339, f.Value)
			if err != nil {
				return nil, model.NewError(model.ErrCodeValidation, "CreatedTime filter value %q is not an ISO-8601 time such as 2019-02-18T16:00:00Z.", f.Value)
			}
			ms := model.TimestampOf(at)
			switch f.Type {
			case model.AssociationFilterOperatorEqual:
				tests = append(tests, func(e *model.AssociationExecution) bool { return e.CreatedTime == ms })
			case model.AssociationFilterOperatorLessThan:
				tests = append(tests, func(e *model.AssociationExecution) bool { return e.CreatedTime < ms })
			case model.AssociationFilterOperatorGreaterThan:
				tests = append(tests, func(e *model.AssociationExecution) bool { return e.CreatedTime > ms })
			default:
				return nil, model.NewError(model.ErrCodeValidation, "Filter type %s is not one of EQUAL, LESS_THAN, GREATER_THAN.", f.Type)
			}
		default:
			return nil, model.NewError(model.ErrCodeValidation, "Filter key %s is not one of ExecutionId, Status, CreatedTime.", f.Key)
		}
	}
	return func(e *model.AssociationExecution) bool {
		for _, t := range tests {
			if !t(e) {
				return false
			}
		}
		return true
	}, nil
}

func (s *Sim) lookupExecution(a *association, id string) (*execution, error) {
	for _, ei := range a.execs {
		if s.execs[ei].id == id {
			return s.execs[ei], nil
		}
	}
	return nil, model.NewError(model.ErrCodeAssociationExecutionDoesNotExist, "Execution %s does not exist for association %s.", id, a.id)
}

// DescribeAssociationExecutionTargets lists one execution's targets, by
// ResourceId (D20), filtered by Status, ResourceId or ResourceType.
func (s *Sim) DescribeAssociationExecutionTargets(in model.DescribeAssociationExecutionTargetsInput) (*model.DescribeAssociationExecutionTargetsOutput, error) {
	a, err := s.lookupAssociation(in.AssociationID)
	if err != nil {
		return nil, err
	}
	e, err := s.lookupExecution(a, in.ExecutionID)
	if err != nil {
		return nil, err
	}
	docs := make([]model.AssociationExecutionTarget, 0, len(e.records))
	for ri := range e.records {
		doc := s.targetDoc(e, int32(ri))
		ok := true
		for _, f := range in.Filters {
			switch f.Key {
			case model.AssociationExecutionTargetsFilterKeyStatus:
				ok = ok && doc.Status == f.Value
			case model.AssociationExecutionTargetsFilterKeyResourceID:
				ok = ok && doc.ResourceID == f.Value
			case model.AssociationExecutionTargetsFilterKeyResourceType:
				ok = ok && doc.ResourceType == f.Value
			default:
				return nil, model.NewError(model.ErrCodeValidation, "Filter key %s is not one of Status, ResourceId, ResourceType.", f.Key)
			}
		}
		if ok {
			docs = append(docs, doc)
		}
	}
	slices.SortStableFunc(docs, func(x, y model.AssociationExecutionTarget) int { return cmp.Compare(x.ResourceID, y.ResourceID) })
	return &model.DescribeAssociationExecutionTargetsOutput{AssociationExecutionTargets: docs}, nil
}

// DescribeInstanceAssociationsStatus lists a node's latest status for every
// association that has run on it, in association creation order.
func (s *Sim) DescribeInstanceAssociationsStatus(in model.DescribeInstanceAssociationsStatusInput) (*model.DescribeInstanceAssociationsStatusOutput, error) {
	n, ok := s.fleet.Lookup(in.InstanceID)
	if !ok {
		return nil, model.NewError(model.ErrCodeInvalidInstanceID, "Instance %s is not a managed node of this simulation.", in.InstanceID)
	}
	out := &model.DescribeInstanceAssociationsStatusOutput{InstanceAssociationStatusInfos: []model.InstanceAssociationStatusInfo{}}
	for _, a := range s.assocs {
		if a.deleted {
			continue
		}
		if info, ok := s.statusInfo(a, int32(n)); ok {
			out.InstanceAssociationStatusInfos = append(out.InstanceAssociationStatusInfos, info)
		}
	}
	return out, nil
}

// ListAssociations lists associations in creation order (D20).
func (s *Sim) ListAssociations(model.ListAssociationsInput) (*model.ListAssociationsOutput, error) {
	out := &model.ListAssociationsOutput{Associations: make([]model.Association, 0, len(s.assocs))}
	for _, a := range s.assocs {
		if !a.deleted {
			out.Associations = append(out.Associations, s.summary(a))
		}
	}
	return out, nil
}

// StartAssociationsOnce runs each association once, now, without changing
// its schedule (1 to 10 IDs). An association already running runs again
// when its current execution finishes.
func (s *Sim) StartAssociationsOnce(in model.StartAssociationsOnceInput) (*model.StartAssociationsOnceOutput, error) {
	if len(in.AssociationIDs) < 1 || len(in.AssociationIDs) > 10 {
		return nil, model.ValidationError(model.Violation{Value: "[" + strconv.Itoa(len(in.AssociationIDs)) + " ids]", Member: "associationIds", Constraint: "Member must have length between 1 and 10"})
	}
	var idx []int32
	for _, id := range in.AssociationIDs {
		a, err := s.lookupAssociation(id)
		if err != nil {
			return nil, err
		}
		idx = append(idx, a.index)
	}
	for _, i := range idx {
		s.requestStart(s.assocs[i], triggerManual)
	}
	return &model.StartAssociationsOnceOutput{}, nil
}

// ListAssociationVersions lists every version of an association, oldest first.
func (s *Sim) ListAssociationVersions(in model.ListAssociationVersionsInput) (*model.ListAssociationVersionsOutput, error) {
	a, err := s.lookupAssociation(in.AssociationID)
	if err != nil {
		return nil, err
	}
	out := &model.ListAssociationVersionsOutput{AssociationVersions: make([]model.AssociationVersionInfo, len(a.versions))}
	for i := range a.versions {
		out.AssociationVersions[i] = a.versions[i].info
	}
	return out, nil
}
