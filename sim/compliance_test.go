package sim

import (
	"testing"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// CreateAssociation API reference, SyncCompliance: "In AUTO mode, the
// system uses the status of the association execution to determine the
// compliance status. If the association execution runs successfully, then
// the association is COMPLIANT. If the association execution doesn't run
// successfully, the association is NON-COMPLIANT. In MANUAL mode, you must
// specify the AssociationId as a parameter for the PutComplianceItems API."
func TestCompliance_AutoFromExecutionStatus_ManualFromPutComplianceItems(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(2, Behavior{}, OverrideNone)
	require.NoError(t, h.s.Fleet().SetOverride(1, OverrideAlwaysFail))
	auto := h.associateIn(model.CreateAssociationInput{ComplianceSeverity: "HIGH"})
	manual := h.associateIn(model.CreateAssociationInput{SyncCompliance: "MANUAL"})
	h.s.Run()
	items := func(node int) []model.ComplianceItem {
		out, err := h.s.ListComplianceItems(model.ListComplianceItemsInput{ResourceIDs: []string{h.s.Fleet().ID(node)}, ResourceTypes: []string{"ManagedInstance"}})
		require.NoError(t, err)
		wire(t, "ListComplianceItems", out)
		return out.ComplianceItems
	}
	it := items(0)
	require.Len(t, it, 1, "MANUAL associations get no automatic item")
	assert.Equal(t, auto, it[0].ID)
	assert.Equal(t, "COMPLIANT", it[0].Status)
	assert.Equal(t, "HIGH", it[0].Severity)
	assert.Equal(t, map[string]string{"DocumentName": "AWS-RunShellScript", "DocumentVersion": "1"}, it[0].Details)
	assert.Equal(t, "NON_COMPLIANT", items(1)[0].Status)

	// An undeliverable run does not change compliance (the agent never ran it).
	require.NoError(t, h.s.Fleet().SetOverride(0, OverrideOffline))
	_, err := h.s.StartAssociationsOnce(model.StartAssociationsOnceInput{AssociationIDs: []string{auto}})
	require.NoError(t, err)
	h.s.Run()
	assert.Equal(t, "COMPLIANT", items(0)[0].Status)

	put := model.PutComplianceItemsInput{ResourceID: h.s.Fleet().ID(0), ResourceType: "ManagedInstance", ComplianceType: "Association",
		ExecutionSummary: model.ComplianceExecutionSummary{ExecutionTime: model.TimestampOf(DefaultStart())},
		Items:            []model.ComplianceItemEntry{{ID: manual, Severity: "CRITICAL", Status: "NON_COMPLIANT"}}, UploadType: "PARTIAL"}
	_, err = h.s.PutComplianceItems(put)
	require.NoError(t, err)
	it = items(0)
	require.Len(t, it, 2)
	sums, err := h.s.ListResourceComplianceSummaries(model.ListResourceComplianceSummariesInput{})
	require.NoError(t, err)
	wire(t, "ListResourceComplianceSummaries", sums)
	s0 := sums.ResourceComplianceSummaryItems[0]
	assert.Equal(t, "NON_COMPLIANT", s0.Status)
	assert.Equal(t, "CRITICAL", s0.OverallSeverity)
	assert.EqualValues(t, 1, s0.CompliantSummary.CompliantCount)
	assert.EqualValues(t, 1, s0.NonCompliantSummary.SeveritySummary.CriticalCount)

	nonCompliant, err := h.s.ListComplianceItems(model.ListComplianceItemsInput{Filters: []model.ComplianceStringFilter{{Key: "Status", Values: []string{"NON_COMPLIANT"}, Type: "EQUAL"}}})
	require.NoError(t, err)
	assert.Len(t, nonCompliant.ComplianceItems, 2, "node 0's manual item and node 1's failure")

	// PARTIAL is only for MANUAL association compliance.
	put.Items = []model.ComplianceItemEntry{{ID: auto, Severity: "LOW", Status: "COMPLIANT"}}
	_, err = h.s.PutComplianceItems(put)
	assert.Equal(t, "InvalidItemContentException", apiCode(t, err))
	// Custom compliance, COMPLETE replaces, the same hash is ignored.
	custom := model.PutComplianceItemsInput{ResourceID: h.s.Fleet().ID(1), ResourceType: "ManagedInstance", ComplianceType: "Custom:Antivirus",
		ExecutionSummary: model.ComplianceExecutionSummary{ExecutionTime: model.TimestampOf(DefaultStart())},
		Items:            []model.ComplianceItemEntry{{ID: "av", Severity: "MEDIUM", Status: "COMPLIANT"}}, ItemContentHash: "h1"}
	_, err = h.s.PutComplianceItems(custom)
	require.NoError(t, err)
	custom.Items[0].Status = "NON_COMPLIANT"
	_, err = h.s.PutComplianceItems(custom)
	require.NoError(t, err)
	assert.Equal(t, "COMPLIANT", items(1)[1].Status, "same ItemContentHash: ignored")
	_, err = h.s.PutComplianceItems(model.PutComplianceItemsInput{ResourceID: "i-0000000000000000f", ResourceType: "ManagedInstance", ComplianceType: "Custom:XY",
		ExecutionSummary: model.ComplianceExecutionSummary{ExecutionTime: 1}, Items: []model.ComplianceItemEntry{}})
	assert.Equal(t, model.ErrCodeInvalidResourceID, apiCode(t, err))
	_, err = h.s.ListComplianceItems(model.ListComplianceItemsInput{ResourceTypes: []string{"Document"}})
	assert.Equal(t, model.ErrCodeInvalidResourceType, apiCode(t, err))
	_, err = h.s.ListComplianceItems(model.ListComplianceItemsInput{Filters: []model.ComplianceStringFilter{{Key: "Colour", Values: []string{"x"}}}})
	assert.Equal(t, "InvalidFilter", apiCode(t, err))
}

// list-compliance-items CLI example: --filters
// "Key=ExecutionTime,Values=2019-02-18T16:00:00Z,Type=GREATER_THAN" lists
// the items whose execution time is after that instant; association items
// carry only ExecutionTime, in whole seconds, and Title "".
func TestListComplianceItems_ExecutionTimeFilter(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(1, Behavior{Duration: Fixed(1500 * time.Millisecond)}, OverrideNone)
	h.associate("", "")
	h.s.Run()
	node := h.s.Fleet().ID(0)
	list := func(typ, at string) []model.ComplianceItem {
		out, err := h.s.ListComplianceItems(model.ListComplianceItemsInput{ResourceIDs: []string{node},
			Filters: []model.ComplianceStringFilter{{Key: "ExecutionTime", Values: []string{at}, Type: typ}}})
		require.NoError(t, err)
		return out.ComplianceItems
	}
	items := list("GREATER_THAN", "2019-02-18T16:00:00Z")
	require.Len(t, items, 1)
	assert.Equal(t, &model.ComplianceExecutionSummary{ExecutionTime: model.TimestampOf(DefaultStart().Add(time.Second))}, items[0].ExecutionSummary, "1.5 s run: whole seconds")
	assert.Empty(t, items[0].Title)
	assert.Empty(t, list("LESS_THAN", "2019-02-18T16:00:00Z"))
	assert.Empty(t, list("GREATER_THAN", "2024-01-01T00:00:01Z"), "not after its own second")
	assert.Len(t, list("LESS_THAN", "2024-01-01T00:00:02Z"), 1)
	_, err := h.s.ListComplianceItems(model.ListComplianceItemsInput{Filters: []model.ComplianceStringFilter{{Key: "ExecutionTime", Values: []string{"yesterday"}, Type: "EQUAL"}}})
	assert.Equal(t, "InvalidFilter", apiCode(t, err))
}
