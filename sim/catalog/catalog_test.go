package catalog

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ssmsim/ssmsim/model"
)

// The AWS-managed documents carry their real content and schema: AWS-
// UpdateSSMAgent's is exactly what the describe-effective-instance-
// associations CLI example prints (the conformance corpus checks it byte
// for byte); RunShellScript is a Linux/macOS schema 1.2 document; each of
// RunPatchBaseline's steps runs on one platform, so the document runs on
// all three.
func TestBuiltinDocuments_RealContentAndSchemas(t *testing.T) {
	want := map[string]struct {
		schema, docType string
		platforms       []model.PlatformType
		required        []string
	}{
		"AWS-RunShellScript":          {"1.2", "Command", []model.PlatformType{model.PlatformLinux, model.PlatformMacOS}, []string{"commands"}},
		"AWS-RunPowerShellScript":     {"1.2", "Command", AllPlatforms, []string{"commands"}},
		"AWS-UpdateSSMAgent":          {"1.2", "Command", AllPlatforms, nil},
		"AWS-RunPatchBaseline":        {"2.2", "Command", AllPlatforms, []string{"Operation"}},
		"AWS-GatherSoftwareInventory": {"2.0", "Policy", AllPlatforms, nil},
		"AWS-ConfigureAWSPackage":     {"2.2", "Command", AllPlatforms, []string{"action", "name"}},
	}
	require.Len(t, builtinDocs, len(want))
	for _, d := range builtinDocs {
		w, ok := want[d.Name]
		require.True(t, ok, d.Name)
		assert.Equal(t, w.schema, d.SchemaVersion, d.Name)
		assert.Equal(t, w.docType, d.DocumentType, d.Name)
		assert.Equal(t, w.platforms, d.Platforms, d.Name)
		var required []string
		for _, p := range d.Params {
			if p.Required {
				required = append(required, p.Name)
			}
		}
		assert.Equal(t, w.required, required, d.Name)
		var content map[string]any
		require.NoError(t, json.Unmarshal([]byte(d.Content), &content), d.Name)
		assert.Equal(t, w.schema, content["schemaVersion"], d.Name)
	}
}
