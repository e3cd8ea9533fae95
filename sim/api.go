package sim

import (
	"slices"
	"strconv"
	"strings"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim/filter"
	"github.com/ssmsim/ssmsim/sim/paging"
)

// The list operations page with MaxResults and NextToken (package paging);
// without MaxResults they answer with every item on one page.

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
	if err := s.checkRequest("DescribeAssociation", in); err != nil {
		return nil, err
	}
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
	if err := s.checkRequest("DescribeAssociationExecutions", in); err != nil {
		return nil, err
	}
	a, err := s.lookupAssociation(in.AssociationID)
	if err != nil {
		return nil, err
	}
	keep, err := filter.Executions(in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := s.tokens().Open("DescribeAssociationExecutions", a.id, in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	// Newest first from the cursor (a binary search in the association's
	// executions): a page costs O(page), not O(history). Keys count down
	// from newest, so that they ascend in listing order.
	key := func(ei int32) string { return paging.Pad10(1<<30 - int(ei)) }
	i := len(a.execs) - 1
	if p.After != "" {
		below := int32(1<<30 - paging.SeekPad10(p.After)) // executions older than the cursor's
		i, _ = slices.BinarySearch(a.execs, below)
		i--
		if i+1 < len(a.execs) && a.execs[i+1] == below {
			i++ // the cursor's own execution: offer skips it if it was on the last page
		}
	}
	f := paging.NewFill[model.AssociationExecution](p)
	for ; i >= 0; i-- {
		ei := a.execs[i]
		if !f.Visit(key(ei)) {
			break
		}
		if s.execs[ei] == nil || !s.visible(s.execs[ei]) {
			continue // D19: past the retention window
		}
		doc := s.executionDoc(s.execs[ei])
		if keep(&doc) && !f.Offer(key(ei)+"/", func() model.AssociationExecution { return doc }) {
			break
		}
	}
	docs, next := f.Done(s.tokens(), p)
	return &model.DescribeAssociationExecutionsOutput{AssociationExecutions: docs, NextToken: next}, nil
}

func (s *Sim) lookupExecution(a *association, id string) (*execution, error) {
	for _, ei := range a.execs {
		if e := s.execs[ei]; e != nil && e.id == id && s.visible(e) {
			return s.execs[ei], nil
		}
	}
	return nil, model.NewError(model.ErrCodeAssociationExecutionDoesNotExist, "Execution %s does not exist for association %s.", id, a.id)
}

// DescribeAssociationExecutionTargets lists one execution's targets, by
// ResourceId (D20), filtered by Status, ResourceId or ResourceType.
func (s *Sim) DescribeAssociationExecutionTargets(in model.DescribeAssociationExecutionTargetsInput) (*model.DescribeAssociationExecutionTargetsOutput, error) {
	if err := s.checkRequest("DescribeAssociationExecutionTargets", in); err != nil {
		return nil, err
	}
	a, err := s.lookupAssociation(in.AssociationID)
	if err != nil {
		return nil, err
	}
	e, err := s.lookupExecution(a, in.ExecutionID)
	if err != nil {
		return nil, err
	}
	for _, f := range in.Filters {
		switch f.Key {
		case model.AssociationExecutionTargetsFilterKeyStatus, model.AssociationExecutionTargetsFilterKeyResourceID, model.AssociationExecutionTargetsFilterKeyResourceType:
		default:
			return nil, model.NewError(model.ErrCodeValidation, "Filter key %s is not one of Status, ResourceId, ResourceType.", f.Key)
		}
	}
	p, err := s.tokens().Open("DescribeAssociationExecutionTargets", a.id+"/"+e.id, in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	// By ResourceId from the cursor (binary search in the execution's
	// index): a page costs O(page), not O(targets); a row is rendered only
	// once it is on the page.
	order := s.recordsByID(e)
	from, _ := slices.BinarySearchFunc(order, p.After, func(ri int32, after string) int {
		return strings.Compare(s.fleet.ID(int(e.records[ri].node)), after)
	})
	f := paging.NewFill[model.AssociationExecutionTarget](p)
	for k := from; k < len(order); k++ {
		ri := order[k]
		r := &e.records[ri]
		id := s.fleet.ID(int(r.node))
		before := p.After
		if k > 0 {
			before = s.fleet.ID(int(e.records[order[k-1]].node))
		}
		if !f.Visit(before) {
			break
		}
		ok := true
		for _, flt := range in.Filters {
			switch flt.Key {
			case model.AssociationExecutionTargetsFilterKeyStatus:
				ok = ok && string(r.status.API()) == flt.Value
			case model.AssociationExecutionTargetsFilterKeyResourceID:
				ok = ok && id == flt.Value
			case model.AssociationExecutionTargetsFilterKeyResourceType:
				ok = ok && model.ResourceTypeManagedInstance == flt.Value
			}
		}
		if ok && !f.Offer(id, func() model.AssociationExecutionTarget { return s.targetDoc(e, ri) }) {
			break
		}
	}
	docs, next := f.Done(s.tokens(), p)
	return &model.DescribeAssociationExecutionTargetsOutput{AssociationExecutionTargets: docs, NextToken: next}, nil
}

// recordsByID returns execution e's records ordered by ResourceId (a
// stable sort: a node dispatched twice keeps its dispatch order), built
// once and rebuilt only when rows were added since.
func (s *Sim) recordsByID(e *execution) []int32 {
	if len(e.byID) == len(e.records) {
		return e.byID
	}
	ids := make([]string, len(e.records))
	order := make([]int32, len(e.records))
	for ri := range e.records {
		ids[ri], order[ri] = s.fleet.ID(int(e.records[ri].node)), int32(ri)
	}
	slices.SortStableFunc(order, func(x, y int32) int { return strings.Compare(ids[x], ids[y]) })
	e.byID = order
	return order
}

// DescribeInstanceAssociationsStatus lists a node's latest status for every
// association that has run on it, in association creation order.
func (s *Sim) DescribeInstanceAssociationsStatus(in model.DescribeInstanceAssociationsStatusInput) (*model.DescribeInstanceAssociationsStatusOutput, error) {
	if err := s.checkRequest("DescribeInstanceAssociationsStatus", in); err != nil {
		return nil, err
	}
	n, ok := s.fleet.Lookup(in.InstanceID)
	if !ok {
		return nil, model.NewError(model.ErrCodeInvalidInstanceID, "Instance %s is not a managed node of this simulation.", in.InstanceID)
	}
	p, err := s.tokens().Open("DescribeInstanceAssociationsStatus", in.InstanceID, in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	var infos []model.InstanceAssociationStatusInfo
	var idx []int32
	for _, ai := range s.windows.at(int32(n)) { // the associations that may have run on n, in order
		a := s.assocs[ai]
		if a.deleted {
			continue
		}
		if info, ok := s.statusInfo(a, int32(n)); ok {
			infos, idx = append(infos, info), append(idx, a.index)
		}
	}
	from, to, next := s.tokens().Take(p, len(infos), func(i int) string { return paging.Pad10(int(idx[i])) },
		func(i int, after string) bool { return paging.Pad10(int(idx[i])) > after })
	return &model.DescribeInstanceAssociationsStatusOutput{InstanceAssociationStatusInfos: nonNil(infos[from:to]), NextToken: next}, nil
}

// ListAssociations lists associations in creation order (D20), filtered by
// AssociationFilterList (every filter must match).
func (s *Sim) ListAssociations(in model.ListAssociationsInput) (*model.ListAssociationsOutput, error) {
	if err := s.checkRequest("ListAssociations", in); err != nil {
		return nil, err
	}
	keep, err := filter.Associations(in.AssociationFilterList)
	if err != nil {
		return nil, err
	}
	filtered := len(in.AssociationFilterList) > 0
	p, err := s.tokens().Open("ListAssociations", "", in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	// In creation order from the cursor's association; an association is
	// summarised only once it is on the page, so a page costs O(page),
	// not O(associations).
	f := paging.NewFill[model.Association](p)
	for i := paging.SeekPad10(p.After); i < len(s.assocs) && f.Visit(paging.Pad10(i)); i++ {
		a := s.assocs[i]
		if a.deleted {
			continue
		}
		if filtered {
			if facts := s.filterFacts(a); !keep(&facts) {
				continue
			}
		}
		if !f.Offer(paging.Pad10(i), func() model.Association { return s.summary(a) }) {
			break
		}
	}
	list, next := f.Done(s.tokens(), p)
	return &model.ListAssociationsOutput{Associations: list, NextToken: next}, nil
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
	if err := s.checkRequest("StartAssociationsOnce", in); err != nil {
		return nil, err
	}
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
	if err := s.checkRequest("ListAssociationVersions", in); err != nil {
		return nil, err
	}
	a, err := s.lookupAssociation(in.AssociationID)
	if err != nil {
		return nil, err
	}
	p, err := s.tokens().Open("ListAssociationVersions", a.id, in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	from, to, next := s.tokens().Take(p, len(a.versions), func(i int) string { return paging.Pad10(i) },
		func(i int, after string) bool { return paging.Pad10(i) > after })
	out := &model.ListAssociationVersionsOutput{NextToken: next}
	for i := from; i < to; i++ {
		out.AssociationVersions = append(out.AssociationVersions, a.versions[i].info)
	}
	return out, nil
}
