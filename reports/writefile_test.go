package reports

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeFile does what os.WriteFile(path, body, 0o644) does: the bytes, the
// mode, a longer file before it truncated, and an error naming the path
// where no file can be made.
func TestWriteFile_AsOSWriteFile(t *testing.T) {
	dir := t.TempDir()
	for _, body := range [][]byte{nil, []byte("{}"), bytes.Repeat([]byte("x"), 1<<20)} {
		mine, theirs := filepath.Join(dir, "mine"), filepath.Join(dir, "theirs")
		for _, p := range []string{mine, theirs} {
			require.NoError(t, os.WriteFile(p, bytes.Repeat([]byte("old"), 1000), 0o600))
		}
		require.NoError(t, writeFile(mine, body))
		require.NoError(t, os.WriteFile(theirs, body, 0o644))
		a, err := os.ReadFile(mine)
		require.NoError(t, err)
		assert.Equal(t, len(body), len(a))
		assert.True(t, bytes.Equal(body, a))
		require.NoError(t, os.Remove(mine))
		require.NoError(t, os.Remove(theirs))
		require.NoError(t, writeFile(mine, body))
		require.NoError(t, os.WriteFile(theirs, body, 0o644))
		fa, err := os.Stat(mine)
		require.NoError(t, err)
		fb, err := os.Stat(theirs)
		require.NoError(t, err)
		assert.Equal(t, fb.Mode(), fa.Mode())
	}
	err := writeFile(filepath.Join(dir, "no", "such"), []byte("x"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), filepath.Join(dir, "no", "such"))
}
