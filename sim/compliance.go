package sim

import (
	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim/compliance"
	"github.com/ssmsim/ssmsim/sim/filter"
	"github.com/ssmsim/ssmsim/sim/paging"
	"github.com/ssmsim/ssmsim/sim/ssmapi"
	"github.com/ssmsim/ssmsim/sim/status"
)

// MaxCustomComplianceTypes is how many Custom: compliance types a resource
// may have (ComplianceTypeCountLimitExceededException).
const MaxCustomComplianceTypes = compliance.MaxCustomTypes

// noteCompliance remembers the node's latest run that decides association
// compliance: only Success, Failed and TimedOut update it (SSM Agent's
// compliance uploader); an undeliverable run never reached the agent.
func (a *association) noteCompliance(ref *nodeRef, st status.Code, d status.Detail, ei, ri int32) {
	if !(st == status.Success || st == status.TimedOut || (st == status.Failed && d == status.Same)) {
		return
	}
	ref.compExec, ref.compRec = ei, ri
}

// autoItem is node n's association compliance item under SyncCompliance
// AUTO (package ssmapi renders it), from the node's latest run that
// decides compliance.
func (s *Sim) autoItem(a *association, n int32) (model.ComplianceItem, bool) {
	v := &a.version().info
	ref := a.ref(n)
	if a.deleted || v.SyncCompliance == model.SyncComplianceManual || ref == nil || ref.compExec < 0 {
		return model.ComplianceItem{}, false
	}
	e := s.execs[ref.compExec]
	ran, r := versionState(&a.versions[e.version]), s.targetRow(e, ref.compRec)
	return ssmapi.ComplianceItem(a.id, v, &ran, &r), true
}

// itemsOf lists node n's compliance items sorted by (ComplianceType, Id).
func (s *Sim) itemsOf(n int32) []model.ComplianceItem {
	var auto []model.ComplianceItem
	for _, ai := range s.windows.at(n) { // only these can have run on n
		if it, ok := s.autoItem(s.assocs[ai], n); ok {
			auto = append(auto, it)
		}
	}
	return s.compliance.Items(s.fleet.ID(int(n)), auto)
}

// PutComplianceItems records compliance items for a managed node: COMPLETE
// replaces every item of the type, PARTIAL (association compliance of
// SyncCompliance MANUAL associations only) updates the items given; a
// request whose ItemContentHash equals the stored one is ignored (API
// reference).
func (s *Sim) PutComplianceItems(in model.PutComplianceItemsInput) (*model.PutComplianceItemsOutput, error) {
	if err := s.checkRequest("PutComplianceItems", in); err != nil {
		return nil, err
	}
	if in.ResourceType != model.ResourceTypeManagedInstance {
		return nil, model.NewError(model.ErrCodeInvalidResourceType, "")
	}
	n, ok := s.fleet.Lookup(in.ResourceID)
	if !ok {
		return nil, model.NewError(model.ErrCodeInvalidResourceID, "")
	}
	in.ResourceID = s.fleet.ID(n) // the spelling Lookup accepts, and the items are read by
	manual := func(id string) bool {
		a, err := s.lookupAssociation(id)
		return err == nil && a.version().info.SyncCompliance == model.SyncComplianceManual
	}
	if err := s.compliance.Put(in, stamp(s.eng.Now()), manual); err != nil {
		return nil, err
	}
	return &model.PutComplianceItemsOutput{}, nil
}

// complianceNodes resolves ResourceIds/ResourceTypes to nodes in the order
// given; nil (no ResourceIds) means every node, in fleet order, which the
// caller walks from its cursor rather than listing a million numbers.
func (s *Sim) complianceNodes(ids, types []string) ([]int32, error) {
	for _, t := range types {
		if t != model.ResourceTypeManagedInstance {
			return nil, model.NewError(model.ErrCodeInvalidResourceType, "")
		}
	}
	var nodes []int32
	for _, id := range ids {
		n, ok := s.fleet.Lookup(id)
		if !ok {
			return nil, model.NewError(model.ErrCodeInvalidResourceID, "")
		}
		nodes = append(nodes, int32(n))
	}
	return nodes, nil
}

// ListComplianceItems lists compliance items of managed nodes (all of them
// without ResourceIds), by node, then ComplianceType, then Id.
func (s *Sim) ListComplianceItems(in model.ListComplianceItemsInput) (*model.ListComplianceItemsOutput, error) {
	if err := s.checkRequest("ListComplianceItems", in); err != nil {
		return nil, err
	}
	nodes, err := s.complianceNodes(in.ResourceIDs, in.ResourceTypes)
	if err != nil {
		return nil, err
	}
	keep, err := filter.ComplianceItems(in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := s.tokens().Open("ListComplianceItems", "", in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	// By node from the cursor's: a page costs O(page), not O(fleet).
	f := paging.NewFill[model.ComplianceItem](p)
	count, node := len(nodes), func(i int) int32 { return nodes[i] }
	if len(in.ResourceIDs) == 0 {
		count, node = s.fleet.Len(), func(i int) int32 { return int32(i) }
	}
scan:
	for i := paging.SeekPad10(p.After); i < count && f.Visit(paging.Pad10(i)); i++ {
		for _, it := range s.itemsOf(node(i)) {
			if keep(&it) && !f.Offer(paging.Pad10(i)+"/"+it.ComplianceType+"/"+it.ID, func() model.ComplianceItem { return it }) {
				break scan
			}
		}
	}
	items, next := f.Done(s.tokens(), p)
	return &model.ListComplianceItemsOutput{ComplianceItems: items, NextToken: next}, nil
}

// ListResourceComplianceSummaries summarises each node's compliance per
// compliance type: NON_COMPLIANT if any item is, the overall severity the
// highest among the non-compliant items (else among all), counts by status
// and severity.
func (s *Sim) ListResourceComplianceSummaries(in model.ListResourceComplianceSummariesInput) (*model.ListResourceComplianceSummariesOutput, error) {
	if err := s.checkRequest("ListResourceComplianceSummaries", in); err != nil {
		return nil, err
	}
	keep, err := filter.ComplianceSummaries(in.Filters)
	if err != nil {
		return nil, err
	}
	p, err := s.tokens().Open("ListResourceComplianceSummaries", "", in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	// By node from the cursor's: a page costs O(page), not O(fleet).
	f := paging.NewFill[model.ResourceComplianceSummaryItem](p)
scan:
	for n := paging.SeekPad10(p.After); n < s.fleet.Len() && f.Visit(paging.Pad10(n)); n++ {
		items := s.itemsOf(int32(n))
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
	list, next := f.Done(s.tokens(), p)
	return &model.ListResourceComplianceSummariesOutput{ResourceComplianceSummaryItems: list, NextToken: next}, nil
}
