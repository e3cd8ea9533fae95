package ssmapi

import (
	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim/compliance"
	"github.com/ssmsim/ssmsim/sim/filter"
	"github.com/ssmsim/ssmsim/sim/paging"
)

// DescribeInstanceInformation lists the fleet's managed nodes in fleet
// order (terminated and not-yet-joined nodes excluded), filtered by
// InstanceIds, PingStatus, PlatformTypes, ResourceType, AgentVersion or
// AssociationStatus (MaxResults 5..50).
func DescribeInstanceInformation(c Core, in model.DescribeInstanceInformationInput) (*model.DescribeInstanceInformationOutput, error) {
	if err := c.Check("DescribeInstanceInformation", in); err != nil {
		return nil, err
	}
	keep, err := filter.Instances(in)
	if err != nil {
		return nil, err
	}
	p, err := c.Tokens().Open("DescribeInstanceInformation", "", in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	// In fleet order from the cursor's node: a page costs O(page), not O(fleet).
	now := c.Now()
	f := paging.NewFill[model.InstanceInformation](p)
	for n := paging.SeekPad10(p.After); n < c.Nodes() && f.Visit(paging.Pad10(n)); n++ {
		if !c.Listed(int32(n)) {
			continue
		}
		ns := c.NodeInfo(int32(n))
		info := Instance(&ns, now)
		if keep(&info, c.NodeTags(int32(n))) && !f.Offer(paging.Pad10(n)+"/", func() model.InstanceInformation { return info }) {
			break
		}
	}
	list, next := f.Done(c.Tokens(), p)
	return &model.DescribeInstanceInformationOutput{InstanceInformationList: list, NextToken: next}, nil
}

// complianceNodes resolves ResourceIds/ResourceTypes to nodes in the order
// given; nil (no ResourceIds) means every node, in fleet order, which the
// caller walks from its cursor rather than listing a million numbers.
func complianceNodes(c Core, ids, types []string) ([]int32, error) {
	for _, t := range types {
		if t != model.ResourceTypeManagedInstance {
			return nil, model.NewError(model.ErrCodeInvalidResourceType, "")
		}
	}
	var nodes []int32
	for _, id := range ids {
		n, ok := c.Node(id)
		if !ok {
			return nil, model.NewError(model.ErrCodeInvalidResourceID, "")
		}
		nodes = append(nodes, n)
	}
	return nodes, nil
}

// ListComplianceItems lists compliance items of managed nodes (all of them
// without ResourceIds), by node, then ComplianceType, then Id.
func ListComplianceItems(c Core, in model.ListComplianceItemsInput) (*model.ListComplianceItemsOutput, error) {
	if err := c.Check("ListComplianceItems", in); err != nil {
		return nil, err
	}
	nodes, err := complianceNodes(c, in.ResourceIDs, in.ResourceTypes)
	if err != nil {
		return nil, err
	}
	keep, err := filter.ComplianceItems(in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := c.Tokens().Open("ListComplianceItems", "", in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	// By node from the cursor's: a page costs O(page), not O(fleet).
	f := paging.NewFill[model.ComplianceItem](p)
	count, node := len(nodes), func(i int) int32 { return nodes[i] }
	if len(in.ResourceIDs) == 0 {
		count, node = c.Nodes(), func(i int) int32 { return int32(i) }
	}
scan:
	for i := paging.SeekPad10(p.After); i < count && f.Visit(paging.Pad10(i)); i++ {
		for _, it := range c.ComplianceItems(node(i)) {
			if keep(&it) && !f.Offer(paging.Pad10(i)+"/"+it.ComplianceType+"/"+it.ID, func() model.ComplianceItem { return it }) {
				break scan
			}
		}
	}
	items, next := f.Done(c.Tokens(), p)
	return &model.ListComplianceItemsOutput{ComplianceItems: items, NextToken: next}, nil
}

// ListResourceComplianceSummaries summarises each node's compliance per
// compliance type: NON_COMPLIANT if any item is, the overall severity the
// highest among the non-compliant items (else among all), counts by status
// and severity.
func ListResourceComplianceSummaries(c Core, in model.ListResourceComplianceSummariesInput) (*model.ListResourceComplianceSummariesOutput, error) {
	if err := c.Check("ListResourceComplianceSummaries", in); err != nil {
		return nil, err
	}
	keep, err := filter.ComplianceSummaries(in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := c.Tokens().Open("ListResourceComplianceSummaries", "", in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	// By node from the cursor's: a page costs O(page), not O(fleet).
	f := paging.NewFill[model.ResourceComplianceSummaryItem](p)
scan:
	for n := paging.SeekPad10(p.After); n < c.Nodes() && f.Visit(paging.Pad10(n)); n++ {
		items := c.ComplianceItems(int32(n))
		for i := 0; i < len(items); {
			j := i
			for j < len(items) && items[j].ComplianceType == items[i].ComplianceType {
				j++
			}
			sum := compliance.Summarize(items[i:j])
			if keep(&sum) && !f.Offer(paging.Pad10(n)+"/"+sum.ComplianceType, func() model.ResourceComplianceSummaryItem { return sum }) {
				break scan
			}
			i = j
		}
	}
	list, next := f.Done(c.Tokens(), p)
	return &model.ListResourceComplianceSummariesOutput{ResourceComplianceSummaryItems: list, NextToken: next}, nil
}
