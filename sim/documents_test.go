package sim

import (
	"slices"
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
		{"missing required parameter", model.CreateAssociationInput{Name: "AWS-RunShellScript"}, model.ErrCodeInvalidParameters, `Parameter "commands" requires a value.`},
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
	i := slices.IndexFunc(out.Document.Parameters, func(p model.DocumentParameter) bool { return p.Name == "Operation" })
	require.GreaterOrEqual(t, i, 0)
	assert.Nil(t, out.Document.Parameters[i].DefaultValue, "Operation has no default: required")
	assert.Equal(t, "2.2", out.Document.SchemaVersion)
	assert.Contains(t, out.Document.PlatformTypes, model.PlatformWindows)
	_, err = h.s.DescribeDocument(model.DescribeDocumentInput{Name: "AWS-RunShellScript", DocumentVersion: "9"})
	assert.Equal(t, model.ErrCodeInvalidDocumentVersion, apiCode(t, err))
	_, err = h.s.DescribeDocument(model.DescribeDocumentInput{Name: "Nope-Doc"})
	assert.Equal(t, model.ErrCodeInvalidDocument, apiCode(t, err))
}

const myDocJSON = `{
  "schemaVersion": "2.2",
  "description": "Restart a service.",
  "parameters": {
    "service": {"type": "String", "description": "The service.", "allowedPattern": "^[a-z-]+$"},
    "mode": {"type": "String", "default": "restart", "allowedValues": ["restart", "reload"]}
  },
  "mainSteps": [{"action": "aws:runShellScript", "name": "restart", "inputs": {"runCommand": ["systemctl {{mode}} {{service}}"]}}]
}`

const myDocYAML = `schemaVersion: '2.2'
description: Install an MSI.
parameters:
  source:
    type: String
mainSteps:
  - action: aws:applications
    name: install
    inputs:
      source: '{{source}}'
`

// Documents created with CreateDocument run like AWS's own: their parameters
// are checked (InvalidParameters) and their plugins decide their platforms.
func TestCreateDocument_CommandDocuments(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(3, Behavior{}, OverrideNone)
	out, err := h.s.CreateDocument(model.CreateDocumentInput{Name: "Restart-Service", Content: myDocJSON})
	require.NoError(t, err)
	wire(t, "CreateDocument", out)
	assert.Equal(t, "Command", out.DocumentDescription.DocumentType)
	assert.Equal(t, []model.PlatformType{model.PlatformLinux, model.PlatformMacOS}, out.DocumentDescription.PlatformTypes)
	assert.Equal(t, "2.2", out.DocumentDescription.SchemaVersion)
	yml, err := h.s.CreateDocument(model.CreateDocumentInput{Name: "Install-MSI", Content: myDocYAML, DocumentFormat: "YAML"})
	require.NoError(t, err)
	assert.Equal(t, []model.PlatformType{model.PlatformWindows}, yml.DocumentDescription.PlatformTypes)

	_, err = h.s.CreateAssociation(model.CreateAssociationInput{Name: "Restart-Service", Targets: all()})
	assert.Equal(t, model.ErrCodeInvalidParameters, apiCode(t, err), "service has no default: required")
	_, err = h.s.CreateAssociation(model.CreateAssociationInput{Name: "Restart-Service", Targets: all(), Parameters: map[string][]string{"service": {"Nginx!"}}})
	assert.Equal(t, model.ErrCodeInvalidParameters, apiCode(t, err), "allowedPattern")
	_, err = h.s.CreateAssociation(model.CreateAssociationInput{Name: "Restart-Service", Targets: all(), Parameters: map[string][]string{"service": {"nginx"}, "mode": {"stop"}}})
	assert.Equal(t, model.ErrCodeInvalidParameters, apiCode(t, err), "allowedValues")
	_, err = h.s.CreateAssociation(model.CreateAssociationInput{Name: "Restart-Service", Targets: all(), Parameters: map[string][]string{"service": {"nginx"}}})
	require.NoError(t, err)
	_, err = h.s.CreateAssociation(model.CreateAssociationInput{Name: "Install-MSI", Targets: all(), Parameters: map[string][]string{"source": {"s3://x.msi"}}})
	require.NoError(t, err)
	h.s.Run()
	ex := h.s.Executions()
	require.Len(t, ex, 2)
	assert.Equal(t, 3, ex[0].Counts.Success)
	assert.Equal(t, 3, ex[1].Counts.Failed, "a Windows-only document on Linux nodes: InvalidPlatform")
	assert.Equal(t, 0, ex[1].Errors)

	for _, bad := range []struct {
		in   model.CreateDocumentInput
		code string
	}{
		{model.CreateDocumentInput{Name: "Odd-Schema", Content: `{"schemaVersion": "3.0", "mainSteps": [{"action": "aws:runShellScript", "name": "x"}]}`}, "InvalidDocumentSchemaVersion"},
		{model.CreateDocumentInput{Name: "No-Plugins", Content: `{"schemaVersion": "1.2", "runtimeConfig": {}}`}, model.ErrCodeInvalidDocumentContent},
		{model.CreateDocumentInput{Name: "Not-JSON", Content: `{`}, model.ErrCodeInvalidDocumentContent},
		{model.CreateDocumentInput{Name: "No-Steps", Content: `{"schemaVersion": "2.2"}`}, model.ErrCodeInvalidDocumentContent},
		{model.CreateDocumentInput{Name: "Odd-Plugin", Content: `{"schemaVersion": "2.2", "mainSteps": [{"action": "aws:teleport", "name": "x"}]}`}, model.ErrCodeInvalidDocumentContent},
		{model.CreateDocumentInput{Name: "Bad-Type", Content: `{"schemaVersion": "2.2", "parameters": {"p": {"type": "Float"}}, "mainSteps": [{"action": "aws:runShellScript", "name": "x"}]}`}, model.ErrCodeInvalidDocumentContent},
		{model.CreateDocumentInput{Name: "Session-Doc", Content: myDocJSON, DocumentType: "Session"}, "InvalidDocumentType"},
		{model.CreateDocumentInput{Name: "Restart-Service", Content: myDocJSON}, model.ErrCodeDocumentAlreadyExists},
	} {
		_, err := h.s.CreateDocument(bad.in)
		assert.Equal(t, bad.code, apiCode(t, err), bad.in.Name)
	}
	d, err := h.s.DescribeDocument(model.DescribeDocumentInput{Name: "Restart-Service"})
	require.NoError(t, err)
	assert.Equal(t, "Active", d.Document.Status)
	assert.Equal(t, "123456789012", d.Document.Owner)
	_, err = h.s.CreateAssociation(model.CreateAssociationInput{Name: "weekend-freeze-cal", Targets: all()})
	assert.Equal(t, model.ErrCodeInvalidDocument, apiCode(t, err))
}

// A required parameter left out is worded as the real service words it
// (terraform-provider-aws #35908, 2024: `InvalidParameters: Parameter
// "InstanceId" requires a value.`).
func TestMissingRequiredParameter_RequiresAValue(t *testing.T) {
	h := newHarness(t, 1, Decisions{})
	h.nodes(1, Behavior{}, OverrideNone)
	_, err := h.s.CreateAssociation(model.CreateAssociationInput{Name: "AWS-RunShellScript", Targets: all()})
	var e *model.APIError
	require.ErrorAs(t, err, &e)
	assert.Equal(t, model.ErrCodeInvalidParameters, e.Code)
	assert.Equal(t, `Parameter "commands" requires a value.`, e.Message)
}
