package reports

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A write that fails halfway (as on a full disk) leaves the old file
// untouched, or no file, and no temporary file behind.
func TestWriteFileAtomic_FailureLeavesNoPartialFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.json")
	boom := errors.New("no space left on device")
	half := func(w io.Writer) error {
		if _, err := w.Write([]byte(`{"half":`)); err != nil {
			return err
		}
		return boom
	}
	assert.ErrorIs(t, WriteFileAtomic(path, 0o644, half), boom)
	_, err := os.Stat(path)
	assert.True(t, os.IsNotExist(err), "no partial file")

	require.NoError(t, WriteFileAtomic(path, 0o644, func(w io.Writer) error { _, err := w.Write([]byte("old")); return err }))
	assert.ErrorIs(t, WriteFileAtomic(path, 0o644, half), boom)
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "old", string(b), "the previous file stays whole")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file left behind")
	fi, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o644), fi.Mode().Perm())
}
