package sim

import (
	"testing"

	"github.com/ssmsim/ssmsim/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// CreateAssociation API reference errors: InvalidDocument ("The specified
// SSM document doesn't exist"), InvalidDocumentVersion, InvalidParameters
// ("You must specify values for all required parameters … You can only
// supply values to parameters defined in the SSM document").
func TestCreateAssociation_DocumentAndParameterErrors(t *testing.T) {
	tests := []struct {
		name string
		in   model.CreateAssociationInput
		code string
		msg  string
	}{
		{"unknown document", model.CreateAssociationInput{Name: "My-Missing-Doc"}, model.ErrCodeInvalidDocument, "My-Missing-Doc does not exist"},
		{"unknown version", model.CreateAssociationInput{Name: "AWS-RunShellScript", DocumentVersion: "7", Parameters: shellParams}, model.ErrCodeInvalidDocumentVersion, "no version 7"},
		{"missing required parameter", model.CreateAssociationInput{Name: "AWS-RunShellScript"}, model.ErrCodeInvalidParameters, `"commands" is required`},
		{"parameter not in the document", model.CreateAssociationInput{Name: "AWS-RunShellScript", Parameters: map[string][]string{"commands": {"ls"}, "color": {"red"}}}, model.ErrCodeInvalidParameters, `"color" is not defined`},
		{"value not allowed", model.CreateAssociationInput{Name: "AWS-RunPatchBaseline", Parameters: map[string][]string{"Operation": {"Reboot"}}}, model.ErrCodeInvalidParameters, "allowed values [Scan, Install]"},
		{"pattern", model.CreateAssociationInput{Name: "AWS-RunShellScript", Parameters: map[string][]string{"commands": {"ls"}, "executionTimeout": {"0"}}}, model.ErrCodeInvalidParameters, "allowed pattern"},
		{"a String takes one value", model.CreateAssociationInput{Name: "AWS-UpdateSSMAgent", Parameters: map[string][]string{"version": {"1", "2"}}}, model.ErrCodeInvalidParameters, "exactly one value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, 1, Decisions{})
			tt.in.Targets = all()
			_, err := h.s.CreateAssociation(tt.in)
			var apiErr *model.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tt.code, apiErr.Code)
			assert.Contains(t, apiErr.Message, tt.msg)
		})
	}
	h := newHarness(t, 1, Decisions{})
	for _, ok := range []model.CreateAssociationInput{
		{Name: "AWS-RunShellScript", DocumentVersion: "$LATEST", Parameters: shellParams},
		{Name: "arn:aws:ssm:us-east-1::document/AWS-UpdateSSMAgent"},
		{Name: "AWS-GatherSoftwareInventory", Parameters: map[string][]string{"applications": {"Disabled"}}},
		{Name: "AWS-ConfigureAWSPackage", Parameters: map[string][]string{"action": {"Install"}, "name": {"AmazonCloudWatchAgent"}}},
		{Name: "AWS-RunPowerShellScript", Parameters: map[string][]string{"commands": {"Get-Date"}}},
	} {
		ok.Targets = all()
		_, err := h.s.CreateAssociation(ok)
		assert.NoError(t, err, ok.Name)
	}
}

// Run Command: Invalid Platform invocations do not count toward MaxErrors;
// a legacy association on an unsupported platform is refused at once
// (UnsupportedPlatformType).
func TestUnsupportedPlatform(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	_, err := h.s.AddNodes(NodeGroup{Count: 3, Platform: model.PlatformWindows, Tags: testTags, Behavior: Behavior{Duration: Fixed(0)}})
	require.NoError(t, err)
	h.nodes(2, Behavior{}, OverrideNone)
	id := h.associate("", "0")
	h.s.Run()
	ex := h.only()
	assert.Equal(t, StopNone, ex.Stop)
	assert.Equal(t, 3, ex.Counts.Failed)
	assert.Equal(t, 2, ex.Counts.Success)
	assert.Equal(t, 0, ex.Errors)
	tg, _ := h.s.DescribeAssociationExecutionTargets(model.DescribeAssociationExecutionTargetsInput{AssociationID: id, ExecutionID: ex.ExecutionID,
		Filters: []model.AssociationExecutionTargetsFilter{{Key: "Status", Value: "Failed"}}})
	require.Len(t, tg.AssociationExecutionTargets, 3)
	assert.Equal(t, "InvalidPlatform", tg.AssociationExecutionTargets[0].DetailedStatus)

	_, err = h.s.CreateAssociation(model.CreateAssociationInput{Name: "AWS-RunShellScript", Parameters: shellParams, InstanceID: h.s.Fleet().ID(0)})
	var apiErr *model.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, model.ErrCodeUnsupportedPlatformType, apiErr.Code)
}

func TestDescribeDocument_Builtin(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	out, err := h.s.DescribeDocument(model.DescribeDocumentInput{Name: "AWS-RunPatchBaseline"})
	require.NoError(t, err)
	wire(t, "DescribeDocument", out)
	assert.Equal(t, "Amazon", out.Document.Owner)
	assert.Equal(t, "Command", out.Document.DocumentType)
	assert.Equal(t, "Operation", out.Document.Parameters[0].Name)
	assert.Contains(t, out.Document.PlatformTypes, model.PlatformWindows)
	_, err = h.s.DescribeDocument(model.DescribeDocumentInput{Name: "AWS-RunShellScript", DocumentVersion: "9"})
	assert.Equal(t, model.ErrCodeInvalidDocumentVersion, apiCode(t, err))
	_, err = h.s.DescribeDocument(model.DescribeDocumentInput{Name: "Nope-Doc"})
	assert.Equal(t, model.ErrCodeInvalidDocument, apiCode(t, err))
}
