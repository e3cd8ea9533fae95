package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// run, sweep and validate read scenario files through one bounded reader:
// regular files only, at most 8 MiB, the same message and exit code 2.
// (`ssmsim run /dev/zero` used to read 7.4 GB in 18 s, a FIFO hung, and
// validate said "ok" for a 10 MB file by reading only its first 8 MiB.)
func TestScenarioFiles_OneBoundedReader(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.yaml")
	require.NoError(t, os.WriteFile(big, []byte("version: 1\n# "+strings.Repeat("x", 10<<20)+"\n"), 0o644))
	fifo := filepath.Join(dir, "fifo.yaml")
	require.NoError(t, syscall.Mkfifo(fifo, 0o644))

	for _, c := range []struct{ file, want string }{
		{big, "the limit is 8388608"},
		{"/dev/zero", "not a regular file"},
		{fifo, "not a regular file"},
		{dir, "not a regular file"},
	} {
		for _, cmd := range [][]string{{"run", c.file}, {"validate", c.file}, {"sweep", c.file, "--set", "associations[0].MaxConcurrency=1,2"}} {
			done := make(chan struct{})
			var errOut string
			var code int
			go func() {
				_, errOut, code = runCLI(t, cmd...)
				close(done)
			}()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatalf("%v did not return", cmd)
			}
			assert.Equal(t, exitUsage, code, "%v", cmd)
			assert.Contains(t, errOut, c.want, "%v", cmd)
		}
	}
}

// A report that cannot be written leaves no partial file.
func TestReportOutput_NoPartialFile(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "missing-dir", "report.json")
	_, errOut, code := runCLI(t, "run", "--json", "-o", out)
	assert.Equal(t, exitFailure, code)
	assert.NotEmpty(t, errOut)
	_, err := os.Stat(out)
	assert.True(t, os.IsNotExist(err))

	ok := filepath.Join(dir, "report.json")
	_, errOut, code = runCLI(t, "run", "--json", "-o", ok)
	require.Equal(t, exitOK, code, errOut)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "the report and no temporary file")
}
