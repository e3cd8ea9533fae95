package sim

import (
	"testing"

	"github.com/ssmsim/ssmsim/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func describeByID(id string) model.DescribeAssociationInput {
	return model.DescribeAssociationInput{AssociationID: id}
}

func execsOf(id string) model.DescribeAssociationExecutionsInput {
	return model.DescribeAssociationExecutionsInput{AssociationID: id}
}

func TestCreateAssociation_InvalidMaxConcurrencyNamesValueAndRule(t *testing.T) {
	for _, bad := range []string{"0", "101%", "abc"} {
		h := newHarness(t, 1, Decisions{})
		_, err := h.s.CreateAssociation(model.CreateAssociationInput{Name: "AWS-RunShellScript", Parameters: shellParams, Targets: []model.Target{{Key: "InstanceIds", Values: []string{"*"}}}, MaxConcurrency: bad})
		var apiErr *model.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, model.ErrCodeValidation, apiErr.Code)
		assert.Contains(t, apiErr.Message, "Value '"+bad+"' at 'maxConcurrency' failed to satisfy constraint: Member must satisfy regular expression pattern: "+model.MaxConcurrencyPattern)
	}
}

func TestCreateAssociation_Errors(t *testing.T) {
	tests := []struct {
		name string
		in   model.CreateAssociationInput
		code string
	}{
		{"no targets", model.CreateAssociationInput{Name: "AWS-RunShellScript"}, model.ErrCodeInvalidTarget},
		{"bad document name", model.CreateAssociationInput{Name: "x", Targets: all()}, model.ErrCodeValidation},
		{"six targets", model.CreateAssociationInput{Name: "AWS-RunShellScript", Parameters: shellParams, Targets: append(all(), all()[0], all()[0], all()[0], all()[0], all()[0])}, model.ErrCodeValidation},
		{"unknown target key", model.CreateAssociationInput{Name: "AWS-RunShellScript", Parameters: shellParams, Targets: []model.Target{{Key: "color", Values: []string{"x"}}}}, model.ErrCodeInvalidTarget},
		{"unknown legacy instance", model.CreateAssociationInput{Name: "AWS-RunShellScript", Parameters: shellParams, InstanceID: "i-0123456789abcdef0"}, model.ErrCodeInvalidInstanceID},
		{"bad MaxErrors", model.CreateAssociationInput{Name: "AWS-RunShellScript", Parameters: shellParams, Targets: all(), MaxErrors: "00"}, model.ErrCodeValidation},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, 1, Decisions{})
			_, err := h.s.CreateAssociation(tt.in)
			var apiErr *model.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tt.code, apiErr.Code, apiErr.Message)
		})
	}
}

func all() []model.Target { return []model.Target{{Key: "InstanceIds", Values: []string{"*"}}} }

func TestDocuments_LifecycleOfOneAssociation(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(4, Behavior{}, OverrideNone)
	h.nodes(1, Behavior{}, OverrideAlwaysFail)
	id := h.associate("2", "")

	d, err := h.s.DescribeAssociation(describeByID(id))
	require.NoError(t, err)
	assert.Equal(t, &model.AssociationOverview{Status: "Pending", DetailedStatus: "Creating"}, d.AssociationDescription.Overview)
	assert.Nil(t, d.AssociationDescription.Status, "the legacy Status object is only on the create response for Targets associations")

	h.s.Step() // execution starts; two targets dispatched, three wait their turn: Pending
	d, _ = h.s.DescribeAssociation(describeByID(id))
	assert.Equal(t, &model.AssociationOverview{Status: "Pending", DetailedStatus: "InProgress", AssociationStatusAggregatedCount: map[string]int32{"InProgress": 2, "Pending": 3}}, d.AssociationDescription.Overview)
	ex, _ := h.s.DescribeAssociationExecutions(execsOf(id))
	assert.Equal(t, "InProgress", ex.AssociationExecutions[0].Status)
	assert.Equal(t, "{InProgress=2}", ex.AssociationExecutions[0].ResourceCountByStatus)

	h.s.Run()
	d, _ = h.s.DescribeAssociation(describeByID(id))
	ad := d.AssociationDescription
	assert.Equal(t, &model.AssociationOverview{Status: "Failed", DetailedStatus: "Failed", AssociationStatusAggregatedCount: map[string]int32{"Failed": 1, "Success": 4}}, ad.Overview)
	assert.Equal(t, model.TimestampOf(DefaultStart().Add(3*60e9)), ad.LastExecutionDate, "three waves of one minute")
	assert.Zero(t, ad.LastSuccessfulExecutionDate, "no execution succeeded")

	ex, _ = h.s.DescribeAssociationExecutions(execsOf(id))
	e := ex.AssociationExecutions[0]
	assert.Equal(t, id, e.ExecutionID, "D17: a run-once association's execution reuses its AssociationId")
	assert.Equal(t, "{Failed=1, Success=4}", e.ResourceCountByStatus)

	tg, err := h.s.DescribeAssociationExecutionTargets(model.DescribeAssociationExecutionTargetsInput{AssociationID: id, ExecutionID: e.ExecutionID})
	require.NoError(t, err)
	require.Len(t, tg.AssociationExecutionTargets, 5)
	for i, row := range tg.AssociationExecutionTargets {
		if i > 0 {
			assert.Less(t, tg.AssociationExecutionTargets[i-1].ResourceID, row.ResourceID, "D20: by ResourceId")
		}
		assert.Equal(t, "ManagedInstance", row.ResourceType)
		assert.Equal(t, "RunCommand", row.OutputSource.OutputSourceType)
		assert.Len(t, row.OutputSource.OutputSourceID, 36)
	}
	failed, _ := h.s.DescribeAssociationExecutionTargets(model.DescribeAssociationExecutionTargetsInput{AssociationID: id, ExecutionID: e.ExecutionID,
		Filters: []model.AssociationExecutionTargetsFilter{{Key: "Status", Value: "Failed"}}})
	require.Len(t, failed.AssociationExecutionTargets, 1)
	assert.Equal(t, h.s.Fleet().ID(4), failed.AssociationExecutionTargets[0].ResourceID)

	st, err := h.s.DescribeInstanceAssociationsStatus(model.DescribeInstanceAssociationsStatusInput{InstanceID: h.s.Fleet().ID(4)})
	require.NoError(t, err)
	require.Len(t, st.InstanceAssociationStatusInfos, 1)
	info := st.InstanceAssociationStatusInfos[0]
	assert.Equal(t, "Failed", info.Status)
	assert.Equal(t, "Failed", info.DetailedStatus, "AWS-RunShellScript is a schema 1.2 document")
	assert.Empty(t, info.ExecutionSummary)

	_, err = h.s.DescribeAssociationExecutionTargets(model.DescribeAssociationExecutionTargetsInput{AssociationID: id, ExecutionID: "00000000-0000-4000-8000-000000000000"})
	var apiErr *model.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, model.ErrCodeAssociationExecutionDoesNotExist, apiErr.Code)
	_, err = h.s.DescribeAssociation(describeByID("00000000-0000-4000-8000-000000000000"))
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, model.ErrCodeAssociationDoesNotExist, apiErr.Code)
}

func TestStartAssociationsOnce_NewExecutionWithFreshID(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(3, Behavior{}, OverrideNone)
	id := h.associate("", "")
	h.s.Run()
	_, err := h.s.StartAssociationsOnce(model.StartAssociationsOnceInput{AssociationIDs: []string{id}})
	require.NoError(t, err)
	h.s.Run()
	ex, _ := h.s.DescribeAssociationExecutions(execsOf(id))
	require.Len(t, ex.AssociationExecutions, 2)
	assert.NotEqual(t, id, ex.AssociationExecutions[0].ExecutionID, "newest first, with a fresh ID")
	assert.Equal(t, id, ex.AssociationExecutions[1].ExecutionID)
	assert.Greater(t, ex.AssociationExecutions[0].CreatedTime, ex.AssociationExecutions[1].CreatedTime)
	d, _ := h.s.DescribeAssociation(describeByID(id))
	tg, err := h.s.DescribeAssociationExecutionTargets(model.DescribeAssociationExecutionTargetsInput{AssociationID: id, ExecutionID: ex.AssociationExecutions[0].ExecutionID})
	require.NoError(t, err)
	var last model.Timestamp
	for _, r := range tg.AssociationExecutionTargets {
		last = max(last, r.LastExecutionDate)
	}
	assert.Equal(t, last, d.AssociationDescription.LastSuccessfulExecutionDate, "D12: the newest execution's last target completion")
}

func TestTargets_Resolution(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	_, err := h.s.AddNodes(NodeGroup{Count: 3, Tags: []model.Tag{{Key: "role", Value: "web"}, {Key: "env", Value: "prod"}}, Behavior: Behavior{Duration: Fixed(0)}})
	require.NoError(t, err)
	_, err = h.s.AddNodes(NodeGroup{Count: 2, Tags: []model.Tag{{Key: "role", Value: "db"}}, Kind: KindManaged, Behavior: Behavior{Duration: Fixed(0)}})
	require.NoError(t, err)
	f := h.s.Fleet()
	ids := func(ns []int32) []string {
		var out []string
		for _, n := range ns {
			out = append(out, f.ID(int(n)))
		}
		return out
	}
	tests := []struct {
		name    string
		targets []model.Target
		want    []int32
	}{
		{"all nodes", []model.Target{{Key: "InstanceIds", Values: []string{"*"}}}, []int32{0, 1, 2, 3, 4}},
		{"listed ids keep their order, drop duplicates and unknowns", []model.Target{{Key: "InstanceIds", Values: []string{f.ID(4), f.ID(1), f.ID(4), "i-0000000000000000f"}}}, []int32{4, 1}},
		{"key is case-insensitive", []model.Target{{Key: "instanceids", Values: []string{f.ID(2)}}}, []int32{2}},
		{"tag with any of the values", []model.Target{{Key: "tag:role", Values: []string{"db", "cache"}}}, []int32{3, 4}},
		{"tag-key", []model.Target{{Key: "tag-key", Values: []string{"env"}}}, []int32{0, 1, 2}},
		{"several targets all apply", []model.Target{{Key: "tag-key", Values: []string{"role"}}, {Key: "tag:env", Values: []string{"prod"}}}, []int32{0, 1, 2}},
		{"no match", []model.Target{{Key: "tag:role", Values: []string{"none"}}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { assert.Equal(t, ids(tt.want), ids(f.resolve(tt.targets))) })
	}
	assert.Regexp(t, `^mi-0[0-9a-f]{16}$`, f.ID(3))
	assert.Regexp(t, `^i-0[0-9a-f]{16}$`, f.ID(0))
	for n := 0; n < f.Len(); n++ {
		got, ok := f.Lookup(f.ID(n))
		assert.True(t, ok)
		assert.Equal(t, n, got)
	}
}

func TestLegacyInstanceIDAssociation(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(2, Behavior{}, OverrideNone)
	node := h.s.Fleet().ID(1)
	out, err := h.s.CreateAssociation(model.CreateAssociationInput{Name: "AWS-UpdateSSMAgent", InstanceID: node})
	require.NoError(t, err)
	ad := out.AssociationDescription
	assert.Equal(t, node, ad.InstanceID)
	assert.Equal(t, []model.Target{{Key: "InstanceIds", Values: []string{node}}}, ad.Targets)
	assert.Equal(t, model.AssociationStatusAssociated, ad.Status.Name)
	h.s.Run()
	d, err := h.s.DescribeAssociation(model.DescribeAssociationInput{Name: "AWS-UpdateSSMAgent", InstanceID: node})
	require.NoError(t, err)
	assert.NotNil(t, d.AssociationDescription.Status, "legacy associations keep the root Status")
	assert.Equal(t, map[string]int32{"Success": 1}, d.AssociationDescription.Overview.AssociationStatusAggregatedCount)
}
