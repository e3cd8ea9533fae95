package sim

import (
	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim/compliance"
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
	if decidesCompliance(st, d) {
		ref.compExec, ref.compRec = ei, ri
	}
}

// decidesCompliance reports whether a run ending so decides its node's
// compliance.
func decidesCompliance(st status.Code, d status.Detail) bool {
	return st == status.Success || st == status.TimedOut || (st == status.Failed && d == status.Same)
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
	return ssmapi.PutComplianceItems(s.read(), in)
}
