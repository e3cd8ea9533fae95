package sim

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/model/modelcheck"
	"github.com/ssmsim/ssmsim/sim/paging"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// wire checks a response document against the SSM model and the AWS SDK.
func wire(t *testing.T, op string, v any) {
	t.Helper()
	body, err := json.Marshal(v)
	require.NoError(t, err)
	require.NoError(t, modelcheck.CheckOutput(op, body), "%s: %s", op, body)
	_, err = modelcheck.ParseWithSDK(context.Background(), op, 200, body)
	require.NoError(t, err, op)
}

func apiCode(t *testing.T, err error) string {
	t.Helper()
	var apiErr *model.APIError
	require.ErrorAs(t, err, &apiErr)
	return apiErr.Code
}

// API reference sample: CreateAssociationBatch reports per-entry failures in
// Failed ("Association Already Exists", Fault Client), not as an exception.
func TestCreateAssociationBatch_PerEntryFailures(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(2, Behavior{}, OverrideNone)
	node := h.s.Fleet().ID(0)
	out, err := h.s.CreateAssociationBatch(model.CreateAssociationBatchInput{Entries: []model.CreateAssociationBatchRequestEntry{
		{Name: "AWS-UpdateSSMAgent", InstanceID: node},
		{Name: "AWS-UpdateSSMAgent", InstanceID: node},
		{Name: "AWS-RunShellScript", Targets: all()},
		{Name: "AWS-RunShellScript", Parameters: shellParams, Targets: all()},
	}})
	require.NoError(t, err)
	wire(t, "CreateAssociationBatch", out)
	require.Len(t, out.Successful, 2)
	assert.Equal(t, model.AssociationStatusAssociated, out.Successful[0].Status.Name)
	assert.Equal(t, node, out.Successful[0].InstanceID)
	require.Len(t, out.Failed, 2)
	assert.Equal(t, "Association Already Exists", out.Failed[0].Message)
	assert.Equal(t, model.FaultClient, out.Failed[0].Fault)
	assert.Equal(t, node, out.Failed[0].Entry.InstanceID, "the entry is echoed")
	assert.Contains(t, out.Failed[1].Message, `Parameter "commands" requires a value.`)
	// A model-constraint violation in any entry fails the whole call, before
	// any entry is created.
	before := len(h.s.AssociationIDs())
	_, err = h.s.CreateAssociationBatch(model.CreateAssociationBatchInput{Entries: []model.CreateAssociationBatchRequestEntry{
		{Name: "AWS-RunShellScript", Parameters: shellParams, Targets: all()},
		{Name: "AWS-RunShellScript", Parameters: shellParams, Targets: all(), MaxConcurrency: "0"},
	}})
	var apiErr *model.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "1 validation error detected: Value '0' at 'entries.2.member.maxConcurrency' failed to satisfy constraint: Member must satisfy regular expression pattern: "+model.MaxConcurrencyPattern, apiErr.Message)
	assert.Len(t, h.s.AssociationIDs(), before)
	_, err = h.s.CreateAssociationBatch(model.CreateAssociationBatchInput{})
	assert.Equal(t, model.ErrCodeValidation, apiCode(t, err))
	_, err = h.s.CreateAssociation(model.CreateAssociationInput{Name: "AWS-UpdateSSMAgent", InstanceID: node})
	assert.Equal(t, model.ErrCodeAssociationAlreadyExists, apiCode(t, err))
}

// UpdateAssociationStatus applies to legacy InstanceId associations only;
// the same status again is StatusUnchanged (API reference).
func TestUpdateAssociationStatus(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(1, Behavior{}, OverrideNone)
	node := h.s.Fleet().ID(0)
	created, err := h.s.CreateAssociation(model.CreateAssociationInput{Name: "AWS-UpdateSSMAgent", InstanceID: node})
	require.NoError(t, err)
	st := model.AssociationStatus{Date: model.TimestampOf(DefaultStart().Add(time.Minute)), Name: "Success", Message: "done"}
	out, err := h.s.UpdateAssociationStatus(model.UpdateAssociationStatusInput{Name: "AWS-UpdateSSMAgent", InstanceID: node, AssociationStatus: st})
	require.NoError(t, err)
	wire(t, "UpdateAssociationStatus", out)
	assert.Equal(t, &st, out.AssociationDescription.Status)
	// An answer already given does not change with the simulation.
	assert.Equal(t, model.AssociationStatusAssociated, created.AssociationDescription.Status.Name)
	_, err = h.s.UpdateAssociationStatus(model.UpdateAssociationStatusInput{Name: "AWS-UpdateSSMAgent", InstanceID: node, AssociationStatus: st})
	assert.Equal(t, model.ErrCodeStatusUnchanged, apiCode(t, err))
	_, err = h.s.UpdateAssociationStatus(model.UpdateAssociationStatusInput{Name: "AWS-RunShellScript", InstanceID: node, AssociationStatus: st})
	assert.Equal(t, model.ErrCodeAssociationDoesNotExist, apiCode(t, err))
	st.Name = "Associated"
	_, err = h.s.UpdateAssociationStatus(model.UpdateAssociationStatusInput{Name: "AWS-UpdateSSMAgent", InstanceID: node, AssociationStatus: st})
	assert.Equal(t, model.ErrCodeValidation, apiCode(t, err))
}

func TestDescribeEffectiveInstanceAssociations(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(2, Behavior{}, OverrideNone)
	var ids []string
	for range 7 {
		ids = append(ids, h.associate("", ""))
	}
	node := h.s.Fleet().ID(1)
	var got []model.InstanceAssociation
	token := ""
	for {
		out, err := h.s.DescribeEffectiveInstanceAssociations(model.DescribeEffectiveInstanceAssociationsInput{InstanceID: node, MaxResults: 5, NextToken: token})
		require.NoError(t, err)
		wire(t, "DescribeEffectiveInstanceAssociations", out)
		got = append(got, out.Associations...)
		if token = out.NextToken; token == "" {
			break
		}
	}
	require.Len(t, got, 7)
	assert.Equal(t, ids[6], got[6].AssociationID)
	// The document as written, placeholders and all (CLI example:
	// AWS-UpdateSSMAgent's schema 1.2 content).
	var content map[string]any
	require.NoError(t, json.Unmarshal([]byte(got[0].Content), &content))
	assert.Equal(t, "1.2", content["schemaVersion"], "AWS-RunShellScript is a schema 1.2 document")
	assert.Contains(t, got[0].Content, `"runCommand":"{{ commands }}"`)
	assert.NotContains(t, got[0].Content, "echo hello", "parameters are not substituted")
	_, err := h.s.DescribeEffectiveInstanceAssociations(model.DescribeEffectiveInstanceAssociationsInput{InstanceID: node, MaxResults: 6})
	assert.Equal(t, model.ErrCodeValidation, apiCode(t, err), "MaxResults is 1..5 here")
}

func TestTags(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	out, err := h.s.CreateAssociation(model.CreateAssociationInput{Name: "AWS-RunShellScript", Parameters: shellParams, Targets: all(), Tags: []model.Tag{{Key: "team", Value: "ops"}}})
	require.NoError(t, err)
	id := out.AssociationDescription.AssociationID
	_, err = h.s.AddTagsToResource(model.AddTagsToResourceInput{ResourceType: "Association", ResourceID: id, Tags: []model.Tag{{Key: "env", Value: "prod"}, {Key: "team", Value: "sre"}}})
	require.NoError(t, err)
	list, err := h.s.ListTagsForResource(model.ListTagsForResourceInput{ResourceType: "Association", ResourceID: id})
	require.NoError(t, err)
	wire(t, "ListTagsForResource", list)
	assert.Equal(t, []model.Tag{{Key: "env", Value: "prod"}, {Key: "team", Value: "sre"}}, list.TagList)
	_, err = h.s.RemoveTagsFromResource(model.RemoveTagsFromResourceInput{ResourceType: "Association", ResourceID: id, TagKeys: []string{"team"}})
	require.NoError(t, err)
	list, _ = h.s.ListTagsForResource(model.ListTagsForResourceInput{ResourceType: "Association", ResourceID: id})
	assert.Equal(t, []model.Tag{{Key: "env", Value: "prod"}}, list.TagList)
	_, err = h.s.ListTagsForResource(model.ListTagsForResourceInput{ResourceType: "Association", ResourceID: "00000000-0000-4000-8000-000000000000"})
	assert.Equal(t, model.ErrCodeInvalidResourceID, apiCode(t, err))
	_, err = h.s.ListTagsForResource(model.ListTagsForResourceInput{ResourceType: "PatchBaseline", ResourceID: id})
	assert.Equal(t, model.ErrCodeInvalidResourceType, apiCode(t, err))
	many := make([]model.Tag, 50)
	for i := range many {
		many[i] = model.Tag{Key: "k" + paging.Pad10(i), Value: "v"}
	}
	_, err = h.s.AddTagsToResource(model.AddTagsToResourceInput{ResourceType: "Association", ResourceID: id, Tags: many})
	assert.Equal(t, model.ErrCodeTooManyTagsError, apiCode(t, err), "50 more on top of one")
}

func TestDescribeInstanceInformation(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(3, Behavior{}, OverrideNone)
	_, err := h.s.AddNodes(NodeGroup{Count: 2, Kind: KindManaged, Platform: model.PlatformWindows, Behavior: Behavior{Duration: Fixed(0)}})
	require.NoError(t, err)
	require.NoError(t, h.s.SetNodesOnlineAt(DefaultStart(), []int{1}, false))
	require.NoError(t, h.s.TerminateNodesAt(DefaultStart(), []int{2}))
	h.associate("", "")
	h.s.Run()
	out, err := h.s.DescribeInstanceInformation(model.DescribeInstanceInformationInput{})
	require.NoError(t, err)
	wire(t, "DescribeInstanceInformation", out)
	require.Len(t, out.InstanceInformationList, 4, "the terminated node is gone")
	n0 := out.InstanceInformationList[0]
	assert.Equal(t, "Online", n0.PingStatus)
	assert.Equal(t, "Success", n0.AssociationStatus)
	assert.Equal(t, map[string]int32{"Success": 1}, n0.AssociationOverview.InstanceAssociationStatusAggregatedCount)
	assert.Equal(t, "ConnectionLost", out.InstanceInformationList[1].PingStatus)
	assert.Equal(t, "Failed", out.InstanceInformationList[1].AssociationStatus, "its run was undeliverable")
	assert.Equal(t, "ManagedInstance", out.InstanceInformationList[2].ResourceType)
	assert.Empty(t, out.InstanceInformationList[2].AssociationStatus, "not a target")
	win, err := h.s.DescribeInstanceInformation(model.DescribeInstanceInformationInput{Filters: []model.InstanceInformationStringFilter{{Key: "PlatformTypes", Values: []string{"Windows"}}}, MaxResults: 5})
	require.NoError(t, err)
	assert.Len(t, win.InstanceInformationList, 2)
	tagged, err := h.s.DescribeInstanceInformation(model.DescribeInstanceInformationInput{InstanceInformationFilterList: []model.InstanceInformationFilter{{Key: "PingStatus", ValueSet: []string{"ConnectionLost"}}}})
	require.NoError(t, err)
	assert.Len(t, tagged.InstanceInformationList, 1)
	_, err = h.s.DescribeInstanceInformation(model.DescribeInstanceInformationInput{MaxResults: 4})
	assert.Equal(t, model.ErrCodeValidation, apiCode(t, err), "MaxResults is 5..50 here")
	_, err = h.s.DescribeInstanceInformation(model.DescribeInstanceInformationInput{Filters: []model.InstanceInformationStringFilter{{Key: "Color", Values: []string{"x"}}}})
	assert.Equal(t, model.ErrCodeInvalidFilterKey, apiCode(t, err))
}

// D18: 2,000 active associations by default; deleting one frees a slot.
func TestActiveAssociationQuota(t *testing.T) {
	h := newHarness(t, 1, Decisions{MaxActiveAssociations: 2})
	a := h.associate("", "")
	h.associate("", "")
	_, err := h.s.CreateAssociation(model.CreateAssociationInput{Name: "AWS-RunShellScript", Parameters: shellParams, Targets: all()})
	assert.Equal(t, model.ErrCodeAssociationLimitExceeded, apiCode(t, err))
	_, err = h.s.DeleteAssociation(model.DeleteAssociationInput{AssociationID: a})
	require.NoError(t, err)
	h.associate("", "")
}
