package ssmapi

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

// LookupAssociation finds a live association by AssociationId, or answers
// AssociationDoesNotExist.
func LookupAssociation(c Core, id string) (int32, error) {
	if a, ok := c.AssociationIndex(id); ok {
		return a, nil
	}
	return 0, model.NewError(model.ErrCodeAssociationDoesNotExist, "Association with id %s does not exist.", id)
}

// FindAssociation finds a live association by AssociationId, or a legacy
// one by document Name and InstanceId.
func FindAssociation(c Core, id, name, instanceID string) (int32, error) {
	switch {
	case id != "":
		return LookupAssociation(c, id)
	case name != "" && instanceID != "":
		if a, ok := c.LegacyAssociation(name, instanceID); ok {
			return a, nil
		}
		return 0, model.NewError(model.ErrCodeAssociationDoesNotExist, "Association between document %s and instance %s does not exist.", name, instanceID)
	}
	return 0, model.NewError(model.ErrCodeAssociationDoesNotExist, "Specify an AssociationId, or a Name and InstanceId.")
}

// DescribeAssociation describes an association by AssociationId (optionally
// at an AssociationVersion), or a legacy one by Name and InstanceId.
func DescribeAssociation(c Core, in model.DescribeAssociationInput) (*model.DescribeAssociationOutput, error) {
	if err := c.Check("DescribeAssociation", in); err != nil {
		return nil, err
	}
	a, err := FindAssociation(c, in.AssociationID, in.Name, in.InstanceID)
	if err != nil {
		return nil, err
	}
	vi := c.Versions(a) - 1
	if in.AssociationVersion != "" && in.AssociationVersion != "$LATEST" {
		n, err := strconv.Atoi(in.AssociationVersion)
		if err != nil || n < 1 || n > c.Versions(a) {
			return nil, model.NewError(model.ErrCodeInvalidAssociationVersion, "Association version %s does not exist for association %s.", in.AssociationVersion, c.AssociationID(a))
		}
		vi = n - 1
	}
	st, v := c.Association(a), c.Version(a, vi)
	return &model.DescribeAssociationOutput{AssociationDescription: Describe(&st, &v)}, nil
}

// DescribeAssociationExecutions lists an association's executions, newest
// first (D20), filtered by ExecutionId, Status or CreatedTime.
func DescribeAssociationExecutions(c Core, in model.DescribeAssociationExecutionsInput) (*model.DescribeAssociationExecutionsOutput, error) {
	if err := c.Check("DescribeAssociationExecutions", in); err != nil {
		return nil, err
	}
	a, err := LookupAssociation(c, in.AssociationID)
	if err != nil {
		return nil, err
	}
	keep, err := filter.Executions(in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := c.Tokens().Open("DescribeAssociationExecutions", in.AssociationID, in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	// Newest first from the cursor (a binary search in the association's
	// executions): a page costs O(page), not O(history). Keys count down
	// from newest, so that they ascend in listing order.
	execs := c.Executions(a)
	key := func(ei int32) string { return paging.Pad10(1<<30 - int(ei)) }
	i := len(execs) - 1
	if p.After != "" {
		below := int32(1<<30 - paging.SeekPad10(p.After)) // executions older than the cursor's
		i, _ = slices.BinarySearch(execs, below)
		i--
		if i+1 < len(execs) && execs[i+1] == below {
			i++ // the cursor's own execution: offer skips it if it was on the last page
		}
	}
	f := paging.NewFill[model.AssociationExecution](p)
	for ; i >= 0; i-- {
		ei := execs[i]
		if !f.Visit(key(ei)) {
			break
		}
		e, ok := c.Execution(ei)
		if !ok {
			continue // D19: past the retention window
		}
		doc := Execution(&e)
		if keep(&doc) && !f.Offer(key(ei)+"/", func() model.AssociationExecution { return doc }) {
			break
		}
	}
	docs, next := f.Done(c.Tokens(), p)
	return &model.DescribeAssociationExecutionsOutput{AssociationExecutions: docs, NextToken: next}, nil
}

// DescribeAssociationExecutionTargets lists one execution's targets, by
// ResourceId (D20), filtered by Status, ResourceId or ResourceType.
func DescribeAssociationExecutionTargets(c Core, in model.DescribeAssociationExecutionTargetsInput) (*model.DescribeAssociationExecutionTargetsOutput, error) {
	if err := c.Check("DescribeAssociationExecutionTargets", in); err != nil {
		return nil, err
	}
	a, err := LookupAssociation(c, in.AssociationID)
	if err != nil {
		return nil, err
	}
	ei, ok := c.ExecutionIndex(a, in.ExecutionID)
	if !ok {
		return nil, model.NewError(model.ErrCodeAssociationExecutionDoesNotExist, "Execution %s does not exist for association %s.", in.ExecutionID, in.AssociationID)
	}
	for _, f := range in.Filters {
		switch f.Key {
		case model.AssociationExecutionTargetsFilterKeyStatus, model.AssociationExecutionTargetsFilterKeyResourceID, model.AssociationExecutionTargetsFilterKeyResourceType:
		default:
			return nil, model.NewError(model.ErrCodeValidation, "Filter key %s is not one of Status, ResourceId, ResourceType.", f.Key)
		}
	}
	p, err := c.Tokens().Open("DescribeAssociationExecutionTargets", in.AssociationID+"/"+in.ExecutionID, in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	e, _ := c.Execution(ei)
	// By ResourceId from the cursor (binary search in the execution's
	// index): a page costs O(page), not O(targets); a row is rendered only
	// once it is on the page.
	order := c.TargetsByID(ei)
	from, _ := slices.BinarySearchFunc(order, p.After, func(ri int32, after string) int {
		return strings.Compare(c.TargetID(ei, ri), after)
	})
	f := paging.NewFill[model.AssociationExecutionTarget](p)
	for k := from; k < len(order); k++ {
		ri := order[k]
		id := c.TargetID(ei, ri)
		before := p.After
		if k > 0 {
			before = c.TargetID(ei, order[k-1])
		}
		if !f.Visit(before) {
			break
		}
		r := c.Target(ei, ri)
		ok := true
		for _, flt := range in.Filters {
			switch flt.Key {
			case model.AssociationExecutionTargetsFilterKeyStatus:
				ok = ok && string(r.Status.API()) == flt.Value
			case model.AssociationExecutionTargetsFilterKeyResourceID:
				ok = ok && id == flt.Value
			case model.AssociationExecutionTargetsFilterKeyResourceType:
				ok = ok && model.ResourceTypeManagedInstance == flt.Value
			}
		}
		if ok && !f.Offer(id, func() model.AssociationExecutionTarget { return Target(&e, &r) }) {
			break
		}
	}
	docs, next := f.Done(c.Tokens(), p)
	return &model.DescribeAssociationExecutionTargetsOutput{AssociationExecutionTargets: docs, NextToken: next}, nil
}

// DescribeInstanceAssociationsStatus lists a node's latest status for every
// association that has run on it, in association creation order.
func DescribeInstanceAssociationsStatus(c Core, in model.DescribeInstanceAssociationsStatusInput) (*model.DescribeInstanceAssociationsStatusOutput, error) {
	if err := c.Check("DescribeInstanceAssociationsStatus", in); err != nil {
		return nil, err
	}
	n, ok := c.Node(in.InstanceID)
	if !ok {
		return nil, model.NewError(model.ErrCodeInvalidInstanceID, "Instance %s is not a managed node of this simulation.", in.InstanceID)
	}
	p, err := c.Tokens().Open("DescribeInstanceAssociationsStatus", in.InstanceID, in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	var infos []model.InstanceAssociationStatusInfo
	var idx []int32
	for _, a := range c.NodeAssociations(n) {
		if c.Deleted(a) {
			continue
		}
		if v, r, ok := c.LatestRun(a, n); ok {
			infos, idx = append(infos, StatusInfo(c.AssociationID(a), &v, &r)), append(idx, a)
		}
	}
	from, to, next := c.Tokens().Take(p, len(infos), func(i int) string { return paging.Pad10(int(idx[i])) },
		func(i int, after string) bool { return paging.Pad10(int(idx[i])) > after })
	return &model.DescribeInstanceAssociationsStatusOutput{InstanceAssociationStatusInfos: nonNil(infos[from:to]), NextToken: next}, nil
}

// ListAssociations lists associations in creation order (D20), filtered by
// AssociationFilterList (every filter must match).
func ListAssociations(c Core, in model.ListAssociationsInput) (*model.ListAssociationsOutput, error) {
	if err := c.Check("ListAssociations", in); err != nil {
		return nil, err
	}
	keep, err := filter.Associations(in.AssociationFilterList)
	if err != nil {
		return nil, err
	}
	filtered := len(in.AssociationFilterList) > 0
	p, err := c.Tokens().Open("ListAssociations", "", in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	// In creation order from the cursor's association; an association is
	// summarised only once it is on the page, so a page costs O(page),
	// not O(associations).
	f := paging.NewFill[model.Association](p)
	for i := paging.SeekPad10(p.After); i < c.AssociationCount() && f.Visit(paging.Pad10(i)); i++ {
		a := int32(i)
		if c.Deleted(a) {
			continue
		}
		if filtered {
			if facts := c.FilterFacts(a); !keep(&facts) {
				continue
			}
		}
		if !f.Offer(paging.Pad10(i), func() model.Association {
			st, v := c.Association(a), c.Version(a, c.Versions(a)-1)
			return Summary(&st, v.Info)
		}) {
			break
		}
	}
	list, next := f.Done(c.Tokens(), p)
	return &model.ListAssociationsOutput{Associations: list, NextToken: next}, nil
}

// ListAssociationVersions lists every version of an association, oldest first.
func ListAssociationVersions(c Core, in model.ListAssociationVersionsInput) (*model.ListAssociationVersionsOutput, error) {
	if err := c.Check("ListAssociationVersions", in); err != nil {
		return nil, err
	}
	a, err := LookupAssociation(c, in.AssociationID)
	if err != nil {
		return nil, err
	}
	p, err := c.Tokens().Open("ListAssociationVersions", in.AssociationID, in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	from, to, next := c.Tokens().Take(p, c.Versions(a), func(i int) string { return paging.Pad10(i) },
		func(i int, after string) bool { return paging.Pad10(i) > after })
	out := &model.ListAssociationVersionsOutput{NextToken: next}
	for i := from; i < to; i++ {
		out.AssociationVersions = append(out.AssociationVersions, *c.Version(a, i).Info)
	}
	return out, nil
}

// DescribeEffectiveInstanceAssociations lists the associations in effect on
// a node — those whose current targets select it — with the document
// content each runs (MaxResults 1..5).
func DescribeEffectiveInstanceAssociations(c Core, in model.DescribeEffectiveInstanceAssociationsInput) (*model.DescribeEffectiveInstanceAssociationsOutput, error) {
	if err := c.Check("DescribeEffectiveInstanceAssociations", in); err != nil {
		return nil, err
	}
	n, ok := c.Node(in.InstanceID)
	if !ok || c.Terminated(n) {
		return nil, model.NewError(model.ErrCodeInvalidInstanceID, "Instance %s is not a managed node of this simulation.", in.InstanceID)
	}
	p, err := c.Tokens().Open("DescribeEffectiveInstanceAssociations", in.InstanceID, in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	var list []model.InstanceAssociation
	var idx []int32
	for i := range c.AssociationCount() {
		a := int32(i)
		if c.Deleted(a) || !c.Selects(a, n) {
			continue
		}
		list = append(list, model.InstanceAssociation{AssociationID: c.AssociationID(a), InstanceID: in.InstanceID,
			Content: c.Content(a), AssociationVersion: c.Version(a, c.Versions(a)-1).Info.AssociationVersion})
		idx = append(idx, a)
	}
	from, to, next := c.Tokens().Take(p, len(list), func(i int) string { return paging.Pad10(int(idx[i])) },
		func(i int, after string) bool { return paging.Pad10(int(idx[i])) > after })
	return &model.DescribeEffectiveInstanceAssociationsOutput{Associations: nonNil(list[from:to]), NextToken: next}, nil
}

// nonNil keeps empty lists as [] on the wire, never null.
func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}
