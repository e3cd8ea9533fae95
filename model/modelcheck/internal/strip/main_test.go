package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStripDropsDocumentationOnly(t *testing.T) {
	in := `{"documentation":"top","version":"2.0","shapes":{"B":{"type":"string","documentation":"<p>b & c</p>",
	"pattern":"^<a>&$"},"A":{"type":"structure","members":{"X":{"shape":"B","documentation":"x","box":true}},
	"documentationUrl":"u","deprecatedMessage":"d","deprecated":true}},"operations":{"Op":{"examples":[1],"name":"Op",
	"input":{"shape":"A"}}},"metadata":{"n":12345678901234567890}}`
	path := filepath.Join(t.TempDir(), "model.json")
	require.NoError(t, os.WriteFile(path, []byte(in), 0o644))

	var out bytes.Buffer
	require.NoError(t, run(path, &out))
	assert.Equal(t, `{"metadata":{"n":12345678901234567890},"operations":{"Op":{"input":{"shape":"A"},"name":"Op"}},`+
		`"shapes":{"A":{"deprecated":true,"members":{"X":{"box":true,"shape":"B"}},"type":"structure"},`+
		`"B":{"pattern":"^<a>&$","type":"string"}},"version":"2.0"}`+"\n", out.String())

	var again bytes.Buffer
	require.NoError(t, os.WriteFile(path, out.Bytes(), 0o644))
	require.NoError(t, run(path, &again))
	assert.Equal(t, out.String(), again.String(), "stripping is idempotent")
}

func TestStripRejectsBadInput(t *testing.T) {
	assert.Error(t, run(filepath.Join(t.TempDir(), "missing.json"), &bytes.Buffer{}))
	path := filepath.Join(t.TempDir(), "bad.json")
	require.NoError(t, os.WriteFile(path, []byte(`{"a":`), 0o644))
	assert.Error(t, run(path, &bytes.Buffer{}))
}
