package sim

import (
	"time"

	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ssmsim/ssmsim/model"
)

// update-association CLI examples (2019 and 2021): an update naming only
// --document-version, or only --schedule-expression, succeeds with
// AssociationVersion 2 and keeps Name and Targets; the response's Overview
// is Pending/Creating with no aggregated count. Members left out other than
// Name and Targets are reset (API reference; terraform-provider-aws #3407).
func TestUpdateAssociation_OneChangedOption_KeepsNameAndTargets_ResetsTheRest(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(3, Behavior{}, OverrideNone)
	id := h.associateIn(model.CreateAssociationInput{
		Name: "AWS-UpdateSSMAgent", Targets: all(), AssociationName: "agent", MaxConcurrency: "1", MaxErrors: "1",
		Parameters: map[string][]string{"allowDowngrade": {"true"}},
	})
	h.s.Run()
	before, err := h.s.DescribeAssociation(describeByID(id))
	require.NoError(t, err)
	require.NotEmpty(t, before.AssociationDescription.Overview.AssociationStatusAggregatedCount)

	out, err := h.s.UpdateAssociation(model.UpdateAssociationInput{AssociationID: id, DocumentVersion: "$LATEST"})
	require.NoError(t, err)
	d := out.AssociationDescription
	assert.Equal(t, "2", d.AssociationVersion)
	assert.Equal(t, "AWS-UpdateSSMAgent", d.Name)
	assert.Equal(t, all(), d.Targets)
	assert.Equal(t, "$LATEST", d.DocumentVersion)
	assert.Equal(t, &model.AssociationOverview{Status: "Pending", DetailedStatus: "Creating"}, d.Overview)
	assert.Empty(t, d.AssociationName, "reset")
	assert.Empty(t, d.MaxConcurrency, "reset")
	assert.Empty(t, d.MaxErrors, "reset")
	assert.Empty(t, d.Parameters, "reset")

	out, err = h.s.UpdateAssociation(model.UpdateAssociationInput{AssociationID: id, ScheduleExpression: "cron(0 0 0/4 1/1 * ? *)"})
	require.NoError(t, err)
	d = out.AssociationDescription
	assert.Equal(t, "3", d.AssociationVersion)
	assert.Equal(t, all(), d.Targets)
	assert.Equal(t, "$DEFAULT", d.DocumentVersion, "reset: read as $DEFAULT")
	assert.Equal(t, "cron(0 0 0/4 1/1 * ? *)", d.ScheduleExpression)
}

// DescribeInstanceAssociationsStatus and compliance Details show the
// document version the association ran, resolved to its number (CLI
// examples: "DocumentVersion": "1"), while the association itself echoes
// what was asked for ($DEFAULT when nothing was).
func TestDocumentVersion_ResolvedInStatuses_EchoedInTheAssociation(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(1, Behavior{}, OverrideNone)
	id := h.associateIn(model.CreateAssociationInput{Name: "AWS-UpdateSSMAgent", Targets: all(), DocumentVersion: "$LATEST"})
	h.s.Run()
	st, err := h.s.DescribeInstanceAssociationsStatus(model.DescribeInstanceAssociationsStatusInput{InstanceID: h.s.Fleet().ID(0)})
	require.NoError(t, err)
	require.Len(t, st.InstanceAssociationStatusInfos, 1)
	assert.Equal(t, "1", st.InstanceAssociationStatusInfos[0].DocumentVersion)
	d, err := h.s.DescribeAssociation(describeByID(id))
	require.NoError(t, err)
	assert.Equal(t, "$LATEST", d.AssociationDescription.DocumentVersion)
	l, err := h.s.ListAssociations(model.ListAssociationsInput{})
	require.NoError(t, err)
	assert.Equal(t, "$LATEST", l.Associations[0].DocumentVersion, "given, so listed")
}

// CreateAssociation API reference, InstanceId: "Requests that include the
// parameter InstanceID with Systems Manager documents (SSM documents) that
// use schema version 2.0 or later will fail. In addition, if you use the
// parameter InstanceId, you can't use the parameters AssociationName,
// DocumentVersion, MaxErrors, MaxConcurrency, OutputLocation, or
// ScheduleExpression."
func TestInstanceId_NotWithSchema2Documents_NorWithAssociationNameDocumentVersionMaxErrorsMaxConcurrencyOutputLocationScheduleExpression(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(1, Behavior{}, OverrideNone)
	node := h.s.Fleet().ID(0)
	base := model.CreateAssociationInput{Name: "AWS-UpdateSSMAgent", InstanceID: node}
	for _, c := range []struct {
		name string
		edit func(*model.CreateAssociationInput)
		code string
	}{
		{"AssociationName", func(in *model.CreateAssociationInput) { in.AssociationName = "my-name" }, model.ErrCodeInvalidTarget},
		{"DocumentVersion", func(in *model.CreateAssociationInput) { in.DocumentVersion = "1" }, model.ErrCodeInvalidTarget},
		{"MaxErrors", func(in *model.CreateAssociationInput) { in.MaxErrors = "1" }, model.ErrCodeInvalidTarget},
		{"MaxConcurrency", func(in *model.CreateAssociationInput) { in.MaxConcurrency = "1" }, model.ErrCodeInvalidTarget},
		{"OutputLocation", func(in *model.CreateAssociationInput) {
			in.OutputLocation = &model.InstanceAssociationOutputLocation{S3Location: &model.S3OutputLocation{OutputS3BucketName: "bucket"}}
		}, model.ErrCodeInvalidTarget},
		{"ScheduleExpression", func(in *model.CreateAssociationInput) { in.ScheduleExpression = "rate(1 day)" }, model.ErrCodeInvalidTarget},
		{"schema 2.2 document", func(in *model.CreateAssociationInput) {
			in.Name, in.Parameters = "AWS-RunPatchBaseline", map[string][]string{"Operation": {"Scan"}}
		}, model.ErrCodeInvalidDocument},
		{"schema 2.0 document", func(in *model.CreateAssociationInput) { in.Name = "AWS-GatherSoftwareInventory" }, model.ErrCodeInvalidDocument},
	} {
		in := base
		c.edit(&in)
		_, err := h.s.CreateAssociation(in)
		assert.Equal(t, c.code, apiCode(t, err), c.name)
	}
	_, err := h.s.CreateAssociation(model.CreateAssociationInput{Name: "AWS-RunPatchBaseline", InstanceID: node, Parameters: map[string][]string{"Operation": {"Scan"}}})
	var e *model.APIError
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "Document schema version, 2.2, is not supported by association that is created with instance id", e.Message)

	out, err := h.s.CreateAssociation(base)
	require.NoError(t, err, "a schema 1.2 document with nothing else is fine")
	_, err = h.s.UpdateAssociation(model.UpdateAssociationInput{AssociationID: out.AssociationDescription.AssociationID, ScheduleExpression: "rate(1 day)"})
	assert.Equal(t, model.ErrCodeInvalidTarget, apiCode(t, err), "the rules hold for a legacy association's updates")
}

// The phases of an association before its result, from the real outputs:
// Pending/Creating until its execution starts (create-association
// examples), Pending/Associated with every target Pending while no agent
// has picked its run up (describe-association example 2, list-associations
// example 1), then InProgress, then the result. A Pending target holds its
// MaxConcurrency slot: the run lasts pickup + duration.
func TestLifecycle_Creating_Associated_InProgress_Result(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(3, Behavior{Duration: Fixed(time.Minute), Pickup: Fixed(30 * time.Second)}, OverrideNone)
	id := h.associateIn(model.CreateAssociationInput{Name: "AWS-UpdateSSMAgent", Targets: all(), MaxConcurrency: "1"})
	overview := func() *model.AssociationOverview {
		d, err := h.s.DescribeAssociation(describeByID(id))
		require.NoError(t, err)
		return d.AssociationDescription.Overview
	}
	counts := func() string {
		ex, err := h.s.DescribeAssociationExecutions(execsOf(id))
		require.NoError(t, err)
		return ex.AssociationExecutions[0].ResourceCountByStatus
	}
	assert.Equal(t, &model.AssociationOverview{Status: "Pending", DetailedStatus: "Creating"}, overview())

	h.s.RunUntil(DefaultStart().Add(time.Second))
	assert.Equal(t, &model.AssociationOverview{Status: "Pending", DetailedStatus: "Associated", AssociationStatusAggregatedCount: map[string]int32{"Pending": 3}}, overview())
	assert.Equal(t, "{Pending=1}", counts(), "the first target is sent, not yet picked up")

	h.s.RunUntil(DefaultStart().Add(31 * time.Second))
	assert.Equal(t, &model.AssociationOverview{Status: "Pending", DetailedStatus: "InProgress", AssociationStatusAggregatedCount: map[string]int32{"InProgress": 1, "Pending": 2}}, overview())
	assert.Equal(t, "{InProgress=1}", counts())

	h.s.RunUntil(DefaultStart().Add(91 * time.Second))
	assert.Equal(t, map[string]int32{"Pending": 2, "Success": 1}, overview().AssociationStatusAggregatedCount, "the second target sent, Pending again")
	assert.Equal(t, "{Pending=1, Success=1}", counts())

	h.s.Run()
	assert.Equal(t, &model.AssociationOverview{Status: "Success", DetailedStatus: "Success", AssociationStatusAggregatedCount: map[string]int32{"Success": 3}}, overview())
	res := h.s.Executions()[0]
	assert.Equal(t, 1, res.PeakInFlight, "a Pending target holds its slot")
	assert.Equal(t, DefaultStart().Add(3*90*time.Second), res.LastExecution, "three runs of 30 s pickup + 1 min")
}

// A Duration cut-off cancels targets still waiting to be picked up as well
// as those running (D7: Cancelled, not an error).
func TestLifecycle_DurationCutoffCancelsPendingTargets(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(2, Behavior{Duration: Fixed(30 * time.Minute), Pickup: Fixed(2 * time.Hour)}, OverrideNone)
	h.associateIn(model.CreateAssociationInput{Name: "AWS-UpdateSSMAgent", Targets: all(),
		ScheduleExpression: "cron(0 0 ? * * *)", ApplyOnlyAtCronInterval: true, Duration: 1})
	h.s.RunUntil(DefaultStart().Add(26 * time.Hour))
	res := h.s.Executions()[0]
	assert.Equal(t, 2, res.Counts.Cancelled)
	assert.Equal(t, 0, res.Errors)
	assert.Equal(t, StopDuration, res.Stop)
}

// Real InstanceAssociationStatusInfos carry DetailedStatus or
// ExecutionSummary, never both: AWS-UpdateSSMAgent (schema 1.2) has
// DetailedStatus (describe-instance-associations-status CLI example, 2019;
// API reference sample, 2020), AWS-GatherSoftwareInventory (schema 2.0)
// the agent's plugin summary (the same CLI example; a 2024 output).
func TestInstanceAssociationStatus_Schema12HasDetailedStatus_Schema2HasExecutionSummary(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(1, Behavior{Duration: Fixed(time.Second)}, OverrideNone)
	h.associateIn(model.CreateAssociationInput{Name: "AWS-UpdateSSMAgent", Targets: all()})
	h.associateIn(model.CreateAssociationInput{Name: "AWS-GatherSoftwareInventory", Targets: all()})
	h.s.Run()
	st, err := h.s.DescribeInstanceAssociationsStatus(model.DescribeInstanceAssociationsStatusInput{InstanceID: h.s.Fleet().ID(0)})
	require.NoError(t, err)
	require.Len(t, st.InstanceAssociationStatusInfos, 2)
	agent, inventory := st.InstanceAssociationStatusInfos[0], st.InstanceAssociationStatusInfos[1]
	assert.Equal(t, "Success", agent.DetailedStatus)
	assert.Empty(t, agent.ExecutionSummary)
	assert.Empty(t, inventory.DetailedStatus)
	assert.Equal(t, "1 out of 1 plugin processed, 1 success, 0 failed, 0 timedout, 0 skipped. ", inventory.ExecutionSummary)
}

// create-association CLI example 3: "Associations created with a date in
// the past or present (by the time it is processed the date is in the
// past) run immediately" — at() with ApplyOnlyAtCronInterval, as the
// example creates it.
func TestAtScheduleInThePast_RunsImmediately(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(1, Behavior{Duration: Fixed(time.Second)}, OverrideNone)
	h.associateIn(model.CreateAssociationInput{Name: "AWS-UpdateSSMAgent", Targets: all(),
		ScheduleExpression: "at(2020-05-14T15:55:00)", ApplyOnlyAtCronInterval: true})
	h.s.RunUntil(DefaultStart().Add(time.Minute))
	ex := h.s.Executions()
	require.Len(t, ex, 1)
	assert.Equal(t, DefaultStart(), ex[0].Created, "at once, at creation")
	h.s.RunUntil(DefaultStart().Add(48 * time.Hour))
	assert.Len(t, h.s.Executions(), 1, "and only once")
}

// Mutation guards (issue 12): behaviours a hand mutation once changed
// without any test noticing.

// A node joining while errors equal the MaxErrors threshold still runs: the
// execution stops only once errors exceed it (D1, D4).
func TestJoinerAtTheThreshold_StillRuns(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(1, Behavior{Duration: Fixed(10 * time.Second)}, OverrideAlwaysFail)
	h.nodes(2, Behavior{Duration: Fixed(10 * time.Minute)}, OverrideAlwaysSucceed)
	h.associateIn(model.CreateAssociationInput{Name: "AWS-UpdateSSMAgent", Targets: all(), MaxConcurrency: "3", MaxErrors: "1"})
	_, err := h.s.AddNodesAt(DefaultStart().Add(time.Minute), NodeGroup{Count: 1, Behavior: Behavior{Duration: Fixed(time.Second)}})
	require.NoError(t, err)
	h.s.Run()
	ex := h.s.Executions()[0]
	assert.Equal(t, 1, ex.Errors, "at the threshold, not past it")
	assert.Equal(t, 1, ex.Joined, "the joiner ran")
	assert.Equal(t, StopNone, ex.Stop)
}

// StartAssociationsOnce between two ticks runs now and leaves the rate
// schedule where it was (API reference; D15).
func TestStartAssociationsOnce_BetweenTicks_LeavesTheSchedule(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(2, Behavior{Duration: Fixed(time.Minute)}, OverrideNone)
	id := h.associateIn(model.CreateAssociationInput{Name: "AWS-UpdateSSMAgent", Targets: all(), ScheduleExpression: "rate(1 hour)"})
	h.s.RunUntil(DefaultStart().Add(20 * time.Minute))
	_, err := h.s.StartAssociationsOnce(model.StartAssociationsOnceInput{AssociationIDs: []string{id}})
	require.NoError(t, err)
	h.s.RunUntil(DefaultStart().Add(150 * time.Minute))
	var created []time.Duration
	for _, e := range h.s.Executions() {
		created = append(created, e.Created.Sub(DefaultStart()))
	}
	assert.Equal(t, []time.Duration{0, 20 * time.Minute, time.Hour, 2 * time.Hour}, created)
}

// A target that timed out leaves its execution Failed (D6, D7).
func TestTimedOutTarget_ExecutionFailed(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(3, Behavior{Duration: Fixed(time.Minute)}, OverrideNone)
	h.nodes(1, Behavior{Duration: Fixed(time.Minute), TimeoutProbability: 1, Timeout: 5 * time.Minute}, OverrideNone)
	id := h.associateIn(model.CreateAssociationInput{Name: "AWS-UpdateSSMAgent", Targets: all()})
	h.s.Run()
	ex, err := h.s.DescribeAssociationExecutions(execsOf(id))
	require.NoError(t, err)
	e := ex.AssociationExecutions[0]
	assert.Equal(t, "Failed", e.Status)
	assert.Equal(t, "Failed", e.DetailedStatus)
	assert.Equal(t, "{Success=3, TimedOut=1}", e.ResourceCountByStatus)
}
