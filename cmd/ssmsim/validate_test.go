package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/ssmsim/ssmsim/scenarios"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func runCmd(t *testing.T, cmd func(context.Context, []string, io.Writer, io.Writer) int, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cmd(context.Background(), args, &out, &errOut)
	return out.String(), errOut.String(), code
}

func TestValidate(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	bad := filepath.Join(dir, "bad.yaml")
	src, ok := scenarios.Source("default")
	require.True(t, ok)
	require.NoError(t, os.WriteFile(good, src, 0o644))
	require.NoError(t, os.WriteFile(bad, []byte("version: 1\nseed: -1\nfleet:\n  - count: 1\n    behavior: {failure: 1.5}\n"), 0o644))

	out, errOut, code := runCmd(t, cmdValidate, good)
	assert.Equal(t, 0, code)
	assert.Equal(t, good+": ok\n", out)
	assert.Empty(t, errOut)

	out, errOut, code = runCmd(t, cmdValidate, good, bad, filepath.Join(dir, "missing.yaml"))
	assert.Equal(t, 2, code, "an invalid scenario is exit 2")
	assert.Equal(t, good+": ok\n", out)
	assert.Equal(t, bad+":2: seed: want an integer from 0 to 18446744073709551615, got the number -1\n"+
		bad+":5: fleet[0].behavior.failure: 1.5 is not a probability\n"+
		filepath.Join(dir, "missing.yaml")+": no such file or directory\n", errOut)

	_, errOut, code = runCmd(t, cmdValidate)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "Usage: ssmsim validate FILE...")
	_, _, code = runCmd(t, cmdValidate, "-h")
	assert.Equal(t, 0, code)
}

func TestValidate_EveryBuiltinFile(t *testing.T) {
	files, err := filepath.Glob("../../scenarios/library/*.yaml")
	require.NoError(t, err)
	require.Len(t, files, len(scenarios.Names()))
	out, errOut, code := runCmd(t, cmdValidate, files...)
	assert.Equal(t, 0, code, errOut)
	assert.Equal(t, len(files), bytes.Count([]byte(out), []byte(": ok\n")))
}

func TestScenariosShow(t *testing.T) {
	out, errOut, code := runCmd(t, cmdScenariosShow, "weekend-freeze")
	assert.Equal(t, 0, code, errOut)
	src, _ := scenarios.Source("weekend-freeze")
	assert.Equal(t, string(src), out)
	sc, err := scenarios.Parse("shown.yaml", []byte(out))
	require.NoError(t, err)
	assert.Equal(t, "weekend-freeze", sc.Name)

	_, errOut, code = runCmd(t, cmdScenariosShow, "nope")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `no built-in scenario "nope" (have: alarm-stop, autoscaling, default, fleet-100k, maxerrors-examples, patch-tuesday, weekend-freeze)`)
	_, errOut, code = runCmd(t, cmdScenariosShow)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "Usage: ssmsim scenarios show NAME")
}
