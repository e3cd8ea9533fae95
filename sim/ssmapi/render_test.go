package ssmapi

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/sim/engine"
	"github.com/ssmsim/ssmsim/sim/status"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var t0 = engine.TimeOf(time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC))

// D11: the Overview's four states, and its count only once the current
// version ran.
func TestOverview_D11States(t *testing.T) {
	counts := &status.Counts{status.Success: 3, status.Pending: 1}
	done := &ExecutionState{Status: model.StatusFailed, Counts: &status.Counts{}}
	cut := &ExecutionState{Status: model.StatusFailed, StoppedByDuration: true, Counts: &status.Counts{}}
	for _, c := range []struct {
		name             string
		a                AssociationState
		status, detailed string
		counted          bool
	}{
		{"never ran", AssociationState{Nodes: &status.Counts{}}, "Pending", "Creating", false},
		{"ran an older version only", AssociationState{Nodes: counts}, "Pending", "Creating", false},
		{"resolved, none picked up", AssociationState{Running: true, Nodes: counts}, "Pending", "Associated", true},
		{"picked up", AssociationState{Running: true, Started: true, Nodes: counts}, "Pending", "InProgress", true},
		{"finished", AssociationState{Finished: done, Nodes: counts}, "Failed", "Failed", true},
		{"stopped by its Duration (D6)", AssociationState{Finished: cut, Nodes: counts}, "Failed", "Cancelled", true},
	} {
		o := Overview(&c.a)
		assert.Equal(t, c.status, o.Status, c.name)
		assert.Equal(t, c.detailed, o.DetailedStatus, c.name)
		if c.counted {
			assert.Equal(t, map[string]int32{"Success": 3, "Pending": 1}, o.AssociationStatusAggregatedCount, c.name)
		} else {
			assert.Nil(t, o.AssociationStatusAggregatedCount, c.name)
		}
	}
}

// D10: ResourceCountByStatus lists its keys in alphabetical order, every
// status at once included.
func TestResourceCountByStatus_AlphabeticalOrder(t *testing.T) {
	var c status.Counts
	for i, st := range []status.Code{status.TimedOut, status.Success, status.Skipped, status.Pending, status.InProgress, status.Failed, status.Cancelled} {
		c[st] = int32(i + 1)
	}
	assert.Equal(t, "{Cancelled=7, Failed=6, InProgress=5, Pending=4, Skipped=3, Success=2, TimedOut=1}", ResourceCountByStatus(&c))
	assert.Equal(t, "{}", ResourceCountByStatus(&status.Counts{}))
	assert.Nil(t, Aggregated(&status.Counts{}))
}

// A row in flight shows its dispatch as LastExecutionDate; a finished one
// its end; a Skipped row has no OutputSource.
func TestTarget_DatesAndOutputSource(t *testing.T) {
	e := &ExecutionState{ID: "e", AssociationID: "a", AssociationVersion: "2", Counts: &status.Counts{}}
	running := Target(e, &TargetState{ResourceID: "i-1", Status: status.InProgress, Dispatched: t0, OutputSourceID: "c"})
	assert.Equal(t, Stamp(t0), running.LastExecutionDate)
	require.NotNil(t, running.OutputSource)
	assert.Equal(t, model.AssociationExecutionTarget{AssociationID: "a", AssociationVersion: "2", ExecutionID: "e",
		ResourceID: "i-1", ResourceType: "ManagedInstance", Status: "InProgress", DetailedStatus: "InProgress",
		LastExecutionDate: Stamp(t0), OutputSource: &model.OutputSource{OutputSourceID: "c", OutputSourceType: "RunCommand"}}, running)
	end := t0 + engine.Time(90*time.Second)
	failed := Target(e, &TargetState{ResourceID: "i-1", Status: status.Failed, Detail: status.Undeliverable, Dispatched: t0, Finished: end, OutputSourceID: "c"})
	assert.Equal(t, Stamp(end), failed.LastExecutionDate)
	assert.Equal(t, "Undeliverable", failed.DetailedStatus)
	skipped := Target(e, &TargetState{ResourceID: "i-1", Status: status.Skipped, Dispatched: t0, Finished: t0})
	assert.Nil(t, skipped.OutputSource)
}

// Real statuses carry DetailedStatus or ExecutionSummary, never both: a
// schema 1.2 document's DetailedStatus; a 2.x document's agent summary,
// or DetailedStatus when the agent wrote none.
func TestStatusInfo_SummaryOrDetailedStatus(t *testing.T) {
	info := &model.AssociationVersionInfo{Name: "AWS-GatherSoftwareInventory", AssociationVersion: "1"}
	v22 := &VersionState{Info: info, DocVersion: "1", Schema: "2.2"}
	v12 := &VersionState{Info: info, DocVersion: "1", Schema: "1.2"}
	end := t0 + engine.Time(time.Minute)
	ok := &TargetState{ResourceID: "i-1", Status: status.Success, Dispatched: t0, Finished: end}
	s := StatusInfo("a", v22, ok)
	assert.Equal(t, "1 out of 1 plugin processed, 1 success, 0 failed, 0 timedout, 0 skipped. ", s.ExecutionSummary)
	assert.Empty(t, s.DetailedStatus)
	assert.Equal(t, Stamp(end), s.ExecutionDate)
	s = StatusInfo("a", v12, ok)
	assert.Empty(t, s.ExecutionSummary)
	assert.Equal(t, "Success", s.DetailedStatus)
	lost := &TargetState{ResourceID: "i-1", Status: status.Failed, Detail: status.Undeliverable, Dispatched: t0, Finished: end}
	s = StatusInfo("a", v22, lost)
	assert.Empty(t, s.ExecutionSummary)
	assert.Equal(t, "Undeliverable", s.DetailedStatus)
	going := &TargetState{ResourceID: "i-1", Status: status.InProgress, Dispatched: t0}
	s = StatusInfo("a", v22, going)
	assert.Equal(t, "InProgress", s.DetailedStatus)
	assert.Equal(t, Stamp(t0), s.ExecutionDate)
	assert.Contains(t, ExecutionSummary(status.Failed, status.Same), "0 success, 1 failed")
	assert.Contains(t, ExecutionSummary(status.TimedOut, status.ExecTimedOut), "1 timedout")
	assert.Empty(t, ExecutionSummary(status.Failed, status.InvalidPlatform))
}

// The most pressing status wins the node's association overview; a node
// with no association runs has none.
func TestInstance_MostPressingStatusWins(t *testing.T) {
	n := &NodeState{Number: 0x010203, ID: "i-1", Platform: model.PlatformLinux}
	info := Instance(n, t0)
	assert.Equal(t, "10.1.2.3", info.IPAddress)
	assert.Equal(t, "ip-10-1-2-3.ec2.internal", info.ComputerName)
	assert.Nil(t, info.AssociationOverview)
	assert.Empty(t, info.AssociationStatus)
	n.Associations = status.Counts{status.Success: 2, status.Pending: 1, status.TimedOut: 1}
	n.LastRun, n.Offline, n.Managed = t0, true, true
	info = Instance(n, t0)
	assert.Equal(t, "TimedOut", info.AssociationStatus)
	assert.Equal(t, "ConnectionLost", info.PingStatus)
	assert.Equal(t, "ManagedInstance", info.ResourceType)
	assert.Equal(t, Stamp(t0), info.LastAssociationExecutionDate)
	assert.Zero(t, info.LastSuccessfulAssociationExecutionDate)
	n.Associations = status.Counts{status.Success: 2, status.Failed: 1, status.TimedOut: 1}
	assert.Equal(t, "Failed", Instance(n, t0).AssociationStatus)
}

// The compliance item of an AUTO association: whole-second ExecutionTime,
// UNSPECIFIED severity when unset, the document the run used.
func TestComplianceItem_AsTheCLIExamplesShowIt(t *testing.T) {
	v := &model.AssociationVersionInfo{Name: "AWS-RunShellScript"}
	ran := &VersionState{Info: &model.AssociationVersionInfo{Name: "AWS-RunPatchBaseline"}, DocVersion: "3"}
	end := t0 + engine.Time(1500*time.Millisecond)
	it := ComplianceItem("a", v, ran, &TargetState{ResourceID: "i-1", Status: status.Failed, Finished: end})
	b, err := json.Marshal(it)
	require.NoError(t, err)
	assert.JSONEq(t, `{"ComplianceType":"Association","ResourceType":"ManagedInstance","ResourceId":"i-1","Id":"a",
		"Status":"NON_COMPLIANT","Title":"","Severity":"UNSPECIFIED","ExecutionSummary":{"ExecutionTime":1767603601},
		"Details":{"DocumentName":"AWS-RunPatchBaseline","DocumentVersion":"3"}}`, string(b))
	v.ComplianceSeverity = "HIGH"
	it = ComplianceItem("a", v, ran, &TargetState{ResourceID: "i-1", Status: status.Success, Finished: end})
	assert.Equal(t, "COMPLIANT", it.Status)
	assert.Equal(t, "HIGH", it.Severity)
}

// A legacy association shows its InstanceId and root Status; Describe
// reads $DEFAULT for an unset DocumentVersion and Summary leaves it out.
func TestDescribeAndSummary_LegacyAndDocumentVersion(t *testing.T) {
	v := &model.AssociationVersionInfo{Name: "doc", AssociationVersion: "1", Targets: []model.Target{{Key: "InstanceIds", Values: []string{"i-9"}}}}
	a := &AssociationState{ID: "a", Legacy: true, Status: model.AssociationStatus{Name: "Associated"}, Created: t0, Updated: t0, Nodes: &status.Counts{}}
	d := Describe(a, &VersionState{Info: v})
	assert.Equal(t, "i-9", d.InstanceID)
	require.NotNil(t, d.Status)
	assert.Equal(t, "$DEFAULT", d.DocumentVersion)
	assert.Zero(t, d.LastExecutionDate)
	s := Summary(a, v)
	assert.Equal(t, "i-9", s.InstanceID)
	assert.Empty(t, s.DocumentVersion)
	a.Legacy = false
	d = Describe(a, &VersionState{Info: v})
	assert.Empty(t, d.InstanceID)
	assert.Nil(t, d.Status)
}
