package sim

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim/engine"
	"github.com/ssmsim/ssmsim/sim/filter"
	"github.com/ssmsim/ssmsim/sim/paging"
)

// typeCompliance is what PutComplianceItems stored for one compliance type
// of one resource.
type typeCompliance struct {
	items   []model.ComplianceItem // sorted by Id
	summary model.ComplianceExecutionSummary
	hash    string
}

// MaxCustomComplianceTypes is how many Custom: compliance types a resource
// may have (ComplianceTypeCountLimitExceededException).
const MaxCustomComplianceTypes = 10

// noteCompliance remembers the node's latest run that decides association
// compliance: only Success, Failed and TimedOut update it (SSM Agent's
// compliance uploader); an undeliverable run never reached the agent.
func (a *association) noteCompliance(ref *nodeRef, st status, d detail, ei, ri int32) {
	if !(st == stSuccess || st == stTimedOut || (st == stFailed && d == dSame)) {
		return
	}
	ref.compExec, ref.compRec = ei, ri
}

// autoItem renders the association compliance item of node n under
// SyncCompliance AUTO: COMPLIANT for Success, NON_COMPLIANT otherwise; Id
// the AssociationId, Title empty, Severity the association's
// ComplianceSeverity (UNSPECIFIED when unset), Details the document.
func (s *Sim) autoItem(a *association, n int32) (model.ComplianceItem, bool) {
	v := &a.version().info
	ref := a.ref(n)
	if a.deleted || v.SyncCompliance == model.SyncComplianceManual || ref == nil || ref.compExec < 0 {
		return model.ComplianceItem{}, false
	}
	e := s.execs[ref.compExec]
	r := &e.records[ref.compRec]
	st := "NON_COMPLIANT"
	if r.status == stSuccess {
		st = "COMPLIANT"
	}
	sev := string(v.ComplianceSeverity)
	if sev == "" {
		sev = "UNSPECIFIED"
	}
	ev := &a.versions[e.version].info
	return model.ComplianceItem{
		ComplianceType: "Association", ResourceType: model.ResourceTypeManagedInstance, ResourceID: s.fleet.ID(int(n)),
		ID: a.id, Status: st, Severity: sev,
		// Only ExecutionTime, in whole seconds (list-compliance-items and
		// list-resource-compliance-summaries CLI examples).
		ExecutionSummary: &model.ComplianceExecutionSummary{ExecutionTime: wholeSeconds(r.finished)},
		Details:          map[string]string{"DocumentName": ev.Name, "DocumentVersion": a.versions[e.version].docVersion},
	}, true
}

// wholeSeconds is an instant truncated to the second, as compliance
// execution times are.
func wholeSeconds(t engine.Time) model.Timestamp {
	return stamp(t - t%engine.Time(time.Second))
}

// itemsOf lists node n's compliance items sorted by (ComplianceType, Id).
func (s *Sim) itemsOf(n int32) []model.ComplianceItem {
	var out []model.ComplianceItem
	for _, ai := range s.windows.at(n) { // only these can have run on n
		if it, ok := s.autoItem(s.assocs[ai], n); ok {
			out = append(out, it)
		}
	}
	auto := len(out) // AUTO owns its items: a stored one of the same Id is hidden
	owned := func(id string) bool {
		return slices.ContainsFunc(out[:auto], func(it model.ComplianceItem) bool { return it.ID == id })
	}
	for _, tc := range s.compliance[s.fleet.ID(int(n))] {
		for _, it := range tc.items {
			if !(it.ComplianceType == "Association" && owned(it.ID)) {
				out = append(out, it)
			}
		}
	}
	slices.SortFunc(out, func(x, y model.ComplianceItem) int {
		return cmp.Or(cmp.Compare(x.ComplianceType, y.ComplianceType), cmp.Compare(x.ID, y.ID))
	})
	return out
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
	custom := strings.HasPrefix(in.ComplianceType, "Custom:")
	if !custom && in.ComplianceType != "Association" && in.ComplianceType != "Patch" {
		return nil, model.NewError("InvalidItemContentException", "ComplianceType %s is not Association, Patch or Custom:<name>.", in.ComplianceType)
	}
	byType := s.compliance[in.ResourceID]
	if byType == nil {
		byType = map[string]*typeCompliance{}
		s.compliance[in.ResourceID] = byType
	}
	tc := byType[in.ComplianceType]
	if tc == nil && custom {
		count := 0
		for t := range byType {
			if strings.HasPrefix(t, "Custom:") {
				count++
			}
		}
		if count >= MaxCustomComplianceTypes {
			return nil, model.NewError("ComplianceTypeCountLimitExceededException", "You specified too many custom compliance types. You can specify a maximum of %d different types.", MaxCustomComplianceTypes)
		}
	}
	if tc != nil && in.ItemContentHash != "" && in.ItemContentHash == tc.hash {
		return &model.PutComplianceItemsOutput{}, nil
	}
	partial := in.UploadType == "PARTIAL"
	if partial {
		if in.ComplianceType != "Association" {
			return nil, model.NewError("InvalidItemContentException", "UploadType PARTIAL is only for association compliance.")
		}
		for _, it := range in.Items {
			if a, err := s.lookupAssociation(it.ID); err != nil || a.version().info.SyncCompliance != model.SyncComplianceManual {
				return nil, model.NewError("InvalidItemContentException", "UploadType PARTIAL needs the Id of an association with SyncCompliance MANUAL, not %q.", it.ID)
			}
		}
	}
	if in.ExecutionSummary.ExecutionTime == 0 {
		in.ExecutionSummary.ExecutionTime = stamp(s.eng.Now())
	}
	if tc == nil || !partial {
		tc = &typeCompliance{}
		byType[in.ComplianceType] = tc
	}
	tc.summary, tc.hash = in.ExecutionSummary, in.ItemContentHash
	for _, e := range in.Items {
		sum := in.ExecutionSummary
		it := model.ComplianceItem{ComplianceType: in.ComplianceType, ResourceType: in.ResourceType, ResourceID: s.fleet.ID(n),
			ID: e.ID, Title: e.Title, Status: e.Status, Severity: e.Severity, ExecutionSummary: &sum, Details: e.Details}
		if i := slices.IndexFunc(tc.items, func(x model.ComplianceItem) bool { return x.ID == e.ID }); i >= 0 {
			tc.items[i] = it
		} else {
			tc.items = append(tc.items, it)
		}
	}
	slices.SortFunc(tc.items, func(x, y model.ComplianceItem) int { return cmp.Compare(x.ID, y.ID) })
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

var severityRank = map[string]int{"CRITICAL": 6, "HIGH": 5, "MEDIUM": 4, "LOW": 3, "INFORMATIONAL": 2, "UNSPECIFIED": 1}

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
			sum := summarize(items[i:j])
			if keep(&sum) && !f.Offer(paging.Pad10(n)+"/"+sum.ComplianceType, func() model.ResourceComplianceSummaryItem { return sum }) {
				break scan
			}
			i = j
		}
	}
	list, next := f.Done(s.tokens(), p)
	return &model.ListResourceComplianceSummariesOutput{ResourceComplianceSummaryItems: list, NextToken: next}, nil
}

// summarize summarises the items of one compliance type of one resource.
func summarize(items []model.ComplianceItem) model.ResourceComplianceSummaryItem {
	first := items[0]
	sum := model.ResourceComplianceSummaryItem{ComplianceType: first.ComplianceType, ResourceType: first.ResourceType,
		ResourceID: first.ResourceID, Status: "COMPLIANT",
		CompliantSummary:    &model.CompliantSummary{SeveritySummary: &model.SeveritySummary{}},
		NonCompliantSummary: &model.NonCompliantSummary{SeveritySummary: &model.SeveritySummary{}}}
	worst := map[bool]string{}
	for _, it := range items {
		compliant := it.Status == "COMPLIANT"
		ss := sum.CompliantSummary.SeveritySummary
		if compliant {
			sum.CompliantSummary.CompliantCount++
		} else {
			sum.Status = "NON_COMPLIANT"
			sum.NonCompliantSummary.NonCompliantCount++
			ss = sum.NonCompliantSummary.SeveritySummary
		}
		switch it.Severity {
		case "CRITICAL":
			ss.CriticalCount++
		case "HIGH":
			ss.HighCount++
		case "MEDIUM":
			ss.MediumCount++
		case "LOW":
			ss.LowCount++
		case "INFORMATIONAL":
			ss.InformationalCount++
		default:
			ss.UnspecifiedCount++
		}
		if severityRank[it.Severity] > severityRank[worst[compliant]] {
			worst[compliant] = it.Severity
		}
		if it.ExecutionSummary != nil && (sum.ExecutionSummary == nil || it.ExecutionSummary.ExecutionTime > sum.ExecutionSummary.ExecutionTime) {
			es := *it.ExecutionSummary
			sum.ExecutionSummary = &es
		}
	}
	sum.OverallSeverity = worst[false]
	if sum.OverallSeverity == "" {
		sum.OverallSeverity = worst[true]
	}
	return sum
}
