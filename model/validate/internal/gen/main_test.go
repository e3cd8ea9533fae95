package main

import (
	"bytes"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestInputsUpToDate: the embedded inputs.json is exactly what the generator
// prints for the model copy under model/modelcheck/testdata, so the two cannot
// drift apart.
func TestInputsUpToDate(t *testing.T) {
	raw, err := os.ReadFile("../../../modelcheck/testdata/ssm-service-2.json")
	require.NoError(t, err)
	var got bytes.Buffer
	require.NoError(t, generate(raw, &got))
	want, err := os.ReadFile("../../inputs.json")
	require.NoError(t, err)
	require.True(t, bytes.Equal(want, got.Bytes()),
		"model/validate/inputs.json is stale; regenerate it: go run ./model/validate/internal/gen model/modelcheck/testdata/ssm-service-2.json > model/validate/inputs.json")
}

// TestGenerateDeterministic: two runs give the same bytes.
func TestGenerateDeterministic(t *testing.T) {
	raw, err := os.ReadFile("../../../modelcheck/testdata/ssm-service-2.json")
	require.NoError(t, err)
	var a, b bytes.Buffer
	require.NoError(t, generate(raw, &a))
	require.NoError(t, generate(raw, &b))
	require.Equal(t, a.String(), b.String())
}

// TestGenerateRejectsBrokenModel: dangling references are reported.
func TestGenerateRejectsBrokenModel(t *testing.T) {
	var out bytes.Buffer
	require.Error(t, generate([]byte(`{"operations":{"Op":{"input":{"shape":"Missing"}}},"shapes":{}}`), &out))
	require.Error(t, generate([]byte(`{"operations":{"Op":{"input":{"shape":"In"}}},"shapes":{"In":{"type":"structure","members":{},"required":["X"]}}}`), &out))
	require.Error(t, generate([]byte(`not json`), &out))
}
