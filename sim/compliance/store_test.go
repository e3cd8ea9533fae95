package compliance

import (
	"errors"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ssmsim/ssmsim/model"
)

const node = "i-0123456789abcdef0"

func put(typ, upload, hash string, items ...model.ComplianceItemEntry) model.PutComplianceItemsInput {
	return model.PutComplianceItemsInput{ResourceID: node, ResourceType: model.ResourceTypeManagedInstance, ComplianceType: typ,
		UploadType: upload, ItemContentHash: hash, Items: items}
}

func entry(id, status, severity string) model.ComplianceItemEntry {
	return model.ComplianceItemEntry{ID: id, Status: status, Severity: severity}
}

func code(err error) string {
	if e, ok := errors.AsType[*model.APIError](err); ok {
		return e.Code
	}
	return ""
}

func ids(items []model.ComplianceItem) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.ComplianceType+"/"+it.ID)
	}
	return out
}

var noManual = func(string) bool { return false }

// PutComplianceItems: COMPLETE replaces every item of the type, PARTIAL
// (association compliance of MANUAL associations) updates those given, an
// unchanged ItemContentHash is ignored (API reference).
func TestPut_CompletePartialAndHash(t *testing.T) {
	var s Store
	require.NoError(t, s.Put(put("Custom:Disk", "", "h1", entry("b", "COMPLIANT", "LOW"), entry("a", "NON_COMPLIANT", "HIGH")), 100, noManual))
	assert.Equal(t, []string{"Custom:Disk/a", "Custom:Disk/b"}, ids(s.Items(node, nil)))
	// The same hash: ignored, even with other items.
	require.NoError(t, s.Put(put("Custom:Disk", "", "h1", entry("c", "COMPLIANT", "LOW")), 200, noManual))
	assert.Equal(t, []string{"Custom:Disk/a", "Custom:Disk/b"}, ids(s.Items(node, nil)))
	// COMPLETE: the type's items are replaced.
	require.NoError(t, s.Put(put("Custom:Disk", "COMPLETE", "h2", entry("c", "COMPLIANT", "LOW")), 300, noManual))
	items := s.Items(node, nil)
	assert.Equal(t, []string{"Custom:Disk/c"}, ids(items))
	assert.Equal(t, model.Timestamp(300), items[0].ExecutionSummary.ExecutionTime, "an upload without ExecutionTime is stamped now")
	// PARTIAL: only for association compliance of MANUAL associations.
	err := s.Put(put("Custom:Disk", "PARTIAL", "", entry("d", "COMPLIANT", "LOW")), 400, noManual)
	assert.Equal(t, "InvalidItemContentException", code(err))
	err = s.Put(put("Association", "PARTIAL", "", entry("a-1", "COMPLIANT", "LOW")), 400, noManual)
	assert.Equal(t, "InvalidItemContentException", code(err))
	manual := func(id string) bool { return id == "a-1" || id == "a-2" }
	require.NoError(t, s.Put(put("Association", "", "", entry("a-1", "NON_COMPLIANT", "LOW")), 400, manual))
	require.NoError(t, s.Put(put("Association", "PARTIAL", "", entry("a-2", "COMPLIANT", "LOW")), 500, manual))
	assert.Equal(t, []string{"Association/a-1", "Association/a-2", "Custom:Disk/c"}, ids(s.Items(node, nil)), "PARTIAL kept a-1")
	assert.Equal(t, "InvalidItemContentException", code(s.Put(put("Inventory", "", ""), 1, noManual)))
}

func TestPut_AtMostTenCustomTypes(t *testing.T) {
	var s Store
	for i := range MaxCustomTypes {
		require.NoError(t, s.Put(put("Custom:T"+strconv.Itoa(i), "", ""), 1, noManual))
	}
	err := s.Put(put("Custom:One-too-many", "", ""), 1, noManual)
	assert.Equal(t, "ComplianceTypeCountLimitExceededException", code(err))
	require.NoError(t, s.Put(put("Custom:T3", "", ""), 2, noManual), "an existing type is not a new one")
	require.NoError(t, s.Put(put("Patch", "", ""), 2, noManual), "Patch is not a custom type")
}

// Association compliance the simulation derives (SyncCompliance AUTO) owns
// its items: a stored Association item of the same Id is hidden.
func TestItems_AutoOwnsItsIDs(t *testing.T) {
	var s Store
	require.NoError(t, s.Put(put("Association", "", "", entry("a-1", "COMPLIANT", "LOW"), entry("a-9", "COMPLIANT", "LOW")), 1, noManual))
	require.NoError(t, s.Put(put("Custom:X", "", "", entry("a-1", "COMPLIANT", "LOW")), 1, noManual))
	auto := []model.ComplianceItem{{ComplianceType: "Association", ID: "a-1", Status: "NON_COMPLIANT"}}
	items := s.Items(node, auto)
	assert.Equal(t, []string{"Association/a-1", "Association/a-9", "Custom:X/a-1"}, ids(items))
	assert.Equal(t, "NON_COMPLIANT", items[0].Status, "the derived item, not the stored one")
	assert.Empty(t, s.Items("i-0fffffffffffffff0", nil))
}

func TestSummarize(t *testing.T) {
	at := func(ts model.Timestamp) *model.ComplianceExecutionSummary {
		return &model.ComplianceExecutionSummary{ExecutionTime: ts}
	}
	sum := Summarize([]model.ComplianceItem{
		{ComplianceType: "Custom:X", ResourceID: node, Status: "COMPLIANT", Severity: "CRITICAL", ExecutionSummary: at(5)},
		{ComplianceType: "Custom:X", ResourceID: node, Status: "NON_COMPLIANT", Severity: "LOW", ExecutionSummary: at(9)},
		{ComplianceType: "Custom:X", ResourceID: node, Status: "NON_COMPLIANT", Severity: "MEDIUM", ExecutionSummary: at(7)},
		{ComplianceType: "Custom:X", ResourceID: node, Status: "NON_COMPLIANT", Severity: ""},
	})
	assert.Equal(t, "NON_COMPLIANT", sum.Status)
	assert.Equal(t, "MEDIUM", sum.OverallSeverity, "the highest among the non-compliant items")
	assert.Equal(t, int32(1), sum.CompliantSummary.CompliantCount)
	assert.Equal(t, int32(1), sum.CompliantSummary.SeveritySummary.CriticalCount)
	assert.Equal(t, int32(3), sum.NonCompliantSummary.NonCompliantCount)
	ns := sum.NonCompliantSummary.SeveritySummary
	assert.Equal(t, [3]int32{1, 1, 1}, [3]int32{ns.LowCount, ns.MediumCount, ns.UnspecifiedCount})
	assert.Equal(t, model.Timestamp(9), sum.ExecutionSummary.ExecutionTime, "the latest execution")
	ok := Summarize([]model.ComplianceItem{{Status: "COMPLIANT", Severity: "HIGH"}, {Status: "COMPLIANT", Severity: "LOW"}})
	assert.Equal(t, "COMPLIANT", ok.Status)
	assert.Equal(t, "HIGH", ok.OverallSeverity, "among all when none is non-compliant")
}

func TestSaveRestore(t *testing.T) {
	var s, r Store
	require.NoError(t, s.Put(put("Custom:Disk", "", "h", entry("a", "COMPLIANT", "LOW")), 1, noManual))
	require.NoError(t, s.Put(put("Patch", "", "", entry("p", "NON_COMPLIANT", "HIGH")), 2, noManual))
	for _, v := range s.Save() {
		r.Restore(v)
	}
	assert.Equal(t, s.Save(), r.Save())
	assert.Equal(t, s.Items(node, nil), r.Items(node, nil))
	require.NoError(t, r.Put(put("Custom:Disk", "", "h", entry("z", "COMPLIANT", "LOW")), 3, noManual))
	assert.Equal(t, s.Items(node, nil), r.Items(node, nil), "the hash came back too")
}
