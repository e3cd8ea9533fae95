package modelcheck

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestModelLoads(t *testing.T) {
	m := Model()
	require.NotNil(t, m)
	assert.Same(t, m, Model(), "parsed once")
	assert.Equal(t, "2014-11-06", m.Metadata.APIVersion)
	assert.Equal(t, "1.1", m.Metadata.JSONVersion)
	assert.Equal(t, "AmazonSSM", m.Metadata.TargetPrefix)
	assert.Len(t, m.Operations, 146)

	op := m.Operations["CreateAssociationBatch"]
	require.NotNil(t, op)
	assert.Equal(t, "CreateAssociationBatchRequest", op.Input.Shape)
	assert.Equal(t, "CreateAssociationBatchResult", op.Output.Shape)

	status := m.Shapes["AssociationStatusName"]
	require.NotNil(t, status)
	assert.Equal(t, "AssociationStatusName", status.Name)
	assert.Equal(t, []string{"Pending", "Success", "Failed"}, status.Enum)
}

func TestEmbeddedModelIsStripped(t *testing.T) {
	for _, key := range []string{`"documentation"`, `"documentationUrl"`, `"examples"`, `"deprecatedMessage"`} {
		assert.NotContains(t, string(modelJSON), key)
	}
	assert.True(t, bytes.HasSuffix(modelJSON, []byte("}\n")))

	// The file is in the strip program's canonical form: compact, sorted
	// keys, no HTML escaping, numbers as written.
	dec := json.NewDecoder(bytes.NewReader(modelJSON))
	dec.UseNumber()
	var v any
	require.NoError(t, dec.Decode(&v))
	var canonical bytes.Buffer
	enc := json.NewEncoder(&canonical)
	enc.SetEscapeHTML(false)
	require.NoError(t, enc.Encode(v))
	assert.True(t, bytes.Equal(canonical.Bytes(), modelJSON), "testdata/ssm-service-2.json is not canonical; regenerate it with internal/strip")
	notice, err := os.ReadFile("testdata/NOTICE.md")
	require.NoError(t, err)
	assert.Contains(t, string(notice), "Apache License 2.0")
	assert.Contains(t, string(notice), "botocore")
}

func TestParseModelRejectsDanglingReferences(t *testing.T) {
	_, err := parseModel([]byte(`{"operations":{"Op":{"name":"Op","input":{"shape":"Missing"}}},"shapes":{}}`))
	assert.ErrorContains(t, err, `operation Op input refers to unknown shape "Missing"`)

	_, err = parseModel([]byte(`{"shapes":{"S":{"type":"string","pattern":"(?<=x)y"}}}`))
	assert.ErrorContains(t, err, "has no PatternTranslation")

	_, err = parseModel([]byte(`{"shapes":{"S":{"type":"structure","members":{},"required":["A"]}}}`))
	assert.ErrorContains(t, err, `requires unknown member "A"`)
}

// The checker must know every shape type the model uses.
func TestEveryShapeTypeIsKnown(t *testing.T) {
	known := map[string]bool{"structure": true, "list": true, "map": true, "string": true, "integer": true,
		"long": true, "boolean": true, "timestamp": true, "double": true, "float": true, "blob": true}
	for _, name := range slices.Sorted(maps.Keys(Model().Shapes)) {
		assert.True(t, known[Model().Shapes[name].Type], "shape %s type %s", name, Model().Shapes[name].Type)
	}
}
